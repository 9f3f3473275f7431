import XCTest
@testable import DocketKit

final class FrontMatterTests: XCTestCase {
    func locate(_ text: String) -> FrontMatter.Location {
        FrontMatter.locate(Array(text.utf8))
    }

    func testFound() {
        XCTAssertEqual(locate("---\na: 1\n---\nbody\n"),
                       .found(yaml: 4..<9, firstLine: 2, bodyStart: 13, bodyFirstLine: 4, closingLine: 3))
        XCTAssertEqual(locate("---\na: 1\n...\n"),
                       .found(yaml: 4..<9, firstLine: 2, bodyStart: 13, bodyFirstLine: 4, closingLine: 3))
        XCTAssertEqual(locate("---\n---"),
                       .found(yaml: 4..<4, firstLine: 2, bodyStart: 7, bodyFirstLine: 3, closingLine: 2))
        // "--- " or "----" do not close.
        XCTAssertEqual(locate("---\na: |\n  ----\n--- \n---\n"),
                       .found(yaml: 4..<21, firstLine: 2, bodyStart: 25, bodyFirstLine: 6, closingLine: 5))
    }

    func testCRLFAndBOM() {
        XCTAssertEqual(locate("---\r\na: 1\r\n---\r\nbody"),
                       .found(yaml: 5..<11, firstLine: 2, bodyStart: 16, bodyFirstLine: 4, closingLine: 3))
        XCTAssertEqual(FrontMatter.locate([0xEF, 0xBB, 0xBF] + Array("---\nk: v\n---\n".utf8)),
                       .found(yaml: 7..<12, firstLine: 2, bodyStart: 16, bodyFirstLine: 4, closingLine: 3))
    }

    func testMissingAndUnclosed() {
        XCTAssertEqual(locate(""), .missing)
        XCTAssertEqual(locate("# Title\n---\n"), .missing)
        XCTAssertEqual(locate("--- \na\n---\n"), .missing)
        XCTAssertEqual(locate("...\n"), .missing)
        XCTAssertEqual(locate("---"), .unclosed(openingLine: 1))
        XCTAssertEqual(locate("---\na: 1\n"), .unclosed(openingLine: 1))
        XCTAssertEqual(locate("---\na: 1\n----\n"), .unclosed(openingLine: 1))
    }

    func testParsesLocatedFrontMatter() throws {
        let file = Array("\u{FEFF}---\r\ntitle: Hi\r\n---\r\n# Body\r\n".utf8)
        guard case .found(let yaml, let line, _, _, _) = FrontMatter.locate(file) else { return XCTFail() }
        let node = try XCTUnwrap(try YAMLParser.parse(file, range: yaml, firstLine: line))
        XCTAssertEqual(node["title"]?.scalar, "Hi")
        XCTAssertEqual(node.pair("title")?.key.range.start, SourcePosition(offset: 8, line: 2, column: 1))
    }
}
