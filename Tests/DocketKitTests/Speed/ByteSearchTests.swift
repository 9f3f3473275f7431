import XCTest
@testable import DocketKit

/// `occurs`, the byte search `show` runs over every file when it has no index.
final class ByteSearchTests: XCTestCase {
    func testFindsANeedleAnywhereAndOnlyWhenItIsThere() {
        let bytes = Array("id: INC-2026-0001\nproblem: PRB-2026-0001\n".utf8)
        XCTAssertTrue(bytes.occurs(Array("INC-2026-0001".utf8)))
        XCTAssertTrue(bytes.occurs(Array("PRB-2026-0001\n".utf8)), "at the very end")
        XCTAssertTrue(bytes.occurs(Array("id".utf8)), "at the very start")
        XCTAssertTrue(bytes.occurs([]))
        XCTAssertFalse(bytes.occurs(Array("INC-2026-0002".utf8)))
        XCTAssertFalse(bytes.occurs(Array("PRB-2026-0001\n\n".utf8)), "longer past the end")
        XCTAssertFalse([UInt8]().occurs(Array("a".utf8)))
        XCTAssertFalse(Array("ab".utf8).occurs(Array("abc".utf8)))
    }

    func testFindsAByte() {
        XCTAssertTrue(Array("a\\b".utf8).occurs(UInt8(ascii: "\\")))
        XCTAssertFalse(Array("ab".utf8).occurs(UInt8(ascii: "\\")))
        XCTAssertFalse([UInt8]().occurs(UInt8(ascii: "\\")))
    }
}
