import Foundation
import XCTest
@testable import DocketKit

/// Acceptance review of issue 3 (requests, problems, changes, knowledge, CMDB): the bugs it
/// found, links for every reference field of every kind, change transitions by change_type.
final class PackAuditTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    static let changePath = "tickets/changes/2026/CHG-2026-9001.md"
    static let requestPath = "tickets/requests/2026/REQ-2026-0001.md"

    /// Writes `text` to `path` in the copy and validates that file; returns its diagnostics.
    func diagnostics(_ text: String, at path: String) throws -> [Diagnostic] {
        try TestRepository.write(text, to: path, in: root)
        let result = TestRepository.run(["validate", "--root", root, "--format", "json", "--now", "2026-11-30T10:00:00+08:00", path], in: root)
        return try JSONDecoder().decode([Diagnostic].self, from: Data(result.output.utf8)).filter { $0.path == path }
    }

    func summary(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map { "\($0.rule)@\($0.line)" }.sorted() }

    func line(of prefix: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(prefix) } ?? -1) + 1
    }

    // MARK: bug: a missing review was reported twice (change-review and required-field / section-missing)

    func testMissingReviewIsReportedOnceUnderChangeReview() throws {
        let reviewed = Fixture.edit(ChangeReviewRule.reviewed, ("⚑", ""))
        XCTAssertEqual(summary(try diagnostics(reviewed, at: Self.changePath)), [])
        let status = line(of: "status:", in: reviewed)
        let noDate = Fixture.edit(reviewed, ("reviewed_at: 2026-11-10 10:00\n", ""))
        XCTAssertEqual(summary(try diagnostics(noDate, at: Self.changePath)), ["change-review@\(status)"])
        let noSection = Fixture.edit(reviewed, ("## 实施后评审\n变更后一周内未再出现导出超时。\n", ""))
        XCTAssertEqual(summary(try diagnostics(noSection, at: Self.changePath)), ["change-review@\(status)"])
        let empty = Fixture.edit(reviewed, ("变更后一周内未再出现导出超时。\n", "<!-- 待填写 -->\n"))
        XCTAssertEqual(summary(try diagnostics(empty, at: Self.changePath)), ["change-review@\(line(of: "## 实施后评审", in: empty))"])
        let closed = Fixture.edit(noSection, ("status: reviewed", "status: closed"), ("reviewed_at: 2026-11-10 10:00", "reviewed_at: 2026-11-10 10:00\nclosed_at: 2026-11-11 10:00"))
        XCTAssertEqual(summary(try diagnostics(closed, at: Self.changePath)), ["change-review@\(status)"])
    }

    // MARK: bug: approved_by with one person (no list) was field-type, and escaped the approval rules

    func testApprovedByTakesASinglePerson() throws {
        let normal = ChangeApprovalRule.normal
        let approvers = line(of: "approved_by:", in: normal)
        XCTAssertEqual(summary(try diagnostics(Fixture.edit(normal, ("approved_by: [wujiu, zhengshi]", "approved_by: wujiu")), at: Self.changePath)), [])
        XCTAssertEqual(summary(try diagnostics(Fixture.edit(normal, ("approved_by: [wujiu, zhengshi]", "approved_by: lisi")), at: Self.changePath)),
                       ["change-approval@\(approvers)"])
        XCTAssertEqual(summary(try diagnostics(Fixture.edit(normal, ("approved_by: [wujiu, zhengshi]", "approved_by: sunqi")), at: Self.changePath)),
                       ["change-approval@\(approvers)", "segregation-of-duties@\(approvers)"])
        XCTAssertEqual(summary(try diagnostics(Fixture.edit(normal, ("approved_by: [wujiu, zhengshi]", "approved_by: nobody")), at: Self.changePath)),
                       ["person-unknown@\(approvers)"])
        // The schema accepts the same.
        let schema = try XCTUnwrap(SampleRepository.json(SampleRepository.run(["schema", "change"]).output) as? [String: Any])
        let properties = try XCTUnwrap(schema["properties"] as? [String: [String: Any]])
        let options = try XCTUnwrap(properties["approved_by"]?["anyOf"] as? [[String: Any]])
        XCTAssertTrue((options.first?["enum"] as? [Any])?.contains { $0 as? String == "wujiu" } ?? false, "\(options)")
        XCTAssertEqual(options.dropFirst().first?["type"] as? String, "array")
    }

    // MARK: bug: a declared constraint reported a value again that already broke its type

    func testBrokenValueIsNotReportedAgainByAConstraint() throws {
        let request = try String(contentsOfFile: root + "/" + Self.requestPath, encoding: .utf8)
        let notified = line(of: "customer_notified:", in: request)
        XCTAssertEqual(summary(try diagnostics(Fixture.edit(request, ("customer_notified: true", "customer_notified: yes")), at: Self.requestPath)),
                       ["field-type@\(notified)"])
        let notNotified = try diagnostics(Fixture.edit(request, ("customer_notified: true", "customer_notified: false")), at: Self.requestPath)
        XCTAssertEqual(summary(notNotified), ["close-needs-notification@\(notified)"])
        XCTAssertTrue(notNotified[0].message.hasSuffix("expected customer_notified true, found \"false\""), notNotified[0].message)
        let incident = Fixture.closedIncident
        let confirmed = line(of: "user_confirmed:", in: incident)
        XCTAssertEqual(summary(try diagnostics(Fixture.edit(incident, ("user_confirmed: true", "user_confirmed: 是")), at: Fixture.incidentPath)),
                       ["field-type@\(confirmed)"])
    }

    // MARK: bug: "expected a incident id"; link messages say what was expected and found

    func testLinkMessagesSayWhatWasExpectedAndFound() throws {
        let normal = Fixture.edit(ChangeApprovalRule.normal, ("result: success", "result: success\nincidents: [PRB-2026-0001, INC-2026-0999]"))
        let found = try diagnostics(normal, at: Self.changePath)
        XCTAssertEqual(found.first { $0.rule == "link-kind" }?.message, "expected an incident id in incidents, found PRB-2026-0001, a problem record")
        let missing = try XCTUnwrap(found.first { $0.rule == "link-missing" }?.message)
        XCTAssertTrue(missing.hasPrefix("expected incidents to name an existing record, found no record INC-2026-0999"), missing)
        let problem = Fixture.edit(ChangeApprovalRule.normal, ("result: success", "result: success\nproblems: [KB-0001]"))
        XCTAssertEqual(try diagnostics(problem, at: Self.changePath).map(\.message), ["expected a problem id in problems, found KB-0001, a knowledge record"])
    }

    // MARK: link-missing and link-kind for every reference field of every kind

    func testEveryReferenceFieldOfEveryKindChecksItsLinks() throws {
        let procedures = try ProcedureSet.load(root: root)
        let existing = ["incident": "INC-2026-0004", "request": "REQ-2026-0001", "problem": "PRB-2026-0001",
                        "change": "CHG-2026-0002", "knowledge": "KB-0001", "cmdb": "CI-APP-FIN"]
        let missing = ["incident": "INC-2026-9999", "request": "REQ-2026-9999", "problem": "PRB-2026-9999",
                       "change": "CHG-2026-9999", "knowledge": "KB-9999", "cmdb": "CI-NO-SUCH-ITEM"]
        let bases = ["incident": "tickets/incidents/2026/INC-2026-0004.md", "request": Self.requestPath,
                     "problem": "tickets/problems/2026/PRB-2026-0001.md", "change": "tickets/changes/2026/CHG-2026-0002.md",
                     "knowledge": "tickets/knowledge/KB-0001.md", "cmdb": "tickets/cmdb/CI-APP-FIN.md"]
        func target(_ type: FieldType) -> String?? {
            switch type {
            case .reference(let kind): return .some(kind)
            case .list(let item): return target(item.type)
            default: return nil
            }
        }
        var checked: [String] = []
        for procedure in procedures.procedures {
            let path = try XCTUnwrap(bases[procedure.kind], procedure.kind)
            let original = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            for spec in procedure.fields {
                guard let expectedKind = target(spec.type) else { continue }
                var lines = original.components(separatedBy: "\n")
                lines.removeAll { $0.hasPrefix(spec.key + ":") }
                let at = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("status:") }) + 2
                func check(_ id: String, _ rule: String) throws {
                    var edited = lines
                    edited.insert("\(spec.key): [\(id)]", at: at - 1)
                    let found = try diagnostics(edited.joined(separator: "\n"), at: path)
                    XCTAssertTrue(found.contains { $0.rule == rule && $0.line == at }, "\(procedure.kind).\(spec.key) = \(id): expected \(rule) at line \(at), got \(found)")
                    checked.append("\(procedure.kind).\(spec.key) \(rule)")
                }
                try check(missing[expectedKind ?? "incident"]!, "link-missing")
                if let expectedKind {
                    let other = try XCTUnwrap(existing.keys.sorted().first { $0 != expectedKind })
                    try check(existing[other]!, "link-kind")
                }
            }
            try TestRepository.write(original, to: path, in: root)
        }
        for field in ["problem.incidents", "problem.changes", "problem.configuration_items", "change.incidents", "change.problems",
                      "change.configuration_items", "knowledge.configuration_items", "cmdb.depends_on", "incident.problems"] {
            XCTAssertTrue(checked.contains("\(field) link-kind"), field)
        }
        for field in ["request.related", "knowledge.related", "incident.related"] { XCTAssertTrue(checked.contains("\(field) link-missing"), field) }
    }

    // MARK: submitted -> implemented only for standard and emergency changes

    func testSubmittedToImplementedDependsOnChangeType() throws {
        let repo = try HistoryTestRepository()
        let types = ["CHG-2026-0901": "normal", "CHG-2026-0902": "standard", "CHG-2026-0903": "emergency"]
        func text(_ id: String, _ status: String, _ extra: String) -> String {
            """
            ---
            id: \(id)
            title: 历史测试
            status: \(status)
            change_type: \(types[id]!)
            requested_at: 2026-11-03 10:00
            requester: zhouba
            risk: low
            implementer: sunqi
            incidents: [INC-2026-0013]
            \(extra)---
            ## 变更描述
            测试。

            ## 风险评估
            低。

            ## 实施计划
            步骤。

            ## 回退计划
            回退。

            """
        }
        for id in types.keys { try repo.write(repo.path(id), text(id, "submitted", "")) }
        try repo.commit("submit")
        for id in types.keys {
            let approval = types[id] == "normal" ? "approved_by: [wujiu]\napproved_at: 2026-11-03 12:00\n" : ""
            try repo.write(repo.path(id), text(id, "implemented", approval + "implemented_at: 2026-11-04 10:00\nresult: success\n"))
        }
        let hash = try repo.commit("implement")
        let result = repo.validate(since: "HEAD~1")
        let invalid = result.output.lines(rule: "transition-invalid")
        XCTAssertEqual(invalid.count, 1, result.output)
        XCTAssertTrue(invalid.first?.hasPrefix("tickets/changes/2026/CHG-2026-0901.md:4:1: error: status went from submitted to implemented in commit \(hash)") ?? false, result.output)
        XCTAssertTrue(invalid.first?.contains("expected a transition of procedures/change.md: submitted to assessed") ?? false, result.output)
        XCTAssertFalse(result.output.contains("CHG-2026-0902"), result.output)
        XCTAssertFalse(result.output.contains("CHG-2026-0903"), result.output)
    }
}
