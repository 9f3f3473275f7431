import Foundation

/// Runs the `git` command line in a repository. Every call is one process;
/// callers keep the number of calls bounded (never one per file).
public struct Git: Sendable {
    /// The folder git runs in (`git -C`).
    public let directory: String
    /// The git executable, found on `PATH`.
    public let executable: String
    /// Seconds a git process may run before it is stopped and the call fails:
    /// `DOCKET_GIT_TIMEOUT` from the environment, else 600.
    public var timeout: Double

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
        public var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// A git runner for `directory`, or nil when no `git` is on `PATH`.
    public init?(directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let found = Git.find(environment: environment) else { return nil }
        self.directory = directory
        self.executable = found
        self.timeout = environment["DOCKET_GIT_TIMEOUT"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 600
    }

    /// The first executable `git` on `PATH` (then `/usr/bin/git`).
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin:/usr/local/bin"
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = folder + "/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `git -C directory ARGS`, feeding `input` to its standard input, with
    /// `environment` added to the process's; stopped after `timeout` seconds.
    public func run(_ arguments: [String], input: [UInt8]? = nil,
                    environment extra: [String: String] = [:]) throws(CommandFailure) -> Output {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        environment["LC_ALL"] = "C"
        environment["GIT_PAGER"] = "cat"
        // Never wait for a password typed at a terminal that nobody watches.
        environment["GIT_TERMINAL_PROMPT"] = "0"
        for (key, value) in extra { environment[key] = value }
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(executable, ["-C", directory, "-c", "core.quotePath=false"] + arguments,
                                          environment: environment, input: input, timeout: timeout)
        } catch {
            throw CommandFailure("expected to run git at \(executable), found it cannot be started: \(error.message)")
        }
        if result.timedOut {
            let command = arguments.first { !$0.hasPrefix("-") && !$0.contains("=") } ?? "git"
            throw CommandFailure("expected git \(command) to finish within \(String(format: "%g", timeout)) s, found it still running and stopped it; set DOCKET_GIT_TIMEOUT to more seconds for a very large history")
        }
        return Output(status: result.status, stdout: result.stdout, stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    /// Reads many objects (blob ids or `rev:path` names) with one `git cat-file --batch`;
    /// a missing object maps to nil. Results are keyed by the name asked for,
    /// with the object id so equal contents can be parsed once.
    public func objects(_ names: [String]) throws(CommandFailure) -> [String: (oid: String, bytes: [UInt8])] {
        guard !names.isEmpty else { return [:] }
        // NUL-separated names (`-z`): a path may hold a newline.
        var input: [UInt8] = []
        for name in names { input += Array(name.utf8); input.append(0) }
        let output = try run(["cat-file", "--batch", "-z"], input: input)
        guard output.status == 0 else {
            throw CommandFailure("expected git cat-file to read the record versions, found an error: \(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        var result: [String: (oid: String, bytes: [UInt8])] = [:]
        let bytes = output.stdout
        var offset = 0
        for name in names {
            // "<name> missing" (or "ambiguous") repeats the name, which may hold a newline;
            // a blob asked for by its id starts with the same bytes, then " blob".
            let echoed = Array(name.utf8)
            let after = offset + echoed.count + 1
            if bytes.count > after, bytes[offset..<after - 1].elementsEqual(echoed), bytes[after - 1] == 32,
               let end = bytes[after...].firstIndex(of: 10), ["missing", "ambiguous"].contains(String(decoding: bytes[after..<end], as: UTF8.self)) {
                offset = end + 1
                continue
            }
            guard offset < bytes.count, let end = bytes[offset...].firstIndex(of: 10) else { break }
            let header = String(decoding: bytes[offset..<end], as: UTF8.self)
            offset = end + 1
            let parts = header.split(separator: " ")
            if parts.count == 3, let size = Int(parts[2]) {
                let content = Array(bytes[offset..<min(bytes.count, offset + size)])
                offset += size + 1
                if parts[1] == "blob" { result[name] = (String(parts[0]), content) }
            }
        }
        return result
    }
}
