import Foundation
import XCTest
@testable import DocketKit

/// `merge-conflict`: one diagnostic on the opener line, instead of what the two sides would yield.
final class MergeConflictTests: XCTestCase {
    func position(_ text: String) -> Int? { MergeConflictRule.conflictStart(in: Array(text.utf8))?.line }

    func testRecognisesCompleteConflictsOnly() {
        XCTAssertEqual(position("a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n"), 2)
        XCTAssertEqual(position("<<<<<<< HEAD\r\nb\r\n=======\r\nc\r\n>>>>>>> main\r\n"), 1)
        XCTAssertEqual(position("<<<<<<<\nb\n=======\nc\n>>>>>>>"), 1, "markers without labels, no final newline")
        XCTAssertEqual(position("x\n<<<<<<< ours\nb\n||||||| base\nq\n=======\nc\n>>>>>>> theirs\n"), 2, "diff3 style")
        XCTAssertEqual(position("a <b> c\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n"), 2, "a < elsewhere does not hide it")
        XCTAssertNil(position("标题\n=======\n正文\n"), "a setext heading underline alone")
        XCTAssertNil(position("<<<<<<< HEAD\nb\nc\n>>>>>>> main\n"), "no separator")
        XCTAssertNil(position("<<<<<<< HEAD\nb\n=======\nc\n"), "no closer")
        XCTAssertNil(position("    <<<<<<< HEAD\n    b\n    =======\n    c\n    >>>>>>> main\n"), "indented: shown, not a conflict")
        XCTAssertNil(position("<<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n"), "eight <")
        XCTAssertNil(position("<<<<<<<HEAD\nb\n========\nc\n>>>>>>> main\n"))
        XCTAssertNil(position(""))
    }

    /// Issue 10.6: two people appended to the same work log; today's worklog-format and
    /// worklog-order findings give way to one merge-conflict on the opener line.
    func testConflictedRecordGetsOneDiagnostic() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let original = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let last = try XCTUnwrap(lines.lastIndex { $0.hasPrefix("- 2026-") })
        var conflicted = lines
        conflicted.replaceSubrange(last...last, with: ["<<<<<<< HEAD", lines[last], "=======", "- 2026-11-03 09:30 lisi: 远程协助", ">>>>>>> origin/main"])
        try TestRepository.write(conflicted.joined(separator: "\n"), to: path, in: root)

        func validate() throws -> [Diagnostic] {
            let run = TestRepository.run(["validate", "--format", "json", "--now", "2026-11-30T10:00:00+08:00"], in: root)
            return try JSONDecoder().decode([Diagnostic].self, from: Data(run.output.utf8)).filter { $0.path == path }
        }
        let found = try validate()
        XCTAssertEqual(found.map(\.rule), ["merge-conflict"])
        XCTAssertEqual(found.first?.line, last + 1)
        XCTAssertEqual(found.first?.severity, .error)

        // Turned off, the file is read as it is: the markers break the work log.
        let procedure = root + "/procedures/incident.md"
        try String(contentsOfFile: procedure, encoding: .utf8)
            .replacingOccurrences(of: "\nseverity: {}\n", with: "\nseverity: {merge-conflict: off}\n")
            .write(toFile: procedure, atomically: true, encoding: .utf8)
        let withoutRule = Set(try validate().map(\.rule))
        XCTAssertFalse(withoutRule.contains("merge-conflict"))
        XCTAssertTrue(withoutRule.contains("worklog-format"), "\(withoutRule)")
    }
}
