import XCTest
@testable import DocketKit

/// `IDTable`, the walk's stems → file positions: read as the dictionary of arrays it replaces.
final class IDTableTests: XCTestCase {
    func testPositionsComeInTheOrderTheyWereAdded() {
        var table = IDTable()
        table.append(0, for: "INC-2026-000001")
        table.append(1, for: "INC-2026-000002")
        table.append(2, for: "INC-2026-000001")
        table.append(5, for: "INC-2026-000001")
        XCTAssertEqual(table["INC-2026-000001"], [0, 2, 5])
        XCTAssertEqual(table["INC-2026-000002"], [1])
        XCTAssertEqual(table.firstPosition(of: "INC-2026-000001"), 0)
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(Set(table.keys), ["INC-2026-000001", "INC-2026-000002"])
    }

    func testAnAbsentStemHasNoPositions() {
        var table: IDTable = [:]
        XCTAssertTrue(table.isEmpty)
        table.append(3, for: "CI-APP-FIN")
        XCTAssertNil(table["CI-APP-FIM"])
        XCTAssertNil(table.firstPosition(of: "CI-APP-FIM"))
        XCTAssertFalse(table.isEmpty)
    }

    func testIteratingGivesEveryStemWithAllItsPositions() {
        let table: IDTable = ["A": [0, 4], "B": [1], "C": [2, 3, 6]]
        let pairs = table.sorted { $0.key < $1.key }
        XCTAssertEqual(pairs.map(\.key), ["A", "B", "C"])
        XCTAssertEqual(pairs.map(\.value), [[0, 4], [1], [2, 3, 6]])
        XCTAssertEqual(pairs.filter { $0.value.count > 1 }.map(\.key), ["A", "C"])
    }

    /// The validation reads the workers' results where they lie: batches in production order.
    func testStreamBatchesHoldEveryResultInProductionOrder() {
        let batches = parallelStreamBatches(pending: 64, { emit in for item in 0..<3_000 { emit(item) } }) { item -> Int in
            var total = 0
            for step in 0..<(item % 7 * 30) { total &+= step }
            return item + (total == -1 ? 1 : 0)
        }
        XCTAssertEqual(batches.flatMap { $0 }, Array(0..<3_000))
        XCTAssertTrue(batches.allSatisfy { !$0.isEmpty })
        XCTAssertEqual(parallelStreamBatches({ (_: (Int) -> Void) in }) { $0 }.count, 0)
    }

    /// A finding's text line, laid out as bytes: the colour codes around the severity only when
    /// asked, the path and message escaped, the rule in brackets.
    func testTextLinesWithAndWithoutColour() {
        let finding = Diagnostic(path: "tickets/a\nb.md", line: 12, column: 3, severity: .note, rule: .linkMissing, message: "found \u{1B}[2J")
        XCTAssertEqual(TextReporter.line(finding, color: false), "tickets/a\\nb.md:12:3: note: found \\x1b[2J [link-missing]\n")
        XCTAssertEqual(TextReporter.line(finding, color: true), "tickets/a\\nb.md:12:3: \u{1B}[1;36mnote\u{1B}[0m: found \\x1b[2J [link-missing]\n")
        var error = finding
        error.severity = .error
        error.path = "tickets/事件.md"
        XCTAssertEqual(TextReporter.line(error, color: true), "tickets/事件.md:12:3: \u{1B}[1;31merror\u{1B}[0m: found \\x1b[2J [link-missing]\n")
        XCTAssertNotEqual(TextReporter.line(error, color: true), TextReporter.line(error, color: false))
    }
}
