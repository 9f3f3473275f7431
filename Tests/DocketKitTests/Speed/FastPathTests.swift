import XCTest
@testable import DocketKit

/// The byte-level shortcuts on hot paths answer exactly as the general code they replace.
final class FastPathTests: XCTestCase {
    func testIsNullDecidedByByteCountMatchesTheCoreSchema() throws {
        for null in ["", "~", "null", "Null", "NULL"] {
            XCTAssertEqual(YAMLNode(content: .scalar(null, .plain), range: SourceRange(start: .start, end: .start)).isNull, true, null)
        }
        for value in ["nul", "nulll", "NuLL", "~~", "财务系统", "null ", "0", "none"] {
            XCTAssertEqual(YAMLNode(content: .scalar(value, .plain), range: SourceRange(start: .start, end: .start)).isNull, false, value)
        }
        // Quoted, it is text.
        XCTAssertEqual(YAMLNode(content: .scalar("null", .doubleQuoted), range: SourceRange(start: .start, end: .start)).isNull, false)
    }

    func testIsBlankAgreesWithCharacterWhitespace() {
        let samples = ["", " ", "\t \r\n", "\u{3000}", " \u{3000} ", "\u{A0}", "a", " a", "财务", " 财", "\u{3000}x",
                       " \u{301}", "\u{85}", "\u{1C}", "\r\n", "x\u{3000}"]
        for text in samples {
            XCTAssertEqual(FieldDecoder.isBlank(text), text.allSatisfy(\.isWhitespace), text.debugDescription)
        }
        XCTAssertTrue(FieldDecoder.isBlank(" \u{3000}\t"))
        XCTAssertFalse(FieldDecoder.isBlank("  报表 "))
    }

    func testEncodingProblemFindsTheFirstBadByteAtAnyOffset() {
        let text = Array("status: closed\ntitle: 财务系统报表导出超时\nreporter: zhangsan\n".utf8)
        XCTAssertNil(Lines.encodingProblem(in: text))
        for offset in [0, 1, 7, 8, 9, 15, 16, 17, text.count - 1] {
            var withNUL = text
            withNUL[offset] = 0
            XCTAssertEqual(Lines.encodingProblem(in: withNUL)?.offset, offset, "NUL at \(offset)")
            var withFF = text
            withFF[offset] = 0xFF
            XCTAssertEqual(Lines.encodingProblem(in: withFF)?.offset, offset, "0xFF at \(offset)")
        }
        // A character cut at the end, after a long ASCII run.
        XCTAssertEqual(Lines.encodingProblem(in: Array("abcdefghijklmnop".utf8) + [0xE8, 0xB4])?.offset, 16)
    }

    /// The one-step reading of three-byte characters accepts only what the full check accepts:
    /// an overlong E0 form, a surrogate (ED A0–BF) and a bad continuation are still found, at
    /// every offset from a word boundary.
    func testThreeByteCharactersAreCheckedLikeTheOthers() {
        XCTAssertNil(Lines.encodingProblem(in: Array("财务\u{E000}\u{FFFD}\u{1000}€".utf8)))
        for prefix in 0..<9 {
            let lead = Array(repeating: UInt8(ascii: "a"), count: prefix) + Array("报表".utf8)
            for bad: [UInt8] in [[0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xE8, 0x41, 0x80], [0xE8, 0x80, 0xC0]] {
                XCTAssertEqual(Lines.encodingProblem(in: lead + bad + Array("导出".utf8))?.offset, lead.count, "\(prefix) \(bad)")
            }
            XCTAssertNil(Lines.encodingProblem(in: lead + [0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF]), "\(prefix)")
            XCTAssertEqual(Lines.encodingProblem(in: lead + [0xE8, 0xB4])?.offset, lead.count, "\(prefix) cut")
            XCTAssertEqual(Lines.encodingProblem(in: lead + [0])?.offset, lead.count, "\(prefix) NUL")
        }
    }

    /// The word-at-a-time `isPlainText` answers as a byte-by-byte reading: a tab, a control
    /// character, DEL, a lone carriage return or a byte order mark at any offset.
    func testPlainTextIsDecidedAtEveryOffset() {
        func reference(_ bytes: [UInt8]) -> Bool {
            for index in bytes.indices {
                let c = bytes[index]
                if c < 0x20 && c != 0x0A && !(c == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) { return false }
                if c == 0x7F || (c == 0xEF && index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF) { return false }
            }
            return true
        }
        let text = Array("id: INC-2026-000004\r\ntitle: 三楼打印机无法打印\nstatus: new\n".utf8)
        XCTAssertTrue(text.withUnsafeBufferPointer { FieldSlotDecoder.isPlainText($0, 0..<text.count) })
        for offset in text.indices {
            for inserted: [UInt8] in [[0x09], [0x01], [0x7F], [0x0D], [0xEF, 0xBB, 0xBF], [0x1F], [0x0A], [0x20]] {
                let bytes = Array(text[..<offset]) + inserted + Array(text[offset...])
                XCTAssertEqual(bytes.withUnsafeBufferPointer { FieldSlotDecoder.isPlainText($0, 0..<bytes.count) }, reference(bytes), "\(inserted) at \(offset)")
            }
        }
    }

    /// `IDFilenameRule` reads a path's parts in one pass; they are the parts `split` gives.
    func testPathPartsAgreeWithSplit() {
        for path in ["tickets/incidents/2026/INC-2026-0001.md", "tickets/knowledge/KB-1.md", "/a//b/", "a", "", "//", "tickets/x/中文/文件.md"] {
            let bytes = Array(path.utf8)
            let parts = PathParts(bytes)
            let split = bytes.split(separator: UInt8(ascii: "/")).map { Array($0) }
            XCTAssertEqual(parts.count, split.count, path)
            XCTAssertEqual(parts.first.map { Array(bytes[$0]) }, split.first, path)
            XCTAssertEqual(parts.last.map { Array(bytes[$0]) }, split.last, path)
            XCTAssertEqual(parts.beforeLast.map { Array(bytes[$0]) }, split.count >= 2 ? split[split.count - 2] : nil, path)
        }
    }
}
