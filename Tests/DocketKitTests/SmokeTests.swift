import XCTest
@testable import DocketKit

final class SmokeTests: XCTestCase {
    func testDiagnosticsSortByPathThenLine() {
        let a = Diagnostic(path: "a.md", line: 9, column: 1, severity: .error, rule: .encoding, message: "m")
        let b = Diagnostic(path: "b.md", line: 1, column: 1, severity: .error, rule: .encoding, message: "m")
        XCTAssertEqual([b, a].sorted(), [a, b])
    }
}
