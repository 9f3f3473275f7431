import Foundation
import XCTest
@testable import DocketKit

/// `docket validate --select/--ignore`, `select:`/`ignore:` in repository.md, `--statistics`
/// and baselines (`--write-baseline`, `--baseline`, `--show-baselined`).
final class RuleSelectionBaselineTests: XCTestCase {
    static let now = "2026-11-30T10:00:00+08:00"
    var root = ""

    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func validate(_ extra: [String]) -> (status: Int32, output: String, errors: String) {
        TestRepository.run(["validate", "--root", root, "--now", Self.now] + extra, in: root)
    }

    func rules(_ output: String) -> Set<String> {
        Set(output.split(separator: "\n").compactMap { line -> String? in
            guard line.hasSuffix("]"), let open = line.lastIndex(of: "[") else { return nil }
            return String(line[line.index(after: open)..<line.index(before: line.endIndex)])
        })
    }

    /// Breaks INC-2026-0003 (`channel: pigeon`, an enum-value error).
    func breakRecord(_ id: String = "INC-2026-0003", _ old: String = "channel: monitoring", _ new: String = "channel: pigeon") throws {
        let path = "tickets/incidents/2026/\(id).md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        XCTAssertTrue(text.contains(old))
        try TestRepository.write(text.replacingOccurrences(of: old, with: new), to: path, in: root)
    }

    func setRepositoryList(_ yaml: String) throws {
        let path = root + "/procedures/repository.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "max_file_size: 1048576\n", with: "max_file_size: 1048576\n" + yaml).write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: rule selection

    func testSelectAndIgnoreTakeIdsAndGroups() throws {
        try breakRecord()
        XCTAssertEqual(rules(validate([]).output), ["enum-value", "sla-resolution-breach", "sla-response-breach"])
        let sla = validate(["--select", "sla"])
        XCTAssertEqual(sla.status, 0, "the enum-value error is not selected")
        XCTAssertEqual(rules(sla.output), ["sla-resolution-breach", "sla-response-breach"])
        XCTAssertEqual(rules(validate(["--select", "enum-value,sla-response-breach"]).output), ["enum-value", "sla-response-breach"])
        XCTAssertEqual(rules(validate(["--select", "enum-value", "--select", "sla-response-breach"]).output), ["enum-value", "sla-response-breach"])
        XCTAssertEqual(rules(validate(["--ignore", "sla"]).output), ["enum-value"])
        XCTAssertEqual(rules(validate(["--select", "sla", "--ignore", "sla-resolution-breach"]).output), ["sla-response-breach"])
    }

    func testUnknownRuleOrGroupIsAUsageErrorWithDidYouMean() {
        let typo = validate(["--ignore", "sla-resolution-breech"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.errors.contains("found \"sla-resolution-breech\"; did you mean \"sla-resolution-breach\"?"), typo.errors)
        let group = validate(["--select", "link"])
        XCTAssertEqual(group.status, 2)
        XCTAssertTrue(group.errors.contains("did you mean \"links\"?"), group.errors)
    }

    func testRepositoryListsAndCommandLinePrecedence() throws {
        try breakRecord()
        try setRepositoryList("ignore: [sla]\n")
        XCTAssertEqual(rules(validate([]).output), ["enum-value"])
        // --select names sla on the command line: it wins over ignore: of the repository.
        XCTAssertEqual(rules(validate(["--select", "sla"]).output), ["sla-resolution-breach", "sla-response-breach"])
        // --ignore replaces ignore:.
        XCTAssertEqual(rules(validate(["--ignore", "enum-value"]).output), ["sla-resolution-breach", "sla-response-breach"])
        try setRepositoryList("select:\n  - fields\n")
        let fieldsOnly: Set<String> = ["enum-value"]
        XCTAssertEqual(rules(validate([]).output), fieldsOnly)
    }

    func testUnknownNameInRepositoryIsAProcedureError() throws {
        try setRepositoryList("ignore: [sla, sla-resolution-breech]\n")
        let result = validate([])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("procedures/repository.md:"), result.errors)
        XCTAssertTrue(result.errors.contains("did you mean \"sla-resolution-breach\"?"), result.errors)
        XCTAssertTrue(result.errors.contains("[procedure-invalid]"), result.errors)
    }

    func testAGroupLeftOutWholeIsExcluded() throws {
        let selection = RuleSelection(select: nil, ignore: RuleSelection.rules(named: "sla"), repositorySelect: nil, repositoryIgnore: nil)
        XCTAssertTrue(selection.excludesGroup("sla"))
        XCTAssertFalse(selection.excludesGroup("fields"))
        let partly = RuleSelection(select: nil, ignore: [.untriaged], repositorySelect: nil, repositoryIgnore: nil)
        XCTAssertFalse(partly.excludesGroup("sla"))
    }

    func testStatisticsCountPerRuleMostFirst() throws {
        try breakRecord()
        let result = validate(["--statistics"])
        XCTAssertEqual(result.status, 1)
        let lines = result.errors.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, ["statistics:", "  15  sla-resolution-breach", "   3  sla-response-breach", "   1  enum-value", "  19 findings reported"])
        XCTAssertFalse(result.output.contains("statistics"), "standard output keeps the findings only")
        let json = validate(["--statistics", "--format", "json"])
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.output.utf8)))
        XCTAssertEqual(json.errors, result.errors)
    }

    func testGroupsAreInTheCatalogAndShownByRules() {
        XCTAssertEqual(Set(RuleCatalog.groups), Set(RuleCatalog.all.map(\.group)))
        for group in RuleCatalog.groups { XCTAssertNil(RuleID(rawValue: group), "\(group) is both a group and a rule id") }
        let listing = TestRepository.run(["rules"], in: root).output
        XCTAssertTrue(listing.contains("groups (for validate --select and --ignore): file, identity, fields"), listing)
        XCTAssertTrue(listing.split(separator: "\n").contains { $0.hasPrefix("escalation-overdue ") && $0.contains(" sla ") }, listing)
    }

    // MARK: baselines

    func testBaselineHidesExactlyTodaysFindingsAndANewDefectIsReported() throws {
        try breakRecord()
        let today = validate(["--format", "json"])
        let todays = try JSONDecoder().decode([Diagnostic].self, from: Data(today.output.utf8))
        XCTAssertEqual(todays.count, 19)
        let write = validate(["--write-baseline", "baseline.json"])
        XCTAssertEqual(write.status, 0, write.errors)
        XCTAssertTrue(write.output.hasSuffix("no problems in 177 files; 19 findings written to baseline baseline.json\n"), write.output)
        let file = try String(contentsOfFile: root + "/baseline.json", encoding: .utf8)
        XCTAssertFalse(file.contains("\"line\""), "no line numbers in a baseline")
        // Written twice: the same bytes.
        _ = validate(["--write-baseline", "baseline.json"])
        XCTAssertEqual(try String(contentsOfFile: root + "/baseline.json", encoding: .utf8), file)

        let clean = validate(["--baseline", "baseline.json"])
        XCTAssertEqual(clean.status, 0, clean.output)
        XCTAssertEqual(clean.output, "no problems in 177 files; 19 findings hidden by baseline baseline.json\n")

        try breakRecord("INC-2026-0004", "channel: phone")
        let fresh = validate(["--baseline", "baseline.json", "--format", "json"])
        XCTAssertEqual(fresh.status, 1)
        let reported = try JSONDecoder().decode([Diagnostic].self, from: Data(fresh.output.utf8))
        XCTAssertEqual(reported.map(\.path), ["tickets/incidents/2026/INC-2026-0004.md"])
        XCTAssertEqual(reported.map(\.rule), ["enum-value"])
        XCTAssertEqual(fresh.errors, "docket validate: 19 findings hidden by baseline baseline.json\n")
    }

    func testMovedLinesDoNotReviveABaselinedFinding() throws {
        try breakRecord()
        XCTAssertEqual(validate(["--write-baseline", "baseline.json"]).status, 0)
        func enumValueLine() throws -> Int? {
            let findings = try JSONDecoder().decode([Diagnostic].self, from: Data(validate(["--format", "json"]).output.utf8))
            return findings.first { $0.rule == "enum-value" }?.line
        }
        let before = try enumValueLine()
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        // Lines inserted above the finding, and the finding's line moved down below others.
        var lines = text.components(separatedBy: "\n")
        let channel = lines.firstIndex { $0.hasPrefix("channel:") }!
        let moved = lines.remove(at: channel)
        lines.insert(moved, at: channel + 2)
        lines.insert("# 复核时补充的说明\n# 第二行说明", at: 1)
        try TestRepository.write(lines.joined(separator: "\n"), to: path, in: root)
        XCTAssertEqual(try enumValueLine(), before.map { $0 + 4 })
        let result = validate(["--baseline", "baseline.json"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(result.output, "no problems in 177 files; 19 findings hidden by baseline baseline.json\n")
    }

    func testShowBaselinedPrintsTheHiddenOnesMarked() throws {
        try breakRecord()
        XCTAssertEqual(validate(["--write-baseline", ".docket/baseline.json"]).status, 0)
        let result = validate(["--baseline", ".docket/baseline.json", "--show-baselined"])
        XCTAssertEqual(result.status, 0, "baselined findings do not fail the run")
        let enumLine = result.output.split(separator: "\n").first { $0.hasSuffix("[enum-value]") }
        XCTAssertEqual(enumLine.map { $0.contains(": note: baselined error: ") }, true, result.output)
        XCTAssertTrue(result.output.hasSuffix("0 errors, 0 warnings, 19 notes in 177 files; 19 findings hidden by baseline .docket/baseline.json (shown as notes)\n"), result.output)
    }

    func testMalformedBaselineIsAnErrorWithPathAndLine() throws {
        try TestRepository.write("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"enum-valu\", \"record\": \"INC-2026-0003\", \"fingerprint\": \"0123456789abcdef0123456789abcdef\"}\n  ]\n}\n",
                                 to: "bad.json", in: root)
        let unknownRule = validate(["--baseline", "bad.json"])
        XCTAssertEqual(unknownRule.status, 2)
        XCTAssertTrue(unknownRule.errors.contains("bad.json:4:14: expected a known rule id, found \"enum-valu\"; did you mean \"enum-value\"?"), unknownRule.errors)
        try TestRepository.write("{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"enum-value\",\n", to: "bad.json", in: root)
        let syntax = validate(["--baseline", "bad.json"])
        XCTAssertEqual(syntax.status, 2)
        XCTAssertTrue(syntax.errors.contains("bad.json:"), syntax.errors)
        XCTAssertTrue(syntax.errors.contains("syntax error"), syntax.errors)
        let missing = validate(["--baseline", "none.json"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.errors.contains("expected a baseline file at none.json, found none; write one with --write-baseline none.json"), missing.errors)
        let outside = validate(["--write-baseline", "/tmp/docket-outside-baseline.json"])
        XCTAssertEqual(outside.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/docket-outside-baseline.json"))
        XCTAssertEqual(validate(["--baseline", "bad.json", "--write-baseline", "b.json"]).status, 2)
        XCTAssertEqual(validate(["--show-baselined"]).status, 2)
    }

    func testHistoryFindingsAreBaselinedByCommit() throws {
        let repo = try HistoryTestRepository()
        try repo.edit("INC-2026-0001", "status: closed", "status: resolved")
        try repo.commit("base")
        try repo.run(["tag", "base"])
        try repo.edit("INC-2026-0001", "status: resolved", "status: closed")
        try repo.commit("close", author: HistoryTestRepository.lineOne)
        let first = repo.validate(since: "base", ["--now", Self.now, "--write-baseline", "baseline.json"])
        XCTAssertEqual(first.code, 0, first.errors)
        let written = try repo.read("baseline.json")
        XCTAssertTrue(written.contains("transition-unauthorized"), written)
        XCTAssertTrue(repo.validate(since: "base", ["--now", Self.now, "--baseline", "baseline.json"]).output.lines(rule: "transition-unauthorized").isEmpty)
        // The same defect in another commit is another finding.
        try repo.edit("INC-2026-0001", "status: closed", "status: resolved")
        try repo.commit("reopen")
        try repo.edit("INC-2026-0001", "status: resolved", "status: closed")
        try repo.commit("close again", author: HistoryTestRepository.lineOne)
        let again = repo.validate(since: "base", ["--now", Self.now, "--baseline", "baseline.json"])
        XCTAssertFalse(again.output.lines(rule: "transition-unauthorized").isEmpty, again.output)
    }
}
