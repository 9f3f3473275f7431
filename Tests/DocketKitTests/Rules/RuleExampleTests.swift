import Foundation
import XCTest
@testable import DocketKit

/// Runs every rule's passing and failing examples against a copy of the sample
/// repository, the way `docket validate PATH` would check them.
final class RuleExampleTests: XCTestCase {
    static let marker: Character = "⚑"

    func testEveryRuleHasPassingAndFailingExamples() {
        for rule in RuleCatalog.all where rule.group != "history" {
            XCTAssertTrue(rule.examples.contains { $0.passes }, "\(rule.id) has no passing example")
            XCTAssertTrue(rule.examples.contains { !$0.passes }, "\(rule.id) has no failing example")
        }
    }

    func testRuleIDsAreUniqueAndKebabCase() {
        let ids = RuleCatalog.all.map(\.id)
        XCTAssertEqual(ids.count, Set(ids).count)
        for id in ids { XCTAssertNotNil(id.range(of: "^[a-z]+(-[a-z0-9]+)*$", options: .regularExpression), id) }
    }

    /// Every id a finding can be raised under has one description, and the catalog describes nothing else.
    func testEveryRuleIDIsInTheCatalog() {
        XCTAssertEqual(RuleCatalog.all.map(\.rule).sorted(), RuleID.allCases.sorted())
        for rule in RuleID.allCases { XCTAssertEqual(RuleCatalog.description(rule)?.id, rule.rawValue) }
    }

    func testExamples() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let procedures = try ProcedureSet.load(root: root)
        for rule in RuleCatalog.all {
            for (number, example) in rule.examples.enumerated() {
                let label = "\(rule.id) example \(number + 1) (\(example.passes ? "passing" : "failing"))"
                try run(example, label: label, rule: rule.id, root: root, procedures: procedures)
                // Shown by `docket rules ID`: a failing example says where its finding lands.
                if !example.passes {
                    XCTAssertTrue(example.files.contains { $0.symlinkTarget != nil || $0.text.contains(Self.marker) },
                                  "\(label) marks no line with ⚑", file: example.file, line: example.line)
                }
            }
        }
    }

    /// Nil when `hits` are exactly one finding on each marked line; else what differs.
    /// A doubled finding or one on an unmarked line is a mismatch.
    static func mismatch(_ hits: [Diagnostic], marked: [(path: String, line: Int)]) -> String? {
        let found = hits.map { "\($0.path):\($0.line)" }.sorted()
        let wanted = marked.map { "\($0.path):\($0.line)" }.sorted()
        return found == wanted ? nil : "expected findings at \(wanted), found them at \(found)"
    }

    func testMismatchCatchesDoubledAndStrayFindings() {
        func hit(_ line: Int) -> Diagnostic { Diagnostic(path: "a.md", line: line, column: 1, severity: .error, rule: .timeOrder, message: "m") }
        XCTAssertNil(Self.mismatch([hit(3), hit(5)], marked: [("a.md", 5), ("a.md", 3)]))
        XCTAssertNotNil(Self.mismatch([hit(3), hit(3)], marked: [("a.md", 3)]), "doubled")
        XCTAssertNotNil(Self.mismatch([hit(3), hit(9)], marked: [("a.md", 3)]), "stray")
        XCTAssertNotNil(Self.mismatch([], marked: [("a.md", 3)]), "missing")
    }

    private func run(_ example: RuleExample, label: String, rule: String, root: String, procedures: ProcedureSet) throws {
        var expected: [(path: String, line: Int)] = []
        var saved: [(path: String, bytes: Data?)] = []
        for file in example.files {
            XCTAssertFalse(file.text.contains("fixture edit failed"), "\(label): \(file.text.suffix(80))")
            let full = root + "/" + file.path
            saved.append((file.path, FileManager.default.contents(atPath: full)))
            if let target = file.symlinkTarget {
                try? FileManager.default.removeItem(atPath: full)
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
                expected.append((file.path, 1))
                continue
            }
            var lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for index in lines.indices where lines[index].first == Self.marker {
                lines[index].removeFirst()
                expected.append((file.path, index + 1))
            }
            try TestRepository.write(lines.joined(separator: "\n"), to: file.path, in: root)
        }
        defer {
            for (path, bytes) in saved {
                let full = root + "/" + path
                try? FileManager.default.removeItem(atPath: full)
                if let bytes { _ = FileManager.default.createFile(atPath: full, contents: bytes) }
            }
        }

        let diagnostics: [Diagnostic]
        if example.files.contains(where: { $0.path.hasPrefix("procedures/") }) {
            do {
                _ = try ProcedureSet.load(root: root)
                diagnostics = []
            } catch {
                diagnostics = [error.diagnostic]
            }
        } else {
            let now = example.now.flatMap { DateTimeParser(timeZone: procedures.settings.timeZone).datetime($0) }
            diagnostics = Validator(root: root, procedures: procedures, now: now).validate(paths: example.files.map(\.path)).diagnostics
        }
        for diagnostic in diagnostics {
            XCTAssertNotNil(RuleCatalog.rule(diagnostic.rule), "\(label) raised \(diagnostic.rule), which the catalog does not describe",
                            file: example.file, line: example.line)
        }
        let hits = diagnostics.filter { $0.rule == rule }
        if example.passes {
            XCTAssertTrue(hits.isEmpty, "\(label) reported: \(hits)", file: example.file, line: example.line)
            let errors = diagnostics.filter { $0.severity == .error }
            XCTAssertTrue(errors.isEmpty, "\(label) is not clean: \(errors)", file: example.file, line: example.line)
        } else {
            if let mismatch = Self.mismatch(hits, marked: expected) {
                XCTFail("\(label): \(mismatch); got \(hits)", file: example.file, line: example.line)
            }
        }
    }
}
