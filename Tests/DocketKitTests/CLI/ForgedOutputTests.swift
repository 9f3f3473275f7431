import Foundation
import XCTest
@testable import DocketKit

/// Text output never carries a raw control character from a record, a commit or a
/// file name: a line break cannot forge a `path:line:col` line, ESC cannot reach the terminal.
final class ForgedOutputTests: XCTestCase {
    static let now = "2026-11-30T10:00:00+08:00"

    /// True when `text` holds a control character other than the line feeds between lines.
    func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }
    }

    /// A sample copy whose INC-2026-0021 has a title with a line break and ESC, and a
    /// channel value that forges a finding line.
    func hostileRepository() throws -> String {
        let root = try TestRepository.copy()
        let path = root + "/tickets/incidents/2026/INC-2026-0021.md"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "title: 第五法庭庭审录像回放音画不同步",
                                         with: #"title: "录像\ntickets/x.md:1:1: error: forged [id-format]\e[2J""#)
        text = text.replacingOccurrences(of: "channel: phone", with: #"channel: "ph\none\e]0;pwned\a""#)
        text = text.replacingOccurrences(of: "- 2026-11-25 14:30 wangwu: 电话回复",
                                         with: "- 2026-11-25 14:30 wangwu: \u{1B}[31m电话回复\r")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return root
    }

    func testValidateTextAndGitHubKeepOneFindingALine() throws {
        let root = try hostileRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for format in ["text", "github"] {
            let run = TestRepository.run(["validate", "--now", Self.now, "--format", format], in: root)
            XCTAssertEqual(run.status, 1, run.errors)
            XCTAssertFalse(hasRawControl(run.output), run.output)
            XCTAssertFalse(run.output.contains("\ntickets/x.md") || run.output.contains("\n::error file=tickets/x.md"), "a forged line: \(run.output)")
            let finding = run.output.split(separator: "\n").first { $0.contains("INC-2026-0021") && $0.contains("enum-value") }
            XCTAssertNotNil(finding, run.output)
            XCTAssertTrue(finding?.contains(format == "text" ? #"ph\none\x1b]0;pwned\x07"# : #"ph%0Aone\x1b]0;pwned\x07"#) ?? false, String(finding ?? ""))
        }
        // JSON keeps the value exactly, escaped as JSON.
        let json = TestRepository.run(["validate", "--now", Self.now, "--format", "json"], in: root)
        XCTAssertTrue(json.output.contains(#"ph\none\u001b]0;pwned\u0007"#), json.output)
    }

    func testShowListAndSLAEscapeRecordText() throws {
        let root = try hostileRepository()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let show = TestRepository.run(["show", "INC-2026-0021", "--now", Self.now], in: root)
        XCTAssertEqual(show.status, 0, show.errors)
        XCTAssertFalse(hasRawControl(show.output), show.output)
        XCTAssertTrue(show.output.contains(#"录像\ntickets/x.md:1:1: error: forged [id-format]\x1b[2J"#), show.output)
        XCTAssertTrue(show.output.contains(#"\x1b[31m电话回复\r"#), show.output)
        XCTAssertFalse(show.output.contains("\ntickets/x.md"))
        // Other records link to it: their show prints its title escaped too.
        for arguments in [["list"], ["list", "--format", "table", "--kind", "incident"], ["sla", "--now", Self.now]] {
            let run = TestRepository.run(arguments, in: root)
            XCTAssertEqual(run.status, 0, run.errors)
            XCTAssertFalse(hasRawControl(run.output), "\(arguments): \(run.output)")
            XCTAssertFalse(run.output.contains("\ntickets/x.md"), "\(arguments): \(run.output)")
        }
        XCTAssertTrue(TestRepository.run(["list"], in: root).output.contains(#"录像\ntickets/x.md"#))
        // JSON and CSV keep the text as it is (their own quoting keeps it in its cell).
        let json = TestRepository.run(["show", "INC-2026-0021", "--format", "json", "--now", Self.now], in: root)
        XCTAssertTrue(json.output.contains(#""title": "录像\ntickets/x.md:1:1: error: forged [id-format]\u001b[2J""#), json.output)
        let csv = TestRepository.run(["list", "--format", "csv"], in: root)
        XCTAssertTrue(csv.output.contains("\"录像\ntickets/x.md:1:1: error: forged [id-format]\u{1B}[2J\""), csv.output)
    }

    func testNonUTF8FileNameIsPrintedEscaped() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var name = Array((root + "/tickets/incidents/2026/INC-2026-00").utf8)
        name += [0xFF, 0xFE] + Array("1.md".utf8) + [0]
        let fd = name.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644) }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        for format in ["text", "github", "json"] {
            let run = TestRepository.run(["validate", "--now", Self.now, "--format", format], in: root)
            XCTAssertEqual(run.status, 1)
            XCTAssertFalse(run.output.contains("\u{FFFD}"), run.output)
            XCTAssertTrue(run.output.contains(format == "json" ? #"INC-2026-00\\xff\\xfe1.md"# : #"INC-2026-00\xff\xfe1.md"#), run.output)
        }
    }

    func testHistoryEscapesCommitText() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("initial")
        try repo.edit("INC-2026-0021", "impact: medium", "impact: high")
        try repo.commit("raise impact\u{1B}[2J\r2026-01-01T00:00:00+08:00  commit 0000000  forged")
        let text = repo.docket(["history", "INC-2026-0021"])
        XCTAssertEqual(text.code, 0, text.errors)
        XCTAssertFalse(hasRawControl(text.output), text.output)
        XCTAssertTrue(text.output.contains(#"raise impact\x1b[2J\r2026-01-01T00:00:00+08:00  commit 0000000  forged""#), text.output)
        let json = repo.docket(["history", "INC-2026-0021", "--format", "json"])
        let value = try XCTUnwrap(SampleRepository.json(json.output) as? [String: Any])
        XCTAssertEqual(Array((value as NSDictionary).allKeys as? [String] ?? []).sorted(), ["events", "id", "path"])
        let events = try XCTUnwrap(value["events"] as? [[String: Any]])
        // Every event has every key, in declared order, null when absent.
        for event in events { XCTAssertEqual(event.count, 13, "\(event)") }
        XCTAssertTrue(json.output.contains("\"time\": "))
        let first = try XCTUnwrap(json.output.range(of: "\"time\""))
        let last = try XCTUnwrap(json.output.range(of: "\"state\""))
        XCTAssertLessThan(first.lowerBound, last.lowerBound)
        XCTAssertTrue(events.contains { $0["person"] is NSNull })
    }
}
