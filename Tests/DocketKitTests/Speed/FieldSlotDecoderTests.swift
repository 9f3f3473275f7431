import Foundation
import XCTest
@testable import DocketKit

/// The proof of the front-matter fast path (`FieldSlotDecoder`): for every file it accepts,
/// the `Record` and the diagnostics equal what the general YAML tree and `FieldDecoder` give.
/// Run over every record of the sample and the test packs (LF, CRLF and BOM copies), the
/// shapes `docket-bench` writes (`BenchShapes/`: `docket-bench --count 7 --keep DIR`, one incident per
/// status it writes) and a seeded corpus of mutations of them.
final class FieldSlotDecoderTests: XCTestCase {
    struct Sample: Sendable {
        var path: String
        var bytes: [UInt8]
        var procedure: Procedure
    }

    static let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)

    /// Every `.md` file under `tickets/` folders of the package (sample, held-out, pack) and `BenchShapes/`.
    static let samples: [Sample] = {
        let root = TestRepository.packageRoot
        var result: [Sample] = []
        let benchShapes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BenchShapes").path
        for base in [root + "/tickets", root + "/Tests", benchShapes] {
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".md") else { continue }
                let path = base + "/" + relative
                let parts = path.split(separator: "/").map(String.init)
                let procedure: Procedure?
                if base == benchShapes {
                    procedure = procedures.procedure(kind: "incident")
                } else if let index = parts.lastIndex(of: "tickets"), index + 1 < parts.count {
                    procedure = procedures.procedure(folder: parts[index + 1])
                } else {
                    procedure = nil
                }
                guard let procedure, let data = FileManager.default.contents(atPath: path) else { continue }
                result.append(Sample(path: path, bytes: [UInt8](data), procedure: procedure))
            }
        }
        return result.sorted { $0.path < $1.path }
    }()

    /// The record and diagnostics of one read, as text that shows every difference.
    func outcome(_ sample: Sample, fastPath: Bool) -> String {
        let reader = RecordReader(procedures: Self.procedures)
        var sink = DiagnosticSink(path: "x.md", severities: sample.procedure.severities)
        let record = reader.read(path: "x.md", bytes: sample.bytes, procedure: sample.procedure, sink: &sink, fastPath: fastPath)
        var text = sink.diagnostics.map { "\($0.line):\($0.column) \($0.rule) \($0.message)" }.joined(separator: "\n") + "\n"
        guard let record else { return text + "no record" }
        text += "kind \(record.kind) start \(record.start)\norder \(record.keyOrder)\nreported \(record.reportedKeys.sorted())\n"
        for key in record.keyOrder {
            text += "\(key) = \(record.fields[key].map(Self.describe) ?? "-")\n"
        }
        text += "sections \(record.sections)\nworklog \(record.worklog)\nbytes \(record.bytes == sample.bytes)\n"
        return text
    }

    static func describe(_ field: DecodedField) -> String {
        "\(field.key)@\(field.keyPosition) \(field.valueRange) present \(field.isPresent) \(field.value.map(describe) ?? "nil")"
    }

    static func describe(_ value: FieldValue) -> String {
        switch value {
        case .list(let items): "list[" + items.map(describe).joined(separator: "; ") + "]"
        // Sorted: a dictionary's order differs from one instance to the next.
        case .map(let entries): "map{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \(describe($0.value))" }.joined(separator: "; ") + "}"
        default: "\(value)"
        }
    }

    /// True when the fast path decodes the file itself (no fallback).
    func isAccepted(_ sample: Sample) -> Bool {
        guard case .found(let yaml, let firstLine, _, _, _) = FrontMatter.locate(sample.bytes) else { return false }
        let decoder = FieldSlotDecoder(procedure: sample.procedure, roles: Self.procedures.roles,
                                       dates: DateTimeParser(timeZone: Self.procedures.settings.timeZone))
        return sample.bytes.withUnsafeBufferPointer { decoder.decode($0, range: yaml, firstLine: firstLine) } != nil
    }

    /// Asserts both paths agree on every sample; returns how many the fast path accepted.
    @discardableResult
    func assertPathsAgree(_ samples: [Sample], _ label: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var accepted = 0
        var failures = 0
        for sample in samples {
            if isAccepted(sample) { accepted += 1 }
            let fast = outcome(sample, fastPath: true)
            let general = outcome(sample, fastPath: false)
            if fast != general {
                failures += 1
                if failures <= 3 {
                    XCTFail("\(label) \(sample.path): the fast path differs\n--- bytes\n\(String(decoding: sample.bytes, as: UTF8.self).debugDescription)\n--- fast\n\(fast)--- general\n\(general)", file: file, line: line)
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(label): \(failures) of \(samples.count) differ", file: file, line: line)
        return accepted
    }

    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 20)
        for byte in bytes {
            if byte == 0x0A { result.append(0x0D) }
            result.append(byte)
        }
        return result
    }

    func testSampleRecordsDecodeTheSameOnBothPaths() {
        let samples = Self.samples
        XCTAssertGreaterThan(samples.count, 300)
        let accepted = assertPathsAgree(samples, "LF")
        // The fast path is worth having only if it takes the ordinary record.
        XCTAssertGreaterThan(accepted, samples.count / 2, "fast path took \(accepted) of \(samples.count)")
        let benchShapes = samples.filter { $0.path.contains("/BenchShapes/") }
        XCTAssertEqual(benchShapes.count, 7)
        XCTAssertTrue(benchShapes.allSatisfy(isAccepted), "every shape docket-bench writes takes the fast path")
        assertPathsAgree(samples.map { Sample(path: $0.path, bytes: Self.crlf($0.bytes), procedure: $0.procedure) }, "CRLF")
        assertPathsAgree(samples.map { Sample(path: $0.path, bytes: [0xEF, 0xBB, 0xBF] + $0.bytes, procedure: $0.procedure) }, "BOM")
        assertPathsAgree(samples.map { Sample(path: $0.path, bytes: [0xEF, 0xBB, 0xBF] + Self.crlf($0.bytes), procedure: $0.procedure) }, "BOM+CRLF")
    }

    func testValuesAtTheEdgesOfTheSubsetDecodeTheSameOnBothPaths() {
        let incident = Self.procedures.procedure(kind: "incident")!
        let base = """
        id: INC-2026-0003
        status: closed
        reported_at: 2026-11-03 09:12
        channel: phone

        """
        let edges: [(String, Bool)] = [
            ("title: 'it''s broken'  # a comment\n", true),
            ("title: \"quoted: with colon\"\n", true),
            ("title: \"\"\n", true),
            ("title: a b   \n", true),
            ("title: 　\n", true),
            ("title: a#b c #d\n", true),
            ("title: null\n", true),
            ("title: ~\n", true),
            ("title:\n", true),
            ("title:   \n# comment\n", true),
            ("configuration_items: []\n", true),
            ("configuration_items: [CI-APP-FIN,]\n", true),
            ("configuration_items: [ 'CI-APP-FIN' , \"CI-DB-ORA01\" ]  # two\n", true),
            ("configuration_items:\n- CI-APP-FIN\n- CI-DB-ORA01\n", true),
            ("configuration_items:\n  # first\n  - CI-APP-FIN\n\n  - CI-DB-ORA01\n", true),
            ("escalations:\n  - {at: 2026-11-03 10:00, to: line-2, by: lisi, reason: 转二线}\n", true),
            ("escalations:\n- {at: '2026-11-03 10:00', to: line-2, by: lisi, reason: \"a, b\"}\n", true),
            ("escalations:\n", true),
            // Items that leave optional keys out (the template's unwritten keys removed), or write one blank.
            ("escalations:\n  - {at: 2026-11-03 10:00, to: line-2}\n  - {to: vendor, reason: x, at: 2026-11-03 11:00}\n", true),
            ("escalations:\n  - {at: 2026-11-03 10:00, to: line-2, reason: ''}\n  - {at: 2026-11-03 10:30, to: vendor, by: lisi}\n", true),
            // Plain scalars longer than a word, with `:` and `#` at every kind of place (the word scan).
            ("title: 2026-11-03 09:12:00\n", true),
            ("title: a:b:c d:e:f  g:h   # note: here\n", true),
            ("title: abcdefgh#ijklmnop#q\n", true),
            ("title: abcdefg #ijk\n", true),
            ("title: abcdefghijklmnop        \n", true),
            ("title: 处理中文标题很长的标题:继续\n", true),
            ("title: abcdefgh:\n", false),
            ("title: abcdefghijklmnop: x\n", false),
            ("title: 处理中文标题很长的标题: 继续\n", false),
            // Text whose first byte decides its presence, or does not (the blank check).
            ("title: '　'\n", true),
            ("title: ' x'\n", true),
            ("title: '中文'\n", true),
            ("title: 丁\n", true),
            ("title: 㐀\n", true),
            ("title: \"  \"\n", true),
            // The null spellings and their near misses (read by their bytes).
            ("title: NULL\n", true),
            ("title: Null  # x\n", true),
            ("title: nULL\n", true),
            ("title: NuLL\n", true),
            ("title: nul\n", true),
            ("title: ~~\n", true),
            ("title: '~'\n", true),
            ("title: \"a\\tb\"\n", false),
            ("title: |\n  text\n", false),
            ("title: a\n  b\n", false),
            ("title: &a x\n", false),
            ("title: a: b\n", false),
            ("title: #x\n", false),
            ("title: \"a\"#x\n", false),
            ("title: x\ntitle: y\n", false),
            ("titel: x\n", false),
            ("\ttitle: x\n", false),
            ("channel2: x\n", false),
            ("configuration_items: [a, [b]]\n", false),
            ("configuration_items: [a\n  , b]\n", false),
            ("configuration_items: [a, ~]\n", false),
            ("configuration_items:\n  - CI-APP-FIN\n - CI-DB-ORA01\n", false),
            ("configuration_items:\n  -\n", false),
            ("escalations:\n  - {at: 2026-11-03 10:00, to: line-2, at: 2026-11-03 11:00}\n", false),
            ("escalations:\n  - {at: 2026-11-03 10:00}\n", false),
            ("escalations:\n  - {at: 2026-11-03 10:00, to: line-2, by: lisi, reason: x}\n  foo: bar\n", false),
            ("title: a\r b\n", false),
            ("title: a\u{FEFF}b\n", false),
        ]
        for (edge, fast) in edges {
            for text in ["---\n" + base + edge + "---\n## 事件描述\n\nx\n", "---\n" + edge + base + "---\n"] {
                let sample = Sample(path: edge, bytes: Array(text.utf8), procedure: incident)
                XCTAssertEqual(isAccepted(sample), fast, "fast path for \(edge.debugDescription)")
                assertPathsAgree([sample], "edge")
            }
        }
    }

    /// Kinds of damage to a record's text, each a slip or edit a person makes in a front matter.
    static let mutations: [@Sendable (inout [UInt8], inout SeededGenerator) -> Void] = [
        { bytes, random in insert(Array("\"".utf8), into: &bytes, &random) },
        { bytes, random in insert(Array("'".utf8), into: &bytes, &random) },
        { bytes, random in insert(Array(":".utf8), into: &bytes, &random) },
        { bytes, random in insert(Array(": ".utf8), into: &bytes, &random) },
        { bytes, random in insert(Array("#".utf8), into: &bytes, &random) },
        { bytes, random in insert(Array(" #".utf8), into: &bytes, &random) },
        { bytes, random in insert([0x09], into: &bytes, &random) },
        { bytes, random in insert([0x20], into: &bytes, &random) },
        { bytes, random in insert([0x0D], into: &bytes, &random) },
        { bytes, random in insert(Array(["：", "　", "，", "【", "】", "“", "é", "-", "- ", "[", "]", "{", "}", ",", "\\", "''", "~", "null", "&a ", "|"].randomElement(using: &random)!.utf8), into: &bytes, &random) },
        { bytes, random in atLineStart(Array(["  ", " ", "- ", "#", "\t", "  - "].randomElement(using: &random)!.utf8), into: &bytes, &random) },
        { bytes, random in atLineEnd(Array(["  ", " ", ":", " # note", "\r", ",", "]", "'"].randomElement(using: &random)!.utf8), into: &bytes, &random) },
        { bytes, random in emptyValue(&bytes, &random) },
        { bytes, random in duplicateLine(&bytes, &random) },
        { bytes, random in deleteByte(&bytes, &random) },
        { bytes, random in replaceKey(&bytes, &random) },
        // Edits that keep the record valid, so the corpus also reaches the fast path's own decoding.
        { bytes, random in quoteValue(&bytes, &random) },
        { bytes, random in atLineStart(Array(["\n", "# note\n", "  # note\n", "   \n"].randomElement(using: &random)!.utf8), into: &bytes, &random) },
        { bytes, random in atLineEnd(Array(["  ", " # note", "   #"].randomElement(using: &random)!.utf8), into: &bytes, &random) },
    ]

    /// `key: value` → `key: "value"` or `key: 'value'`.
    static func quoteValue(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
        let start = lineStarts(bytes).randomElement(using: &random)!
        var end = lineEnd(bytes, from: start)
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        guard let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")), colon + 2 < end, bytes[colon + 1] == 0x20 else { return }
        let quote = Bool.random(using: &random) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        bytes.insert(quote, at: end)
        bytes.insert(quote, at: colon + 2)
    }

    /// A random offset inside the front matter (after the opening line), where mutations matter most.
    static func offset(in bytes: [UInt8], _ random: inout SeededGenerator) -> Int {
        let limit = closingOffset(bytes)
        return limit > 4 ? Int.random(in: 4...limit, using: &random) : Int.random(in: 0...bytes.count, using: &random)
    }

    static func closingOffset(_ bytes: [UInt8]) -> Int {
        if case .found(let yaml, _, _, _, _) = FrontMatter.locate(bytes) { return yaml.upperBound }
        return bytes.count
    }

    static func insert(_ text: [UInt8], into bytes: inout [UInt8], _ random: inout SeededGenerator) {
        bytes.insert(contentsOf: text, at: offset(in: bytes, &random))
    }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        let limit = closingOffset(bytes)
        var starts: [Int] = []
        for index in 0..<limit where index > 0 && bytes[index - 1] == 0x0A { starts.append(index) }
        return starts.isEmpty ? [0] : starts
    }

    static func atLineStart(_ text: [UInt8], into bytes: inout [UInt8], _ random: inout SeededGenerator) {
        bytes.insert(contentsOf: text, at: lineStarts(bytes).randomElement(using: &random)!)
    }

    static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count && bytes[index] != 0x0A { index += 1 }
        return index
    }

    static func atLineEnd(_ text: [UInt8], into bytes: inout [UInt8], _ random: inout SeededGenerator) {
        var end = lineEnd(bytes, from: lineStarts(bytes).randomElement(using: &random)!)
        if end > 0 && end <= bytes.count && bytes[end - 1] == 0x0D { end -= 1 }
        bytes.insert(contentsOf: text, at: end)
    }

    /// `key: value` → `key:`.
    static func emptyValue(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
        let start = lineStarts(bytes).randomElement(using: &random)!
        let end = lineEnd(bytes, from: start)
        guard let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        bytes.removeSubrange(colon + 1..<end)
    }

    static func duplicateLine(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
        let starts = lineStarts(bytes)
        let start = starts.randomElement(using: &random)!
        let end = min(bytes.count, lineEnd(bytes, from: start) + 1)
        bytes.insert(contentsOf: bytes[start..<end], at: starts.randomElement(using: &random)!)
    }

    static func deleteByte(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
        let at = offset(in: bytes, &random)
        if at < bytes.count { bytes.remove(at: at) }
    }

    /// A key turned into another: a translation, a misspelling, a key of another kind.
    static func replaceKey(_ bytes: inout [UInt8], _ random: inout SeededGenerator) {
        let start = lineStarts(bytes).randomElement(using: &random)!
        let end = lineEnd(bytes, from: start)
        guard let colon = bytes[start..<end].firstIndex(of: UInt8(ascii: ":")) else { return }
        let key = ["渠道", "title", "status", "chanel", "ID", "Status", "reported at", "configuration_items", "escalations", "impact", "priority", "x"].randomElement(using: &random)!
        bytes.replaceSubrange(start..<colon, with: Array(key.utf8))
    }

    func testMutatedRecordsDecodeTheSameOnBothPaths() {
        let bases = Self.samples.filter { $0.path.contains("/tickets/") || $0.path.contains("/BenchShapes/") }
        var random = SeededGenerator(state: 0x5EED_F1E1D)
        var variants: [Sample] = []
        for round in 0..<3000 {
            var sample = bases[Int.random(in: 0..<bases.count, using: &random)]
            if round % 5 == 0 { sample.bytes = Self.crlf(sample.bytes) }
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                Self.mutations.randomElement(using: &random)!(&sample.bytes, &random)
            }
            sample.path += " (variant \(round))"
            variants.append(sample)
        }
        let accepted = assertPathsAgree(variants, "mutation")
        // The corpus must exercise both paths.
        XCTAssertGreaterThan(accepted, 500, "variants the fast path took")
        XCTAssertLessThan(accepted, 2700, "variants the fast path took")
    }

    func testAReadWithoutTheBodyKeepsTheFrontMatterAndSkipsTheBody() throws {
        let incident = Self.procedures.procedure(kind: "incident")!
        let text = try XCTUnwrap(Self.samples.first { $0.path.hasSuffix("BenchShapes/INC-2026-000004.md") }).bytes
            + Array("- yesterday lisi: 日期写错的一行\n".utf8)
        let reader = RecordReader(procedures: Self.procedures)
        var whole = DiagnosticSink(path: "x.md", severities: incident.severities)
        var frontOnly = DiagnosticSink(path: "x.md", severities: incident.severities)
        let full = try XCTUnwrap(reader.read(path: "x.md", bytes: text, procedure: incident, sink: &whole))
        let front = try XCTUnwrap(reader.read(path: "x.md", bytes: text, procedure: incident, sink: &frontOnly, body: false))
        XCTAssertFalse(full.sections.isEmpty)
        XCTAssertFalse(full.worklog.isEmpty)
        XCTAssertEqual(whole.diagnostics.map(\.rule), ["worklog-format"])
        XCTAssertTrue(front.sections.isEmpty)
        XCTAssertTrue(front.worklog.isEmpty)
        XCTAssertEqual(frontOnly.diagnostics, [])
        XCTAssertEqual(front.keyOrder, full.keyOrder)
        XCTAssertEqual(front.keyOrder.map { front.fields[$0].map(Self.describe) }, full.keyOrder.map { full.fields[$0].map(Self.describe) })
    }
}
