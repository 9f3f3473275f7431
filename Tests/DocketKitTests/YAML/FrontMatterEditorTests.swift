import Foundation
import XCTest
@testable import DocketKit

final class FrontMatterEditorTests: XCTestCase {
    // MARK: Scalar styles

    func testScalarStyleKeepsMeaning() {
        let cases: [(String, String)] = [
            ("P1", "P1"), ("2026-11-03", "2026-11-03"), ("2026-11-03 09:12", "2026-11-03 09:12"),
            ("2026-11-03T09:12:00+08:00", "2026-11-03T09:12:00+08:00"), ("张敏(计财处)", "张敏(计财处)"),
            ("监控告警：SAN01", "监控告警：SAN01"), ("it's", "it's"), ("a:b", "a:b"), ("a#b", "a#b"), ("-x", "-x"),
            ("true", "'true'"), ("False", "'False'"), ("null", "'null'"), ("~", "'~'"), ("123", "'123'"),
            ("-1", "'-1'"), ("1.5", "'1.5'"), (".inf", "'.inf'"), ("0x1F", "'0x1F'"), ("1e3", "'1e3'"),
            ("", "''"), (" x", "' x'"), ("x ", "'x '"), ("- x", "'- x'"), ("-", "'-'"), ("? x", "'? x'"),
            ("a: b", "'a: b'"), ("x:", "'x:'"), ("a #b", "'a #b'"), ("#x", "'#x'"), ("[x]", "'[x]'"),
            ("{x}", "'{x}'"), ("&a", "'&a'"), ("*a", "'*a'"), ("!t", "'!t'"), ("|", "'|'"), (">", "'>'"),
            ("%x", "'%x'"), ("@x", "'@x'"), ("`x", "'`x'"), ("'q", "'''q'"), ("\"q", "'\"q'"),
            ("a\tb", "'a\tb'"), ("x\ny", "\"x\\ny\""), ("x\r\n", "\"x\\r\\n\""), ("bell\u{7}", "\"bell\\a\""),
            ("\u{1}", "\"\\u0001\""), ("\u{85}", "\"\\N\""), ("\u{2028}", "\"\\L\""), ("\u{FEFF}x", "\"\\uFEFFx\""),
            ("q\"\\\n", "\"q\\\"\\\\\\n\""),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(YAMLScalarWriter.render(text), expected, "rendering of \(text.debugDescription)")
            let node = try? YAMLParser.parse("k: \(expected)\n")
            XCTAssertEqual(node?["k"]?.scalar, text, "\(expected) reads back")
            XCTAssertEqual(node.flatMap { $0["k"] }.flatMap(YAMLValue.init), .string(text), "\(expected) is a string")
        }
        // Inside flow collections the flow indicators need quotes too.
        XCTAssertEqual(YAMLScalarWriter.render("a, b"), "a, b")
        XCTAssertEqual(YAMLScalarWriter.render("a, b", flow: true), "'a, b'")
        XCTAssertEqual(YAMLScalarWriter.render("a]", flow: true), "'a]'")
        XCTAssertEqual(YAMLScalarWriter.render("a:[", flow: true), "'a:['")
        XCTAssertEqual(YAMLScalarWriter.render("KB-0001", flow: true), "KB-0001")
    }

    /// Any mix of awkward characters written by the writer reads back as itself,
    /// in block and in flow context.
    func testScalarRoundTripOverGeneratedStrings() throws {
        let alphabet: [String] = ["a", "1", " ", ":", "#", "-", "?", ",", "[", "}", "'", "\"", "\\", "\t", "\n", "中",
                                  "：", "\u{85}", "\u{FEFF}", ".", "~", "!", "&", "%", "\u{7F}", "\r"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let length = Int.random(in: 0...6, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let block = "k: \(YAMLScalarWriter.render(text))\n"
            XCTAssertEqual(try YAMLParser.parse(block)?["k"]?.scalar, text, block.debugDescription)
            let flow = "k: [\(YAMLScalarWriter.render(text, flow: true)), x]\n"
            XCTAssertEqual(try YAMLParser.parse(flow)?["k"]?.items?.first?.scalar, text, flow.debugDescription)
        }
    }

    // MARK: Edits, exactly

    func edit(_ text: String, _ change: (FrontMatterEditor) throws -> [UInt8]) throws -> String {
        String(decoding: try change(try FrontMatterEditor(Array(text.utf8))), as: UTF8.self)
    }

    func testReplaceKeepsSpacingCommentAndEverythingElse() throws {
        let file = "\u{FEFF}---\n# head\nid: INC-2026-0001\nchannel:   phone   # an alias works too\n\ntitle: 'x'\n---\n## 事件描述\nbody: 1\n"
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "channel", with: .string("true")) },
                       "\u{FEFF}---\n# head\nid: INC-2026-0001\nchannel:   'true'   # an alias works too\n\ntitle: 'x'\n---\n## 事件描述\nbody: 1\n")
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "title", with: .string("a: b\nc")) },
                       "\u{FEFF}---\n# head\nid: INC-2026-0001\nchannel:   phone   # an alias works too\n\ntitle: \"a: b\\nc\"\n---\n## 事件描述\nbody: 1\n")
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "id", with: .sequence([.string("A"), .int(2), .bool(false), .null])) },
                       "\u{FEFF}---\n# head\nid: [A, 2, false, null]\nchannel:   phone   # an alias works too\n\ntitle: 'x'\n---\n## 事件描述\nbody: 1\n")
    }

    func testReplaceBetweenInlineAndBlockValues() throws {
        let file = "---\na: 1 # keep\nescalations:\n  - {at: 2026-11-03 09:00, to: line-2}\n  # between items\n  - at: 2026-11-03 10:00\n    to: vendor\n# about b\nb: |\n  text\n---\nbody\n"
        let escalation = YAMLValue.mapping([YAMLMappingEntry("at", .string("2026-11-03 11:00")),
                                            YAMLMappingEntry("reason", .string("转二线, 见 KB-0001"))])
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "a", with: .sequence([escalation])) },
                       "---\na: # keep\n  - {at: 2026-11-03 11:00, reason: '转二线, 见 KB-0001'}\nescalations:\n  - {at: 2026-11-03 09:00, to: line-2}\n  # between items\n  - at: 2026-11-03 10:00\n    to: vendor\n# about b\nb: |\n  text\n---\nbody\n")
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "escalations", with: .sequence([])) },
                       "---\na: 1 # keep\nescalations: []\n# about b\nb: |\n  text\n---\nbody\n")
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "b", with: .string("plain")) },
                       "---\na: 1 # keep\nescalations:\n  - {at: 2026-11-03 09:00, to: line-2}\n  # between items\n  - at: 2026-11-03 10:00\n    to: vendor\n# about b\nb: plain\n---\nbody\n")
        let nested = YAMLValue.mapping([YAMLMappingEntry("p", .int(1)), YAMLMappingEntry("q", .sequence([.mapping([YAMLMappingEntry("r", .string("s"))])]))])
        XCTAssertEqual(try edit(file) { try $0.replacingValue(of: "b", with: nested) },
                       "---\na: 1 # keep\nescalations:\n  - {at: 2026-11-03 09:00, to: line-2}\n  # between items\n  - at: 2026-11-03 10:00\n    to: vendor\n# about b\nb:\n  p: 1\n  q:\n    - {r: s}\n---\nbody\n")
    }

    func testInsertAndRemove() throws {
        let file = "---\r\nid: X\r\nstatus: new # first state\r\n\r\n# trailing comment\r\n---\r\nbody\r\n"
        XCTAssertEqual(try edit(file) { try $0.inserting("assignee", .string("lisi"), after: "id") },
                       "---\r\nid: X\r\nassignee: lisi\r\nstatus: new # first state\r\n\r\n# trailing comment\r\n---\r\nbody\r\n")
        XCTAssertEqual(try edit(file) { try $0.inserting("problems", .sequence([.mapping([YAMLMappingEntry("a", .null)])])) },
                       "---\r\nid: X\r\nstatus: new # first state\r\nproblems:\r\n  - {a: null}\r\n\r\n# trailing comment\r\n---\r\nbody\r\n")
        XCTAssertEqual(try edit(file) { try $0.removing("status") },
                       "---\r\nid: X\r\n\r\n# trailing comment\r\n---\r\nbody\r\n")
        XCTAssertEqual(try edit("---\n---\nbody\n") { try $0.inserting("id", .string("X")) }, "---\nid: X\n---\nbody\n")
        XCTAssertEqual(try edit("---\nid: X\n---\n") { try $0.removing("id") }, "---\n---\n")
    }

    func testRefusals() throws {
        func refusal(_ text: String, _ change: (FrontMatterEditor) throws -> [UInt8]) -> String? {
            do {
                _ = try change(try FrontMatterEditor(Array(text.utf8)))
                XCTFail("expected a refusal")
                return nil
            } catch {
                return (error as? FrontMatterEditError)?.message
            }
        }
        let file = "---\nid: X\nstatus: new\n---\n"
        XCTAssertEqual(refusal(file) { try $0.replacingValue(of: "title", with: .string("t")) },
                       "expected key \"title\" in the front matter, found keys id, status; insert it instead")
        XCTAssertEqual(refusal(file) { try $0.inserting("id", .string("Y")) },
                       "expected key \"id\" to be new, found it in the front matter; replace its value instead")
        XCTAssertEqual(refusal(file) { try $0.inserting("title", .string("t"), after: "titel") },
                       "expected key \"titel\" to insert \"title\" after, found keys id, status")
        XCTAssertEqual(refusal(file) { try $0.removing("title") },
                       "expected key \"title\" in the front matter, found keys id, status")
        XCTAssertEqual(refusal("no front matter\n") { try $0.removing("id") },
                       "expected front matter between --- lines at the start of the file, found none; add it first")
        XCTAssertEqual(refusal("---\nid: [X\n---\n") { try $0.removing("id") },
                       "expected valid YAML front matter, found expected ',' or ']', found end of input at line 3, column 1; fix it first")
        XCTAssertEqual(refusal("---\n- a\n---\n") { try $0.removing("id") },
                       "expected the front matter to be a block mapping of keys, found a sequence")
    }

    // MARK: Every field of every sample record

    /// The sample records, and copies with CRLF line ends, a byte order mark, and
    /// comments on every front matter line and between entries.
    func sampleVariants() throws -> [(name: String, bytes: [UInt8])] {
        let root = TestRepository.packageRoot + "/tickets"
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertGreaterThan(paths.count, 50)
        var variants: [(String, [UInt8])] = []
        for path in paths {
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            variants.append((path, Array(text.utf8)))
            variants.append((path + " (crlf)", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
            variants.append((path + " (bom)", [0xEF, 0xBB, 0xBF] + Array(text.utf8)))
            variants.append((path + " (commented)", Array(Self.commented(text).utf8)))
        }
        return variants
    }

    /// `text` with a comment line before every top-level key and a trailing
    /// comment on every front matter line that can carry one.
    static func commented(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let close = lines.dropFirst().firstIndex(of: "---") else { return text }
        var out: [String] = [lines[0]]
        for line in lines[1..<close] {
            if let first = line.first, first != " ", first != "#" { out.append("# about the next key") }
            out.append(line.isEmpty ? line : line + "   # note")
        }
        lines.replaceSubrange(0..<close, with: out)
        return lines.joined(separator: "\n")
    }

    /// Other values of the same shape, to write in place of `value`: the value
    /// itself, values that need quoting, and a change of shape.
    static func replacements(for value: YAMLValue) -> [YAMLValue] {
        let escalation = YAMLValue.mapping([YAMLMappingEntry("at", .string("2026-11-03 09:00")),
                                            YAMLMappingEntry("to", .string("line-2")),
                                            YAMLMappingEntry("reason", .string("转二线: 见 KB-0001, 第 2 步"))])
        var result = [value, .string("true"), .string("a: b # c"), .sequence([escalation, .string("x")])]
        switch value {
        case .string(let text): result.append(.string(" " + text + "\n"))
        case .bool(let flag): result.append(.bool(!flag))
        case .int(let number): result.append(.int(number + 1))
        case .sequence(let items): result.append(.sequence(items + [.string("CI-NEW")]))
        case .mapping(let entries): result.append(.mapping(entries + [YAMLMappingEntry("extra", .null)]))
        case .null: result.append(.int(0))
        }
        return result
    }

    func testReplaceInsertRemoveEveryFieldOfEverySampleRecord() throws {
        var edits = 0
        for (name, bytes) in try sampleVariants() {
            let editor = try FrontMatterEditor(bytes)
            let crlf = name.hasSuffix("(crlf)")
            XCTAssertFalse(editor.pairs.isEmpty, name)
            for (index, pair) in editor.pairs.enumerated() {
                let value = try XCTUnwrap(YAMLValue(pair.value), "\(name): \(pair.name)")
                let prefix = Array(bytes[..<pair.extent.lowerBound])
                let suffix = Array(bytes[pair.extent.upperBound...])
                // Every replacement on the sample as it is; one of them, in turn, on each copy
                // (parsing dominates the run time of a debug build).
                var replacements = Self.replacements(for: value)
                if name.hasSuffix(")") { replacements = [replacements[(index + name.count) % replacements.count]] }
                for replacement in replacements {
                    let edited = try editor.replacingValue(of: pair.name, with: replacement)
                    assertOnlyEntryChanged(edited, prefix: prefix, suffix: suffix, "\(name): replace \(pair.name)")
                    assertReadsBack(edited, pair.name, replacement, "\(name): replace \(pair.name)")
                    if crlf { assertCRLFOnly(edited, name) }
                    if replacement == value && pair.value.range.start.line == pair.key.range.start.line {
                        // The same value re-rendered keeps the sample's bytes.
                        if !Self.same(edited[...], bytes) { XCTFail("\(name): \(pair.name) re-rendered changed its bytes") }
                    }
                    edits += 1
                }
                let removed = try editor.removing(pair.name)
                if !Self.same(removed[...], prefix + suffix) { XCTFail("\(name): remove \(pair.name)") }
                XCTAssertNil(try FrontMatterEditor(removed).pair(pair.name), name)
                let inserted = try editor.inserting("x_added", value, after: pair.name)
                assertOnlyEntryChanged(inserted, prefix: Array(bytes[..<pair.extent.upperBound]), suffix: suffix,
                                       "\(name): insert after \(pair.name)")
                assertReadsBack(inserted, "x_added", value, "\(name): insert after \(pair.name)")
                if crlf { assertCRLFOnly(inserted, name) }
                edits += 2
            }
        }
        XCTAssertGreaterThan(edits, 6000)
    }

    func assertOnlyEntryChanged(_ edited: [UInt8], prefix: [UInt8], suffix: [UInt8], _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        if edited.count < prefix.count + suffix.count || !Self.same(edited[..<prefix.count], prefix)
            || !Self.same(edited[(edited.count - suffix.count)...], suffix) {
            XCTFail("\(message): bytes outside the entry changed\n\(String(decoding: edited, as: UTF8.self))", file: file, line: line)
        }
    }

    /// Byte equality with memcmp: generic comparisons are slow in debug builds, and this runs 20,000 times.
    static func same(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
        a.count == b.count && (b.isEmpty || a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, b.count) == 0 } })
    }

    /// Parses the edited file independently of the editor and compares the value.
    func assertReadsBack(_ edited: [UInt8], _ key: String, _ value: YAMLValue, _ message: String,
                         file: StaticString = #filePath, line: UInt = #line) {
        guard case .found(let yaml, let firstLine, _, _, _) = FrontMatter.locate(edited) else {
            return XCTFail("\(message): front matter lost", file: file, line: line)
        }
        do {
            let node = try YAMLParser.parse(edited, range: yaml, firstLine: firstLine)
            XCTAssertEqual(node?[key].flatMap(YAMLValue.init), value, message, file: file, line: line)
        } catch {
            XCTFail("\(message): \(error.message)\n\(String(decoding: edited, as: UTF8.self))", file: file, line: line)
        }
    }

    func assertCRLFOnly(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") && (i == 0 || bytes[i - 1] != UInt8(ascii: "\r")) {
            return XCTFail("\(message): a bare line feed at offset \(i)", file: file, line: line)
        }
    }
}
