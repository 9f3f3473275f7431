import Foundation
import XCTest
@testable import DocketKit

/// Reporters against golden files in Snapshots/ (re-record with RECORD_SNAPSHOTS=1).
final class ReporterTests: XCTestCase {
    static let result = ValidationResult(diagnostics: [
        Diagnostic(path: "tickets/incidents/2026/INC-2026-0001.md", line: 7, column: 10, severity: .error, rule: .enumValue,
                   message: "unknown channel \"telephone\", expected one of phone, email"),
        Diagnostic(path: "tickets/incidents/2026/INC-2026-0002.md", line: 3, column: 1, severity: .warning, rule: .slaResolutionBreach,
                   message: "100% used: a, b\nline two"),
    ], filesChecked: 2)

    func snapshot(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try assertSnapshot(name, text, file: file, line: line)
    }

    func testText() throws { try snapshot("validate.txt", TextReporter.render(Self.result, color: false)) }
    func testJSON() throws { try snapshot("validate.json", JSONReporter.render(Self.result, color: false)) }
    func testGitHub() throws { try snapshot("validate.github", GitHubReporter.render(Self.result, color: false)) }

    func testJSONIsValidAndRoundTrips() throws {
        let decoded = try JSONDecoder().decode([Diagnostic].self, from: Data(JSONReporter.render(Self.result, color: false).utf8))
        XCTAssertEqual(decoded, Self.result.diagnostics)
    }

    func testColorOnlyWhenAsked() {
        XCTAssertFalse(TextReporter.render(Self.result, color: false).contains("\u{1B}"))
        XCTAssertTrue(TextReporter.render(Self.result, color: true).contains("\u{1B}[1;31m"))
        let console = Console(environment: ["NO_COLOR": "1"], currentDirectory: "/", isTerminal: true)
        XCTAssertFalse(console.useColor)
    }
}
