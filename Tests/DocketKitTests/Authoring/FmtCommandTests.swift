import Foundation
import XCTest
@testable import DocketKit

final class FmtCommandTests: XCTestCase {
    let incidentOrder = ["id", "title", "status", "reported_at", "escalations", "related", "major"]

    private func format(_ text: String, order: [String]? = nil) throws -> String {
        let layout = FrontMatterLayout(keyOrder: order ?? incidentOrder)
        return String(decoding: try layout.format(Array(text.utf8)), as: UTF8.self)
    }

    private func sampleRecords() throws -> [(path: String, bytes: [UInt8], procedure: Procedure)] {
        let root = TestRepository.packageRoot
        let procedures = try ProcedureSet.load(root: root)
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        XCTAssertGreaterThan(index.files.count, 100)
        return try index.files.map { file in
            (file.path, try XCTUnwrap(FileSystem.read(file.fullPath)), try XCTUnwrap(procedures.procedure(kind: file.kind ?? "")))
        }
    }

    func testEverySampleRecordIsAlreadyFormatted() throws {
        let root = try TestRepository.copy()
        let run = TestRepository.run(["fmt", "--check"], in: root)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertEqual(run.output, "")
        for record in try sampleRecords() {
            XCTAssertEqual(try FrontMatterLayout(procedure: record.procedure).format(record.bytes), record.bytes, record.path)
            // The same record with CRLF line ends is formatted too: CRLF stays.
            let crlf = Array(String(decoding: record.bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
            XCTAssertEqual(try FrontMatterLayout(procedure: record.procedure).format(crlf), crlf, record.path)
        }
    }

    /// Every sample record made messy — keys reversed, trailing blanks, flow lists written
    /// as indented block lists, a mapping item over several lines — formats back to itself,
    /// and formatting the result again changes nothing.
    func testMessyVersionsOfEverySampleRecordFormatBackAndFormattingTwiceChangesNothing() throws {
        var messed = 0
        for record in try sampleRecords() {
            let text = String(decoding: record.bytes, as: UTF8.self)
            let messy = Self.mess(text)
            if messy != text { messed += 1 }
            let layout = FrontMatterLayout(procedure: record.procedure)
            let once = try layout.format(Array(messy.utf8))
            XCTAssertEqual(String(decoding: once, as: UTF8.self), text, record.path)
            XCTAssertEqual(try layout.format(once), once, record.path)
        }
        XCTAssertGreaterThan(messed, 100)
    }

    /// The front matter's entries in reverse order, each line with trailing blanks, `[a, b]`
    /// as a block list indented by 4, `- {a: 1, b: 2}` as a block mapping item.
    static func mess(_ text: String) -> String {
        let parts = text.components(separatedBy: "\n---\n")
        guard parts.count >= 2, parts[0].hasPrefix("---\n") else { return text }
        var entries: [[String]] = []
        for line in parts[0].dropFirst(4).components(separatedBy: "\n") {
            if line.hasPrefix(" "), !entries.isEmpty { entries[entries.count - 1].append(line) } else { entries.append([line]) }
        }
        var lines: [String] = []
        for entry in entries.reversed() {
            for line in entry {
                if let range = line.range(of: ": ["), line.hasSuffix("]"), !line.hasPrefix(" "),
                   !line[range.upperBound...].contains(where: { "{['\"".contains($0) }) {
                    let items = line[range.upperBound..<line.index(before: line.endIndex)].components(separatedBy: ", ")
                    if items.count == 1 && items[0].isEmpty { lines.append(line + "  "); continue }
                    lines.append(String(line[..<range.lowerBound]) + ":   ")
                    lines += items.map { "    -   " + $0 + " " }
                } else if line.hasPrefix("  - {"), line.hasSuffix("}") {
                    let inner = line.dropFirst(5).dropLast().components(separatedBy: ", ")
                    if inner.allSatisfy({ $0.contains(": ") && !$0.contains(where: { ",{}[]'\"#".contains($0) }) }) {
                        lines.append("  - " + inner[0] + " ")
                        lines += inner.dropFirst().map { "    " + $0 }
                    } else {
                        lines.append(line + " ")
                    }
                } else {
                    lines.append(line + (line.isEmpty ? "" : " "))
                }
            }
        }
        return "---\n" + lines.joined(separator: "\n") + "\n---\n" + parts.dropFirst().joined(separator: "\n---\n")
    }

    func testCanonicalLayoutCases() throws {
        let cases: [(String, String, String)] = [
            ("known keys in the procedure's order, unknown ones after, comments go with their entry",
             "---\n# custom\nx_custom: 1\n# why this status\nstatus: new  # set by hand\nid: INC-2026-0001\n---\nbody\n",
             "---\nid: INC-2026-0001\n# why this status\nstatus: new  # set by hand\n# custom\nx_custom: 1\n---\nbody\n"),
            ("a block list of scalars becomes a flow list",
             "---\nid: INC-2026-0001\nrelated:\n    - INC-2026-0002\n    - 'INC-2026-0003'\n---\n",
             "---\nid: INC-2026-0001\nrelated: [INC-2026-0002, 'INC-2026-0003']\n---\n"),
            ("a plain item with a comma is quoted in a flow list, keeping its value",
             "---\nrelated:\n  - a, b\n  - c\n---\n",
             "---\nrelated: ['a, b', c]\n---\n"),
            ("a list with comments stays a block list, indented by 2",
             "---\nrelated:   # links\n      # the first\n      - INC-2026-0002   # why\n      - INC-2026-0003\n---\n",
             "---\nrelated:   # links\n  # the first\n  - INC-2026-0002   # why\n  - INC-2026-0003\n---\n"),
            ("a block mapping item becomes one flow item; a flow list is spaced canonically",
             "---\nescalations:\n- at: 2026-11-03 10:00\n  to: line-2\nrelated: [ a,b ,c ]\n---\n",
             "---\nescalations:\n  - {at: 2026-11-03 10:00, to: line-2}\nrelated: [a, b, c]\n---\n"),
            ("quoting is kept byte for byte; empty values keep their comment",
             "---\ntitle: 'yes'\nstatus: \"new\"\nmajor:    # unknown yet\n---\n",
             "---\ntitle: 'yes'\nstatus: \"new\"\nmajor:    # unknown yet\n---\n"),
            ("trailing blanks go, blank lines collapse and leave the ends, ... closes with ---, a final line break is added",
             "---\n\nid: INC-2026-0001   \n\n\n\ntitle: x\t\n\n...\nbody  \nend",
             "---\nid: INC-2026-0001\n\ntitle: x\n---\nbody  \nend\n"),
            ("a nested block mapping is indented by 2 at every level, its comments kept",
             "---\nx_team:\n      # owner first\n      owner: wangwu   # on call\n      tags:\n          - a\n          - b\n      sub:\n         deep: 1\nid: x\n---\n",
             "---\nid: x\nx_team:\n  # owner first\n  owner: wangwu   # on call\n  tags: [a, b]\n  sub:\n    deep: 1\n---\n"),
            ("a block scalar keeps its lines, trailing blanks inside included",
             "---\ntitle: |\n  line one  \n  line two\nid: INC-2026-0001\n---\n",
             "---\nid: INC-2026-0001\ntitle: |\n  line one  \n  line two\n---\n"),
            ("CRLF stays CRLF in the front matter; the body is untouched",
             "---\r\nstatus: new \r\nid: x\r\n---\r\nbody \r\n",
             "---\r\nid: x\r\nstatus: new\r\n---\r\nbody \r\n"),
            ("a byte order mark stays",
             "\u{FEFF}---\nstatus: new\nid: x\n---\n",
             "\u{FEFF}---\nid: x\nstatus: new\n---\n"),
        ]
        for (name, input, expected) in cases {
            let once = try format(input)
            XCTAssertEqual(once, expected, name)
            XCTAssertEqual(try format(once), once, "twice: " + name)
        }
    }

    func testAFormattedFileIsLeftAsItIs() throws {
        let formatted = "---\nid: INC-2026-0001\nstatus: new  # c\nescalations:\n  - {at: x, to: y}\nrelated: [a, b]\n---\n\n## 事件描述\n"
        XCTAssertEqual(try format(formatted), formatted)
    }

    func testFrontMatterThatDoesNotParseIsReportedWithItsPosition() throws {
        for (input, line) in [("---\nid: x\nrelated: [a\n---\n", 4), ("---\nid: x\n  bad: 1\n---\n", 3), ("no front matter\n", 1), ("---\nid: x\n", 1)] {
            XCTAssertThrowsError(try format(input)) { error in
                let failure = error as? FrontMatterLayoutError
                XCTAssertEqual(failure?.position.line, line, input)
                XCTAssertTrue(failure?.message.hasPrefix("expected") == true, failure?.message ?? "")
            }
        }
    }

    func testCheckListsFilesExitsOneAndWritesNothingThenFmtWritesAndCheckPasses() throws {
        let root = try TestRepository.copy()
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let original = bytes(root + "/" + path)
        let messy = Self.mess(String(decoding: original, as: UTF8.self))
        try TestRepository.write(messy, to: path, in: root)
        let check = TestRepository.run(["fmt", "--check"], in: root)
        XCTAssertEqual(check.status, 1)
        XCTAssertEqual(check.output, path + "\n")
        XCTAssertTrue(check.errors.contains("1 of "), check.errors)
        XCTAssertEqual(bytes(root + "/" + path), Array(messy.utf8))

        // A named path limits the run: another file is not looked at.
        XCTAssertEqual(TestRepository.run(["fmt", "--check", "tickets/problems"], in: root).status, 0)

        let write = TestRepository.run(["fmt", path], in: root)
        XCTAssertEqual(write.status, 0, write.errors)
        XCTAssertEqual(write.output, path + "\n")
        XCTAssertEqual(bytes(root + "/" + path), original)
        let again = TestRepository.run(["fmt"], in: root)
        XCTAssertEqual(again.status, 0, again.errors)
        XCTAssertEqual(again.output, "")
        XCTAssertEqual(TestRepository.run(["fmt", "--check"], in: root).status, 0)
    }

    func testARecordThatDoesNotParseIsReportedAndLeftUntouched() throws {
        let root = try TestRepository.copy()
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let broken = "---\nid: INC-2026-0003\ntitle: [unclosed\n---\n"
        try TestRepository.write(broken, to: path, in: root)
        let run = TestRepository.run(["fmt"], in: root)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.errors.contains(path + ":4:1: error: expected "), run.errors)
        XCTAssertTrue(run.errors.contains("in the front matter; fix it, then run docket fmt again"), run.errors)
        XCTAssertEqual(bytes(root + "/" + path), Array(broken.utf8))
    }

    /// Front matter broken or bent at random (lines indented, duplicated, cut, comments and
    /// blanks added): the layout never crashes, and what it formats it formats once for all.
    func testRandomlyMangledFrontMatterFormatsIdempotentlyOrIsRefused() throws {
        var random = SeededGenerator(state: 20261201)
        let records = try sampleRecords()
        var formatted = 0
        for round in 0..<600 {
            let record = records[Int.random(in: 0..<records.count, using: &random)]
            var lines = String(decoding: record.bytes, as: UTF8.self).components(separatedBy: "\n")
            guard let close = lines.dropFirst().firstIndex(of: "---"), close > 2 else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 1..<close, using: &random)
                switch Int.random(in: 0..<7, using: &random) {
                case 0: lines[at] = "  " + lines[at]
                case 1: lines[at] += "   # note \(round)"
                case 2: lines.insert("# comment \(round)", at: at)
                case 3: lines.insert("", at: at)
                case 4: lines[at] = String(lines[at].prefix(Int.random(in: 0...max(0, lines[at].count), using: &random)))
                case 5: lines[at] = lines[at].replacingOccurrences(of: ": ", with: ":    ")
                default: lines[at] += " "
                }
            }
            let input = Array(lines.joined(separator: "\n").utf8)
            let layout = FrontMatterLayout(procedure: record.procedure)
            guard let once = try? layout.format(input) else { continue }
            formatted += 1
            XCTAssertEqual(String(decoding: try layout.format(once), as: UTF8.self), String(decoding: once, as: UTF8.self), "round \(round): \(record.path)")
        }
        XCTAssertGreaterThan(formatted, 300)
    }
}
