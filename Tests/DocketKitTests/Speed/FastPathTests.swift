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
