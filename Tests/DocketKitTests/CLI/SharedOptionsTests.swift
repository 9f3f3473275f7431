import Foundation
import XCTest
@testable import DocketKit

/// Every verb reads the shared options one way: a bad value of each is a usage error
/// (exit 2) with the same message shape and the verb's usage line.
final class SharedOptionsTests: XCTestCase {
    /// Arguments that make each verb reach its option checks (a valid id, file or kind).
    static func positionals(_ verb: String) -> [String] {
        switch verb {
        case "history", "show", "form": ["INC-2026-0001"]
        case "yaml": ["procedures/sla.md"]
        case "schema": ["incident"]
        case "template": ["render", "templates/none.mustache", "--data", "none.json"]
        case "new": ["incident"]
        case "log": ["INC-2026-0001", "text"]
        case "set": ["INC-2026-0001", "title=x"]
        case "unset": ["INC-2026-0001", "contact"]
        case "transition": ["INC-2026-0001", "resolved"]
        default: []
        }
    }

    static let badValues: [String: String] = [
        "--root": "/nonexistent/docket-root", "--format": "bogus", "--now": "bogus",
        "--kind": "bogus", "--output": "/nonexistent/folder/out.txt",
    ]

    func testEveryVerbReportsABadSharedOptionTheSameWay() throws {
        var checked = 0
        for command in Docket.commands {
            let spec = command.spec
            for name in Docket.sharedOptionNames {
                guard spec.options.contains(where: { $0.name == name }), let bad = Self.badValues[name] else { continue }
                let arguments = [spec.name] + Self.positionals(spec.name) + [name, bad]
                let run = SampleRepository.run(arguments)
                let label = arguments.joined(separator: " ")
                XCTAssertEqual(run.code, 2, "\(label): \(run.errors)")
                XCTAssertEqual(run.output, "", label)
                let lines = run.errors.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                XCTAssertEqual(lines.count, 4, "\(label): \(run.errors)")
                guard lines.count == 4 else { continue }
                XCTAssertTrue(lines[0].hasPrefix("docket \(spec.name): error: expected \(name) to be "), "\(label): \(lines[0])")
                XCTAssertTrue(lines[0].contains(", found \"\(bad)\""), "\(label): \(lines[0])")
                XCTAssertEqual(lines[1], spec.usage, label)
                XCTAssertEqual(lines[2], "run 'docket \(spec.name) --help' for the options", label)
                checked += 1
            }
        }
        // Every verb has --root; the others where the table says.
        XCTAssertGreaterThanOrEqual(checked, Docket.commands.count + 5)
    }

    func testEveryVerbTakesRootAndEveryDataVerbTakesFormat() {
        for command in Docket.commands {
            XCTAssertTrue(command.spec.options.contains { $0.name == "--root" }, command.spec.name)
        }
        for verb in ["validate", "history", "yaml", "show", "list", "schema", "sla"] {
            let spec = Docket.commands.first { $0.spec.name == verb }!.spec
            XCTAssertFalse(spec.formats.isEmpty, verb)
        }
    }

    func testOptionsDocumentHoldsTheCurrentTable() throws {
        let text = try String(contentsOfFile: TestRepository.packageRoot + "/docs/options.md", encoding: .utf8)
        XCTAssertTrue(text.contains(Docket.sharedOptionsTable + "\n"), "docs/options.md is stale; its table should be:\n" + Docket.sharedOptionsTable)
        let readme = try String(contentsOfFile: TestRepository.packageRoot + "/README.md", encoding: .utf8)
        XCTAssertTrue(readme.contains("docs/options.md"))
    }

    func testSuggestionsForValuesAndOptions() {
        let kind = SampleRepository.run(["sla", "--kind", "incidnt"])
        XCTAssertTrue(kind.errors.hasPrefix("docket sla: error: expected --kind to be one of incident or request, found \"incidnt\"; did you mean \"incident\"?\nusage: docket sla [options]\n"), kind.errors)
        let notCovered = SampleRepository.run(["sla", "--kind", "problem"])
        XCTAssertTrue(notCovered.errors.contains("(problem is a kind, but not one this verb covers)"), notCovered.errors)
        let format = SampleRepository.run(["list", "--format", "jsn"])
        XCTAssertTrue(format.errors.contains("expected --format to be one of table, json or csv, found \"jsn\"; did you mean \"json\"?"), format.errors)
        let option = SampleRepository.run(["list", "--fromat", "json"])
        XCTAssertEqual(option.code, 2)
        XCTAssertTrue(option.errors.contains("found --fromat; did you mean --format?\nusage: docket list [options]"), option.errors)
    }

    func testReportKindErrorNamesAllAndSuggestsIt() {
        let typo = SampleRepository.run(["report", "--period", "2026-11", "--kind", "problm"])
        XCTAssertEqual(typo.code, 2)
        XCTAssertTrue(typo.errors.contains("expected --kind to be one of change, incident, problem, request or all, found \"problm\"; did you mean \"problem\"?"), typo.errors)
        let near = SampleRepository.run(["report", "--period", "2026-11", "--kind", "al"])
        XCTAssertTrue(near.errors.contains("did you mean \"all\"?"), near.errors)
        XCTAssertEqual(SampleRepository.run(["report", "--period", "2026-11", "--kind", "ALL", "--format", "json"]).code, 0)
    }

    func testReversedPeriodRangeSaysSoForEveryVerb() {
        let fix = "expected --period FROM..TO that ends no earlier than it starts, found \"2026-11..2026-10\": 2026-11 starts after 2026-10 ends; write 2026-10..2026-11"
        for verb in [["report"], ["sla", "--now", "2026-11-30T10:00:00+08:00"]] {
            let run = SampleRepository.run(verb + ["--period", "2026-11..2026-10"])
            XCTAssertEqual(run.code, 2, verb[0])
            XCTAssertTrue(run.errors.contains(fix), run.errors)
        }
        let list = SampleRepository.run(["list", "--since", "2026-12-01..2026-11-30"])
        XCTAssertEqual(list.code, 2)
        XCTAssertTrue(list.errors.contains("expected --since FROM..TO that ends no earlier than it starts"), list.errors)
        let garbled = SampleRepository.run(["report", "--period", "2026-11..2026-13"])
        XCTAssertTrue(garbled.errors.contains("expected --period to be \(Period.expected), found \"2026-11..2026-13\""), garbled.errors)
        XCTAssertEqual(SampleRepository.run(["report", "--period", "2026-10..2026-11", "--format", "json"]).code, 0)
    }

    func testOneKindResolverForEveryVerb() throws {
        for name in ["incident", "事件", "Incident", "incidents", "INCIDENTS"] {
            let list = SampleRepository.run(["list", "--kind", name, "--format", "json"])
            XCTAssertEqual(list.code, 0, "\(name): \(list.errors)")
            XCTAssertEqual(list.output, SampleRepository.run(["list", "--kind", "incident", "--format", "json"]).output, name)
            let sla = SampleRepository.run(["sla", "--kind", name, "--now", "2026-11-30T10:00:00+08:00", "--format", "json"])
            XCTAssertEqual(sla.code, 0, "\(name): \(sla.errors)")
            XCTAssertEqual(SampleRepository.run(["schema", name]).code, 0, name)
        }
    }

    func testOpenMeansNotInAFinalStateInEveryVerb() throws {
        let now = "2026-11-30T10:00:00+08:00"
        let list = try XCTUnwrap(SampleRepository.json(SampleRepository.run(["list", "--open", "--kind", "incident,request", "--format", "json"]).output) as? [[String: Any]])
        let sla = try XCTUnwrap(SampleRepository.json(SampleRepository.run(["sla", "--open", "--now", now, "--format", "json"]).output) as? [[String: Any]])
        XCTAssertEqual(Set(list.compactMap { $0["id"] as? String }), Set(sla.compactMap { $0["id"] as? String }))
        // A resolved incident is open: it is not closed yet.
        XCTAssertTrue(list.contains { $0["id"] as? String == "INC-2026-0019" && $0["status"] as? String == "resolved" })
        XCTAssertFalse(list.contains { $0["status"] as? String == "closed" })
    }

    func testListSinceAndUntilTakeAMonth() throws {
        func ids(_ arguments: [String]) throws -> [String] {
            let run = SampleRepository.run(["list", "--kind", "incident", "--format", "json"] + arguments)
            XCTAssertEqual(run.code, 0, run.errors)
            return try XCTUnwrap(SampleRepository.json(run.output) as? [[String: Any]]).compactMap { $0["id"] as? String }
        }
        XCTAssertEqual(try ids(["--since", "2026-11", "--until", "2026-11"]), try ids(["--since", "2026-11-01", "--until", "2026-11-30"]))
        XCTAssertEqual(try ids(["--until", "2026-03"]), try ids(["--until", "2026-03-31"]))
        XCTAssertEqual(try ids(["--since", "2026-Q4"]), try ids(["--since", "2026-10-01"]))
        XCTAssertFalse(try ids(["--since", "2026-11"]).contains("INC-2026-0001"))
        let bad = SampleRepository.run(["list", "--since", "2026-13"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.errors.hasPrefix("docket list: error: expected --since to be a period like 2026, 2026-Q4, 2026-11, 2026-11-03 or FROM..TO (2026-11-01..2026-11-30), found \"2026-13\"\nusage: docket list [options]"), bad.errors)
    }

    func testPathsResolveAgainstTheRootGiven() throws {
        let elsewhere = FileManager.default.temporaryDirectory.path
        let file = "tickets/incidents/2026/INC-2026-0001.md"
        let validate = SampleRepository.run(["validate", "--root", SampleRepository.root, "--now", "2026-11-30T10:00:00+08:00", file], in: elsewhere)
        XCTAssertEqual(validate.code, 0, validate.errors)
        XCTAssertTrue(validate.output.contains("in 1 file"), validate.output)
        let yaml = SampleRepository.run(["yaml", "--root", SampleRepository.root, file], in: elsewhere)
        XCTAssertEqual(yaml.code, 0, yaml.errors)
        XCTAssertTrue(yaml.output.contains("\"id\": \"INC-2026-0001\""))
        // With --root, yaml reads nothing outside the root.
        let outside = SampleRepository.run(["yaml", "--root", SampleRepository.root, "/etc/hostname"], in: elsewhere)
        XCTAssertEqual(outside.code, 1, outside.output)
        XCTAssertEqual(SampleRepository.run(["rules", "--root", SampleRepository.root], in: elsewhere).code, 0)
    }

    func testOutputFileIsWrittenAtomicallyAndEqualsStandardOutput() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let now = "2026-11-30T10:00:00+08:00"
        for (arguments, file) in [(["list", "--format", "csv"], "out/list.csv"), (["sla", "--now", now, "--format", "json"], "out/sla.json"),
                                  (["show", "INC-2026-0022", "--now", now], "out/show.txt"), (["validate", "--now", now], "out/validate.txt")] {
            try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
            let printed = TestRepository.run(arguments, in: root)
            // Relative to --root, not to the working directory.
            let written = TestRepository.run(arguments + ["--root", root, "-o", file], in: "/")
            XCTAssertEqual(written.status, printed.status, written.errors)
            XCTAssertEqual(written.output, "")
            // Bytes, not String(contentsOfFile:), which would drop the CSV's byte order mark.
            XCTAssertEqual(String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/" + file)), as: UTF8.self), printed.output, file)
        }
        // A second write replaces the file; no temporary file is left behind.
        XCTAssertEqual(TestRepository.run(["list", "--kind", "problem", "-o", "out/list.csv", "--format", "csv"], in: root).status, 0)
        XCTAssertTrue(try String(contentsOfFile: root + "/out/list.csv", encoding: .utf8).contains("PRB-2026-0001"))
        XCTAssertFalse(try String(contentsOfFile: root + "/out/list.csv", encoding: .utf8).contains("INC-2026-0001"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/out").sorted(), ["list.csv", "show.txt", "sla.json", "validate.txt"])
        // A symbolic link at the target is replaced, not followed.
        let victim = root + "/victim.txt"
        try "keep".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/out/link.csv", withDestinationPath: victim)
        XCTAssertEqual(TestRepository.run(["list", "-o", "out/link.csv"], in: root).status, 0)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep")
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/out/link.csv"))
    }
}
