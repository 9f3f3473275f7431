import Foundation
import XCTest
@testable import DocketKit

final class LogCommandTests: XCTestCase {
    let incident = "tickets/incidents/2026/INC-2026-0022.md"
    let now = "2026-11-30 10:05"

    func testAppendsOneLineAfterTheLastEntryAndNothingElse() throws {
        let root = try TestRepository.copy()
        let before = bytes(root + "/" + incident)
        let run = TestRepository.run(["log", "INC-2026-0022", "电信更换光模块", "--as", "wangwu", "--at", "2026-11-30 10:00", "--now", now], in: root)
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertEqual(run.output, incident + "\n")
        XCTAssertEqual(bytes(root + "/" + incident), before + Array("- 2026-11-30 10:00 wangwu: 电信更换光模块\n".utf8))
        XCTAssertEqual(TestRepository.run(["validate", "--now", now, incident], in: root).status, 0)
    }

    func testTheTimeDefaultsToNowAndThePersonToDocketPerson() throws {
        let root = try TestRepository.copy()
        let run = TestRepository.run(["log", "INC-2026-0022", "checked", "--now", "2026-11-30T02:07:00Z"], in: root,
                                     environment: ["DOCKET_PERSON": "sunqi"])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(String(decoding: bytes(root + "/" + incident), as: UTF8.self).hasSuffix("- 2026-11-30 10:07 sunqi: checked\n"))
    }

    func testAnEntryThatAddsAnErrorIsRefusedAndTheFileLeftUntouched() throws {
        let root = try TestRepository.copy()
        let before = bytes(root + "/" + incident)
        let run = TestRepository.run(["log", "INC-2026-0022", "too early", "--as", "wangwu", "--at", "2026-11-29 10:00", "--now", now], in: root)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.errors.contains("[worklog-order]"), run.errors)
        XCTAssertTrue(run.errors.contains("nothing was written, fix the values or pass --force"), run.errors)
        XCTAssertEqual(bytes(root + "/" + incident), before)
        let forced = TestRepository.run(["log", "INC-2026-0022", "too early", "--as", "wangwu", "--at", "2026-11-29 10:00", "--now", now, "--force"], in: root)
        XCTAssertEqual(forced.status, 0, forced.errors)
        XCTAssertNotEqual(bytes(root + "/" + incident), before)
    }

    func testUsageMistakesAreExitTwoAndWriteNothing() throws {
        let root = try TestRepository.copy()
        let before = bytes(root + "/" + incident)
        for arguments in [["--as", "nobody"], ["--as", "wangwu", "--at", "yesterday"], []] {
            let run = TestRepository.run(["log", "INC-2026-0022", "x", "--now", now] + arguments, in: root)
            XCTAssertEqual(run.status, 2, "\(arguments)")
        }
        XCTAssertEqual(TestRepository.run(["log", "INC-2026-0022", "two\nlines", "--as", "wangwu", "--now", now], in: root).status, 2)
        let missing = TestRepository.run(["log", "INC-2026-9999", "x", "--as", "wangwu", "--now", now], in: root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.errors.contains("found no record INC-2026-9999"), missing.errors)
        XCTAssertEqual(bytes(root + "/" + incident), before)
    }

    func testCRLFFilesGetACRLFLineAndAMissingSectionIsAdded() throws {
        let root = try TestRepository.copy()
        let path = root + "/" + incident
        let lf = String(decoding: bytes(path), as: UTF8.self)
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        try Data(crlf.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(TestRepository.run(["log", "INC-2026-0022", "crlf", "--as", "wangwu", "--at", "2026-11-30 10:00", "--now", now], in: root).status, 0)
        XCTAssertEqual(bytes(path), Array((crlf + "- 2026-11-30 10:00 wangwu: crlf\r\n").utf8))

        // Without a work-log section: the section is added at the end.
        let body = lf.components(separatedBy: "\n## 处理记录")[0]
        let record = try XCTUnwrap(read(body, procedure: "incident"))
        let added = WorklogText.append("- 2026-11-30 10:00 wangwu: x", to: Array(body.utf8), record: record.0, procedure: record.1)
        XCTAssertEqual(String(decoding: added, as: UTF8.self), body + "\n## 处理记录\n\n- 2026-11-30 10:00 wangwu: x\n")
        XCTAssertTrue(body.hasSuffix("\n"))
    }

    func testEmptySectionsAndFilesWithoutAFinalLineEnd() throws {
        let head = "---\nid: INC-2026-0001\n---\n\n## 处理记录\n"
        let cases: [(String, String)] = [
            (head, head + "\n- E\n"),
            (head + "\n## 事件描述\n\ntext\n", head + "\n- E\n## 事件描述\n\ntext\n"),
            (head + "\n- A\n\n\n", head + "\n- A\n- E\n\n\n"),
            (head + "\n- A", head + "\n- A\n- E"),
            (head + "\n- A\n<!-- keep -->\n\n## 事件描述\nx\n", head + "\n- A\n<!-- keep -->\n- E\n\n## 事件描述\nx\n"),
        ]
        for (input, expected) in cases {
            let record = try XCTUnwrap(read(input, procedure: "incident"))
            XCTAssertEqual(String(decoding: WorklogText.append("- E", to: Array(input.utf8), record: record.0, procedure: record.1), as: UTF8.self),
                           expected, input)
        }
    }

    func read(_ text: String, procedure kind: String) -> (Record, Procedure)? {
        guard let procedures = try? ProcedureSet.load(root: TestRepository.packageRoot), let procedure = procedures.procedure(kind: kind) else { return nil }
        var sink = DiagnosticSink(path: "x.md", severities: procedure.severities)
        return RecordReader(procedures: procedures).read(path: "x.md", bytes: Array(text.utf8), procedure: procedure, sink: &sink).map { ($0, procedure) }
    }

    /// Killing `docket log` with SIGKILL at random moments never leaves a partial file:
    /// after every kill the record is the old bytes or the old bytes plus the one entry.
    func testKilledAtRandomMomentsTheFileIsOldOrNewNeverPartial() throws {
        let docket = try XCTUnwrap(DocketBinary.path, "the docket executable is built with the tests")
        let root = try TestRepository.copy()
        func time(_ round: Int) -> String {
            let minute = 600 + round   // 10:00 onward, one minute a round: every entry is in time order
            return String(format: "2026-11-30 %02d:%02d", minute / 60, minute % 60)
        }
        let runs = try KillLoop.run(docket, path: root + "/" + incident, in: root,
            measure: ["log", "INC-2026-0022", "measure", "--as", "wangwu", "--at", "2026-11-30 09:59", "--now", "2026-11-30 20:00", "--root", root],
            arguments: { ["log", "INC-2026-0022", "round \($0)", "--as", "wangwu", "--at", time($0), "--now", "2026-11-30 20:00", "--root", root] },
            next: { $0 + Array("- \(time($1)) wangwu: round \($1)\n".utf8) })
        XCTAssertEqual(TestRepository.run(["validate", "--now", "2026-11-30 20:00", incident], in: root).status, 0)
        print("kill loop: \(runs.killed) killed, \(runs.completed) completed")
    }
}

final class RecordEditTests: XCTestCase {
    func finding(_ message: String, _ severity: Severity = .error) -> Diagnostic {
        Diagnostic(path: "x.md", line: 1, column: 1, severity: severity, rule: .worklogOrder, message: message)
    }

    func testOnlyNewErrorsCountAndAMovedFindingIsNotNew() {
        let before = ValidationResult(diagnostics: [finding("found 10:00 after 11:00 (line 39)")], filesChecked: 1)
        let moved = ValidationResult(diagnostics: [finding("found 10:00 after 11:00 (line 41)")], filesChecked: 1)
        XCTAssertTrue(RecordEdit.addedErrors(before: before, after: moved).isEmpty)
        let added = ValidationResult(diagnostics: [finding("found 10:00 after 11:00 (line 41)"), finding("found 09:00 after 10:00 (line 42)"),
                                                   finding("a warning", .warning)], filesChecked: 1)
        XCTAssertEqual(RecordEdit.addedErrors(before: before, after: added).map(\.message), ["found 09:00 after 10:00 (line 42)"])
    }
}
