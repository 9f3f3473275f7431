/// One commit as `git log --raw` shows it.
public struct GitCommit: Sendable {
    public var hash: String
    public var parents: [String]
    public var authorName: String
    public var authorEmail: String
    /// Author date, strict ISO 8601 with the author's offset (`%aI`).
    public var authorDate: String
    public var subject: String
    public var changes: [GitFileChange]

    public var shortHash: String { String(hash.prefix(7)) }
}

/// One path a commit touched; paths are relative to the ticket repository root.
public struct GitFileChange: Sendable {
    /// `A`, `M`, `D`, `R` (renamed), `C` (copied), `T` (type changed).
    public var status: Character
    /// The path before a rename or copy.
    public var oldPath: String?
    public var path: String
    /// Blob ids before and after (from `--raw`); nil when the side does not exist
    /// (or, for the working tree, is the file on disk).
    public var oldBlob: String?
    public var newBlob: String?
}

/// Reads the pieces of history the history rules and `docket history` need.
///
/// Every listing is read with `-z`: git then quotes no path, so a path holding a
/// quote, a backslash, a tab, a newline or non-ASCII text comes back as its bytes.
public struct GitHistory: Sendable {
    public let git: Git
    /// Where the ticket repository root lies inside the git work tree (`sub/` or empty).
    public let prefix: String
    public let isShallow: Bool
    /// The commits whose parents a shallow clone did not fetch (empty when not shallow).
    public let shallowBoundary: Set<String>

    static let separator: UInt8 = 0x1f
    static let marker: UInt8 = 0x01
    static let logFormat = "--format=%x01%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"

    /// Opens the git repository holding `root`.
    /// - Throws: exit 2 when git is missing or `root` is not in a git work tree.
    public init(root: String) throws(CommandFailure) {
        guard let git = Git(directory: root) else {
            throw CommandFailure("expected the git command on PATH to read the history, found none; install git")
        }
        let output = try git.run(["rev-parse", "--is-shallow-repository", "--show-prefix", "--git-path", "shallow"])
        guard output.status == 0 else {
            throw CommandFailure("expected a git repository at \(root), found none (\(Self.firstLine(output.stderr))); run docket in a clone of the ticket repository")
        }
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.git = git
        self.isShallow = lines.first == "true"
        self.prefix = lines.count > 1 ? lines[1] : ""
        var boundary: Set<String> = []
        if isShallow, lines.count > 2, !lines[2].isEmpty {
            // Git's own list of the commits it cut off (`.git/shallow`), one id a line.
            let file = lines[2].hasPrefix("/") ? lines[2] : root + "/" + lines[2]
            for line in (FileSystem.read(file) ?? []).split(separator: 10) where !line.isEmpty {
                boundary.insert(String(decoding: line, as: UTF8.self))
            }
        }
        self.shallowBoundary = boundary
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "no message"
    }

    static let fetchAdvice = "fetch the history with git fetch --unshallow, or git fetch --deepen=N with N large enough (in GitHub Actions: actions/checkout with fetch-depth: 0; in GitLab CI: GIT_DEPTH: 0)"

    /// The full commit id `revision` names.
    /// - Throws: exit 2 naming what to fetch when the revision is unknown.
    public func resolve(_ revision: String, option: String) throws(CommandFailure) -> String {
        let output = try git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        let hash = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if output.status == 0, !hash.isEmpty { return hash }
        if isShallow {
            throw CommandFailure("expected \(option) \(revision) to name a commit, found that the clone is shallow and does not contain it; \(Self.fetchAdvice)")
        }
        let remoteHint = revision.contains("/") ? "git fetch \(revision.split(separator: "/", maxSplits: 1).joined(separator: " "))" : "git fetch origin \(revision)"
        throw CommandFailure("expected \(option) \(revision) to name a commit, found unknown revision \(revision); fetch it, e.g. \(remoteHint)")
    }

    /// Fails when a shallow clone cut the history inside the walked range: git then
    /// shows the cut commit as a first commit, and every change before it is missing.
    /// - Throws: exit 2 saying what to fetch.
    public func requireComplete(_ commits: [GitCommit], since: String, until: String) throws(CommandFailure) {
        guard isShallow else { return }
        // A cut commit has lost its parents; a parentless commit not in git's list is a real first commit.
        let cut = commits.filter { $0.parents.isEmpty && (shallowBoundary.isEmpty || shallowBoundary.contains($0.hash)) }
        guard let first = cut.first else { return }
        throw CommandFailure("expected every commit between --since \(since) and \(until) in the clone, found a shallow clone whose history stops at commit \(first.shortHash) (its parents were not fetched); \(Self.fetchAdvice)")
    }

    /// Path relative to the git top level → relative to the ticket root; nil when outside it.
    func local(_ path: String) -> String? {
        if prefix.isEmpty { return path }
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// The object name of `path` (relative to the ticket root) at `revision`.
    func object(_ revision: String, _ path: String) -> String { revision + ":" + prefix + path }

    /// The NUL-terminated fields of `-z` output.
    static func fields(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var fields = bytes.split(separator: 0, omittingEmptySubsequences: false)
        if fields.last?.isEmpty == true { fields.removeLast() }
        return fields
    }

    /// Parses `git log -z --raw --no-abbrev` output made with `logFormat`: a header field
    /// (`\u{1}hash…`) per commit, then per change a field `:mode mode old new STATUS`
    /// followed by one path field, two for a rename or copy (old, new).
    func parseLog(_ bytes: [UInt8]) -> [GitCommit] {
        var commits: [GitCommit] = []
        parseRaw(bytes, header: { header in
            let fields = header.split(separator: Self.separator, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard fields.count >= 6 else { return }
            commits.append(GitCommit(hash: fields[0], parents: fields[1].split(separator: " ").map(String.init),
                                     authorName: fields[2], authorEmail: fields[3], authorDate: fields[4],
                                     subject: fields[5...].joined(separator: "\u{1f}"), changes: []))
        }, change: { change in
            if !commits.isEmpty { commits[commits.count - 1].changes.append(change) }
        })
        return commits
    }

    /// Walks `-z --raw` output: `header` for each commit header field, `change` for each file change.
    func parseRaw(_ bytes: [UInt8], header: (ArraySlice<UInt8>) -> Void, change: (GitFileChange) -> Void) {
        let fields = Self.fields(bytes)
        var index = 0
        while index < fields.count {
            var field = fields[index]
            index += 1
            // The line break git puts between a commit header and its changes.
            while field.first == 10 { field = field.dropFirst() }
            if field.first == Self.marker { header(field.dropFirst()); continue }
            guard field.first == UInt8(ascii: ":") else { continue }
            let meta = field.split(separator: 32)
            guard meta.count >= 5, let code = meta[4].first else { continue }
            let status = Character(Unicode.Scalar(code))
            let count = status == "R" || status == "C" ? 2 : 1
            guard index + count <= fields.count else { return }
            let paths = fields[index..<index + count].map { local(String(decoding: $0, as: UTF8.self)) }
            index += count
            func blob(_ text: ArraySlice<UInt8>) -> String? {
                text.allSatisfy { $0 == UInt8(ascii: "0") } ? nil : String(decoding: text, as: UTF8.self)
            }
            guard let path = paths[count - 1] else { continue }
            change(GitFileChange(status: status, oldPath: count == 2 ? paths[0] : nil, path: path,
                                 oldBlob: blob(meta[2]), newBlob: blob(meta[3])))
        }
    }

    /// Commits in `from..to` (oldest first, merges left out) with their changes under `tickets/`.
    ///
    /// No pathspec is given: with one, git diffs every commit's trees twice (history
    /// simplification, then the output), which doubles the time on large folders.
    public func commits(from: String, to: String) throws(CommandFailure) -> [GitCommit] {
        let output = try git.run(["log", "--no-merges", "--reverse", "--topo-order", Self.logFormat, "--raw", "-z", "--no-abbrev", "-M",
                                  "\(from)..\(to)"])
        guard output.status == 0 else {
            throw CommandFailure("expected git log to list the commits \(from)..\(to), found an error: \(Self.firstLine(output.stderr))")
        }
        return parseLog(output.stdout).map { commit in
            var commit = commit
            commit.changes = commit.changes.filter { $0.path.hasPrefix("tickets/") || ($0.oldPath?.hasPrefix("tickets/") ?? false) }
            return commit
        }
    }

    /// Uncommitted changes under `tickets/` against HEAD (staged or not; untracked files are not included).
    public func workingTreeChanges() throws(CommandFailure) -> [GitFileChange] {
        let output = try git.run(["diff", "--raw", "-z", "--no-abbrev", "-M", "HEAD", "--", "tickets/"])
        guard output.status == 0 else {
            throw CommandFailure("expected git diff to list the uncommitted changes, found an error: \(Self.firstLine(output.stderr))")
        }
        var changes: [GitFileChange] = []
        parseRaw(output.stdout, header: { _ in }, change: { changes.append($0) })
        return changes
    }

    /// Files under `tickets/` (at `revision`, or in the working tree) whose text contains one of `needles`.
    public func filesContaining(_ needles: [String], at revision: String?) throws(CommandFailure) -> [String] {
        guard !needles.isEmpty else { return [] }
        var arguments = ["grep", "-l", "-z", "-F", "-I"]
        if revision == nil { arguments.append("--untracked") }
        for needle in needles.sorted() { arguments += ["-e", needle] }
        if let revision { arguments.append(revision) }
        arguments += ["--", "tickets/"]
        let output = try git.run(arguments)
        guard output.status == 0 || output.status == 1 else {
            throw CommandFailure("expected git grep to search the records, found an error: \(Self.firstLine(output.stderr))")
        }
        return Self.fields(output.stdout).compactMap { field -> String? in
            var path = String(decoding: field, as: UTF8.self)
            if let revision, path.hasPrefix(revision + ":") { path = String(path.dropFirst(revision.count + 1)) }
            // Without a revision git prints paths relative to the working directory (the root).
            return revision == nil ? path : local(path)
        }
    }
}

extension GitHistory {
    /// Commits that touched `path` (following renames), oldest first, merges left out.
    public func commits(following path: String) throws(CommandFailure) -> [GitCommit] {
        // The path is the record's own, not a pattern: `*`, `?` or `[` in it match only themselves.
        let output = try git.run(["--literal-pathspecs", "log", "--no-merges", "--follow", Self.logFormat, "--raw", "-z", "--no-abbrev", "-M", "--", path])
        guard output.status == 0 else {
            throw CommandFailure("expected git log to list the commits of \(path), found an error: \(Self.firstLine(output.stderr))")
        }
        return parseLog(output.stdout).reversed()
    }
}
