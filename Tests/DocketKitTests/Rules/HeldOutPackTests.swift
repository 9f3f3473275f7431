import Foundation
import XCTest
@testable import DocketKit

/// The held-out acceptance set of issue 3 (Tests/DocketKitTests/HeldOutPack, written from the
/// contract by generate.py): problems, changes, requests, knowledge and CMDB items, one defect
/// each or valid, validated together with the bundled sample. Every file must get exactly the
/// expected rule ids on the expected lines, and a valid file none.
final class HeldOutPackTests: XCTestCase {
    static let folder = TestRepository.packageRoot + "/Tests/DocketKitTests/HeldOutPack"

    func testHeldOutSetIsJudgedCorrectly() throws {
        let expectedData = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/expected.json"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: expectedData) as? [String: [[Any]]])
        XCTAssertGreaterThanOrEqual(expected.count, 100)
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for path in expected.keys {
            let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + path))
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: full))
        }
        let result = TestRepository.run(["validate", "--root", root, "--format", "json", "--now", "2026-11-30T10:00:00+08:00"], in: root)
        XCTAssertEqual(result.status, 1, result.errors)
        let diagnostics = try JSONDecoder().decode([Diagnostic].self, from: Data(result.output.utf8))
        let byPath = Dictionary(grouping: diagnostics, by: \.path)
        var defective = 0
        for (path, entries) in expected.sorted(by: { $0.key < $1.key }) {
            let want = entries.map { (rule: $0[0] as! String, line: $0[1] as? Int) }.sorted { ($0.rule, $0.line ?? 0) < ($1.rule, $1.line ?? 0) }
            let got = (byPath[path] ?? []).sorted { ($0.rule, $0.line) < ($1.rule, $1.line) }
            if !want.isEmpty { defective += 1 }
            let matches = want.count == got.count && zip(want, got).allSatisfy { $0.rule == $1.rule && ($0.line == nil || $0.line == $1.line) }
            XCTAssertTrue(matches, "\(path): expected \(want.map { "\($0.rule)@\($0.line.map(String.init) ?? "*")" }), got \(got.map { "\($0.rule)@\($0.line): \($0.message)" })")
        }
        XCTAssertGreaterThanOrEqual(defective, 100)
        // The held-out files break nothing in the sample: its records keep only their SLA warnings.
        let others = diagnostics.filter { expected[$0.path] == nil && $0.severity == .error }
        XCTAssertEqual(others, [], "\(others)")
    }

    /// Every rule id of contract section 10 that applies to requests, problems, changes, knowledge
    /// and CMDB items has at least one held-out defect.
    func testHeldOutSetCoversThePackRules() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/expected.json"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: [[Any]]])
        let covered = Set(expected.values.flatMap { $0.compactMap { $0.first as? String } })
        let wanted = ["front-matter-missing", "yaml-syntax", "yaml-unsupported", "encoding", "id-format", "id-filename",
                      "required-field", "unknown-field", "field-type", "enum-value", "status-unknown", "person-unknown",
                      "role-required", "link-missing", "link-kind", "section-missing", "worklog-format", "worklog-order",
                      "time-order", "closure-code", "close-needs-notification", "problem-incidents", "known-error-workaround",
                      "change-approval", "segregation-of-duties", "emergency-change-link", "change-review"]
        XCTAssertEqual(Set(wanted).subtracting(covered), [])
    }
}
