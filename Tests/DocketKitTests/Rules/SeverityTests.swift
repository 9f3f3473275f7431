import Foundation
import XCTest
@testable import DocketKit

/// A procedure's `severity:` applies to a rule wherever it is raised, and `off` turns it off.
final class SeverityTests: XCTestCase {
    var root = ""
    let now = "2026-11-30T10:00:00+08:00"

    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func setIncidentSeverity(_ yaml: String) throws {
        // From the bundled procedure, so a test may set it more than once.
        let path = root + "/procedures/incident.md"
        let text = try String(contentsOfFile: TestRepository.packageRoot + "/procedures/incident.md", encoding: .utf8)
        XCTAssertTrue(text.contains("\nseverity: {}\n"))
        try text.replacingOccurrences(of: "\nseverity: {}\n", with: "\nseverity: \(yaml)\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func validate(_ extra: [String] = []) throws -> (status: Int32, diagnostics: [Diagnostic]) {
        let run = TestRepository.run(["validate", "--format", "json", "--now", now] + extra, in: root)
        XCTAssertTrue(run.status == 0 || run.status == 1, run.errors)
        return (run.status, try JSONDecoder().decode([Diagnostic].self, from: Data(run.output.utf8)))
    }

    /// Issue 9.2's acceptance: a bad file name (found by the walk) and a bad id (found by the
    /// record rules) are both warnings; sla-resolution-breach is gone; `docket rules` says so.
    func testIncidentSeveritiesApplyToTheWalkTheRecordAndTheSLA() throws {
        try TestRepository.write(Fixture.newIncident, to: "tickets/incidents/2026/inc-2026-9001.md", in: root)
        try TestRepository.write(Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "id: INC-26-9002")),
                                 to: "tickets/incidents/2026/INC-2026-9002.md", in: root)
        try TestRepository.write(Fixture.newIncident, to: "tickets/notes.md", in: root)

        let before = try validate()
        let idFormat = before.diagnostics.filter { $0.rule == "id-format" }
        XCTAssertEqual(idFormat.map(\.path).sorted(), ["tickets/incidents/2026/INC-2026-9002.md", "tickets/incidents/2026/inc-2026-9001.md", "tickets/notes.md"])
        XCTAssertTrue(idFormat.allSatisfy { $0.severity == .error }, "\(idFormat)")
        XCTAssertTrue(before.diagnostics.contains { $0.rule == "sla-resolution-breach" && $0.path.hasPrefix("tickets/incidents/") })

        try setIncidentSeverity("{id-format: warning, sla-resolution-breach: off}")
        let after = try validate()
        let incidentIDFormat = after.diagnostics.filter { $0.rule == "id-format" && $0.path.hasPrefix("tickets/incidents/") }
        XCTAssertEqual(incidentIDFormat.count, 2, "\(after.diagnostics)")
        XCTAssertTrue(incidentIDFormat.allSatisfy { $0.severity == .warning }, "\(incidentIDFormat)")
        // Outside every kind's folder no procedure applies: the default stands.
        XCTAssertEqual(after.diagnostics.first { $0.path == "tickets/notes.md" }?.severity, .error)
        XCTAssertFalse(after.diagnostics.contains { $0.rule == "sla-resolution-breach" && $0.path.hasPrefix("tickets/incidents/") })
        // Requests keep theirs.
        XCTAssertTrue(after.diagnostics.contains { $0.rule == "sla-resolution-breach" && $0.path.hasPrefix("tickets/requests/") })

        let text = TestRepository.run(["validate", "--now", now], in: root)
        XCTAssertTrue(text.output.contains("tickets/incidents/2026/inc-2026-9001.md:1:1: warning: "), text.output)

        let rules = TestRepository.run(["rules"], in: root)
        XCTAssertEqual(rules.status, 0, rules.errors)
        let lines = rules.output.split(separator: "\n").map(String.init)
        func exceptions(of rule: String) -> [String] {
            guard let start = lines.firstIndex(where: { $0.hasPrefix(rule + " ") }) else { return [] }
            return lines[(start + 1)...].prefix { $0.hasPrefix(" ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("id-format ") && $0.contains(" error ") })
        XCTAssertEqual(exceptions(of: "id-format"), ["incident: warning"])
        XCTAssertEqual(exceptions(of: "sla-resolution-breach"), ["incident: off"])
        XCTAssertEqual(exceptions(of: "id-filename"), [])
        let one = TestRepository.run(["rules", "sla-resolution-breach"], in: root)
        XCTAssertTrue(one.output.hasPrefix("sla-resolution-breach (warning; incident: off, sla)"), one.output)
    }

    func testEveryKindOverridingShowsInTheColumn() throws {
        for kind in ["change", "cmdb", "incident", "knowledge", "problem", "request"] {
            let path = root + "/procedures/\(kind).md"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "\nseverity: {}\n", with: "\nseverity: {unknown-field: note}\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let rules = TestRepository.run(["rules", "--root", root], in: "/")
        XCTAssertTrue(rules.output.split(separator: "\n").contains { $0.hasPrefix("unknown-field ") && $0.contains(" note ") }, rules.output)
    }

    func testRulesOutsideARepositoryShowsTheDefaults() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("docket-empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let rules = TestRepository.run(["rules"], in: empty)
        XCTAssertEqual(rules.status, 0, rules.errors)
        XCTAssertTrue(rules.output.split(separator: "\n").contains { $0.hasPrefix("sla-resolution-breach ") && $0.contains(" warning ") })
        XCTAssertFalse(rules.output.contains("incident:"))
    }

    /// The walk's refusals take the kind's severity too.
    func testWalkRefusalTakesTheKindsSeverity() throws {
        let link = root + "/tickets/incidents/2026/INC-2026-9002.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
        XCTAssertEqual(try validate().diagnostics.first { $0.rule == "path-unsafe" }?.severity, .error)
        try setIncidentSeverity("{path-unsafe: note}")
        XCTAssertEqual(try validate().diagnostics.first { $0.rule == "path-unsafe" }?.severity, .note)
        try setIncidentSeverity("{path-unsafe: off}")
        XCTAssertFalse(try validate().diagnostics.contains { $0.rule == "path-unsafe" })
    }

    /// A rule declared in the procedure (`constraints:`) is turned off like a built-in one.
    func testDeclaredRuleCanBeTurnedOff() throws {
        let unnotified = Fixture.edit(Fixture.closedIncident, ("customer_notified: true", "customer_notified: false"))
        try TestRepository.write(unnotified, to: Fixture.incidentPath, in: root)
        XCTAssertTrue(try validate([Fixture.incidentPath]).diagnostics.contains { $0.rule == "close-needs-notification" })
        try setIncidentSeverity("{close-needs-notification: off}")
        XCTAssertEqual(try validate([Fixture.incidentPath]).diagnostics, [])
    }

    func testBadSeverityIsAProcedureError() throws {
        try setIncidentSeverity("{id-format: loud}")
        let run = TestRepository.run(["validate"], in: root)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.errors.contains("expected severity error, warning, note or off, found \"loud\""), run.errors)
        try String(contentsOfFile: TestRepository.packageRoot + "/procedures/incident.md", encoding: .utf8)
            .replacingOccurrences(of: "\nseverity: {}\n", with: "\nseverity: {id-fromat: off}\n")
            .write(toFile: root + "/procedures/incident.md", atomically: true, encoding: .utf8)
        let typo = TestRepository.run(["rules"], in: root)
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.errors.contains("did you mean \"id-format\"?"), typo.errors)
    }

    func testSinkDropsRulesThatAreOff() {
        var severities = RuleSeverities()
        severities.set(.worklogOrder, to: nil)
        severities.set(.idFormat, to: .note)
        var sink = DiagnosticSink(path: "a.md", severities: severities)
        sink.report(.worklogOrder, at: .start, "dropped")
        sink.report(.idFormat, at: .start, "kept")
        sink.report(.enumValue, at: .start, "default")
        XCTAssertEqual(sink.diagnostics.map(\.rule), ["id-format", "enum-value"])
        XCTAssertEqual(sink.diagnostics.map(\.severity), [.note, .error])
        severities.set(.worklogOrder, to: .warning)
        XCTAssertEqual(severities.effective(.worklogOrder), .warning)
    }
}
