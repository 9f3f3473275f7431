import XCTest
@testable import DocketKit

/// Ways around the history rules that `docket validate --since` must not leave open:
/// a delete and a later add-back, a shallow clone, paths git quotes, renames that fix
/// a file name; and `docket history` printing such paths.
final class HistoryHardeningTests: XCTestCase {
    // MARK: identity across a deletion

    func testClosedRecordDeletedAndAddedBackInProgressIsReopened() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let saved = try repo.read(repo.path("INC-2026-0001"))
        try repo.run(["rm", "-q", repo.path("INC-2026-0001")])
        let deletion = try repo.commit("delete")
        try repo.write(repo.path("INC-2026-0001"), saved.replacingOccurrences(of: "status: closed", with: "status: in-progress"))
        let addition = try repo.commit("add back as in progress")
        let result = repo.validate(since: "HEAD~2")
        XCTAssertEqual(result.code, 1, result.output + result.errors)
        let reopened = result.output.lines(rule: "closed-reopened")
        XCTAssertEqual(reopened.count, 1, result.output)
        XCTAssertTrue((reopened.first ?? "").hasPrefix("tickets/incidents/2026/INC-2026-0001.md:4:1: error: status went from closed to in-progress in commit \(addition) (added back after its deletion in commit \(deletion))"), reopened.first ?? "")
        XCTAssertEqual(result.output.lines(rule: "record-deleted"), [], "the record is back")
    }

    func testClosedRecordAddedBackWithOtherTextIsModified() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let saved = try repo.read(repo.path("INC-2026-0002"))
        try repo.run(["rm", "-q", repo.path("INC-2026-0002")])
        try repo.commit("delete")
        try repo.edit("INC-2026-0024", "contact: fengm@court.example", "contact: 分机 8000")
        try repo.commit("unrelated")
        try repo.write(repo.path("INC-2026-0002"), saved + "\n补充\n")
        let addition = try repo.commit("add back with more text")
        let lines = repo.validate(since: "HEAD~3").output.lines(rule: "closed-modified")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue((lines.first ?? "").contains("closed record changed in commit \(addition) (added back after its deletion in commit"), lines.first ?? "")
        XCTAssertTrue((lines.first ?? "").contains(": body; expected changes only to satisfaction"), lines.first ?? "")
    }

    func testRecordAddedBackUnchangedHasNoFindings() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let saved = try repo.read(repo.path("INC-2026-0003"))
        try repo.run(["rm", "-q", repo.path("INC-2026-0003")])
        try repo.commit("delete")
        try repo.write(repo.path("INC-2026-0003"), saved)
        try repo.commit("add back")
        let result = repo.validate(since: "HEAD~2")
        XCTAssertEqual(result.code, 0, result.output + result.errors)
        XCTAssertEqual(HistoryRulesTests.historyRules.flatMap { result.output.lines(rule: $0) }, [])
    }

    func testAddedBackInTheWorkingTreeIsComparedToo() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let saved = try repo.read(repo.path("INC-2026-0004"))
        try repo.run(["rm", "-q", repo.path("INC-2026-0004")])
        let deletion = try repo.commit("delete")
        try repo.write(repo.path("INC-2026-0004"), saved.replacingOccurrences(of: "status: closed", with: "status: in-progress"))
        try repo.run(["add", repo.path("INC-2026-0004")])
        let lines = repo.validate(since: "HEAD~1").output.lines(rule: "closed-reopened")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue((lines.first ?? "").contains("in the working tree (added back after its deletion in commit \(deletion))"), lines.first ?? "")
    }

    func testAnotherRecordAtTheDeletedPathDoesNotHideTheDeletion() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        let other = try repo.read(repo.path("INC-2026-0006"))
        try repo.run(["rm", "-q", repo.path("INC-2026-0005")])
        try repo.commit("delete")
        // A different record (its front matter says INC-2026-0006) written at the old path.
        try repo.write(repo.path("INC-2026-0005"), other)
        try repo.commit("other record at the path")
        let lines = repo.validate(since: "HEAD~2").output.lines(rule: "record-deleted")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue((lines.first ?? "").contains("record INC-2026-0005 was deleted"), lines.first ?? "")
    }

    // MARK: shallow clones

    /// A source repository whose middle commit reopens a record, and a clone of its
    /// head only to which the base tag was fetched: REF is there, the commit between is not.
    func shallowCloneMissingTheMiddle() throws -> (HistoryTestRepository, String) {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.run(["tag", "base"])
        try repo.edit("INC-2026-0001", "status: closed", "status: in-progress")
        try repo.commit("reopen")
        try repo.edit("INC-2026-0024", "contact: fengm@court.example", "contact: 分机 8000")
        try repo.commit("unrelated")
        let clone = repo.root + "/clone"
        try repo.run(["clone", "-q", "--depth", "1", "file://" + repo.root, clone])
        try repo.run(["fetch", "-q", "--depth", "1", "origin", "tag", "base"], in: clone)
        return (repo, clone)
    }

    func testShallowCloneHoldingRefButNotTheRangeIsExitTwo() throws {
        let (repo, clone) = try shallowCloneMissingTheMiddle()
        let head = try repo.run(["rev-parse", "--short=7", "HEAD"], in: clone)
        let result = repo.validate(since: "base", in: clone)
        XCTAssertEqual(result.code, 2, result.output + result.errors)
        XCTAssertTrue(result.errors.contains("expected every commit between --since base and HEAD in the clone, found a shallow clone whose history stops at commit \(head) (its parents were not fetched); fetch the history with git fetch --unshallow, or git fetch --deepen=N"), result.errors)
        XCTAssertEqual(result.output, "")
    }

    func testShallowCloneDeepenedToRefIsWalked() throws {
        let (repo, clone) = try shallowCloneMissingTheMiddle()
        try repo.run(["fetch", "-q", "--deepen", "2"], in: clone)
        let result = repo.validate(since: "base", in: clone)
        XCTAssertEqual(result.code, 1, result.errors)
        XCTAssertEqual(result.output.lines(rule: "closed-reopened").count, 1, result.output)
    }

    func testShallowCloneWhoseCutIsBelowRefIsWalked() throws {
        let repo = try HistoryTestRepository()
        try repo.commit("base")
        try repo.edit("INC-2026-0001", "status: closed", "status: in-progress")
        try repo.commit("reopen")
        let clone = repo.root + "/clone"
        try repo.run(["clone", "-q", "--depth", "2", "file://" + repo.root, clone])
        let result = repo.validate(since: "HEAD~1", in: clone)
        XCTAssertEqual(result.code, 1, result.errors)
        XCTAssertEqual(result.output.lines(rule: "closed-reopened").count, 1, result.output)
    }

    // MARK: paths git quotes

    /// File names git quotes without `-z`: a double quote, a backslash, a tab, a newline,
    /// an escape character, and non-ASCII text (quoted with `core.quotePath`).
    static let quotedNames = ["INC-2026-0001 \"draft\".md", "INC-2026-0002 back\\slash.md", "INC-2026-0003\ttab.md",
                              "INC-2026-0004\nline.md", "INC-2026-0005 \u{1b}[31m.md", "INC-2026-0006 草稿.md"]

    /// Closed records filed under quoted names in the base commit.
    func repositoryWithQuotedNames() throws -> HistoryTestRepository {
        let repo = try HistoryTestRepository()
        try repo.run(["config", "core.quotePath", "true"])
        for (index, name) in Self.quotedNames.enumerated() {
            let id = String(format: "INC-2026-%04d", index + 1)
            try repo.move(repo.path(id), "tickets/incidents/2026/" + name)
        }
        try repo.commit("base under odd names")
        return repo
    }

    func testRenamesFromQuotedPathsKeepTheirHistory() throws {
        let repo = try repositoryWithQuotedNames()
        for (index, name) in Self.quotedNames.enumerated() {
            let id = String(format: "INC-2026-%04d", index + 1)
            try repo.run(["mv", "tickets/incidents/2026/" + name, repo.path(id)])
            try repo.edit(id, "status: closed", "status: in-progress")
        }
        let hash = try repo.commit("right names, reopened")
        let result = repo.validate(since: "HEAD~1")
        XCTAssertEqual(result.code, 1, result.errors)
        let reopened = result.output.lines(rule: "closed-reopened")
        XCTAssertEqual(reopened.count, Self.quotedNames.count, result.output)
        for index in Self.quotedNames.indices {
            let id = String(format: "INC-2026-%04d", index + 1)
            XCTAssertTrue(reopened.contains { $0.hasPrefix("tickets/incidents/2026/\(id).md:4:1: error: status went from closed to in-progress in commit \(hash)") }, id)
        }
        // The renames put the id the front matter held into the file name: no id change.
        XCTAssertEqual(result.output.lines(rule: "id-changed"), [], result.output)
    }

    func testUncommittedRenameFromAQuotedPathIsFollowed() throws {
        let repo = try repositoryWithQuotedNames()
        try repo.run(["mv", "tickets/incidents/2026/" + Self.quotedNames[3], repo.path("INC-2026-0004")])
        try repo.edit("INC-2026-0004", "status: closed", "status: in-progress")
        try repo.run(["add", "-A"])
        let lines = repo.validate(since: "HEAD").output.lines(rule: "closed-reopened")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue((lines.first ?? "").hasPrefix("tickets/incidents/2026/INC-2026-0004.md:4:1: error: status went from closed to in-progress in the working tree"), lines.first ?? "")
    }

    // MARK: renames that fix a file name

    func testRenameToTheIDTheFrontMatterHoldsIsNoIDChange() throws {
        let repo = try HistoryTestRepository()
        try repo.move(repo.path("INC-2026-0010"), "tickets/incidents/2026/INC-2026-0090.md")
        try repo.commit("base with a wrong file name")
        try repo.run(["mv", "tickets/incidents/2026/INC-2026-0090.md", repo.path("INC-2026-0010")])
        try repo.commit("fix the file name")
        let result = repo.validate(since: "HEAD~1")
        XCTAssertEqual(result.output.lines(rule: "id-changed"), [], result.output)
        XCTAssertEqual(result.code, 0, result.output + result.errors)

        // Renamed to yet another name: the file name no longer matches the id.
        try repo.run(["mv", repo.path("INC-2026-0010"), "tickets/incidents/2026/INC-2026-0091.md"])
        let hash = try repo.commit("wrong again")
        let lines = repo.validate(since: "HEAD~1").output.lines(rule: "id-changed")
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue((lines.first ?? "").contains("file was renamed from tickets/incidents/2026/INC-2026-0010.md to tickets/incidents/2026/INC-2026-0091.md in commit \(hash)"), lines.first ?? "")
    }

    // MARK: docket history

    func testHistoryPrintsPathsUnquotedWithControlCharactersEscaped() throws {
        let repo = try repositoryWithQuotedNames()
        for index in [0, 3, 4] {
            let id = String(format: "INC-2026-%04d", index + 1)
            try repo.run(["mv", "tickets/incidents/2026/" + Self.quotedNames[index], repo.path(id)])
        }
        try repo.commit("right names")
        for (index, shown) in [(0, "INC-2026-0001 \"draft\".md"), (3, "INC-2026-0004\\nline.md"), (4, "INC-2026-0005 \\x1b[31m.md")] {
            let id = String(format: "INC-2026-%04d", index + 1)
            let text = repo.docket(["history", id, "--root", repo.root])
            XCTAssertEqual(text.code, 0, text.errors)
            let commits = text.output.split(separator: "\n").filter { $0.contains("  commit ") }
            XCTAssertEqual(commits.count, 2, text.output)
            XCTAssertTrue((commits.count > 1 ? String(commits[1]) : "").contains("  renamed from tickets/incidents/2026/\(shown)  "), text.output)
            XCTAssertFalse(text.output.contains("\u{1b}"), "no raw escape character reaches the terminal")

            let json = repo.docket(["history", id, "--root", repo.root, "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            let events = (object?["events"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "commit" }
            XCTAssertEqual(events.last?["change"] as? String, "renamed from tickets/incidents/2026/" + Self.quotedNames[index], "JSON keeps the exact path")
        }
    }

    func testVisibleText() {
        XCTAssertEqual(VisibleText.escape("tickets/a b/草稿 \"x\" \\y.md"), "tickets/a b/草稿 \"x\" \\y.md")
        XCTAssertEqual(VisibleText.escape("a\nb\tc\rd\u{1b}[0m\u{7f}\u{0}\u{85}"), "a\\nb\\tc\\rd\\x1b[0m\\x7f\\x00\\u{85}")
    }

    // MARK: git runs under a timeout

    func testGitThatOutrunsItsTimeoutIsStopped() throws {
        let repo = try HistoryTestRepository()
        guard var git = Git(directory: repo.root) else { throw XCTSkip("git is not available") }
        git.timeout = 0.5
        // Opening a FIFO nobody writes to blocks git itself (no child process).
        XCTAssertEqual(mkfifo(repo.root + "/fifo", 0o600), 0)
        let started = Date()
        XCTAssertThrowsError(try git.run(["hash-object", "fifo"])) { error in
            XCTAssertEqual((error as? CommandFailure)?.message, "expected git hash-object to finish within 0.5 s, found it still running and stopped it; set DOCKET_GIT_TIMEOUT to more seconds for a very large history")
            XCTAssertEqual((error as? CommandFailure)?.exitCode, 2)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }

    func testGitTimeoutComesFromTheEnvironment() {
        XCTAssertEqual(Git(directory: "/", environment: ["PATH": "/usr/bin:/bin", "DOCKET_GIT_TIMEOUT": "42"])?.timeout, 42)
        XCTAssertEqual(Git(directory: "/", environment: ["PATH": "/usr/bin:/bin", "DOCKET_GIT_TIMEOUT": "soon"])?.timeout, 600)
    }
}
