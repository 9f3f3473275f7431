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

    /// Many needles at once say what searching for each in turn says, needles of several
    /// lengths, sharing prefixes, at the ends of the bytes and past them included.
    func testManyNeedlesFindWhatEachNeedleFinds() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("INC-2026-0123456789PRBCI ".utf8) + [0xE4, 0xBA, 0x8B]
        let needles = (0..<200).map { number -> [UInt8] in
            Array("INC-2026-\(String(100_000 + number * 37).dropFirst())".utf8) + (number % 3 == 0 ? Array("-X".utf8) : [])
        } + [Array("CI-NET".utf8)]
        let search = NeedleSearch(needles)
        var found = 0
        for round in 0..<3000 {
            var bytes = (0..<Int.random(in: 0..<120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            if round % 4 == 0, let needle = needles.randomElement(using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                bytes.insert(contentsOf: round % 8 == 0 ? needle : Array(needle.dropLast()), at: at)
            }
            let expected = needles.contains { bytes.occurs($0) }
            XCTAssertEqual(search.occurs(in: bytes), expected, String(decoding: bytes, as: UTF8.self))
            if expected { found += 1 }
        }
        XCTAssertGreaterThan(found, 100, "the examples hold needles")
        XCTAssertLessThan(found, 3000, "and some do not")
        XCTAssertTrue(search.occurs(in: Array("x CI-NET".utf8)), "the shortest needle at the very end")
        XCTAssertFalse(search.occurs(in: Array("x CI-NE".utf8)))
        XCTAssertTrue(NeedleSearch([Array("a".utf8), []]).occurs(in: Array("b".utf8)), "an empty needle is everywhere")
    }
}
