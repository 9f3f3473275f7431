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

    /// The fingerprint of a key is the same from its `String` and from its bytes in place (the
    /// decoder's side), at every length; keys that differ only between head and tail still differ.
    func testFingerprintOfTextAndOfBytesAgreeAtEveryLength() {
        let letters = Array("abcdefghijklmnopqrstuvwxyz_0123456789")
        for length in 0...24 {
            let key = String(letters.prefix(length))
            let fromBytes = Array(key.utf8).withUnsafeBufferPointer { FieldMap.hash(utf8: $0) }
            XCTAssertEqual(FieldMap.hash(key), fromBytes, key)
            // A key made of pieces (not one literal) hashes the same.
            XCTAssertEqual(FieldMap.hash(String(key.prefix(length / 2)) + String(key.dropFirst(length / 2))), fromBytes, key)
        }
        XCTAssertNotEqual(FieldMap.hash("ab"), FieldMap.hash("ba"))
        var map = FieldMap()
        let middle = ["resolution_code_a_x", "resolution_code_b_x", "resolution_code_c_x"]
        for (line, key) in middle.enumerated() { map[key] = field(key, line: line) }
        for (line, key) in middle.enumerated() { XCTAssertEqual(map[key]?.keyPosition.line, line, key) }
        XCTAssertNil(map["resolution_code_d_x"])
    }

    /// `values(where:)` gives the accepted entries in their order, keys with them.
    func testValuesWhereKeepsTheOrderOfTheEntries() {
        var map = FieldMap()
        map["title"] = field("title", line: 1)
        map["related"] = DecodedField(key: "related", keyPosition: SourcePosition(offset: 0, line: 2, column: 1), valueRange: SourceRange(start: .start, end: .start),
                                      value: .references([Reference(id: "PRB-1", position: .start)]), isPresent: true)
        map["owner"] = field("owner", line: 3)
        map["links"] = DecodedField(key: "links", keyPosition: SourcePosition(offset: 0, line: 4, column: 1), valueRange: SourceRange(start: .start, end: .start),
                                    value: .list([]), isPresent: false)
        XCTAssertEqual(map.values(where: \.holdsReferences).map(\.key), ["related"])
        XCTAssertEqual(map.values(where: { if case .text = $0 { return true }; return false }).map(\.key), ["title", "owner"])
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
