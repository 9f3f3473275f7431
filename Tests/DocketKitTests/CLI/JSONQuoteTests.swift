import XCTest
@testable import DocketKit

/// `JSONOutput.quote` is used by every JSON writer: its fast path (nothing to escape)
/// and its escaping path must give the same JSON a parser reads back.
final class JSONQuoteTests: XCTestCase {
    func testPlainTextIsQuotedAsIs() {
        XCTAssertEqual(JSONOutput.quote("财务系统报表导出超时 OK"), "\"财务系统报表导出超时 OK\"")
        XCTAssertEqual(JSONOutput.quote(""), "\"\"")
    }

    func testSpecialCharactersAreEscaped() {
        XCTAssertEqual(JSONOutput.quote("a\"b\\c"), "\"a\\\"b\\\\c\"")
        XCTAssertEqual(JSONOutput.quote("x\ny\t\u{01}"), "\"x\\ny\\t\\u0001\"")
        // U+2028 and U+2029 are escaped (JavaScript reads them as line ends); U+20A8 is not.
        XCTAssertEqual(JSONOutput.quote("a\u{2028}b\u{2029}c\u{20A8}"), "\"a\\u2028b\\u2029c\u{20A8}\"")
    }

    func testRoundTripThroughJSONSerialization() throws {
        for text in ["简单", "tab\there", "quote \" and \\", "\u{2028}", "é😀", "\u{7F}\u{1F}"] {
            let data = Data("[\(JSONOutput.quote(text))]".utf8)
            let parsed = try JSONSerialization.jsonObject(with: data) as? [String]
            XCTAssertEqual(parsed, [text])
        }
    }

    /// The byte writer (`list --format json`) gives the bytes of the String writer, escapes included.
    func testByteQuoteEqualsStringQuote() {
        for text in ["", "简单", "a\"b\\c", "x\ny\r\t\u{08}\u{0C}\u{01}\u{1F}", "a\u{2028}b\u{2029}c\u{20A8}", "\u{E2}\u{80}", "é😀\u{7F}", "end\u{2028}"] {
            var bytes: [UInt8] = []
            JSONOutput.quote(text, into: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), JSONOutput.quote(text), text.debugDescription)
        }
        var bytes: [UInt8] = []
        JSONOutput.quote("\u{01}", into: &bytes)
        XCTAssertNotEqual(bytes, Array("\"\u{01}\"".utf8), "a control character is escaped, not copied")
        XCTAssertEqual(bytes, Array("\"\\u0001\"".utf8))
    }
}
