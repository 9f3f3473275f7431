import Foundation
import XCTest
@testable import DocketKit

/// The value tree and its renderers: JSON, CSV, aligned tables, templates, visible escapes.
final class OutputValueTests: XCTestCase {
    static let sample: OutputValue = .object([
        ("id", .string("INC-2026-0003")), ("count", .int(2)), ("share", .double(0.5)), ("open", .bool(true)),
        ("missing", .null), ("tags", .array([.string("a"), .string("b")])),
        ("nested", .object([("z", .int(1)), ("a", .array([]))])),
    ])

    func testJSONKeepsDeclaredOrderAndNull() {
        XCTAssertEqual(Self.sample.json(), """
        {
          "id": "INC-2026-0003",
          "count": 2,
          "share": 0.5,
          "open": true,
          "missing": null,
          "tags": ["a", "b"],
          "nested": {
            "z": 1,
            "a": []
          }
        }
        """)
        XCTAssertEqual(Self.sample.json(.compact),
                       #"{"id": "INC-2026-0003", "count": 2, "share": 0.5, "open": true, "missing": null, "tags": ["a", "b"], "nested": {"z": 1, "a": []}}"#)
        XCTAssertEqual(OutputValue.array([.string("x")]).json(.expanded), "[\n  \"x\"\n]")
        XCTAssertEqual(OutputValue.double(.infinity).json(), "null")
        let parsed = try? JSONSerialization.jsonObject(with: Data(Self.sample.json().utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["share"] as? Double, 0.5)
    }

    /// A tree written in pieces (`docket report`'s JSON) is the text written whole.
    func testPrettyJSONWrittenInPiecesIsTheWholeText() {
        let ids = (0..<20_000).map { OutputValue.string("INC-2026-" + String(100_000 + $0)) }
        let tree = OutputValue.object([("short", .array([.string("甲乙"), .int(1), .null])), ("ids", .array(ids)),
                                       ("nested", .array([.object([("a", .array(ids)), ("b", .object([]))])]))])
        var pieces: [String] = []
        var out: [UInt8] = []
        JSONOutput.write(tree, indent: 0, inlineScalars: true, into: &out) { bytes in
            guard bytes.count >= 4096 else { return }
            pieces.append(String(decoding: bytes, as: UTF8.self))
            bytes.removeAll(keepingCapacity: true)
        }
        XCTAssertGreaterThan(pieces.count, 10)
        XCTAssertEqual(pieces.joined() + String(decoding: out, as: UTF8.self), tree.json())
        XCTAssertTrue(tree.json().hasPrefix("{\n  \"short\": [\"甲乙\", 1, null],\n  \"ids\": [\n    \"INC-2026-100000\",\n"))
    }

    /// An array of scalars stays on one line up to 100 characters (not bytes); a long one is
    /// not laid out whole only to be measured, and is decided the same.
    func testScalarArraysStayOnOneLineUpToOneHundredCharacters() {
        let fits = String(repeating: "字", count: 96)   // ["…"]: 100 characters, 292 bytes
        XCTAssertEqual(OutputValue.array([.string(fits)]).json(), "[\"" + fits + "\"]")
        let over = fits + "字"
        XCTAssertEqual(OutputValue.array([.string(over)]).json(), "[\n  \"" + over + "\"\n]")
        XCTAssertEqual(JSONOutput.compactLine([.int(1), .string(fits)], limit: 100), nil)
        XCTAssertEqual(JSONOutput.compactLine([.int(1), .bool(true)], limit: 100), "[1, true]")
        XCTAssertNil(JSONOutput.compactLine((0..<100_000).map { OutputValue.int($0) }, limit: 100))
    }

    func testJSONLinesBreakFromAKey() {
        let rows: OutputValue = .array([.object([("id", .string("A")), ("kind", .string("k")), ("response", .null), ("resolution", .int(1))])])
        XCTAssertEqual(rows.json(.lines(breakFrom: "response")), "[\n  {\"id\": \"A\", \"kind\": \"k\",\n   \"response\": null,\n   \"resolution\": 1}\n]")
        XCTAssertEqual(rows.json(.lines(breakFrom: nil)), "[\n  {\"id\": \"A\", \"kind\": \"k\", \"response\": null, \"resolution\": 1}\n]")
        XCTAssertEqual(OutputValue.array([]).json(.lines(breakFrom: nil)), "[]")
    }

    func testOneEscaperForEveryJSONWriter() {
        let hostile = "a\"b\\c\nd\u{1B}[31me\u{2028}"
        let quoted = JSONOutput.quote(hostile)
        XCTAssertEqual(quoted, #""a\"b\\c\nd\u001b[31me\u2028""#)
        XCTAssertEqual(OutputValue.string(hostile).json(), quoted)
        XCTAssertEqual(YAMLJSON.render(.string(hostile)), quoted)
        let report = ValidationResult(diagnostics: [Diagnostic(path: "p", line: 1, column: 1, severity: .error, rule: .enumValue, message: hostile)], filesChecked: 1)
        XCTAssertTrue(JSONReporter.render(report, color: false).contains(quoted))
    }

    func testLookupForTemplates() {
        XCTAssertEqual(Self.sample["count"], .int(2))
        XCTAssertEqual(Self.sample["nested"]?["z"], .int(1))
        XCTAssertNil(Self.sample["absent"])
        XCTAssertNil(OutputValue.string("x")["id"])
        XCTAssertEqual(Self.sample["tags"]?[1], .string("b"))
        XCTAssertEqual(Self.sample.keys, ["id", "count", "share", "open", "missing", "tags", "nested"])
        let template = Self.sample.templateValue
        XCTAssertEqual(template["id"], .string("INC-2026-0003"))
        XCTAssertEqual(template["nested"]?["z"], .int(1))
        XCTAssertEqual(template["tags"], .list(["a", "b"]))
        XCTAssertEqual(template["missing"], .null)
    }

    func testCSVHasBOMCRLFAndRFC4180Quoting() {
        let rows: OutputValue = .array([
            .object([("id", .string("X-1")), ("title", .string("a, \"b\"\nc")), ("n", .int(3)), ("none", .null)]),
            .object([("id", .string("X-2")), ("title", .string("事件")), ("n", .double(1.5)), ("none", .null)]),
        ])
        XCTAssertEqual(CSVOutput.render(rows), "\u{FEFF}id,title,n,none\r\nX-1,\"a, \"\"b\"\"\nc\",3,\r\nX-2,事件,1.5,\r\n")
        XCTAssertEqual(CSVOutput.render(rows, columns: ["n", "id"]), "\u{FEFF}n,id\r\n3,X-1\r\n1.5,X-2\r\n")
        XCTAssertEqual(CSVOutput.field("plain"), "plain")
        XCTAssertEqual(CSVOutput.field("cr\r"), "\"cr\r\"")
    }

    func testTablesPadByDisplayWidth() {
        XCTAssertEqual(DisplayWidth.of("ａｂ事件abc"), 4 + 4 + 3)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        let rows: OutputValue = .array([
            .object([("id", .string("A")), ("title", .string("财务系统")), ("who", .string("lisi"))]),
            .object([("id", .string("BB")), ("title", .string("x")), ("who", .null)]),
        ])
        XCTAssertEqual(TextTable.render(rows, columns: ["id", "title", "who"]), """
        ID  TITLE     WHO
        A   财务系统  lisi
        BB  x         -
        """)
        // Cells are escaped: a line break cannot add a row.
        let forged: OutputValue = .array([.object([("id", .string("A\nB  fake"))])])
        XCTAssertEqual(TextTable.render(forged, columns: ["id"]), "ID\nA\\nB  fake")
    }

    func testVisibleEscapes() {
        XCTAssertEqual(VisibleText.escape("plain 事件"), "plain 事件")
        XCTAssertEqual(VisibleText.escape("a\nb\r\tc\u{1B}[2Jd\u{7F}\u{85}e\u{0}"), "a\\nb\\r\\tc\\x1b[2Jd\\x7f\\u{85}e\\x00")
        XCTAssertEqual(VisibleText.escapeKeepingLines("a\nb\u{1B}\r\n"), "a\nb\\x1b\\r\n")
        XCTAssertEqual(VisibleText.fileName(Array("事件.md".utf8)), "事件.md")
        XCTAssertEqual(VisibleText.fileName([0x61, 0xFF, 0x62, 0xE4, 0xBA, 0x8B, 0xE4, 0xBA]), "a\\xffb事\\xe4\\xba")
    }

    func testGitHubAnnotationsEscapeEveryControlCharacter() {
        XCTAssertEqual(GitHubReporter.data("50% a\r\nb\u{1B}[31m\u{7}"), "50%25 a%0D%0Ab\\x1b[31m\\x07")
        XCTAssertEqual(GitHubReporter.property("a:b,c\u{1B}"), "a%3Ab%2Cc\\x1b")
    }
}
