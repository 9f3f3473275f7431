import Foundation
import XCTest
@testable import DocketKit

/// The word-at-a-time reading of the common datetime form (`DateTimeParser.localMinute`):
/// a 16-byte `2026-11-03 09:12` reads as the same text with `:00` seconds reads through the
/// byte-by-byte path, and every other 16-byte text reads as nothing on both.
final class DateTimeWordsTests: XCTestCase {
    func read(_ parser: DateTimeParser, _ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { parser.datetime(utf8: $0) }
    }

    func testTheCommonFormReadsAsTheSameTimeWithSeconds() {
        let zones = ["Asia/Shanghai", "America/New_York", "UTC"].map { DateTimeParser(timeZone: TimeZone(identifier: $0)!) }
        let bases = ["2026-11-03 09:12", "2024-02-29T23:59", "2026-03-08t02:30", "1970-01-01 00:00", "9999-12-31 23:59", "2026-11-01 01:30"]
        var texts: [String] = bases
        // Every byte of each base replaced by each byte that is or resembles a part of the form.
        for base in bases {
            let bytes = Array(base.utf8)
            for index in bytes.indices {
                for replacement in Array("09:- Tt/aZ+".utf8) + [0x00, 0x2F, 0x3A, 0xCA, 0xFF, 0x0A] {
                    var changed = bytes
                    changed[index] = replacement
                    texts.append(String(decoding: changed, as: UTF8.self))
                }
            }
        }
        texts += ["2026-02-29 10:00", "2026-04-31 10:00", "2026-13-01 10:00", "2026-00-01 10:00", "2026-01-00 10:00", "2026-01-01 24:00",
                  "2026-01-01 23:60", "2026-11-03 9:12 ", "2026-11-03_09:12"]
        var accepted = 0
        for parser in zones {
            for text in texts where text.utf8.count == 16 {
                let fast = read(parser, text)
                XCTAssertEqual(fast, read(parser, text + ":00"), text.debugDescription)
                // Every text the form reads is read by the words, and no other.
                let words = Array(text.utf8).withUnsafeBufferPointer { DateTimeParser.localMinute($0) }
                XCTAssertEqual(words != nil, fast != nil, text.debugDescription)
                if fast != nil { accepted += 1 }
            }
        }
        // Both outcomes are exercised: the bases and digit-for-digit changes read, the rest do not.
        XCTAssertGreaterThan(accepted, 3 * bases.count)
        XCTAssertLessThan(accepted, texts.count)
        XCTAssertNil(read(zones[0], "2026-11-03 09:1"))
        XCTAssertEqual(read(zones[2], "2026-11-03 09:12"), 1_793_697_120)
    }
}
