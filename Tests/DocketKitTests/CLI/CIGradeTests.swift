import Foundation
import XCTest
@testable import DocketKit

/// Issue 14: results that do not change with the clock (`--now commit`), pull requests
/// judged by what they changed (`--since` without `--all`), `sla --fail-on`.
final class CIGradeTests: XCTestCase {
    static let now = "2026-11-30T10:00:00+08:00"

    /// The sample with INC-2026-0021's escalation to line-2 removed: at `now` its escalation is overdue (an error).
    func repositoryWithOverdueEscalation() throws -> HistoryTestRepository {
        let repo = try HistoryTestRepository()
        let path = repo.path("INC-2026-0021")
        let text = try repo.read(path)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("to: line-2, by: wangwu") }
        XCTAssertEqual(lines.count, text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        try repo.write(path, lines.joined(separator: "\n"))
        try repo.commit("base")
        try repo.run(["tag", "base"])
        return repo
    }

    /// Commits everything with author and committer date `date` (ISO 8601).
    func commit(_ repo: HistoryTestRepository, _ message: String, at date: String) throws {
        try repo.run(["add", "-A"])
        try repo.run(["-c", "user.name=张三", "-c", "user.email=zhangsan@it.example-court.cn", "commit", "-q", "-m", message],
                     environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
    }

    func run(_ arguments: [String], in root: String, epoch: Int64? = nil) -> (status: Int32, output: String, errors: String) {
        TestRepository.run(arguments, in: root, environment: epoch.map { ["SOURCE_DATE_EPOCH": String($0)] } ?? [:])
    }

    // MARK: 1. reproducible

    func testNowCommitGivesTheSameOutputAtAnyClockTime() throws {
        let repo = try repositoryWithOverdueEscalation()
        try repo.edit("INC-2026-0024", "title: ", "title: 复核 ")
        try commit(repo, "retitle INC-2026-0024", at: Self.now)
        let recipe = ["validate", "--root", repo.root, "--since", "base", "--now", "commit", "--format", "github"]
        // Two CI runs half a year apart.
        let early = run(recipe, in: repo.root, epoch: 1_796_000_000), late = run(recipe, in: repo.root, epoch: 1_812_000_000)
        XCTAssertEqual(early.status, late.status)
        XCTAssertEqual(early.output, late.output)
        XCTAssertEqual(early.errors, late.errors)
        // The same run measured by the clock differs: the test can fail.
        let all = ["validate", "--root", repo.root, "--format", "json"]
        XCTAssertNotEqual(run(all, in: repo.root, epoch: 1_796_000_000).output, run(all, in: repo.root, epoch: 1_812_000_000).output)
        // --now commit is the committer date of HEAD.
        let byCommit = run(["validate", "--root", repo.root, "--now", "commit", "--format", "json"], in: repo.root, epoch: 1_812_000_000)
        let byTime = run(["validate", "--root", repo.root, "--now", Self.now, "--format", "json"], in: repo.root)
        XCTAssertEqual(byCommit.output, byTime.output)
        XCTAssertEqual(byCommit.status, 1, "the overdue escalation is measured at the commit's time")
    }

    func testNowCommitOutsideGitOrWithoutCommitsIsAUsageError() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outside = run(["validate", "--root", root, "--now", "commit"], in: root)
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.errors.contains("expected --now commit to read the committer date of HEAD, found no git repository"), outside.errors)
        guard let git = Git(directory: root) else { throw XCTSkip("git is not available") }
        XCTAssertEqual(try git.run(["init", "-q"]).status, 0)
        let empty = run(["sla", "--root", root, "--now", "commit"], in: root)
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.errors.contains("found a git repository without commits; commit first, or pass --now TIME"), empty.errors)
    }

    // MARK: 2. fair

    func testPullRequestIsNotFailedByAnOverdueEscalationInAnotherRecord() throws {
        let repo = try repositoryWithOverdueEscalation()
        try repo.edit("INC-2026-0024", "title: ", "title: 复核 ")
        try repo.commit("retitle INC-2026-0024")
        let pullRequest = repo.validate(since: "base", ["--now", Self.now])
        XCTAssertEqual(pullRequest.code, 0, pullRequest.output + pullRequest.errors)
        XCTAssertEqual(pullRequest.output.lines(rule: "escalation-overdue"), [])
        XCTAssertEqual(pullRequest.output.lines(rule: "sla-resolution-breach"), [], "SLA warnings of untouched records stay out too")
        let all = repo.validate(since: "base", ["--now", Self.now, "--all"])
        XCTAssertEqual(all.code, 1, all.output)
        XCTAssertEqual(all.output.lines(rule: "escalation-overdue").count, 1, all.output)
        // A change to the record itself (uncommitted) brings its findings back.
        try repo.edit("INC-2026-0021", "title: ", "title: 复核 ")
        let touched = repo.validate(since: "base", ["--now", Self.now])
        XCTAssertEqual(touched.code, 1, touched.output)
        XCTAssertEqual(touched.output.lines(rule: "escalation-overdue").count, 1, touched.output)
    }

    func testCrossRecordFindingsThatInvolveAChangedRecordAreReported() throws {
        let repo = try repositoryWithOverdueEscalation()
        // Deleting a problem breaks the links of the unchanged incidents that name it.
        let linking = try FileManager.default.subpathsOfDirectory(atPath: repo.root + "/tickets/incidents")
            .filter { $0.hasSuffix(".md") && ((try? repo.read("tickets/incidents/" + $0))?.contains("PRB-2026-0001") ?? false) }
        XCTAssertFalse(linking.isEmpty)
        try FileManager.default.removeItem(atPath: repo.root + "/" + repo.path("PRB-2026-0001"))
        try repo.commit("delete PRB-2026-0001")
        let result = repo.validate(since: "base", ["--now", Self.now])
        let missing = result.output.lines(rule: "link-missing")
        XCTAssertFalse(missing.isEmpty, result.output)
        XCTAssertTrue(missing.allSatisfy { $0.contains("PRB-2026-0001") }, result.output)
        XCTAssertEqual(result.output.lines(rule: "escalation-overdue"), [])
        // A new, untracked record duplicating an unchanged record's id is reported.
        let copy = try repo.read(repo.path("INC-2026-0004"))
        try repo.write(repo.path("INC-2026-0901"), copy)
        let duplicate = repo.validate(since: "base", ["--now", Self.now]).output.lines(rule: "id-duplicate")
        XCTAssertTrue(duplicate.contains { $0.hasPrefix(repo.path("INC-2026-0901")) }, duplicate.joined(separator: "\n"))
    }

    /// Which findings a change keeps, rule by rule (the git side is covered above).
    func testChangeScopeKeepsWhatInvolvesTheChange() throws {
        let procedures = try ProcedureSet.load(root: TestRepository.packageRoot)
        var words: Set<String> = []
        ChangeScope.collectWords(ChangeScope.changedLines(Array("""
            diff --git a/tickets/incidents/2026/INC-2026-0005.md b/tickets/incidents/2026/INC-2026-0005.md
            --- a/tickets/incidents/2026/INC-2026-0005.md
            +++ b/tickets/incidents/2026/INC-2026-0005.md
            @@ -9 +9 @@
            -problems: [PRB-2026-0002]
            +problems: []
            """.utf8)), into: &words)
        XCTAssertTrue(words.contains("PRB-2026-0002"))
        XCTAssertFalse(words.contains("INC-2026-0005"), "file headers are not changed lines")
        let scope = ChangeScope(paths: ["tickets/incidents/2026/INC-2026-0005.md"], words: words, procedures: procedures)
        func finding(_ path: String, _ rule: RuleID, _ message: String = "m") -> Diagnostic {
            Diagnostic(path: path, line: 1, column: 1, severity: .error, rule: rule, message: message)
        }
        XCTAssertTrue(scope.keeps(finding("tickets/incidents/2026/INC-2026-0005.md", .enumValue)), "a changed record")
        XCTAssertFalse(scope.keeps(finding("tickets/incidents/2026/INC-2026-0021.md", .escalationOverdue)), "an unchanged record")
        XCTAssertTrue(scope.keeps(finding("procedures/incident.md", .procedureInvalid)), "no record")
        XCTAssertTrue(scope.keeps(finding("tickets/incidents/2026/INC-2026-0021.md", .closedModified)), "history findings are about changes")
        // The change removed a link to PRB-2026-0002: a link demand on it is about the change.
        let demand = procedures.procedures.flatMap(\.constraints).first { if case .link = $0.demand { return true } else { return false } }!.rule
        XCTAssertTrue(scope.keeps(finding("tickets/problems/2026/PRB-2026-0002.md", demand)))
        XCTAssertFalse(scope.keeps(finding("tickets/problems/2026/PRB-2026-0003.md", demand)))
        XCTAssertTrue(scope.keeps(finding("tickets/incidents/2026/INC-2026-0009.md", .linkMissing, "expected INC-2026-0005 to exist")))
        XCTAssertFalse(scope.keeps(finding("tickets/incidents/2026/INC-2026-0009.md", .linkMissing, "expected INC-2026-0006 to exist")))
        XCTAssertFalse(scope.keeps(finding("tickets/incidents/2026/INC-2026-0009.md", .enumValue, "INC-2026-0005")), "not a cross-record rule")
    }

    func testAllNeedsSince() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = run(["validate", "--root", root, "--all"], in: root)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("expected --all together with --since REF"), result.errors)
    }

    // MARK: 3. scheduled SLA

    func testSLAFailOn() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sla = ["sla", "--root", root, "--now", Self.now, "--at-risk"]
        // INC-2026-0022 and REQ-2026-0006 are breached, INC-2026-0021 at risk.
        XCTAssertEqual(run(sla + ["--fail-on", "breached"], in: root).status, 1)
        XCTAssertEqual(run(sla + ["--fail-on", "at-risk"], in: root).status, 1)
        XCTAssertEqual(run(sla, in: root).status, 0, "without --fail-on the listing exits 0")
        for id in ["tickets/incidents/2026/INC-2026-0022.md", "tickets/requests/2026/REQ-2026-0006.md"] {
            try FileManager.default.removeItem(atPath: root + "/" + id)
        }
        let atRiskOnly = run(sla + ["--fail-on", "breached"], in: root)
        XCTAssertEqual(atRiskOnly.status, 0, atRiskOnly.output)
        XCTAssertTrue(atRiskOnly.output.contains("INC-2026-0021"), atRiskOnly.output)
        XCTAssertEqual(run(sla + ["--fail-on", "at-risk"], in: root).status, 1, "at-risk includes breached and at-risk")
        XCTAssertEqual(run(["sla", "--root", root, "--now", Self.now, "--period", "2026-06", "--fail-on", "at-risk"], in: root).status, 0,
                       "closed records have no running target")
        let typo = run(sla + ["--fail-on", "breach"], in: root)
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.errors.contains("did you mean \"breached\"?"), typo.errors)
    }
}
