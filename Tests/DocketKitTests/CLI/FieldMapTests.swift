import XCTest
@testable import DocketKit

/// `FieldMap` finds fields by a fingerprint of head, tail and length: keys that
/// share some of those must still be told apart.
final class FieldMapTests: XCTestCase {
    private func field(_ key: String, line: Int) -> DecodedField {
        DecodedField(key: key, keyPosition: SourcePosition(offset: 0, line: line, column: 1),
                     valueRange: SourceRange(start: .start, end: .start), value: .text(key), isPresent: true)
    }

    func testKeysSharingHeadTailOrLengthAreDistinct() {
        let keys = ["closed_at", "closed_by", "configuration_items", "configuration_itemz", "a", "", "事件描述", "customer_notified"]
        var map = FieldMap()
        for (line, key) in keys.enumerated() { map[key] = field(key, line: line) }
        for (line, key) in keys.enumerated() {
            XCTAssertEqual(map[key]?.keyPosition.line, line, key)
            XCTAssertTrue(map.isPresent(key), key)
        }
        XCTAssertNil(map["closed_on"])
        XCTAssertFalse(map.isPresent("configuration_item"))
        XCTAssertNil(map.value("status"))
    }

    func testReplaceAndRemove() {
        var map = FieldMap()
        map["status"] = field("status", line: 3)
        map["status"] = field("status", line: 7)
        XCTAssertEqual(map["status"]?.keyPosition.line, 7)
        map["status"] = nil
        XCTAssertNil(map["status"])
    }
}
