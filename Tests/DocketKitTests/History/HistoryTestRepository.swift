import Foundation
import XCTest
@testable import DocketKit

/// A real git repository in a temporary folder, seeded with the package's
/// procedures and sample tickets, for the history integration tests.
final class HistoryTestRepository {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let serviceDesk = ("张三", "zhangsan@it.example-court.cn")
    static let lineOne = ("王五", "wangwu@it.example-court.cn")

    let root: String
    let git: String
    private var clock = 1_780_000_000

    /// Skips the test when git is not installed.
    init() throws {
        guard let git = Git.find() else { throw XCTSkip("git is not available") }
        self.git = git
        let base = try TestRepository.emptyFolder("history")
        root = FileSystem.realPath(base) ?? base
        for folder in ["procedures", "tickets"] {
            try FileManager.default.copyItem(atPath: Self.packageRoot + "/" + folder, toPath: root + "/" + folder)
        }
        try run(["init", "-q", "-b", "main"])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Runs git in the repository (or `directory`) under `Git`'s timeout (120 s here);
    /// throws with git's message when it fails.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], in directory: String? = nil) throws -> String {
        guard var runner = Git(directory: directory ?? root) else { throw XCTSkip("git is not available") }
        runner.timeout = 120
        var environment = ["GIT_CONFIG_NOSYSTEM": "1", "HOME": root]
        for (key, value) in extra { environment[key] = value }
        let output = try runner.run(arguments, environment: environment)
        guard output.status == 0 else {
            throw NSError(domain: "git", code: Int(output.status),
                          userInfo: [NSLocalizedDescriptionKey: "git \(arguments.joined(separator: " ")): " + output.stderr])
        }
        return output.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits everything as `author`, one minute after the previous commit; returns the short hash.
    @discardableResult
    func commit(_ message: String, author: (String, String) = HistoryTestRepository.serviceDesk) throws -> String {
        clock += 60
        let date = "@\(clock) +0800"
        try run(["add", "-A"])
        try run(["-c", "user.name=\(author.0)", "-c", "user.email=\(author.1)", "commit", "-q", "-m", message],
                environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        return try run(["rev-parse", "--short=7", "HEAD"])
    }

    func path(_ id: String) -> String {
        let kind = id.hasPrefix("INC") ? "incidents" : id.hasPrefix("REQ") ? "requests" : id.hasPrefix("CHG") ? "changes" : "problems"
        return "tickets/\(kind)/2026/\(id).md"
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    func write(_ relative: String, _ text: String) throws {
        try text.write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
    }

    /// Moves a file inside the repository (also before the first commit, unlike `git mv`).
    func move(_ from: String, _ to: String) throws {
        try FileManager.default.moveItem(atPath: root + "/" + from, toPath: root + "/" + to)
    }

    /// Replaces the first occurrence of `old` in record `id`.
    func edit(_ id: String, _ old: String, _ new: String) throws {
        let text = try read(path(id))
        guard let range = text.range(of: old) else { throw NSError(domain: "edit", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(old) not in \(id)"]) }
        try write(path(id), text.replacingCharacters(in: range, with: new))
    }

    /// Runs docket with `arguments` in the repository (or `directory`); returns exit code, standard output and errors.
    func docket(_ arguments: [String], in directory: String? = nil) -> (code: Int32, output: String, errors: String) {
        let console = Console(environment: [:], currentDirectory: directory ?? root)
        let code = Docket.run(arguments, console: console)
        return (code, console.output, console.errors)
    }

    /// `validate --root ROOT --since REF`, with extra arguments; in a clone at `directory` when given.
    func validate(since: String, _ extra: [String] = [], in directory: String? = nil) -> (code: Int32, output: String, errors: String) {
        docket(["validate", "--root", directory ?? root, "--since", since] + extra, in: directory)
    }
}

extension String {
    /// Output lines that carry `[rule]`.
    func lines(rule: String) -> [String] {
        split(separator: "\n").map(String.init).filter { $0.hasSuffix("[\(rule)]") }
    }
}
