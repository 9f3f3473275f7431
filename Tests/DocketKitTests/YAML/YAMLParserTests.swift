import Foundation
import XCTest
@testable import DocketKit

final class YAMLParserTests: XCTestCase {
    // MARK: Helpers

    func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLNode? {
        do {
            return try YAMLParser.parse(Array(text.utf8))
        } catch {
            XCTFail("unexpected error \(error.kind) \(error.position.line):\(error.position.column) \(error.message)", file: file, line: line)
            return nil
        }
    }

    func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        YAMLJSON.render(parse(text, file: file, line: line))
    }

    func scalar(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        parse(text, file: file, line: line)?.scalar
    }

    func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
        do {
            let node = try YAMLParser.parse(Array(text.utf8))
            XCTFail("expected an error, got \(YAMLJSON.render(node))", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func assertError(
        _ text: String, _ kind: YAMLError.Kind, _ message: String, line l: Int, column c: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        guard let e = error(text, file: file, line: line) else { return }
        XCTAssertEqual(e.kind, kind, e.message, file: file, line: line)
        XCTAssertEqual(e.message, message, file: file, line: line)
        XCTAssertEqual(e.position.line, l, "line of \(e.message)", file: file, line: line)
        XCTAssertEqual(e.position.column, c, "column of \(e.message)", file: file, line: line)
    }

    // MARK: Structure

    func testEmptyDocuments() throws {
        XCTAssertNil(parse(""))
        XCTAssertNil(parse("# only a comment\n\n   \n"))
        XCTAssertNil(parse("---\n"))
        XCTAssertNil(parse("--- # c\n...\n"))
        XCTAssertEqual(YAMLJSON.render(nil), "null")
    }

    func testBlockMappingAndSequence() {
        XCTAssertEqual(json("a: 1\nb:\n  - x\n  - y: 2\n    z: [3, 4]\nc:\n- p\n- q\n"), """
            {
              "a": 1,
              "b": [
                "x",
                {
                  "y": 2,
                  "z": [
                    3,
                    4
                  ]
                }
              ],
              "c": [
                "p",
                "q"
              ]
            }
            """)
        XCTAssertEqual(parse("- - a\n  - b\n- - c\n")?.items?.map { $0.items?.count }, [2, 1])
        XCTAssertEqual(parse("-\n  k: v\n-\n")?.items?[1].isNull, true)
        XCTAssertEqual(parse("key:\nnext: 1\n")?["key"]?.isNull, true)
    }

    func testFlowCollections() {
        let node = parse("a: {b: [1, 2, ], c: {d: e}, f}\nx: [\n  y,\n  {z: 1}\n  ]\np: [q: r, 's': t]\n")
        XCTAssertEqual(node?["a"]?["b"]?.items?.count, 2)
        XCTAssertEqual(node?["a"]?["c"]?["d"]?.scalar, "e")
        XCTAssertEqual(node?["a"]?["f"]?.isNull, true)
        XCTAssertEqual(node?["x"]?.items?.count, 2)
        XCTAssertEqual(node?["p"]?.items?[1]["s"]?.scalar, "t")
        XCTAssertEqual(json("[]"), "[]")
        XCTAssertEqual(json("{}"), "{}")
        XCTAssertEqual(json("{\"a\":b}"), "{\n  \"a\": \"b\"\n}")
    }

    // MARK: Scalars

    func testPlainScalars() {
        XCTAssertEqual(scalar("a: b c:d e#f # comment\n").map { _ in "" }, nil)  // mapping, not a scalar
        XCTAssertEqual(parse("a: b c:d e#f # comment\n")?["a"]?.scalar, "b c:d e#f")
        XCTAssertEqual(parse("a: first\n  second\n\n  third\n")?["a"]?.scalar, "first second\nthird")
        XCTAssertEqual(scalar("plain\ntop   \n  level\n"), "plain top level")
        XCTAssertEqual(parse("- a\n  - b\n")?.items?[0].scalar, "a - b")
        XCTAssertEqual(parse("k: -1\n")?["k"]?.scalar, "-1")
        XCTAssertEqual(parse("[a:b, c]")?.items?[0].scalar, "a:b")
    }

    func testSingleQuoted() {
        XCTAssertEqual(scalar("'it''s'"), "it's")
        XCTAssertEqual(scalar("'a\n  b\n\n  c  '"), "a b\nc  ")
        XCTAssertEqual(parse("k: 'x'")?["k"]?.content.style, .singleQuoted)
    }

    func testDoubleQuotedEscapes() {
        XCTAssertEqual(scalar(#""\0\a\b\t\#("\t")\n\v\f\r\e\ \"\/\\""#),
                       "\u{0}\u{7}\u{8}\t\t\n\u{B}\u{C}\r\u{1B} \"/\\")
        XCTAssertEqual(scalar(#""\N\_\L\P\x41\u00e9\U0001F600\ud83d\ude00""#),
                       "\u{85}\u{A0}\u{2028}\u{2029}Aé😀😀")
        XCTAssertEqual(scalar("\"a\\\n   b\""), "ab")
        XCTAssertEqual(scalar("\"a  \\\n   b\""), "a  b")
        XCTAssertEqual(scalar("\"a \n  b\n\n  c\""), "a b\nc")
        XCTAssertEqual(scalar("\"tab\\t \n x\""), "tab\t x")
    }

    func testBlockScalars() {
        XCTAssertEqual(parse("a: |\n  one\n   two\n\n  three\n\nb: 1\n")?["a"]?.scalar, "one\n two\n\nthree\n")
        XCTAssertEqual(parse("a: |-\n  x\n\n")?["a"]?.scalar, "x")
        XCTAssertEqual(parse("a: |+\n  x\n\n")?["a"]?.scalar, "x\n\n")
        XCTAssertEqual(parse("a: >\n  one\n  two\n\n  three\n    more\n  four\n")?["a"]?.scalar,
                       "one two\nthree\n  more\nfour\n")
        XCTAssertEqual(parse("a: |2-\n    x\n")?["a"]?.scalar, "  x")
        XCTAssertEqual(parse("a: >+1\n  x\n\n")?["a"]?.scalar, " x\n\n")
        XCTAssertEqual(parse("a: |\n  # not a comment\n# a comment\n")?["a"]?.scalar, "# not a comment\n")
        XCTAssertEqual(scalar("--- |\n  text\n"), "text\n")
        XCTAssertEqual(scalar("--- text"), "text")
        XCTAssertEqual(parse("a: >\n x\n")?["a"]?.content.style, .folded)
    }

    /// YAML 1.2 (8.1.1.2): clip and keep chomping keep the final line break only
    /// if there is one; at the end of input without one there is none to keep.
    func testBlockScalarAtEndOfInputWithoutLineBreak() {
        XCTAssertEqual(parse("a: |\n  x")?["a"]?.scalar, "x")
        XCTAssertEqual(parse("a: |\n  x\n")?["a"]?.scalar, "x\n")
        XCTAssertEqual(parse("a: |+\n  x")?["a"]?.scalar, "x")
        XCTAssertEqual(parse("a: |+\n  x\n\n")?["a"]?.scalar, "x\n\n")
        XCTAssertEqual(parse("a: |+\n  x\n  ")?["a"]?.scalar, "x\n\n")
        XCTAssertEqual(parse("a: >\n  x\n  y")?["a"]?.scalar, "x y")
        XCTAssertEqual(parse("a: |-\n  x")?["a"]?.scalar, "x")
        // A last line of blanks counts as a line, as the YAML test suite has it (L24T, JEF9).
        XCTAssertEqual(parse("a: |\n  x\n     ")?["a"]?.scalar, "x\n   \n")
        XCTAssertEqual(parse("a: |+\n   ")?["a"]?.scalar, "\n")
        XCTAssertEqual(scalar("--- |\n  text"), "text")
        XCTAssertEqual(parse("a: |\r\n  x\r\n")?["a"]?.scalar, "x\n")
    }

    /// A byte order mark may start the stream only; inside a document it is an
    /// error wherever it stands, not part of a key or value.
    func testByteOrderMarkInsideADocument() {
        let bom = "\u{FEFF}"
        let message = "expected no byte order mark inside the document, found U+FEFF; remove it (only the start of the file may carry one)"
        assertError("a: 1\n\(bom)b: 2\n", .syntax, message, line: 2, column: 1)
        assertError("a: x\(bom)y\n", .syntax, message, line: 1, column: 5)
        assertError("a: \(bom)\n", .syntax, message, line: 1, column: 4)
        assertError("a: 'q\(bom)'\n", .syntax, message, line: 1, column: 6)
        assertError("a: \"q\(bom)\"\n", .syntax, message, line: 1, column: 6)
        assertError("a: |\n  x\(bom)\n", .syntax, message, line: 2, column: 4)
        assertError("a: 1 # c\(bom)\n", .syntax, message, line: 1, column: 9)
        assertError("- [a, \(bom)b]\n", .syntax, message, line: 1, column: 7)
        // At the start of the stream it is skipped; an escaped one is a value.
        XCTAssertEqual(parse("\(bom)a: 1\n")?["a"]?.scalar, "1")
        XCTAssertEqual(parse("a: \"\\uFEFFx\"\n")?["a"]?.scalar, "\(bom)x")
        // Other characters starting with the byte 0xEF stay text.
        XCTAssertEqual(parse("a: \u{FF01}\u{FFE5}\n")?["a"]?.scalar, "\u{FF01}\u{FFE5}")
    }

    /// Every block mapping entry knows its bytes: key through the line break of
    /// the value's last line, trailing comment included.
    func testEntryExtents() throws {
        let text = "a: 1   # one\nb:\n  - x\n  # inside\n  - y\n# after b\n\nc: |\n  t\n\nd: {e: f}\r\ng: last"
        let node = try XCTUnwrap(parse(text))
        let bytes = Array(text.utf8)
        func entry(_ key: String) -> String {
            guard let pair = node.pair(key) else { return "missing" }
            return String(decoding: bytes[pair.extent], as: UTF8.self)
        }
        XCTAssertEqual(entry("a"), "a: 1   # one\n")
        XCTAssertEqual(entry("b"), "b:\n  - x\n  # inside\n  - y\n")
        XCTAssertEqual(entry("c"), "c: |\n  t\n")
        XCTAssertEqual(entry("d"), "d: {e: f}\r\n")
        XCTAssertEqual(entry("g"), "g: last")
        let nested = try XCTUnwrap(parse("k:\n  x: 1\n  y:\n    - 2\n"))
        let inner = try XCTUnwrap(nested["k"]?.pair("y"))
        XCTAssertEqual(inner.extent, 12..<23)
        let flow = try XCTUnwrap(parse("{p: q, r: s}\n")?.pair("r"))
        XCTAssertEqual(flow.extent, 7..<11)
    }

    func testEmptyValueRange() throws {
        let node = try XCTUnwrap(parse("key:\nother:   \n"))
        let value = try XCTUnwrap(node["key"])
        XCTAssertEqual(value.scalar, "")
        XCTAssertEqual(value.range.start, value.range.end)
        XCTAssertEqual(value.range.start, SourcePosition(offset: 4, line: 1, column: 5))
        XCTAssertEqual(node["other"]?.range.start, SourcePosition(offset: 11, line: 2, column: 7))
    }

    // MARK: Positions

    func testPositions() throws {
        let text = "title: Hello\nlist:\n  - one\n  - \"two\"\n"
        let node = try XCTUnwrap(parse(text))
        let title = try XCTUnwrap(node.pair("title"))
        XCTAssertEqual(title.key.range.start, SourcePosition(offset: 0, line: 1, column: 1))
        XCTAssertEqual(title.key.range.end, SourcePosition(offset: 5, line: 1, column: 6))
        XCTAssertEqual(title.value.range.start, SourcePosition(offset: 7, line: 1, column: 8))
        XCTAssertEqual(title.value.range.end, SourcePosition(offset: 12, line: 1, column: 13))
        let items = try XCTUnwrap(node["list"]?.items)
        XCTAssertEqual(items[0].range.start, SourcePosition(offset: 23, line: 3, column: 5))
        XCTAssertEqual(items[1].range.start, SourcePosition(offset: 31, line: 4, column: 5))
        XCTAssertEqual(items[1].range.end, SourcePosition(offset: 36, line: 4, column: 10))
        XCTAssertEqual(node["list"]?.range.start, SourcePosition(offset: 21, line: 3, column: 3))
    }

    func testPositionsInsideAFile() throws {
        let file = Array("---\ntitle: x\ntags: [a, b]\n---\nbody\n".utf8)
        guard case .found(let yaml, let firstLine, _, _, _) = FrontMatter.locate(file) else {
            return XCTFail("front matter not found")
        }
        let node = try XCTUnwrap(try YAMLParser.parse(file, range: yaml, firstLine: firstLine))
        let tags = try XCTUnwrap(node.pair("tags"))
        XCTAssertEqual(tags.key.range.start, SourcePosition(offset: 13, line: 3, column: 1))
        XCTAssertEqual(tags.value.items?[1].range.start, SourcePosition(offset: 23, line: 3, column: 11))
        // An error inside the range points into the file.
        let bad = Array("---\na: 1\na: 2\n---\n".utf8)
        XCTAssertThrowsError(try YAMLParser.parse(bad, range: 4..<14, firstLine: 2)) { error in
            let e = error as! YAMLError
            XCTAssertEqual(e.message, "duplicate key \"a\"")
            XCTAssertEqual(e.position, SourcePosition(offset: 9, line: 3, column: 1))
        }
    }

    func testCRLFAndBOM() throws {
        let node = try XCTUnwrap(parse("a: 1\r\nb: |\r\n  x\r\n  y\r\nc: \"p\r\n  q\"\r\n"))
        XCTAssertEqual(node["b"]?.scalar, "x\ny\n")
        XCTAssertEqual(node["c"]?.scalar, "p q")
        XCTAssertEqual(node.pair("b")?.key.range.start.line, 2)
        let bom = try XCTUnwrap(try YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("k: v\n".utf8)))
        XCTAssertEqual(bom["k"]?.scalar, "v")
        XCTAssertEqual(bom.pair("k")?.key.range.start, SourcePosition(offset: 3, line: 1, column: 1))
        assertError("a: b\rc", .syntax, "unexpected carriage return without line feed", line: 1, column: 5)
    }

    // MARK: Rejections

    /// `%YAML 1.2` declares the version this parser reads: skipped, positions kept.
    func testVersionDirectiveIsRead() {
        XCTAssertEqual(json("%YAML 1.2\n---\na: 1\n"), json("a: 1\n"))
        XCTAssertEqual(json("%YAML   1.2   # the version\n\n--- text\n"), json("text\n"))
        XCTAssertEqual(parse("%YAML 1.2\n---\na: 1\n")?.pairs?.first?.key.range.start.line, 3)
    }

    func testUnsupportedFeatures() {
        assertError("a: &x 1\n", .unsupported, "anchors are not supported", line: 1, column: 4)
        assertError("a: *x\n", .unsupported, "aliases are not supported", line: 1, column: 4)
        assertError("a: !!str 1\n", .unsupported, "tags are not supported", line: 1, column: 4)
        assertError("- !x 1\n", .unsupported, "tags are not supported", line: 1, column: 3)
        assertError("%TAG ! tag:example.com,2000:\n---\na: 1\n", .unsupported, "directives other than %YAML 1.2 are not supported, found %TAG", line: 1, column: 1)
        assertError("%YAML 1.1\n---\na: 1\n", .unsupported, "directives other than %YAML 1.2 are not supported, found %YAML 1.1", line: 1, column: 1)
        assertError("%FOO bar\n---\na: 1\n", .unsupported, "directives other than %YAML 1.2 are not supported, found %FOO", line: 1, column: 1)
        assertError("%YAML 1.2\n%YAML 1.2\n---\na: 1\n", .unsupported, "directives other than one %YAML 1.2 are not supported, found a second directive", line: 2, column: 1)
        assertError("%YAML 1.2\na: 1\n", .syntax, "expected the document start marker --- after the %YAML directive, found 'a'", line: 2, column: 1)
        assertError("a: 1\n---\nb: 2\n", .unsupported, "multiple documents are not supported", line: 2, column: 1)
        assertError("a: 1\n...\nb: 2\n", .unsupported, "multiple documents are not supported", line: 3, column: 1)
        assertError("? a\n: b\n", .unsupported, "complex keys are not supported", line: 1, column: 1)
        assertError("[a]: b\n", .unsupported, "complex keys are not supported", line: 1, column: 4)
        assertError(": b\n", .unsupported, "empty mapping keys are not supported", line: 1, column: 1)
        assertError("[&a x]", .unsupported, "anchors are not supported", line: 1, column: 2)
        XCTAssertNotNil(parse("a: 1\n...\n# trailing comment\n"))
    }

    func testSyntaxErrors() {
        assertError("a: 1\nb: 2\na: 3\n", .syntax, "duplicate key \"a\"", line: 3, column: 1)
        assertError("{a: 1, a: 2}", .syntax, "duplicate key \"a\"", line: 1, column: 8)
        assertError("a:\n\tb: 1\n", .syntax, "expected indentation with spaces, found tab", line: 2, column: 1)
        assertError("a\nb: c\n", .syntax, "expected end of line after plain scalar, found ':'", line: 2, column: 2)
        assertError("a: 1\nb\n", .syntax, "expected ':' after mapping key, found end of line", line: 2, column: 2)
        assertError("a: \"1\"\n  b: 2\n", .syntax, "expected mapping key at column 1, found more indented content", line: 2, column: 3)
        assertError("a: [1, 2\n", .syntax, "expected ',' or ']', found end of input", line: 2, column: 1)
        assertError("a: \"x\n", .syntax, "expected closing quote, found end of input", line: 2, column: 1)
        assertError("a: 'x", .syntax, "expected closing quote, found end of input", line: 1, column: 6)
        assertError("a: b: c\n", .syntax, "expected end of line after value, found ':'", line: 1, column: 5)
        assertError("a: - b\n", .syntax, "expected a value, found block sequence entry '-'", line: 1, column: 4)
        assertError("a: \"\\q\"", .syntax, "expected escape character, found 'q'", line: 1, column: 6)
        assertError("a: \"\\x4\"", .syntax, "expected hexadecimal digit, found '\"'", line: 1, column: 8)
        assertError("a: |0\n", .syntax, "expected indentation indicator 1-9, found '0'", line: 1, column: 5)
        assertError("a: @x\n", .syntax, "expected a value, found reserved indicator '@'", line: 1, column: 4)
        assertError("a: [b]]\n", .syntax, "expected end of line after flow collection, found ']'", line: 1, column: 7)
    }

    func testDepthLimit() {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNotNil(parse(ok))
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        assertError(deep, .syntax, "nesting deeper than 64 levels", line: 1, column: 65)
        var block = ""
        for i in 0..<70 { block += String(repeating: " ", count: i) + "k:\n" }
        guard let e = error(block) else { return }
        XCTAssertEqual(e.message, "nesting deeper than 64 levels")
        let huge = String(repeating: "[", count: 100_000)
        XCTAssertEqual(error(huge)?.message, "nesting deeper than 64 levels")
    }

    /// Every prefix and many single-byte mutations of a varied document must
    /// parse or fail cleanly (no crash, no hang).
    func testTruncatedAndMutatedInputNeverCrashes() {
        let sample = Array("""
            --- # doc
            a: 1
            b: "x\\u00e9\\
              y"
            c: 'q''r'
            d: |2-
                lit
            e: >+
             fold
            f: [1, {g: h, i: [j]}, k: l]
            g:
            - - m
              - n: o
            h: plain
              more # c
            ...

            """.utf8)
        for n in 0...sample.count {
            _ = try? YAMLParser.parse(Array(sample[0..<n]))
            _ = try? YAMLParser.parse(sample, range: n..<sample.count)
        }
        let specials: [UInt8] = Array(" \t\n\r:-?[]{},#&*!|>'\"%@`\\.0".utf8)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var m = sample
            for _ in 0..<3 {
                let i = Int.random(in: 0..<m.count, using: &rng)
                m[i] = specials.randomElement(using: &rng)!
            }
            _ = try? YAMLParser.parse(m)
        }
    }

    // MARK: JSON and scalar resolution

    func testCoreSchemaResolution() {
        let r = { (t: String) in YAMLScalarResolver.resolve(t, style: .plain) }
        XCTAssertEqual(r(""), .null)
        XCTAssertEqual(r("~"), .null)
        XCTAssertEqual(r("NULL"), .null)
        XCTAssertEqual(r("True"), .bool(true))
        XCTAssertEqual(r("FALSE"), .bool(false))
        XCTAssertEqual(r("yes"), .string("yes"))
        XCTAssertEqual(r("+12"), .int(12))
        XCTAssertEqual(r("-012"), .int(-12))
        XCTAssertEqual(r("0o17"), .int(15))
        XCTAssertEqual(r("0x1F"), .int(31))
        XCTAssertEqual(r("0x"), .string("0x"))
        XCTAssertEqual(r("1.5"), .float(1.5))
        XCTAssertEqual(r(".5"), .float(0.5))
        XCTAssertEqual(r("1."), .float(1))
        XCTAssertEqual(r("-1e3"), .float(-1000))
        XCTAssertEqual(r("1e"), .string("1e"))
        XCTAssertEqual(r("."), .string("."))
        XCTAssertEqual(r("-.inf"), .float(-.infinity))
        XCTAssertEqual(r("2001-12-14"), .string("2001-12-14"))
        XCTAssertEqual(YAMLScalarResolver.resolve("true", style: .doubleQuoted), .string("true"))
        XCTAssertEqual(YAMLJSON.render(.float(.nan)), "\".nan\"")
        XCTAssertEqual(YAMLJSON.render(.float(.infinity)), "\".inf\"")
    }

    func testJSONEscaping() {
        XCTAssertEqual(json("\"a\\\"b\\\\c\\n\\t\\x01\\x1F é\""), "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f é\"")
        XCTAssertEqual(json("'1': [true, '2', 3.0, ~]"), """
            {
              "1": [
                true,
                "2",
                3.0,
                null
              ]
            }
            """)
    }

    // MARK: Performance

    func testParsesManyFrontMattersQuickly() throws {
        var doc = "title: \"A fairly typical document title\"\ndate: 2024-05-01\ndraft: false\n"
        doc += "tags: [swift, yaml, parsing, performance]\nauthors:\n  - name: Jane Doe\n    email: jane@example.com\n"
        doc += "summary: >\n  A folded summary that runs over\n  several lines of text.\n"
        while doc.utf8.count < 1500 { doc += "key\(doc.utf8.count): some plain value # comment\n" }
        let bytes = Array(doc.utf8)
        let start = Date()
        for _ in 0..<2000 { _ = try YAMLParser.parse(bytes) }
        let perFile = Date().timeIntervalSince(start) / 2000
        print("yaml parser: \(String(format: "%.1f", perFile * 1e6)) µs per 1.5 KB front matter")
    }
}

extension YAMLNode.Content {
    var style: ScalarStyle? {
        if case .scalar(_, let style) = self { return style }
        return nil
    }
}
