import XCTest
@testable import DocketKit

/// Integration tests of `docket validate --since` over real git repositories.
final class HistoryRulesTests: XCTestCase {
    static let historyRules = ["transition-invalid", "closed-reopened", "closed-modified", "record-deleted", "id-changed", "transition-unauthorized"]

    func historyLines(_ output: String) -> [String] {
        Self.historyRules.flatMap { output.lines(rule: $0) }
    }

    /// The sample incident INC-2026-0001 set back to resolved in the base commit.
    func resolvedBase() throws -> HistoryTestRepository {
        let repo = try HistoryTestRepository()
        try repo.edit("INC-2026-0001", "status: closed", "status: resolved")
        try repo.commit("base")
        return repo
    }

    func testCleanRunHasNoHistoryFindings() throws {
        let repo = try resolvedBase()
        try repo.run(["tag", "base"])
        try repo.edit("INC-2026-0001", "status: resolved", "status: closed")
        try repo.commit("close INC-2026-0001", author: HistoryTestRepository.serviceDesk)
        try repo.edit("INC-2026-0001", "satisfaction: 5", "satisfaction: 4")
        try repo.commit("record satisfaction", author: HistoryTestRepository.lineOne)
        try repo.edit("INC-2026-0024", "reported_at: 2026-11-30 09:50", "reported_at: 2026-11-30 09:51")
        try repo.commit("fix a time")
        let result = repo.validate(since: "base")
        XCTAssertEqual(result.code, 0, result.output + result.errors)
        XCTAssertEqual(historyLines(result.output), [])
        XCTAssertEqual(result.errors, "")
    }

    func testUnauthorizedClose() throws {
        let repo = try resolvedBase()
        try repo.edit("INC-2026-0001", "status: resolved", "status: closed")
        let hash = try repo.commit("close", author: HistoryTestRepository.lineOne)
        let result = repo.validate(since: "HEAD~1")
        XCTAssertEqual(result.code, 0, "a warning does not fail the run")
        let lines = result.output.lines(rule: "transition-unauthorized")
        XCTAssertEqual(lines.count, 1, result.output)
        XCTAssertTrue(lines[0].hasPrefix("tickets/incidents/2026/INC-2026-0001.md:4:1: warning:"), lines[0])
        XCTAssertTrue(lines[0].contains("commit \(hash)"), lines[0])
        XCTAssertTrue(lines[0].contains("wangwu@it.example-court.cn"), lines[0])
        XCTAssertTrue(lines[0].contains("service-desk"), lines[0])
        XCTAssertEqual(repo.validate(since: "HEAD~1", ["--strict"]).code, 1)
    }

    func testUnknownAuthorEmailIsUnauthorized() throws {
        let repo = try resolvedBase()
        try repo.edit("INC-2026-0001", "status: resolved", "status: closed")
        try repo.commit("close", author: ("Someone", "someone@example.com"))
        let lines = repo.validate(since: "HEAD~1").output.lines(rule: "transition-unauthorized")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("no person in procedures/roles.md"), lines[0])
    }

    func testChangeApprovalNeedsCABOrChangeManager() throws {
        let repo = try HistoryTestRepository()
        try repo.edit("CHG-2026-0005", "status: approved", "status: assessed")
        try repo.commit("base")
        try repo.edit("CHG-2026-0005", "status: assessed", "status: approved")
        try repo.commit("approve", author: ("周八", "zhouba@it.example-court.cn"))
        XCTAssertEqual(repo.validate(since: "HEAD~1").output.lines(rule: "transition-unauthorized").count, 1)
        try repo.run(["reset", "-q", "--hard", "HEAD~1"])
        try repo.edit("CHG-2026-0005", "status: assessed", "status: approved")
        try repo.commit("approve", author: ("吴九", "wujiu@it.example-court.cn"))
        XCTAssertEqual(historyLines(repo.validate(since: "HEAD~1").output), [])
    }

    func testReopenHiddenInTheMiddleOfSeveralCommits() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0010", "title: ", "title: x")
        try repo.edit("INC-2026-0010", "title: x", "title: ")
        try repo.edit("INC-2026-0024", "contact: fengm@court.example", "contact: 分机 8000")
        try repo.commit("unrelated")
        try repo.edit("INC-2026-0001", "status: closed", "status: in-progress")
        let reopen = try repo.commit("reopen", author: HistoryTestRepository.lineOne)
        try repo.edit("INC-2026-0001", "status: in-progress", "status: closed")
        let close = try repo.commit("close again")
        let result = repo.validate(since: "HEAD~3")
        XCTAssertEqual(result.code, 1)
        let reopened = result.output.lines(rule: "closed-reopened")
        XCTAssertEqual(reopened.count, 1, result.output)
        XCTAssertTrue(reopened[0].hasPrefix("tickets/incidents/2026/INC-2026-0001.md:4:1: error: status went from closed to in-progress in commit \(reopen)"), reopened[0])
        let invalid = result.output.lines(rule: "transition-invalid")
        XCTAssertEqual(invalid.count, 1, result.output)
        XCTAssertTrue(invalid[0].contains("from in-progress to closed in commit \(close)"), invalid[0])
        // The file at the head looks fine on its own.
        XCTAssertEqual(repo.docket(["validate", "--root", repo.root]).code, 0)
    }

    func testInvalidTransition() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0024", "status: new", "status: in-progress")
        try repo.commit("skip assignment")
        let lines = repo.validate(since: "HEAD~1").output.lines(rule: "transition-invalid")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("from new to in-progress"), lines[0])
        XCTAssertTrue(lines[0].contains("expected a transition of procedures/incident.md: new to assigned or resolved"), lines[0])
    }

    func testClosedModified() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0002", "satisfaction: ", "satisfaction: ")   // no-op keeps the file
        try repo.edit("INC-2026-0001", "title: 立案庭", "title: 立案庭（更正）")
        let hash = try repo.commit("edit a closed record")
        let result = repo.validate(since: "HEAD~1")
        XCTAssertEqual(result.code, 1)
        let lines = result.output.lines(rule: "closed-modified")
        XCTAssertEqual(lines.count, 1, result.output)
        XCTAssertTrue(lines[0].contains("closed record changed in commit \(hash): title; expected changes only to satisfaction"), lines[0])

        // The body counts too.
        try repo.write(repo.path("INC-2026-0003"), try repo.read(repo.path("INC-2026-0003")) + "\n补充说明\n")
        try repo.commit("append to body")
        XCTAssertEqual(repo.validate(since: "HEAD~1").output.lines(rule: "closed-modified").first?.contains(": body;"), true)
    }

    func testRecordDeleted() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.run(["rm", "-q", repo.path("INC-2026-0002")])
        let hash = try repo.commit("delete")
        let result = repo.validate(since: "HEAD~1")
        XCTAssertEqual(result.code, 1)
        let lines = result.output.lines(rule: "record-deleted")
        XCTAssertEqual(lines.count, 1, result.output)
        XCTAssertTrue(lines[0].hasPrefix("tickets/incidents/2026/INC-2026-0002.md:4:1: error: record INC-2026-0002 was deleted in commit \(hash)"), lines[0])

        // Restored later: nothing was lost.
        try repo.run(["checkout", "-q", "HEAD~1", "--", repo.path("INC-2026-0002")])
        try repo.commit("restore")
        XCTAssertEqual(repo.validate(since: "HEAD~2").output.lines(rule: "record-deleted"), [])
    }

    func testRenameThatLeavesAReferenceIsIDChanged() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.run(["mv", repo.path("INC-2026-0001"), repo.path("INC-2026-0099")])
        try repo.edit("INC-2026-0099", "id: INC-2026-0001", "id: INC-2026-0099")
        let hash = try repo.commit("renumber")
        let result = repo.validate(since: "HEAD~1")
        XCTAssertEqual(result.code, 1)
        let lines = result.output.lines(rule: "id-changed")
        XCTAssertEqual(lines.count, 1, result.output)
        XCTAssertTrue(lines[0].hasPrefix("tickets/incidents/2026/INC-2026-0099.md:4:1: error: id went from INC-2026-0001 to INC-2026-0099 in commit \(hash)"), lines[0])
        XCTAssertTrue(lines[0].contains("still referenced by INC-2026-0020"), lines[0])

        // Updating the reference makes it a clean renumbering.
        try repo.edit("INC-2026-0020", "related: [INC-2026-0001]", "related: [INC-2026-0099]")
        try repo.commit("update the reference")
        XCTAssertEqual(repo.validate(since: "HEAD~2").output.lines(rule: "id-changed"), [])
    }

    func testRenumberingWithoutReferencesAndMentionInBodyIsAllowed() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.run(["mv", repo.path("INC-2026-0005"), repo.path("INC-2026-0098")])
        try repo.edit("INC-2026-0098", "id: INC-2026-0005", "id: INC-2026-0098")
        try repo.commit("renumber")
        // PRB-2026-0001 mentions INC-2026-0005 in its text only; links to the problem are written on the incident side.
        XCTAssertEqual(repo.validate(since: "HEAD~1").output.lines(rule: "id-changed"), [])
    }

    func testRenameWithoutIDChangeAndIDEditAreIDChanged() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.run(["mv", repo.path("INC-2026-0010"), repo.path("INC-2026-0097")])
        try repo.edit("INC-2026-0024", "id: INC-2026-0024", "id: INC-2026-0096")
        try repo.commit("rename and edit id")
        let lines = repo.validate(since: "HEAD~1").output.lines(rule: "id-changed")
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("tickets/incidents/2026/INC-2026-0024.md") && $0.contains("id went from INC-2026-0024 to INC-2026-0096") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("tickets/incidents/2026/INC-2026-0097.md") && $0.contains("file was renamed from tickets/incidents/2026/INC-2026-0010.md") })
    }

    func testWorkingTreeChangesAreChecked() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0001", "status: closed", "status: in-progress")
        let lines = repo.validate(since: "HEAD").output.lines(rule: "closed-reopened")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("in the working tree"), lines[0])
    }

    func testUntilEndsTheHistory() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0024", "contact: fengm@court.example", "contact: 分机 8000")
        try repo.commit("fine")
        try repo.run(["tag", "good"])
        try repo.edit("INC-2026-0001", "status: closed", "status: in-progress")
        try repo.commit("reopen")
        XCTAssertEqual(historyLines(repo.validate(since: "HEAD~2", ["--until", "good"]).output), [])
        XCTAssertEqual(repo.validate(since: "HEAD~2", ["--until", "HEAD"]).output.lines(rule: "closed-reopened").count, 1)
    }

    func testUnknownRevisionIsExitTwo() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let result = repo.validate(since: "origin/main")
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.errors.contains("unknown revision origin/main; fetch it, e.g. git fetch origin main"), result.errors)
    }

    func testNotAGitRepositoryIsExitTwo() throws {
        let repo = try HistoryTestRepository()
        try FileManager.default.removeItem(atPath: repo.root + "/.git")
        let result = repo.validate(since: "HEAD")
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.errors.contains("expected a git repository at"), result.errors)
    }

    func testShallowCloneMissingRefIsExitTwo() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0024", "contact: fengm@court.example", "contact: 分机 8000")
        try repo.commit("second")
        let clone = repo.root + "/shallow"
        try repo.run(["clone", "-q", "--depth", "1", "file://" + repo.root, clone])
        let result = repo.validate(since: "HEAD~1", in: clone)
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.errors.contains("the clone is shallow and does not contain it; fetch the history with git fetch --unshallow"), result.errors)
    }

    func testUntilWithoutSinceIsAUsageError() throws {
        let repo = try HistoryTestRepository()
        XCTAssertEqual(repo.docket(["validate", "--root", repo.root, "--until", "HEAD"]).code, 2)
    }
}

/// `docket history ID`.
final class HistoryCommandTests: XCTestCase {
    func testTimelineMergesCommitsAndWorklog() throws {
        let repo = try HistoryTestRepository()
        try repo.edit("INC-2026-0001", "status: closed", "status: resolved")
        let first = try repo.commit("base", author: HistoryTestRepository.lineOne)
        try repo.edit("INC-2026-0001", "status: resolved", "status: closed")
        let second = try repo.commit("close INC-2026-0001")
        let text = repo.docket(["history", "INC-2026-0001", "--root", repo.root])
        XCTAssertEqual(text.code, 0, text.errors)
        let lines = text.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "INC-2026-0001 (tickets/incidents/2026/INC-2026-0001.md)")
        XCTAssertTrue(lines.contains { $0.contains("commit \(first)  王五 <wangwu@it.example-court.cn>  created  -> resolved") }, text.output)
        XCTAssertTrue(lines.contains { $0.contains("commit \(second)  张三 <zhangsan@it.example-court.cn>  resolved -> closed  fields: status") }, text.output)
        XCTAssertTrue(lines[1].hasPrefix("2026-03-12T10:05:00+08:00  worklog  zhangsan: "), lines[1])
        // Work-log entries (2026-03) come before the commits (2026-05).
        let firstCommit = lines.firstIndex { $0.contains("commit \(first)") }!
        XCTAssertTrue(lines[1..<firstCommit].allSatisfy { $0.contains("  worklog  ") })

        let json = repo.docket(["history", "INC-2026-0001", "--root", repo.root, "--format", "json"])
        XCTAssertEqual(json.code, 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let events = object?["events"] as? [[String: Any]] ?? []
        let commits = events.filter { $0["type"] as? String == "commit" }
        XCTAssertEqual(commits.count, 2)
        XCTAssertEqual(commits.last?["from"] as? String, "resolved")
        XCTAssertEqual(commits.last?["to"] as? String, "closed")
        XCTAssertEqual(commits.last?["email"] as? String, "zhangsan@it.example-court.cn")
        XCTAssertEqual(commits.last?["fields"] as? [String], ["status"])
        // Deterministic.
        XCTAssertEqual(repo.docket(["history", "INC-2026-0001", "--root", repo.root, "--format", "json"]).output, json.output)
    }

    func testUnknownRecordIsExitTwo() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let result = repo.docket(["history", "INC-2026-9999", "--root", repo.root])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.errors.contains("expected a record INC-2026-9999"), result.errors)
    }
}
