import Foundation
import XCTest
@testable import DocketKit

/// `docket completion SHELL` and `docket completion --list WHAT`.
final class CompletionCommandTests: XCTestCase {
    var root = ""
    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testEveryScriptNamesEveryVerbAndOption() {
        for shell in CompletionCommand.shells {
            let run = TestRepository.run(["completion", shell], in: root)
            XCTAssertEqual(run.status, 0, run.errors)
            for command in Docket.commands {
                XCTAssertTrue(run.output.contains(command.spec.name), "\(shell): \(command.spec.name)")
                for option in command.spec.options {
                    let name = shell == "fish" ? "-l " + option.name.dropFirst(2) : option.name
                    XCTAssertTrue(run.output.contains(name), "\(shell): \(command.spec.name) \(option.name)")
                }
            }
        }
    }

    func testListsFollowTheRepository() {
        let ids = TestRepository.run(["completion", "--list", "ids"], in: root)
        XCTAssertEqual(ids.status, 0)
        let lines = ids.output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("INC-2026-0003"))
        XCTAssertTrue(lines.contains("CI-APP-FIN"))
        XCTAssertEqual(lines, lines.sorted())
        XCTAssertEqual(TestRepository.run(["completion", "--list", "kinds"], in: root).output, "change\ncmdb\nincident\nknowledge\nproblem\nrequest\n")
        let states = TestRepository.run(["completion", "--list", "states"], in: root).output.split(separator: "\n")
        XCTAssertTrue(states.contains("in-progress") && states.contains("closed"))
        XCTAssertTrue(TestRepository.run(["completion", "--list", "rules"], in: root).output.contains("sla-resolution-breach\n"))
    }

    func testListIsQuietOutsideARepositoryAndUsageErrorsAreReported() {
        let outside = TestRepository.run(["completion", "--list", "ids"], in: "/")
        XCTAssertEqual(outside.status, 0)
        XCTAssertEqual(outside.output + outside.errors, "")
        XCTAssertEqual(TestRepository.run(["completion", "--list", "people"], in: root).status, 2)
        let shell = TestRepository.run(["completion", "tcsh"], in: root)
        XCTAssertEqual(shell.status, 2)
        XCTAssertTrue(shell.errors.contains("expected SHELL bash, zsh, fish, found \"tcsh\""), shell.errors)
        XCTAssertEqual(TestRepository.run(["completion"], in: root).status, 2)
    }

    func testFormatChoicesComeFromTheOptionHelp() {
        let format = ValidateCommand.spec.options.first { $0.name == "--format" }!
        XCTAssertEqual(CompletionCommand.completion(of: format), .words(ReporterRegistry.names))
        let list = ListCommand.spec.options.first { $0.name == "--format" }!
        XCTAssertEqual(CompletionCommand.completion(of: list), .words(["table", "json", "csv"]))
        XCTAssertEqual(CompletionCommand.positional(ShowCommand.spec), .list("ids"))
        XCTAssertEqual(CompletionCommand.positional(SchemaCommand.spec), .list("kinds"))
        XCTAssertEqual(CompletionCommand.positional(RulesCommand.spec), .list("rules"))
    }

    /// Sources the bash script in a real bash and asks it to complete, with the built docket on the PATH.
    func testBashCompletesVerbsOptionsFormatsAndIDs() throws {
        let docket = try ProcessRunner.docketExecutable()
        let script = root + "/docket.bash"
        try TestRepository.run(["completion", "bash"], in: root).output.write(toFile: script, atomically: true, encoding: .utf8)
        func complete(_ words: [String]) -> [String] {
            let quoted = words.map { "'" + $0 + "'" }.joined(separator: " ")
            let program = "source '\(script)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _docket; printf '%s\\n' \"${COMPREPLY[@]}\""
            let path = (docket as NSString).deletingLastPathComponent + ":/usr/bin:/bin"
            let run = ProcessRunner.run(["bash", "-c", program], seconds: 60, directory: root, environment: ["PATH": path])
            XCTAssertEqual(run.status, 0, run.output)
            return run.output.split(separator: "\n").map(String.init)
        }
        XCTAssertEqual(complete(["docket", "val"]), ["validate"])
        XCTAssertTrue(complete(["docket", "validate", "--fo"]).contains("--format"))
        XCTAssertEqual(complete(["docket", "validate", "--format", "s"]), ["sarif"])
        XCTAssertEqual(complete(["docket", "show", "INC-2026-002"]).count, 6)
        XCTAssertTrue(complete(["docket", "list", "--kind", ""]).contains("incident"))
        XCTAssertTrue(complete(["docket", "list", "--status", "in-"]).contains("in-progress"))
    }

    /// The fish script in a real fish (`complete -C` asks what a command line completes to); skipped without fish.
    func testFishCompletesVerbsFormatsAndIDs() throws {
        guard ProcessRunner.run(["sh", "-c", "command -v fish"], seconds: 10).status == 0 else { throw XCTSkip("fish is not installed") }
        let docket = try ProcessRunner.docketExecutable()
        let script = root + "/docket.fish"
        try TestRepository.run(["completion", "fish"], in: root).output.write(toFile: script, atomically: true, encoding: .utf8)
        func complete(_ line: String) -> [String] {
            let path = (docket as NSString).deletingLastPathComponent + ":/usr/bin:/bin"
            let run = ProcessRunner.run(["fish", "--no-config", "-c", "source '\(script)'; complete -C '\(line)'"], seconds: 60, directory: root,
                                        environment: ["PATH": path, "HOME": root])
            XCTAssertEqual(run.status, 0, run.output)
            return run.output.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        }
        XCTAssertEqual(complete("docket val"), ["validate"])
        XCTAssertEqual(complete("docket validate --format s"), ["sarif"])
        XCTAssertEqual(complete("docket show INC-2026-002").count, 6)
        XCTAssertTrue(complete("docket list --status in-").contains("in-progress"))
    }

    func testScriptsPassTheShellsSyntaxCheck() throws {
        for (shell, check) in [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])] {
            guard ProcessRunner.run(["sh", "-c", "command -v \(shell)"], seconds: 10).status == 0 else { continue }
            let file = root + "/docket." + shell
            try TestRepository.run(["completion", shell], in: root).output.write(toFile: file, atomically: true, encoding: .utf8)
            let run = ProcessRunner.run(check + [file], seconds: 60)
            XCTAssertEqual(run.status, 0, "\(shell): \(run.output)")
        }
    }
}
