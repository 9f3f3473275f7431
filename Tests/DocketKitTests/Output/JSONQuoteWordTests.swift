import XCTest
@testable import DocketKit

/// `JSONOutput.quote` passes eight bytes at a time over text with nothing to escape: every
/// escaped character is still found wherever it falls in or across a word.
final class JSONQuoteWordTests: XCTestCase {
    /// The escapes of the JSON output spelled out character by character.
    private func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    func testEveryEscapeIsFoundAtEveryOffset() {
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\t", "\u{2028}", "\u{2029}", "…", "€", "\u{7F}", " ", "~", "标"]
        for special in specials {
            for length in [0, 1, 7, 8, 9, 15, 16, 17, 24] {
                for offset in 0...length {
                    let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: length - offset)
                    XCTAssertEqual(JSONOutput.quote(text), reference(text), text.debugDescription)
                    var bytes: [UInt8] = []
                    JSONOutput.quote(text, into: &bytes)
                    XCTAssertEqual(String(decoding: bytes, as: UTF8.self), reference(text), text.debugDescription)
                }
            }
        }
        // Two escapes in one word, one right after the other, and one after a long clean run.
        for text in ["ab\"c\\d\ne", "\"\"\"\"\"\"\"\"\"", String(repeating: "字x", count: 30) + "\u{2028}", "12345678\u{0}"] {
            XCTAssertEqual(JSONOutput.quote(text), reference(text), text.debugDescription)
        }
    }

    func testIntegersAreWrittenAsTheirDecimalText() {
        for value in [0, 5, 9, 10, -1, -9, -10, 99, 100, 1_234_567, -7_654_321, Int.max, Int.min, Int.min + 1] {
            var bytes: [UInt8] = []
            JSONOutput.append(value, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(value))
        }
    }
}
