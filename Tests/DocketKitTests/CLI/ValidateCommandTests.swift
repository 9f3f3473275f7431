import Foundation
import XCTest
@testable import DocketKit

/// End-to-end: `docket validate` on the bundled sample and on broken copies of it.
final class ValidateCommandTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testBundledSampleIsClean() {
        let result = TestRepository.run(["validate", "--root", TestRepository.packageRoot, "--now", "2026-11-30T10:00:00+08:00"], in: root)
        XCTAssertEqual(result.status, 0, result.output + result.errors)
        XCTAssertFalse(result.output.contains("error:"), result.output)
        let sampleCount = try! FileManager.default.subpathsOfDirectory(atPath: TestRepository.packageRoot + "/tickets").filter { $0.hasSuffix(".md") }.count
        XCTAssertTrue(result.output.contains("in \(sampleCount) files"), result.output)
    }

    /// Copies a sample incident, replaces the line starting with `prefix` (nil: deletes it),
    /// and expects `rule` at `expectedLine` (default: that line).
    private func breakSample(line prefix: String, with replacement: String?, rule: String, expectedLine: Int? = nil,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { return XCTFail("sample has no \(prefix)", file: file, line: line) }
        if let replacement { lines[index] = replacement } else { lines.remove(at: index) }
        try TestRepository.write(lines.joined(separator: "\n"), to: path, in: root)
        let target = expectedLine ?? index + 1
        let result = TestRepository.run(["validate", "--root", root, "--format", "json"], in: root)
        XCTAssertEqual(result.status, 1, file: file, line: line)
        let diagnostics = try JSONDecoder().decode([Diagnostic].self, from: Data(result.output.utf8))
        XCTAssertTrue(diagnostics.contains { $0.rule == rule && $0.path == path && $0.line == target },
                      "expected \(rule) at \(path):\(target), got \(diagnostics)", file: file, line: line)
    }

    func testTypoInKey() throws { try breakSample(line: "reporter:", with: "reportr: 某用户", rule: "unknown-field") }
    func testWrongEnumValue() throws { try breakSample(line: "channel:", with: "channel: pigeon", rule: "enum-value") }
    /// A missing field is reported on the status line: the state decides what is required.
    func testClosedWithoutClosureCode() throws { try breakSample(line: "closure_code:", with: nil, rule: "required-field", expectedLine: 4) }

    func testCRLFRecordIsRead() throws {
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        try TestRepository.write(text.replacingOccurrences(of: "\n", with: "\r\n"), to: path, in: root)
        let result = TestRepository.run(["validate", "--root", root, path], in: root)
        XCTAssertEqual(result.status, 0, result.output)
    }

    func testUnparseableFileDoesNotStopOthers() throws {
        try TestRepository.write("", to: "tickets/incidents/2026/INC-2026-0901.md", in: root)
        try TestRepository.write("---\nid: [\n---\n", to: "tickets/incidents/2026/INC-2026-0902.md", in: root)
        try TestRepository.write(Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "id: INC-2026-0903"), ("channel: phone", "channel: pigeon")), to: "tickets/incidents/2026/INC-2026-0903.md", in: root)
        try TestRepository.write("notes", to: "tickets/notes.md", in: root)
        let result = TestRepository.run(["validate", "--root", root], in: root)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("INC-2026-0901.md:1:1: error:"), result.output)
        XCTAssertTrue(result.output.contains("[front-matter-missing]"), result.output)
        XCTAssertTrue(result.output.contains("INC-2026-0902.md:"), result.output)
        XCTAssertTrue(result.output.contains("[enum-value]"), result.output)
        XCTAssertTrue(result.output.contains("tickets/notes.md:1:1: error:"), result.output)
    }

    func testNamedFilesStillResolveLinksAgainstTheRepository() {
        let result = TestRepository.run(["validate", "--root", root, "tickets/incidents/2026/INC-2026-0004.md"], in: root)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.hasSuffix("no problems in 1 file\n"), result.output)
    }

    func testBrokenProcedureExitsTwoBeforeReadingTickets() throws {
        let path = root + "/procedures/incident.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "  - resolved -> closed", with: "  - resolved -> archived").write(toFile: path, atomically: true, encoding: .utf8)
        let result = TestRepository.run(["validate", "--root", root], in: root)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("procedures/incident.md:"), result.errors)
        XCTAssertTrue(result.errors.contains("[procedure-invalid]"), result.errors)
        XCTAssertTrue(result.errors.contains("found \"archived\""), result.errors)
    }

    func testMatrixMissingACellIsProcedureInvalid() throws {
        let path = root + "/procedures/incident.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "    low: {high: P3, medium: P4, low: P4}", with: "    low: {high: P3, medium: P4}").write(toFile: path, atomically: true, encoding: .utf8)
        let result = TestRepository.run(["validate", "--root", root], in: root)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("misses that cell"), result.errors)
    }

    func testStrictFailsOnWarnings() throws {
        let path = root + "/procedures/incident.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\nseverity: {}", with: "\nseverity: {unknown-field: warning}").write(toFile: path, atomically: true, encoding: .utf8)
        try breakSampleQuietly()
        XCTAssertEqual(TestRepository.run(["validate", "--root", root], in: root).status, 0)
        XCTAssertEqual(TestRepository.run(["validate", "--root", root, "--strict"], in: root).status, 1)
    }

    private func breakSampleQuietly() throws {
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        try TestRepository.write(text.replacingOccurrences(of: "\nchannel: ", with: "\nremark: 备注\nchannel: "), to: path, in: root)
        _ = text
    }

    func testUsageErrorsExitTwo() {
        XCTAssertEqual(TestRepository.run(["validate", "--root", root, "--frmat", "json"], in: root).status, 2)
        XCTAssertEqual(TestRepository.run(["validate", "--root", root, "--format", "xml"], in: root).status, 2)
        XCTAssertEqual(TestRepository.run(["valdiate"], in: root).status, 2)
        XCTAssertEqual(TestRepository.run(["validate", "--root", root, "/etc/passwd"], in: root).status, 2)
        let help = TestRepository.run(["validate", "--help"], in: root)
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("--format"))
    }

    func testRulesListsAndExplains() {
        let list = TestRepository.run(["rules"], in: root)
        XCTAssertEqual(list.status, 0)
        for rule in RuleCatalog.all { XCTAssertTrue(list.output.contains(rule.id), rule.id) }
        let one = TestRepository.run(["rules", "priority-matrix"], in: root)
        XCTAssertTrue(one.output.contains("fails:"), one.output)
        XCTAssertEqual(TestRepository.run(["rules", "priority-matrx"], in: root).status, 2)
    }

    func testYAMLCommand() throws {
        try TestRepository.write("a: 1\nb: [x, 'y']\nc: ~\n", to: "x.yaml", in: root)
        let ok = TestRepository.run(["yaml", root + "/x.yaml"], in: root)
        XCTAssertEqual(ok.status, 0)
        let value = try JSONSerialization.jsonObject(with: Data(ok.output.utf8)) as? [String: Any]
        XCTAssertEqual(value?["a"] as? Int, 1)
        try TestRepository.write("a: 1\n  b: 2\n", to: "bad.yaml", in: root)
        let bad = TestRepository.run(["yaml", "bad.yaml"], in: root)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.errors.hasPrefix("bad.yaml:2:"), bad.errors)
        let md = TestRepository.run(["yaml", "tickets/incidents/2026/INC-2026-0003.md"], in: root)
        XCTAssertEqual(md.status, 0)
        XCTAssertTrue(md.output.contains("\"id\": \"INC-2026-0003\""), md.output)
    }

    func testYAMLCommandExplainsSlipsAsValidateDoes() throws {
        // A full-width colon and a value that needs quotes: validate's explanation, at validate's place.
        for (line, fix) in [("channel：phone", "write \"channel: phone\""), ("title: 故障: 打印机卡纸", "quote the value: title: \"故障: 打印机卡纸\"")] {
            try TestRepository.write("a: 1\n\(line)\n", to: "slip.yaml", in: root)
            let yaml = TestRepository.run(["yaml", "slip.yaml"], in: root)
            XCTAssertEqual(yaml.status, 1)
            XCTAssertTrue(yaml.errors.contains(fix), yaml.errors)
            let record = "tickets/incidents/2026/INC-2026-0003.md"
            let original = String(decoding: bytes(root + "/" + record), as: UTF8.self)
            try TestRepository.write(original.replacingOccurrences(of: "\nchannel: monitoring\n", with: "\n\(line)\n"), to: record, in: root)
            let shown = TestRepository.run(["yaml", record], in: root)
            let validation = TestRepository.run(["validate", record, "--now", "2026-11-30 10:00"], in: root)
            let explained = try XCTUnwrap(validation.output.split(separator: "\n").first { $0.contains("[yaml-syntax]") }, validation.output)
            XCTAssertEqual(shown.errors, explained.replacingOccurrences(of: " [yaml-syntax]", with: "") + "\n")
            try TestRepository.write(original, to: record, in: root)
        }
        // An error no slip explains keeps the parser's message.
        try TestRepository.write("a: 'open\n", to: "quote.yaml", in: root)
        XCTAssertEqual(TestRepository.run(["yaml", "quote.yaml"], in: root).errors, "quote.yaml:2:1: error: expected closing quote, found end of input\n")
    }

    func testPathUnsafeSymlinkIsReportedNotRead() throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/tickets/incidents/2026/INC-2026-0999.md", withDestinationPath: "/etc/hostname")
        let result = TestRepository.run(["validate", "--root", root], in: root)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("INC-2026-0999.md:1:1: error:"), result.output)
        XCTAssertTrue(result.output.contains("[path-unsafe]"), result.output)
    }
}
