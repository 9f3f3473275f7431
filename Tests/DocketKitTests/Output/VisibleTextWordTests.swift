import Foundation
import XCTest
@testable import DocketKit

/// `VisibleText.needsEscaping(utf8:)` (session 10) reads eight bytes at a time while they are
/// printable ASCII: it must say what the byte-by-byte `needsEscaping(_:)` says, wherever in a word
/// (or across two words, for a C1 control's two bytes) the byte to escape lies.
final class VisibleTextWordTests: XCTestCase {
    private func quick(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { VisibleText.needsEscaping(utf8: $0) }
    }

    func testPlainTextNeedsNoEscape() {
        for text in ["", "a", "tickets/incidents/2026/INC-2026-000004.md",
                     "expected resolution within 24h of office working time (due 2026-05-08 18:30)", "~ !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}",
                     "事件描述 with 中文 at the end: 数据库连接池耗尽"] {
            XCTAssertFalse(quick(Array(text.utf8)), text)
            XCTAssertFalse(VisibleText.needsEscaping(text), text)
        }
    }

    func testEveryControlAtEveryPlaceIsFound() {
        let plain = Array("0123456789abcdefghijklmnopqrstuv".utf8)
        for bad: [UInt8] in [[0x00], [0x09], [0x0A], [0x0D], [0x1B], [0x1F], [0x7F], [0xC2, 0x80], [0xC2, 0x85], [0xC2, 0x9F]] {
            for place in 0...(plain.count - bad.count) {
                var bytes = plain
                bytes.replaceSubrange(place..<place + bad.count, with: bad)
                XCTAssertTrue(quick(bytes), "\(bad) at \(place)")
            }
        }
        // Printable neighbours of the limits: space, tilde, and C2 A0 (a no-break space) are not escaped.
        XCTAssertFalse(quick(Array("0123456 ~\u{A0}89abcdefgh".utf8)))
    }

    func testAgreesWithTheByteByByteCheckOnRandomBytes() {
        var random = SeededGenerator(state: 20_261_201_20)
        let alphabet: [UInt8] = Array(0x20...0x7E) + [0x00, 0x0A, 0x1F, 0x7F, 0xC2, 0x80, 0x9F, 0xA0, 0xE4, 0xBA, 0x8B]
        for _ in 0..<3000 {
            let count = Int(random.next() % 40)
            // Mostly printable, now and then one byte of the rest.
            let bytes = (0..<count).map { _ -> UInt8 in
                random.next() % 12 == 0 ? alphabet[95 + Int(random.next() % 11)] : alphabet[Int(random.next() % 95)]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            // Compared on valid text (what a finding holds): the bytes of `text`.
            XCTAssertEqual(quick(Array(text.utf8)), VisibleText.needsEscaping(text), "\(Array(text.utf8))")
        }
    }

    func testTextReporterEscapesWhatItMust() {
        let diagnostic = Diagnostic(path: "tickets/incidents/2026/INC-2026-0001.md", line: 3, column: 1, severity: .warning,
                                    rule: .enumValue, message: "expected one of low, medium, found \"lo\u{1B}[31mw\" in a long line of text")
        let line = TextReporter.line(diagnostic, color: false)
        XCTAssertEqual(line, "tickets/incidents/2026/INC-2026-0001.md:3:1: warning: expected one of low, medium, found \"lo\\x1b[31mw\" in a long line of text [enum-value]\n")
        let plain = Diagnostic(path: "tickets/incidents/2026/INC-2026-0001.md", line: 3, column: 1, severity: .warning,
                               rule: .enumValue, message: "expected one of low, medium, found \"low-ish\"")
        XCTAssertEqual(TextReporter.line(plain, color: false),
                       "tickets/incidents/2026/INC-2026-0001.md:3:1: warning: expected one of low, medium, found \"low-ish\" [enum-value]\n")
    }
}
