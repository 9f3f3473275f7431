import Foundation
import XCTest
@testable import DocketKit

/// Runs the examples of the SLA rules against a copy of the bundled sample,
/// passing the example's `now` as `--now`.
final class SLARuleExampleTests: XCTestCase {
    private func check(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let rule = try XCTUnwrap(RuleCatalog.rule(id), file: file, line: line)
        XCTAssertFalse(rule.examples.filter(\.passes).isEmpty, file: file, line: line)
        XCTAssertFalse(rule.examples.filter { !$0.passes }.isEmpty, file: file, line: line)
        for (number, example) in rule.examples.enumerated() {
            let repo = try TemporaryRepository(withTickets: true)
            defer { repo.cleanUp() }
            var marked: [(String, Int)] = []
            for exampleFile in example.files {
                XCTAssertFalse(exampleFile.text.contains("fixture edit failed"), "\(id) example \(number + 1): \(exampleFile.text)", file: file, line: line)
                let lines = exampleFile.text.split(separator: "\n", omittingEmptySubsequences: false)
                for (index, text) in lines.enumerated() where text.hasPrefix("⚑") { marked.append((exampleFile.path, index + 1)) }
                try repo.write(exampleFile.path, exampleFile.text.replacingOccurrences(of: "⚑", with: ""))
            }
            var arguments = ["validate", "--format", "json"]
            if let now = example.now { arguments += ["--now", now] } else { arguments += ["--now", "2026-11-30T10:00:00+08:00"] }
            let result = repo.run(arguments)
            let paths = Set(example.files.map(\.path))
            let findings = slaJSON(result.output).filter { $0["rule"] as? String == id && paths.contains($0["path"] as? String ?? "") }
            let label = "\(id) example \(number + 1) (\(example.passes ? "passing" : "failing")): \(result.output)\(result.errors)"
            if example.passes {
                XCTAssertTrue(findings.isEmpty, label, file: file, line: line)
            } else {
                XCTAssertFalse(findings.isEmpty, label, file: file, line: line)
                for (path, markedLine) in marked {
                    XCTAssertTrue(findings.contains { $0["path"] as? String == path && $0["line"] as? Int == markedLine }, "line \(markedLine): \(label)", file: file, line: line)
                }
            }
            // Apart from the rule under test (and the SLA warnings a breach brings), the example is clean.
            let others = slaJSON(result.output).filter { $0["rule"] as? String != id && $0["severity"] as? String == "error" }
            XCTAssertTrue(others.isEmpty, label, file: file, line: line)
        }
    }

    func testResponseBreachExamples() throws { try check("sla-response-breach") }
    func testResolutionBreachExamples() throws { try check("sla-resolution-breach") }
    func testEscalationOverdueExamples() throws { try check("escalation-overdue") }

    func testSeverities() {
        XCTAssertEqual(RuleCatalog.rule("sla-response-breach")?.severity, .warning)
        XCTAssertEqual(RuleCatalog.rule("sla-resolution-breach")?.severity, .warning)
        XCTAssertEqual(RuleCatalog.rule("escalation-overdue")?.severity, .error)
    }

    /// Open records are only measured when a `now` is known.
    func testOpenRecordsNeedNow() throws {
        let procedures = try ProcedureSet.load(root: packageRoot)
        let evaluator = try XCTUnwrap(SLAEvaluator(procedures: procedures, now: nil))
        let reader = RecordReader(procedures: procedures)
        let path = "tickets/incidents/2026/INC-2026-0022.md"
        var sink = DiagnosticSink(path: path)
        let bytes = try XCTUnwrap(FileSystem.read(packageRoot + "/" + path))
        let record = try XCTUnwrap(reader.read(path: path, bytes: bytes, procedure: try XCTUnwrap(procedures.procedure(kind: "incident")), sink: &sink))
        let report = try XCTUnwrap(evaluator.evaluate(record))
        XCTAssertNotNil(report.response)      // responded_at is known
        XCTAssertNil(report.resolution)       // still open
        XCTAssertTrue(report.escalations.isEmpty)
    }
}
