import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import DocketKit

/// The CI formats: SARIF, JUnit, GitLab Code Quality, Checkstyle.
final class FormatReporterTests: XCTestCase {
    static let now = "2026-11-30T10:00:00+08:00"
    static let result: ValidationResult = {
        var result = ReporterTests.result
        result.files = ["tickets/incidents/2026/INC-2026-0001.md", "tickets/incidents/2026/INC-2026-0002.md", "tickets/incidents/2026/INC-2026-0003.md"]
        result.filesChecked = 3
        result.diagnostics.append(Diagnostic(path: "tickets/incidents/2026/INC-2026-0001.md", line: 9, column: 1, severity: .error,
                                             rule: .requiredField, message: "expected field <title> & \"quotes\"\u{01}, found none"))
        result.diagnostics.sort()
        return result
    }()

    var root = ""
    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    // MARK: golden files

    func testSARIFSnapshot() throws {
        let rules = [RuleID.requiredField, .enumValue, .slaResolutionBreach].map { id in
            RuleDescription(id: id, severity: id == .slaResolutionBreach ? .warning : .error, group: "fields",
                            summary: "summary of \(id.rawValue)", description: "what \(id.rawValue) checks, \"quoted\"", examples: [])
        }
        try assertSnapshot("validate.sarif", SARIFReporter.render(Self.result, rules: rules))
    }
    func testJUnitSnapshot() throws { try assertSnapshot("validate.junit.xml", JUnitReporter.render(Self.result, color: false)) }
    func testGitLabSnapshot() throws { try assertSnapshot("validate.gitlab.json", GitLabReporter.render(Self.result, color: false)) }
    func testCheckstyleSnapshot() throws { try assertSnapshot("validate.checkstyle.xml", CheckstyleReporter.render(Self.result, color: false)) }

    func testEveryFormatIsRegistered() {
        XCTAssertEqual(ReporterRegistry.names, ["text", "json", "github", "sarif", "junit", "gitlab", "checkstyle"])
    }

    // MARK: SARIF

    func testSARIFListsEveryRuleAndPointsResultsAtThem() throws {
        let document = try json(SARIFReporter.render(Self.result, color: false)) as! [String: Any]
        XCTAssertEqual(document["version"] as? String, "2.1.0")
        let runs = document["runs"] as! [[String: Any]]
        XCTAssertEqual(runs.count, 1)
        let driver = (runs[0]["tool"] as! [String: Any])["driver"] as! [String: Any]
        let rules = driver["rules"] as! [[String: Any]]
        XCTAssertEqual(rules.map { $0["id"] as! String }, RuleCatalog.all.map(\.id))
        for rule in rules {
            XCTAssertFalse(((rule["fullDescription"] as? [String: Any])?["text"] as? String ?? "").isEmpty)
            XCTAssertTrue(((rule["help"] as? [String: Any])?["text"] as? String ?? "").contains("docket rules"))
        }
        let results = runs[0]["results"] as! [[String: Any]]
        XCTAssertEqual(results.count, Self.result.diagnostics.count)
        for (result, diagnostic) in zip(results, Self.result.diagnostics) {
            XCTAssertEqual(result["ruleId"] as? String, diagnostic.rule)
            XCTAssertEqual(rules[result["ruleIndex"] as! Int]["id"] as? String, diagnostic.rule)
            let location = ((result["locations"] as! [[String: Any]])[0]["physicalLocation"]) as! [String: Any]
            let artifact = location["artifactLocation"] as! [String: Any]
            XCTAssertEqual(artifact["uri"] as? String, diagnostic.path)
            XCTAssertEqual(artifact["uriBaseId"] as? String, "%SRCROOT%")
            let region = location["region"] as! [String: Any]
            XCTAssertEqual(region["startLine"] as? Int, diagnostic.line)
            XCTAssertEqual(region["startColumn"] as? Int, diagnostic.column)
        }
        XCTAssertEqual(results.map { $0["level"] as? String }, ["error", "error", "warning"])
    }

    func testSARIFURIsArePercentEncoded() {
        XCTAssertEqual(SARIFReporter.uri("tickets/a b/知识.md"), "tickets/a%20b/%E7%9F%A5%E8%AF%86.md")
        XCTAssertEqual(SARIFReporter.uri("tickets/incidents/2026/INC-2026-0001.md"), "tickets/incidents/2026/INC-2026-0001.md")
    }

    /// The official schema through Scripts/check-sarif.py (python3 + jsonschema); skipped without them,
    /// except that under CI=true a missing schema file fails.
    func testSARIFValidatesAgainstTheOfficialSchema() throws {
        let schema = TestRepository.packageRoot + "/../shared/conformance/sarif/sarif-schema-2.1.0.json"
        if !FileManager.default.fileExists(atPath: schema) {
            if ProcessInfo.processInfo.environment["CI"] == "true" { return XCTFail("expected the SARIF schema at \(schema), found none") }
            throw XCTSkip("no SARIF schema at \(schema)")
        }
        guard ProcessRunner.run(["python3", "-c", "import jsonschema"], seconds: 60).status == 0 else {
            throw XCTSkip("python3 with jsonschema is not available (pip install jsonschema)")
        }
        let docket = try ProcessRunner.docketExecutable()
        let run = ProcessRunner.run(["python3", TestRepository.packageRoot + "/Scripts/check-sarif.py", "--docket", docket, "--schema", schema], seconds: 300)
        XCTAssertEqual(run.status, 0, run.output)
    }

    /// Columns in UTF-16 code units, SARIF's default `columnKind`: CJK counts 1 a character,
    /// an emoji 2, where every other format counts UTF-8 bytes.
    func testSARIFColumnsCountUTF16CodeUnits() throws {
        let root = try TestRepository.copy()
        let record = "tickets/incidents/2026/INC-2026-0003.md"
        let text = String(decoding: FileSystem.read(root + "/" + record) ?? [], as: UTF8.self)
        try TestRepository.write(text.replacingOccurrences(of: "\nchannel: monitoring\n", with: "\nchannel: monitoring\nrelated: [事件一😀, INC-2026-9999]\n"),
                                 to: record, in: root)
        let arguments = ["validate", record, "--now", "2026-11-30 10:00", "--select", "link-missing"]
        let json = TestRepository.run(arguments + ["--format", "json"], in: root)
        let bytes = try XCTUnwrap(try self.json(json.output) as? [[String: Any]]).map { $0["column"] as? Int }
        XCTAssertEqual(bytes, [11, 26])
        let sarif = TestRepository.run(arguments + ["--format", "sarif"], in: root)
        XCTAssertEqual(sarif.status, 1, sarif.errors)
        let run = try XCTUnwrap(((try self.json(sarif.output) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual(run["columnKind"] as? String, "utf16CodeUnits")
        let regions = (run["results"] as? [[String: Any]] ?? []).map {
            (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        }
        // `related: [` is 10 units; 事件一 3, 😀 2 (a surrogate pair), `, ` 2.
        XCTAssertEqual(regions, [["startLine": 8, "startColumn": 11], ["startLine": 8, "startColumn": 18]])
        // Without a root to read the line from, the byte column stays.
        var detached = ValidationResult(diagnostics: [Diagnostic(path: record, line: 8, column: 26, severity: .error, rule: .linkMissing, message: "m")], filesChecked: 1)
        XCTAssertTrue(SARIFReporter.render(detached, color: false).contains("\"startColumn\": 26}"))
        detached.root = root
        XCTAssertTrue(SARIFReporter.render(detached, color: false).contains("\"startColumn\": 18}"))

        // The document validates against the official schema (python3 + jsonschema), when they are here.
        let schema = TestRepository.packageRoot + "/../shared/conformance/sarif/sarif-schema-2.1.0.json"
        guard FileManager.default.fileExists(atPath: schema),
              ProcessRunner.run(["python3", "-c", "import jsonschema"], seconds: 60).status == 0 else { return }
        try TestRepository.write(sarif.output, to: "out.sarif", in: root)
        let check = ProcessRunner.run(["python3", "-c", "import json, sys, jsonschema; jsonschema.Draft4Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))",
                                       schema, root + "/out.sarif"], seconds: 120)
        XCTAssertEqual(check.status, 0, check.output)
    }

    // MARK: JUnit and Checkstyle

    func testJUnitParsesWithACasePerFileAndAFailurePerError() throws {
        let document = try XMLDocument(data: Data(JUnitReporter.render(Self.result, color: false).utf8))
        let cases = try document.nodes(forXPath: "/testsuites/testsuite/testcase") as! [XMLElement]
        XCTAssertEqual(cases.map { $0.attribute(forName: "name")?.stringValue }, Self.result.files)
        XCTAssertEqual(cases.map { $0.elements(forName: "failure").count }, [2, 0, 0])
        XCTAssertEqual(cases[1].elements(forName: "system-out").first?.stringValue?.contains("[sla-resolution-breach]"), true)
        XCTAssertEqual(document.rootElement()?.attribute(forName: "failures")?.stringValue, "1")
        let failure = cases[0].elements(forName: "failure").first { $0.attribute(forName: "type")?.stringValue == "required-field" }
        XCTAssertEqual(failure?.attribute(forName: "message")?.stringValue, "expected field <title> & \"quotes\"\u{FFFD}, found none [required-field]")
    }

    func testCheckstyleParses() throws {
        let document = try XMLDocument(data: Data(CheckstyleReporter.render(Self.result, color: false).utf8))
        let files = try document.nodes(forXPath: "/checkstyle/file") as! [XMLElement]
        XCTAssertEqual(files.count, 3)
        let errors = try document.nodes(forXPath: "/checkstyle/file/error") as! [XMLElement]
        XCTAssertEqual(errors.map { $0.attribute(forName: "source")?.stringValue }, ["docket.enum-value", "docket.required-field", "docket.sla-resolution-breach"])
        XCTAssertEqual(errors.map { $0.attribute(forName: "severity")?.stringValue }, ["error", "error", "warning"])
    }

    func testJUnitOfTheSampleHasACaseForEveryRecord() throws {
        try breakChannel()
        let run = TestRepository.run(["validate", "--format", "junit", "--now", Self.now], in: root)
        XCTAssertEqual(run.status, 1, run.errors)
        let document = try XMLDocument(data: Data(run.output.utf8))
        let cases = try document.nodes(forXPath: "//testcase") as! [XMLElement]
        let files = Validator(root: root, procedures: try ProcedureSet.load(root: root)).validate().filesChecked
        XCTAssertEqual(cases.count, files)
        let failed = cases.filter { !$0.elements(forName: "failure").isEmpty }.compactMap { $0.attribute(forName: "name")?.stringValue }
        XCTAssertEqual(failed, ["tickets/incidents/2026/INC-2026-0003.md"])
    }

    // MARK: GitLab Code Quality

    func testGitLabSeverityMapping() {
        func severity(_ rule: RuleID, _ level: Severity) -> String {
            GitLabReporter.severity(Diagnostic(path: "p", line: 1, column: 1, severity: level, rule: rule, message: "m"))
        }
        XCTAssertEqual(severity(.procedureInvalid, .error), "blocker")
        XCTAssertEqual(severity(.closedModified, .error), "critical")
        XCTAssertEqual(severity(.pathUnsafe, .error), "critical")
        XCTAssertEqual(severity(.enumValue, .error), "major")
        XCTAssertEqual(severity(.slaResolutionBreach, .warning), "minor")
        XCTAssertEqual(severity(.enumValue, .note), "info")
    }

    func testGitLabFingerprintsAreStableAcrossRunsAndLineMoves() throws {
        try breakChannel()
        let first = try gitlabFindings()
        let second = try gitlabFindings()
        XCTAssertEqual(first.map(\.fingerprint), second.map(\.fingerprint))
        XCTAssertEqual(Set(first.map(\.fingerprint)).count, first.count, "fingerprints are unique")
        let before = try XCTUnwrap(first.first { $0.rule == "enum-value" })

        // Three comment lines above the finding move it down, and change nothing else.
        let path = root + "/tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\ntitle:", with: "\n# a\n# b\n# c\ntitle:").write(toFile: path, atomically: true, encoding: .utf8)
        let moved = try gitlabFindings()
        let after = try XCTUnwrap(moved.first { $0.rule == "enum-value" })
        XCTAssertEqual(after.line, before.line + 3)
        XCTAssertEqual(after.fingerprint, before.fingerprint)
        XCTAssertEqual(moved.map(\.fingerprint), first.map(\.fingerprint))
    }

    func testFingerprintMasksFiguresAndKeepsIDs() {
        XCTAssertEqual(FindingFingerprint.normalised("9h30m of 8h used (line 12), due 2026-11-27 18:30, 100% of INC-2026-0003 P2 in 3fa2c1d"),
                       "#h#m of #h used (line #), due #-#-# #:#, #% of INC-2026-0003 P2 in 3fa2c1d")
        let a = Diagnostic(path: "tickets/x/A-1.md", line: 3, column: 1, severity: .error, rule: .timeOrder, message: "took 5h")
        var b = a; b.line = 40; b.message = "took 7h"
        var c = a; c.message = "about INC-2"
        var d = a; d.message = "about INC-3"
        XCTAssertEqual(FindingFingerprint.fingerprints([a]), FindingFingerprint.fingerprints([b]))
        XCTAssertNotEqual(FindingFingerprint.fingerprints([c]), FindingFingerprint.fingerprints([d]))
        let twice = FindingFingerprint.fingerprints([a, b])
        XCTAssertNotEqual(twice[0], twice[1], "the same finding twice in a file gets two fingerprints")
        XCTAssertEqual(twice[0].count, 32)
    }

    // MARK: broken procedures

    func testEveryMachineFormatCarriesABrokenProcedure() throws {
        let path = root + "/procedures/incident.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\nstates:", with: "\nstates:\n  bogus: 7").write(toFile: path, atomically: true, encoding: .utf8)
        for format in ReporterRegistry.names {
            let run = TestRepository.run(["validate", "--format", format], in: root)
            XCTAssertEqual(run.status, 2, format)
            XCTAssertTrue(run.errors.contains("[procedure-invalid]"), "\(format): \(run.errors)")
            if format == "text" {
                XCTAssertEqual(run.output, "", "text keeps the finding on standard error")
            } else {
                XCTAssertTrue(run.output.contains("procedure-invalid"), "\(format): \(run.output)")
                XCTAssertTrue(run.output.contains("procedures/incident.md"), "\(format): \(run.output)")
            }
        }
        let json = try XCTUnwrap(try self.json(TestRepository.run(["validate", "--format", "json"], in: root).output) as? [[String: Any]])
        XCTAssertEqual(json.count, 1)
        XCTAssertEqual(json[0]["line"] as? Int, 14, "the line of the broken state")
    }

    // MARK: helpers

    func breakChannel() throws {
        let path = root + "/tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("channel: monitoring"))
        try text.replacingOccurrences(of: "channel: monitoring", with: "channel: telephone").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func gitlabFindings() throws -> [(rule: String, line: Int, fingerprint: String)] {
        let run = TestRepository.run(["validate", "--format", "gitlab", "--now", Self.now], in: root)
        XCTAssertEqual(run.status, 1, run.errors)
        let items = try XCTUnwrap(try json(run.output) as? [[String: Any]])
        return items.map { item in
            let location = item["location"] as! [String: Any]
            return (item["check_name"] as! String, (location["lines"] as! [String: Any])["begin"] as! Int, item["fingerprint"] as! String)
        }
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
}
