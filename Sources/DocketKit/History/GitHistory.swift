/// One commit as `git log --name-status` shows it.
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
public struct GitHistory: Sendable {
    public let git: Git
    /// Where the ticket repository root lies inside the git work tree (`sub/` or empty).
    public let prefix: String
    public let isShallow: Bool

    static let separator: Character = "\u{1f}"
    static let marker: Character = "\u{1}"
    static let logFormat = "--format=%x01%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s"

    /// Opens the git repository holding `root`.
    /// - Throws: exit 2 when git is missing or `root` is not in a git work tree.
    public init(root: String) throws(CommandFailure) {
        guard let git = Git(directory: root) else {
            throw CommandFailure("expected the git command on PATH to read the history, found none; install git")
        }
        let output = try git.run(["rev-parse", "--is-shallow-repository", "--show-prefix"])
        guard output.status == 0 else {
            throw CommandFailure("expected a git repository at \(root), found none (\(Self.firstLine(output.stderr))); run docket in a clone of the ticket repository")
        }
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.git = git
        self.isShallow = lines.first == "true"
        self.prefix = lines.count > 1 ? lines[1] : ""
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "no message"
    }

    /// The full commit id `revision` names.
    /// - Throws: exit 2 naming what to fetch when the revision is unknown.
    public func resolve(_ revision: String, option: String) throws(CommandFailure) -> String {
        let output = try git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"])
        let hash = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if output.status == 0, !hash.isEmpty { return hash }
        if isShallow {
            throw CommandFailure("expected \(option) \(revision) to name a commit, found that the clone is shallow and does not contain it; fetch the history with git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0; in GitLab CI: GIT_DEPTH: 0)")
        }
        let remoteHint = revision.contains("/") ? "git fetch \(revision.split(separator: "/", maxSplits: 1).joined(separator: " "))" : "git fetch origin \(revision)"
        throw CommandFailure("expected \(option) \(revision) to name a commit, found unknown revision \(revision); fetch it, e.g. \(remoteHint)")
    }

    /// Path relative to the git top level → relative to the ticket root; nil when outside it.
    func local(_ path: Substring) -> String? {
        if prefix.isEmpty { return String(path) }
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// The object name of `path` (relative to the ticket root) at `revision`.
    func object(_ revision: String, _ path: String) -> String { revision + ":" + prefix + path }

    /// Parses `git log --name-status` output made with `logFormat`.
    func parseLog(_ text: String) -> [GitCommit] {
        var commits: [GitCommit] = []
        for line in text.split(separator: "\n") {
            if line.first == Self.marker {
                let fields = line.dropFirst().split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 6 else { continue }
                commits.append(GitCommit(hash: fields[0], parents: fields[1].split(separator: " ").map(String.init),
                                         authorName: fields[2], authorEmail: fields[3], authorDate: fields[4],
                                         subject: fields[5...].joined(separator: String(Self.separator)), changes: []))
            } else if !commits.isEmpty, let change = parseNameStatus(line) {
                commits[commits.count - 1].changes.append(change)
            }
        }
        return commits
    }

    /// One `--raw --no-abbrev` line: `:100644 100644 OLD NEW M\tpath`, `:… R087\told\tnew`.
    func parseNameStatus(_ line: Substring) -> GitFileChange? {
        guard line.first == ":" else { return nil }
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        let meta = parts[0].split(separator: " ")
        guard parts.count >= 2, meta.count >= 5, let status = meta[4].first else { return nil }
        func blob(_ text: Substring) -> String? { text.allSatisfy { $0 == "0" } ? nil : String(text) }
        let oldBlob = blob(meta[2]), newBlob = blob(meta[3])
        if (status == "R" || status == "C"), parts.count >= 3 {
            guard let new = local(parts[2]) else { return nil }
            return GitFileChange(status: status, oldPath: local(parts[1]), path: new, oldBlob: oldBlob, newBlob: newBlob)
        }
        guard let path = local(parts[1]) else { return nil }
        return GitFileChange(status: status, oldPath: nil, path: path, oldBlob: oldBlob, newBlob: newBlob)
    }

    /// Commits in `from..to` (oldest first, merges left out) with their changes under `tickets/`.
    ///
    /// No pathspec is given: with one, git diffs every commit's trees twice (history
    /// simplification, then the output), which doubles the time on large folders.
    public func commits(from: String, to: String) throws(CommandFailure) -> [GitCommit] {
        let output = try git.run(["log", "--no-merges", "--reverse", "--topo-order", Self.logFormat, "--raw", "--no-abbrev", "-M",
                                  "\(from)..\(to)"])
        guard output.status == 0 else {
            throw CommandFailure("expected git log to list the commits \(from)..\(to), found an error: \(Self.firstLine(output.stderr))")
        }
        return parseLog(output.text).map { commit in
            var commit = commit
            commit.changes = commit.changes.filter { $0.path.hasPrefix("tickets/") || ($0.oldPath?.hasPrefix("tickets/") ?? false) }
            return commit
        }
    }

    /// Uncommitted changes under `tickets/` against HEAD (staged or not; untracked files are not included).
    public func workingTreeChanges() throws(CommandFailure) -> [GitFileChange] {
        let output = try git.run(["diff", "--raw", "--no-abbrev", "-M", "HEAD", "--", "tickets/"])
        guard output.status == 0 else {
            throw CommandFailure("expected git diff to list the uncommitted changes, found an error: \(Self.firstLine(output.stderr))")
        }
        return output.text.split(separator: "\n").compactMap(parseNameStatus)
    }

    /// Files under `tickets/` (at `revision`, or in the working tree) whose text contains one of `needles`.
    public func filesContaining(_ needles: [String], at revision: String?) throws(CommandFailure) -> [String] {
        guard !needles.isEmpty else { return [] }
        var arguments = ["grep", "-l", "-F", "-I"]
        if revision == nil { arguments.append("--untracked") }
        for needle in needles.sorted() { arguments += ["-e", needle] }
        if let revision { arguments.append(revision) }
        arguments += ["--", "tickets/"]
        let output = try git.run(arguments)
        guard output.status == 0 || output.status == 1 else {
            throw CommandFailure("expected git grep to search the records, found an error: \(Self.firstLine(output.stderr))")
        }
        return output.text.split(separator: "\n").compactMap { line -> String? in
            var path = Substring(line)
            if let revision, path.hasPrefix(revision + ":") { path = path.dropFirst(revision.count + 1) }
            // Without a revision git prints paths relative to the working directory (the root).
            return revision == nil ? String(path) : local(path)
        }
    }
}

extension GitHistory {
    /// Commits that touched `path` (following renames), oldest first, merges left out.
    public func commits(following path: String) throws(CommandFailure) -> [GitCommit] {
        let output = try git.run(["log", "--no-merges", "--follow", Self.logFormat, "--raw", "--no-abbrev", "-M", "--", path])
        guard output.status == 0 else {
            throw CommandFailure("expected git log to list the commits of \(path), found an error: \(Self.firstLine(output.stderr))")
        }
        return parseLog(output.text).reversed()
    }
}
