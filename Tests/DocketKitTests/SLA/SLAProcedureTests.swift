import Foundation
import XCTest
@testable import DocketKit

/// A broken procedures/sla.md is `procedure-invalid`, exit 2.
final class SLAProcedureTests: XCTestCase {
    private func assertBroken(_ replacements: [(String, String)], contains text: String, line: Int? = nil,
                              file: StaticString = #filePath, lineNumber: UInt = #line) throws {
        let repo = try TemporaryRepository()
        defer { repo.cleanUp() }
        var document = try repo.read("procedures/sla.md")
        for (old, new) in replacements {
            XCTAssertNotNil(document.range(of: old), "not in sla.md: \(old)", file: file, line: lineNumber)
            document = document.replacingOccurrences(of: old, with: new)
        }
        try repo.write("procedures/sla.md", document)
        let result = repo.run(["validate", "--now", "2026-11-30T10:00:00+08:00"])
        XCTAssertEqual(result.status, 2, result.output + result.errors, file: file, line: lineNumber)
        XCTAssertTrue(result.errors.contains("procedures/sla.md:"), result.errors, file: file, line: lineNumber)
        XCTAssertTrue(result.errors.contains("[procedure-invalid]"), result.errors, file: file, line: lineNumber)
        XCTAssertTrue(result.errors.contains(text), result.errors, file: file, line: lineNumber)
        if let line {
            XCTAssertTrue(result.errors.contains("procedures/sla.md:\(line):"), result.errors, file: file, line: lineNumber)
        }
        let sla = repo.run(["sla", "--now", "2026-11-30T10:00:00+08:00"])
        XCTAssertEqual(sla.status, 2, file: file, line: lineNumber)
        XCTAssertTrue(sla.errors.contains("[procedure-invalid]") && sla.errors.contains(text), sla.errors, file: file, line: lineNumber)
        let show = repo.run(["show", "INC-2026-0001", "--now", "2026-11-30T10:00:00+08:00"])
        XCTAssertEqual(show.status, 2, file: file, line: lineNumber)
        XCTAssertTrue(show.errors.contains("[procedure-invalid]"), show.errors, file: file, line: lineNumber)
    }

    func testSampleLoads() throws {
        let set = try ProcedureSet.load(root: packageRoot)
        let policy = try XCTUnwrap(set.sla)
        XCTAssertEqual(policy.targets["incident"]?["P2"], SLATarget(response: 1800, resolution: 8 * 3600, calendar: "office"))
        XCTAssertEqual(policy.targets["request"]?.count, 4)
        XCTAssertEqual(policy.pause["incident"], ["pending"])
        XCTAssertEqual(policy.escalation["incident"], [EscalationThreshold(level: "line-2", percent: 50),
                                                       EscalationThreshold(level: "incident-manager", percent: 100)])
        XCTAssertEqual(policy.calendars["office"]?.workdays.count, 6)
    }

    func testUnknownCalendar() throws {
        try assertBroken([("P2: {response: 30m, resolution: 8h, calendar: office}", "P2: {response: 30m, resolution: 8h, calendar: ofice}")],
                         contains: "expected a calendar (24x7, office), found \"ofice\"")
    }

    func testSpanEndingBeforeItStarts() throws {
        try assertBroken([("\"13:30-18:30\"", "\"18:30-13:30\"")], contains: "expected a span that ends after it starts, found \"18:30-13:30\"")
    }

    func testPriorityWithoutTargets() throws {
        try assertBroken([("    P4: {response: 4h, resolution: 40h, calendar: office}\n  request:", "  request:")],
                         contains: "expected targets for every priority of incident (P1, P2, P3, P4), found none for P4", line: 22)
    }

    func testPriorityWithEmptyTargets() throws {
        try assertBroken([("P2: {response: 30m, resolution: 8h, calendar: office}", "P2: {calendar: office}")],
                         contains: "expected both response and resolution targets, found neither")
        try assertBroken([("P2: {response: 30m, resolution: 8h, calendar: office}", "P2: {response: 30m, calendar: office}")],
                         contains: "expected both response and resolution targets, found only response")
    }

    func testUnknownPriority() throws {
        try assertBroken([("    P4: {response: 4h, resolution: 40h, calendar: office}\n  request:", "    P5: {response: 4h, resolution: 40h, calendar: office}\n  request:")],
                         contains: "expected a priority of incident (P1, P2, P3, P4), found \"P5\"")
    }

    func testUnknownKind() throws {
        try assertBroken([("  request:                       # resolution", "  requests:                       # resolution")],
                         contains: "expected a defined record kind in targets (change, cmdb, incident, knowledge, problem, request), found \"requests\", did you mean \"request\"?")
    }

    func testUnknownPauseState() throws {
        try assertBroken([("incident: [pending]", "incident: [suspended]")],
                         contains: "expected a state of incident (new, assigned, in-progress, pending, resolved, closed), found \"suspended\"")
    }

    func testUnknownEscalationLevel() throws {
        try assertBroken([("{line-2: 50%, incident-manager: 100%}", "{line-3: 50%, incident-manager: 100%}")],
                         contains: "expected an escalation level of incident (line-2, incident-manager, vendor), found \"line-3\"")
    }

    func testKindWithoutPriorityField() throws {
        try assertBroken([("pause:                           # states in which the clock stops", "  knowledge:\n    P1: {response: 1h, resolution: 2h, calendar: office}\npause:")],
                         contains: "expected kind knowledge to have an enum field priority for its targets, found none")
    }
}
