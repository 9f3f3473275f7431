import XCTest
@testable import DocketKit

/// The validation pipeline: checks that start during the walk, findings joined in file
/// order, output laid out on all cores — the same findings, in the same order, as one
/// sorted pass over everything.
final class PipelineTests: XCTestCase {
    func testStreamReturnsEveryResultInTheOrderItemsWereProduced() {
        let results = parallelStream({ emit in for item in 0..<5_000 { emit(item) } }) { item -> Int in
            // Uneven work, so that workers finish out of order.
            var total = 0
            for step in 0..<(item % 7 * 50) { total &+= step }
            return item * 2 + (total == -1 ? 1 : 0)
        }
        XCTAssertEqual(results, (0..<5_000).map { $0 * 2 })
    }

    /// A producer far ahead of the workers waits for them (at most 64 items pending here) and
    /// every result still comes back in order.
    func testStreamWithAFewPendingItemsKeepsOrder() {
        let results = parallelStream(pending: 64, { emit in for item in 0..<3_000 { emit(item) } }) { $0 + 1 }
        XCTAssertEqual(results, (1...3_000).map { $0 })
    }

    /// The consuming form shows every result (to count them) and then hands each on in
    /// production order: what `validate` joins without keeping an array of every file's outcome.
    func testStreamHandsOnEveryResultInOrderAfterTheSurvey() {
        var counted: Int?
        var handed: [Int] = []
        parallelStream(pending: 64, { emit in for item in 0..<4_000 { emit(item) } }, { item -> Int in
            var total = 0
            for step in 0..<(item % 5 * 40) { total &+= step }
            return item * 3 + (total == -1 ? 1 : 0)
        }, survey: { batches in
            XCTAssertTrue(handed.isEmpty, "the survey comes before the first result")
            XCTAssertEqual(batches.flatMap { $0 }, (0..<4_000).map { $0 * 3 })
            counted = batches.reduce(0) { $0 + $1.count }
        }, inOrder: { handed.append($0) })
        XCTAssertEqual(counted, 4_000)
        XCTAssertEqual(handed, (0..<4_000).map { $0 * 3 })
    }

    func testStreamOfNothingReturnsNothing() {
        let results = parallelStream({ (_: (Int) -> Void) in }) { $0 }
        XCTAssertEqual(results, [])
    }

    func testMergeOfSortedFindingsEqualsSortingAll() {
        func finding(_ path: String, _ line: Int, _ rule: RuleID) -> Diagnostic {
            Diagnostic(path: path, line: line, column: 1, severity: .warning, rule: rule, message: "m")
        }
        let perFile = [finding("a.md", 1, .idFormat), finding("a.md", 3, .idFormat), finding("c.md", 2, .linkMissing)]
        let others = [finding("a.md", 2, .idDuplicate), finding("b.md", 1, .pathUnsafe), finding("d.md", 1, .pathUnsafe)]
        XCTAssertEqual(perFile.mergedSorted(with: others), (perFile + others).sorted())
        XCTAssertEqual(perFile.mergedSorted(with: []), perFile)
        XCTAssertEqual([].mergedSorted(with: others), others)
        XCTAssertTrue(perFile.isSorted)
        XCTAssertFalse([perFile[2], perFile[0]].isSorted)
    }

    /// A folder whose name sorts before another's in the walk (`a` before `a-b`) but after it in
    /// paths (`a-b/…` < `a/…`, since `-` < `/`): the joined findings are not in order and are sorted.
    func testFindingsAreInPathOrderWhenTheWalkOrderDiffers() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try TestRepository.write("x\n", to: "tickets/incidents/2026/a/INC-2026-9001.md", in: root)
        try TestRepository.write("x\n", to: "tickets/incidents/2026/a-b/INC-2026-9002.md", in: root)
        let procedures = try ProcedureSet.load(root: root)
        let result = Validator(root: root, procedures: procedures, now: 1_764_468_000).validate()
        XCTAssertEqual(result.diagnostics, result.diagnostics.sorted())
        let paths = result.diagnostics.map(\.path)
        let first = try XCTUnwrap(paths.firstIndex(of: "tickets/incidents/2026/a-b/INC-2026-9002.md"))
        let second = try XCTUnwrap(paths.firstIndex(of: "tickets/incidents/2026/a/INC-2026-9001.md"))
        XCTAssertLessThan(first, second)
    }

    /// The text and GitHub reporters lay out lines in parallel: the same text as one line after another.
    func testLinesLaidOutInParallelKeepTheirOrder() {
        let diagnostics = (0..<1_000).map { Diagnostic(path: "tickets/p\($0 / 10).md", line: $0 % 10 + 1, column: 1, severity: $0 % 3 == 0 ? .error : .warning, rule: .linkMissing, message: "m\u{1B}\($0)") }
        let result = ValidationResult(diagnostics: diagnostics, filesChecked: 100)
        let text = TextReporter.render(result, color: false)
        XCTAssertEqual(text, diagnostics.map { TextReporter.line($0, color: false) }.joined() + TextReporter.summaryLine(result) + "\n")
        XCTAssertTrue(text.hasPrefix("tickets/p0.md:1:1: error: m\\x1b0 [link-missing]\n"), String(text.prefix(80)))
        XCTAssertEqual(result.errorCount, 334)
        XCTAssertEqual(result.warningCount, 666)
        let github = GitHubReporter.render(result, color: false)
        XCTAssertTrue(github.hasPrefix("::error file=tickets/p0.md,line=1,col=1,title=link-missing::m\\x1b0 [link-missing]\n::warning"), String(github.prefix(120)))
    }

    /// Standard output gets the text and GitHub lines in pieces of whole lines: together the same
    /// text as the whole render, the summary line only at the end.
    func testLinesWrittenInPiecesAreTheWholeText() {
        let count = 2 * TextReporter.linesPerPiece + 5
        let diagnostics = (0..<count).map { Diagnostic(path: "tickets/p\($0 / 10).md", line: $0 % 10 + 1, column: 1, severity: .warning, rule: .linkMissing, message: "m\($0)") }
        let result = ValidationResult(diagnostics: diagnostics, filesChecked: count / 10)
        for reporter in [TextReporter.self, GitHubReporter.self] as [any Reporter.Type] {
            var pieces: [String] = []
            reporter.render(result, color: false) { pieces.append($0) }
            XCTAssertEqual(pieces.count, 3, reporter.name)
            XCTAssertEqual(pieces.joined(), reporter.render(result, color: false), reporter.name)
            XCTAssertTrue(pieces.allSatisfy { $0.hasSuffix("\n") }, reporter.name)
            XCTAssertEqual(pieces.map { $0.split(separator: "\n").count }, [TextReporter.linesPerPiece, TextReporter.linesPerPiece, 6], reporter.name)
            XCTAssertTrue(pieces[2].hasSuffix("0 errors, \(count) warnings in \(count / 10) files\n"), reporter.name)
        }
        // No finding: one piece, the summary line.
        var empty: [String] = []
        TextReporter.render(ValidationResult(diagnostics: [], filesChecked: 3), color: false) { empty.append($0) }
        XCTAssertEqual(empty, ["no problems in 3 files\n"])
    }

    /// A reporter that lays out a document (JSON) hands on one piece: the whole render.
    func testDocumentReportersWriteOnePiece() {
        let result = ValidationResult(diagnostics: [Diagnostic(path: "a.md", line: 1, column: 1, severity: .error, rule: .idFormat, message: "m")], filesChecked: 1)
        var pieces: [String] = []
        JSONReporter.render(result, color: false) { pieces.append($0) }
        XCTAssertEqual(pieces, [JSONReporter.render(result, color: false)])
    }

    func testTeardownIsKeptOnlyWhenSkipped() {
        XCTAssertFalse(ExitTeardown.skipped, "the tests free what they make")
    }
}
