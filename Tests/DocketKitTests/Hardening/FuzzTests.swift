import Foundation
import XCTest
@testable import DocketKit

/// A seeded, time-bounded mutation test over the sample records (issue 10, item 9).
///
/// Each case damages one to three records of a temporary copy of the sample repository
/// with `FuzzMutation`s, runs `docket validate --format json` and `docket yaml FILE`
/// (every fourth case also `list`, `sla` and `show` in JSON) in process, each on a thread
/// under a deadline, and checks what the README promises
/// for any input: no crash and no hang, exit codes 0/1/2 that agree with the findings,
/// JSON that parses, every path relative and inside the root, damage that must be
/// reported is reported, and the untouched records keep exactly their findings.
///
/// Environment: `DOCKET_FUZZ_SECONDS` (default 3), `DOCKET_FUZZ_SEED` (default fixed, so
/// `swift test` is repeatable), `DOCKET_FUZZ_CASE` (run that one case of the seed again),
/// `DOCKET_FUZZ_FAILURES` (a folder: each failing case's files are saved there, and the
/// case being run is kept in `in-progress/` so a crash leaves its input behind),
/// `DOCKET_FUZZ_DEADLINE` (seconds one verb may run, default 60). `Scripts/fuzz.sh` runs it longer.
final class FuzzTests: XCTestCase {
    static let now = "2026-11-30T10:00:00+08:00"

    struct Settings {
        var seconds = 3.0
        var seed: UInt64 = 20_261_130
        var onlyCase: Int?
        var failures: String?
        var deadline = 60.0

        static var environment: Settings {
            let environment = ProcessInfo.processInfo.environment
            var settings = Settings()
            if let text = environment["DOCKET_FUZZ_SECONDS"], let value = Double(text) { settings.seconds = value }
            if let text = environment["DOCKET_FUZZ_SEED"], let value = UInt64(text) { settings.seed = value }
            if let text = environment["DOCKET_FUZZ_CASE"], let value = Int(text) { settings.onlyCase = value }
            if let text = environment["DOCKET_FUZZ_FAILURES"], !text.isEmpty { settings.failures = text }
            if let text = environment["DOCKET_FUZZ_DEADLINE"], let value = Double(text) { settings.deadline = value }
            return settings
        }
    }

    /// One element of `validate --format json`.
    struct Finding: Hashable, CustomStringConvertible {
        var path: String
        var line: Int
        var column: Int
        var severity: String
        var rule: String
        var message: String

        var description: String { "\(path):\(line):\(column): \(severity): \(message) [\(rule)]" }
    }

    /// One case: the mutated files (path relative to the root → bytes) and what was done to each.
    struct Case {
        var index: Int
        var files: [String: [UInt8]] = [:]
        var mutations: [String: [String]] = [:]
    }

    /// Why a case failed; `hung` stops the run (the verb's thread still holds the repository).
    struct Failure: Error {
        var problems: [String]
        var hung = false
    }

    var root = ""
    var settings = Settings.environment
    var records: [String] = []
    var originals: [String: [UInt8]] = [:]
    /// Findings of the unmutated repository, by path.
    var baseline: [String: [Finding]] = [:]
    /// Rules whose findings on one record depend on other records (ids, links, link demands).
    var crossRecordRules: Set<String> = []

    override func setUpWithError() throws {
        root = try TestRepository.copy()
        let tickets = root + "/tickets"
        let walker = try XCTUnwrap(FileManager.default.enumerator(atPath: tickets))
        records = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }.map { "tickets/" + $0 }.sorted()
        XCTAssertGreaterThan(records.count, 50, "the sample records")
        for path in records { originals[path] = try Array(Data(contentsOf: URL(fileURLWithPath: root + "/" + path))) }
        let procedures = try ProcedureSet.load(root: root)
        crossRecordRules = [RuleID.idDuplicate, .linkMissing, .linkKind].map(\.rawValue)
            .reduce(into: Set<String>()) { $0.insert($1) }
        for procedure in procedures.procedures {
            for constraint in procedure.constraints {
                if case .link = constraint.demand { crossRecordRules.insert(constraint.rule.rawValue) }
            }
        }
        let run = try XCTUnwrap(TestRepository.run(validateArguments, in: root, within: settings.deadline), "validate of the sample did not finish")
        let findings = try Self.findings(run.output)
        baseline = Dictionary(grouping: findings, by: \.path)
        XCTAssertEqual(run.status, findings.contains { $0.severity == "error" } ? 1 : 0, run.output)
    }

    override func tearDownWithError() throws {
        if !root.isEmpty { try? FileManager.default.removeItem(atPath: root) }
    }

    var validateArguments: [String] { ["validate", "--format", "json", "--now", Self.now] }

    func testMutatedRecordsAreReportedWithoutCrashHangOrPathOutsideTheRoot() throws {
        let started = Date()
        var index = settings.onlyCase ?? 0
        var cases = 0, failing = 0, filesMutated = 0
        if let folder = settings.failures { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        repeat {
            let fuzzCase = makeCase(index)
            cases += 1
            filesMutated += fuzzCase.files.count
            for (path, bytes) in fuzzCase.files { try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + path)) }
            try save(fuzzCase, as: "in-progress", problems: [])
            do {
                try check(fuzzCase, deep: index % 4 == 0)
            } catch let failure as Failure {
                failing += 1
                try save(fuzzCase, as: "case-\(settings.seed)-\(index)", problems: failure.problems)
                XCTFail("""
                    fuzz case \(index) of seed \(settings.seed) failed (run it again with DOCKET_FUZZ_SEED=\(settings.seed) DOCKET_FUZZ_CASE=\(index)):
                    \(describe(fuzzCase))
                    \(failure.problems.joined(separator: "\n"))
                    """)
                if failure.hung {
                    root = ""   // the verb's thread may still read it: leave the copy alone
                    break
                }
            }
            for path in fuzzCase.files.keys { try Data(originals[path]!).write(to: URL(fileURLWithPath: root + "/" + path)) }
            index += 1
        } while settings.onlyCase == nil && Date().timeIntervalSince(started) < settings.seconds && failing < 20
        if let folder = settings.failures { try? FileManager.default.removeItem(atPath: folder + "/in-progress") }
        let elapsed = Date().timeIntervalSince(started)
        // Scripts/fuzz.sh reads this line.
        print("fuzz: seed \(settings.seed), \(cases) cases, \(filesMutated) files mutated, \(failing) failing, \(String(format: "%.1f", elapsed)) s")
        XCTAssertGreaterThan(cases, 0)
    }

    // MARK: the checks themselves

    /// The sibling check fails when an untouched record's findings change, and the damage
    /// check when a file with a NUL byte passes: a record edited behind the case's back shows both.
    func testTheChecksCatchAChangedSiblingAndUnreportedDamage() throws {
        let path = "tickets/incidents/2026/INC-2026-0001.md"
        let edited = String(decoding: originals[path]!, as: UTF8.self).replacingOccurrences(of: "status: closed", with: "status: shut")
        XCTAssertNotEqual(Array(edited.utf8), originals[path]!)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        XCTAssertThrowsError(try check(Case(index: 0), deep: false)) { error in
            let problems = (error as? Failure)?.problems ?? []
            XCTAssertTrue(problems.contains { $0.hasPrefix("the unmutated \(path) changed findings") && $0.contains("status-unknown") }, "\(problems)")
        }
        // Claimed to hold a NUL byte while the file on disk is the clean original: no encoding error.
        try Data(originals[path]!).write(to: URL(fileURLWithPath: root + "/" + path))
        let claimed = Case(index: 0, files: [path: originals[path]! + [0]], mutations: [path: ["nul"]])
        XCTAssertThrowsError(try check(claimed, deep: false)) { error in
            let problems = (error as? Failure)?.problems ?? []
            XCTAssertTrue(problems.contains { $0.contains("holds a NUL byte but got no error") }, "\(problems)")
        }
        XCTAssertNoThrow(try check(Case(index: 0), deep: true))
    }

    func testDamageThatMustBeReported() {
        let clean = originals["tickets/incidents/2026/INC-2026-0001.md"]!
        XCTAssertNil(Self.damageThatMustBeReported(clean))
        XCTAssertNil(Self.damageThatMustBeReported([0xEF, 0xBB, 0xBF] + clean), "a leading byte order mark is allowed")
        XCTAssertNil(Self.damageThatMustBeReported(Array("text\n=======\nmore\n".utf8)), "a heading underline is no conflict")
        XCTAssertNil(Self.damageThatMustBeReported(Array("<<<<<<< HEAD\nours\n".utf8)), "an opening marker alone is no conflict")
        XCTAssertNil(Self.damageThatMustBeReported(Array("<<<<<<<x\n=======\n>>>>>>> b\n".utf8)), "a marker needs a space or the line end")
        XCTAssertEqual(Self.damageThatMustBeReported(clean + [0]), "a NUL byte")
        XCTAssertEqual(Self.damageThatMustBeReported(clean + [0xC0, 0x80]), "bytes that are not UTF-8")
        XCTAssertEqual(Self.damageThatMustBeReported(Array("a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> main\n".utf8)), "conflict markers")
        XCTAssertEqual(Self.damageThatMustBeReported(Array("<<<<<<<\n=======\n>>>>>>>".utf8)), "conflict markers")
        XCTAssertEqual(Self.damageThatMustBeReported([UInt8](repeating: 0x61, count: (1 << 20) + 1)), "more than 1 MiB")
    }

    func testPathProblem() {
        XCTAssertNil(Self.pathProblem("tickets/incidents/2026/INC-2026-0001.md", root: root))
        XCTAssertNil(Self.pathProblem("procedures/incident.md", root: root))
        XCTAssertEqual(Self.pathProblem(root + "/tickets/incidents/2026/INC-2026-0001.md", root: root), "an absolute path")
        XCTAssertEqual(Self.pathProblem("tickets/../tickets/incidents/2026/INC-2026-0001.md", root: root), "a path with an empty, . or .. part")
        XCTAssertEqual(Self.pathProblem("tickets//incidents/2026/INC-2026-0001.md", root: root), "a path with an empty, . or .. part")
        XCTAssertEqual(Self.pathProblem("templates/x.md", root: root), "a path outside tickets/ and procedures/")
        XCTAssertEqual(Self.pathProblem("tickets/incidents/2026/INC-2026-0999.md", root: root), "a path to no file of the repository")
    }

    func testFindingsAreReadOnlyFromTheDocumentedShape() throws {
        let good = #"[{"path": "tickets/a.md", "line": 2, "column": 3, "severity": "error", "rule": "encoding", "message": "m"}]"#
        XCTAssertEqual(try Self.findings(good), [Finding(path: "tickets/a.md", line: 2, column: 3, severity: "error", rule: "encoding", message: "m")])
        XCTAssertEqual(try Self.findings("[]\n"), [])
        for bad in ["[", "{}", #"[{"path": "a"}]"#, #"[{"path": "a", "line": "2", "column": 3, "severity": "error", "rule": "r", "message": "m"}]"#] {
            XCTAssertThrowsError(try Self.findings(bad), bad)
        }
    }

    /// A case is made from the seed and its number alone, so DOCKET_FUZZ_CASE replays it;
    /// and every mutation changes the bytes it is given.
    func testCasesReplayAndMutationsChangeTheBytes() {
        let later = makeCase(7)
        _ = (0..<7).map(makeCase)
        XCTAssertEqual(makeCase(7).files, later.files)
        XCTAssertNotEqual(makeCase(8).files, later.files)
        let sample = originals["tickets/incidents/2026/INC-2026-0003.md"]!
        for mutation in FuzzMutation.allCases {
            for seed in 0..<8 as Range<UInt64> {
                var random = SeededGenerator(state: seed)
                var bytes = sample
                let done = mutation.apply(to: &bytes, &random)
                // A swap may draw one line twice, a duplicate may insert a copy of itself in place.
                if mutation != .swapLines && mutation != .duplicateRange { XCTAssertNotEqual(bytes, sample, done) }
            }
        }
    }

    /// Nesting beyond 64 levels, in flow and block style, is a located `yaml-syntax` error for both verbs.
    func testDeepNestingIsALocatedError() throws {
        let path = "tickets/incidents/2026/INC-2026-0003.md"
        for mutation in [FuzzMutation.deepFlow, .deepBlock] {
            var random = SeededGenerator(state: 3)
            var bytes = originals[path]!
            _ = mutation.apply(to: &bytes, &random)
            try Data(bytes).write(to: URL(fileURLWithPath: root + "/" + path))
            let yaml = try XCTUnwrap(TestRepository.run(["yaml", path], in: root, within: settings.deadline))
            XCTAssertEqual(yaml.status, 1, mutation.rawValue)
            XCTAssertTrue(yaml.errors.hasPrefix(path + ":") && yaml.errors.contains("64"), yaml.errors)
            let validate = try XCTUnwrap(TestRepository.run(validateArguments + [path], in: root, within: settings.deadline))
            XCTAssertEqual(validate.status, 1)
            XCTAssertEqual(try Self.findings(validate.output).map(\.rule), ["yaml-syntax"], validate.output)
        }
    }

    // MARK: cases

    func makeCase(_ index: Int) -> Case {
        // Every case has a generator of its own, so one case can be run again alone.
        var mixer = SeededGenerator(state: settings.seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        var random = SeededGenerator(state: mixer.next())
        var fuzzCase = Case(index: index)
        let count = Int.random(in: 1...3, using: &random)
        while fuzzCase.files.count < count {
            let path = records.randomElement(using: &random)!
            guard fuzzCase.files[path] == nil else { continue }
            var bytes = originals[path]!
            var done: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                done.append(FuzzMutation.random(&random).apply(to: &bytes, &random))
            }
            fuzzCase.files[path] = bytes
            fuzzCase.mutations[path] = done
        }
        return fuzzCase
    }

    func describe(_ fuzzCase: Case) -> String {
        fuzzCase.files.keys.sorted().map { "  \($0): \(fuzzCase.mutations[$0]!.joined(separator: ", "))" }.joined(separator: "\n")
    }

    /// Writes the case's files (at their paths in the repository) and what failed under `DOCKET_FUZZ_FAILURES/name`.
    func save(_ fuzzCase: Case, as name: String, problems: [String]) throws {
        guard let folder = settings.failures else { return }
        let target = folder + "/" + name
        try? FileManager.default.removeItem(atPath: target)
        for (path, bytes) in fuzzCase.files {
            let full = target + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        }
        let note = """
            seed \(settings.seed), case \(fuzzCase.index)
            again: DOCKET_FUZZ_SEED=\(settings.seed) DOCKET_FUZZ_CASE=\(fuzzCase.index) swift test --filter FuzzTests
            copy the files over a copy of the sample repository to look at them with docket
            \(describe(fuzzCase))
            \(problems.joined(separator: "\n"))

            """
        try Data(note.utf8).write(to: URL(fileURLWithPath: target + "/case.txt"))
    }

    // MARK: checks

    func run(_ arguments: [String]) throws(Failure) -> (status: Int32, output: String, errors: String) {
        guard let result = TestRepository.run(arguments, in: root, within: settings.deadline) else {
            throw Failure(problems: ["docket \(arguments.joined(separator: " ")) did not finish within \(settings.deadline) s"], hung: true)
        }
        return result
    }

    func check(_ fuzzCase: Case, deep: Bool) throws {
        var problems: [String] = []
        let validate = try run(validateArguments)
        let all: [Finding]
        do { all = try Self.findings(validate.output) } catch {
            throw Failure(problems: ["validate --format json printed no valid JSON (\(error)):\n\(validate.output.prefix(2000))"])
        }
        let byPath = Dictionary(grouping: all, by: \.path)
        let errors = all.contains { $0.severity == "error" }
        if validate.status != (errors ? 1 : 0) {
            problems.append("validate exited \(validate.status) with \(errors ? "" : "no ")errors; stderr: \(validate.errors.prefix(500))")
        }
        for finding in all {
            if let problem = Self.pathProblem(finding.path, root: root) { problems.append("\(problem): \(finding)") }
            if finding.line < 1 || finding.column < 1 { problems.append("a position before 1:1: \(finding)") }
            if !["error", "warning", "note"].contains(finding.severity) { problems.append("an unknown severity: \(finding)") }
            if finding.message.isEmpty || finding.rule.isEmpty { problems.append("a finding without rule or message: \(finding)") }
        }
        // The untouched records are still checked, and exactly as before.
        for path in records where fuzzCase.files[path] == nil {
            let before = Set((baseline[path] ?? []).filter { !crossRecordRules.contains($0.rule) })
            let after = Set((byPath[path] ?? []).filter { !crossRecordRules.contains($0.rule) })
            if before != after {
                problems.append("the unmutated \(path) changed findings: lost \(before.subtracting(after).map(\.description)), gained \(after.subtracting(before).map(\.description))")
            }
        }
        for (path, bytes) in fuzzCase.files.sorted(by: { $0.key < $1.key }) {
            let found = byPath[path] ?? []
            if let damage = Self.damageThatMustBeReported(bytes), !found.contains(where: { $0.severity == "error" }) {
                problems.append("\(path) holds \(damage) but got no error: \(found.map(\.description))")
            }
            let yaml = try run(["yaml", path])
            switch yaml.status {
            case 0:
                if (try? JSONSerialization.jsonObject(with: Data(yaml.output.utf8), options: [.fragmentsAllowed])) == nil {
                    problems.append("yaml \(path) exited 0 with output that is no JSON: \(yaml.output.prefix(500))")
                }
            case 1:
                if !yaml.errors.hasPrefix(path + ":") && !yaml.errors.hasPrefix("docket yaml: error: expected") {
                    problems.append("yaml \(path) exited 1 without a located error: \(yaml.errors.prefix(500))")
                }
                // A front matter that does not parse cannot pass validation.
                if !found.contains(where: { $0.severity == "error" }) {
                    problems.append("yaml \(path) failed (\(yaml.errors.prefix(300).trimmingCharacters(in: .whitespacesAndNewlines))) but validate reported no error for it")
                }
            default:
                problems.append("yaml \(path) exited \(yaml.status): \(yaml.errors.prefix(500))")
            }
        }
        if deep {
            // Same input, same bytes out; and a named file is checked as in the whole run.
            let again = try run(validateArguments)
            if again.output != validate.output || again.status != validate.status { problems.append("validate is not deterministic: a second run printed other output") }
            // Nothing skipped: the text format's count line still counts every record.
            let text = try run(["validate", "--now", Self.now])
            let count = text.output.split(separator: "\n").last.map(String.init) ?? ""
            if !count.hasSuffix(" in \(records.count) files") || text.status != validate.status {
                problems.append("validate --format text ended \"\(count.prefix(300))\" with exit \(text.status): expected every one of the \(records.count) records counted and exit \(validate.status)")
            }
            let named = fuzzCase.files.keys.sorted()
            let alone = named.isEmpty ? validate : try run(validateArguments + named)
            if let findings = try? Self.findings(alone.output) {
                for path in named {
                    let inWhole = Set((byPath[path] ?? []).filter { !crossRecordRules.contains($0.rule) })
                    let inNamed = Set(findings.filter { $0.path == path && !crossRecordRules.contains($0.rule) })
                    if inWhole != inNamed {
                        problems.append("validate \(path) differs from the whole run: only alone \(inNamed.subtracting(inWhole).map(\.description)), only in the whole run \(inWhole.subtracting(inNamed).map(\.description))")
                    }
                }
                if !named.isEmpty, let stray = findings.first(where: { !named.contains($0.path) }) { problems.append("validate of named files reported another file: \(stray)") }
            } else {
                problems.append("validate of named files printed no valid JSON: \(alone.output.prefix(2000))")
            }
            // The other verbs read records through the same loader: they list what they can read.
            var others = [["list", "--format", "json"], ["sla", "--format", "json", "--now", Self.now]]
            others += named.map { ["show", (($0 as NSString).lastPathComponent as NSString).deletingPathExtension, "--json", "--now", Self.now] }
            for arguments in others {
                let result = try run(arguments)
                let allowed: Set<Int32> = arguments[0] == "show" ? [0, 1] : [0]
                if !allowed.contains(result.status) {
                    problems.append("docket \(arguments.joined(separator: " ")) exited \(result.status): \(result.errors.prefix(500))")
                } else if result.status == 0, (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) == nil {
                    problems.append("docket \(arguments.joined(separator: " ")) printed no valid JSON: \(result.output.prefix(500))")
                }
            }
        }
        if !problems.isEmpty { throw Failure(problems: problems) }
    }

    // MARK: oracles

    /// Parses `validate --format json`: an array of objects with exactly the six documented keys.
    static func findings(_ json: String) throws -> [Finding] {
        struct Malformed: Error, CustomStringConvertible { var description: String }
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        guard let array = object as? [[String: Any]] else { throw Malformed(description: "expected an array of objects") }
        return try array.map { item in
            guard item.count == 6, let path = item["path"] as? String, let line = item["line"] as? Int, let column = item["column"] as? Int,
                  let severity = item["severity"] as? String, let rule = item["rule"] as? String, let message = item["message"] as? String
            else { throw Malformed(description: "expected {path, line, column, severity, rule, message}, found \(item)") }
            return Finding(path: path, line: line, column: column, severity: severity, rule: rule, message: message)
        }
    }

    /// Why `path` is not a plain relative path to a file of the repository, or nil.
    static func pathProblem(_ path: String, root: String) -> String? {
        if path.hasPrefix("/") { return "an absolute path" }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) { return "a path with an empty, . or .. part" }
        guard parts.first == "tickets" || parts.first == "procedures" else { return "a path outside tickets/ and procedures/" }
        guard FileManager.default.fileExists(atPath: root + "/" + path) else { return "a path to no file of the repository" }
        return nil
    }

    /// What in `bytes` the README says is always an error, or nil: a NUL byte or bytes that
    /// are not UTF-8 (`encoding`), conflict markers (`merge-conflict`), more than
    /// `max_file_size` (`file-too-large`).
    static func damageThatMustBeReported(_ bytes: [UInt8]) -> String? {
        if bytes.count > 1 << 20 { return "more than 1 MiB" }
        if bytes.contains(0) { return "a NUL byte" }
        if String(validating: bytes, as: UTF8.self) == nil { return "bytes that are not UTF-8" }
        // <<<<<<< (then a space or the line end), later a line =======, later a line starting >>>>>>>.
        var stage = 0
        for line in FuzzMutation.lines(of: bytes) {
            let text = line.last == 0x0A ? line.dropLast() : line
            switch stage {
            case 0 where text.starts(with: Array("<<<<<<<".utf8)) && (text.count == 7 || text[text.startIndex + 7] == 0x20): stage = 1
            case 1 where text.elementsEqual(Array("=======".utf8)): stage = 2
            case 2 where text.starts(with: Array(">>>>>>>".utf8)): return "conflict markers"
            default: break
            }
        }
        return nil
    }
}
