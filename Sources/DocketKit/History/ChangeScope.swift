/// The records a change touched since a commit: what `docket validate --since REF`
/// reports on unless `--all` is given, so a pull request is failed only by what it changed.
///
/// The change is `git diff REF` against the working tree — the commits since REF plus
/// uncommitted edits, staged or not — and the untracked, not ignored files under
/// `tickets/`; with `--until REV` it is `git diff REF REV`. A rename counts as its old
/// path and its new one. Three git processes, whatever the number of records.
public struct ChangeScope: Sendable {
    /// Paths (relative to the root) the change added, modified or deleted.
    public let paths: Set<String>
    /// The record ids those paths name (their file names without `.md`).
    public let ids: Set<String>
    /// Every word (a run of ASCII letters, digits, `-` and `_`) on a line the change added or
    /// removed: a record whose id is among them is referred to by the change.
    public let words: Set<String>
    /// Rules whose finding on one record is about another one too: duplicate ids, links
    /// and the procedures' link demands (`require_link`).
    public let crossRecordRules: Set<RuleID>

    public init(paths: Set<String>, words: Set<String>, procedures: ProcedureSet) {
        self.paths = paths
        ids = Set(paths.compactMap { path in
            let id = FindingFingerprint.recordID(path)
            return id.isEmpty ? nil : id
        })
        self.words = words
        var rules: Set<RuleID> = [.idDuplicate, .linkMissing, .linkKind]
        for procedure in procedures.procedures {
            for constraint in procedure.constraints {
                if case .link = constraint.demand { rules.insert(constraint.rule) }
            }
        }
        crossRecordRules = rules
    }

    /// Reads the change from git.
    /// - Throws: exit 2 without git, outside a work tree, or for an unknown revision.
    public static func read(root: String, procedures: ProcedureSet, since: String, until: String?) throws(CommandFailure) -> ChangeScope {
        let history = try GitHistory(root: root)
        let base = try history.resolve(since, option: "--since")
        var range = [base]
        if let until { range.append(try history.resolve(until, option: "--until")) }
        // --relative: paths relative to the root (which may lie below the git top level).
        let common = ["diff", "--no-color", "--no-ext-diff", "--no-renames", "--relative"]
        let names = try history.git.run(common + ["--name-only", "-z"] + range + ["--", "tickets/"])
        guard names.status == 0 else {
            throw CommandFailure("expected git diff to list the records changed since \(since), found an error: \(GitHistory.firstLine(names.stderr))")
        }
        var paths = Set(GitHistory.fields(names.stdout).map { String(decoding: $0, as: UTF8.self) })
        let lines = try history.git.run(common + ["-U0"] + range + ["--", "tickets/"])
        guard lines.status == 0 else {
            throw CommandFailure("expected git diff to show the changes since \(since), found an error: \(GitHistory.firstLine(lines.stderr))")
        }
        var words: Set<String> = []
        collectWords(changedLines(lines.stdout), into: &words)
        if until == nil {
            let untracked = try history.git.run(["ls-files", "-z", "--others", "--exclude-standard", "--", "tickets/"])
            guard untracked.status == 0 else {
                throw CommandFailure("expected git ls-files to list the new files, found an error: \(GitHistory.firstLine(untracked.stderr))")
            }
            let loader = RecordLoader(root: root, procedures: procedures)
            for field in GitHistory.fields(untracked.stdout) {
                let path = String(decoding: field, as: UTF8.self)
                paths.insert(path)
                // A new file is added whole; one that is not read (a link out, too large) refers to nothing.
                if case .bytes(let bytes) = loader.bytes(atPath: path) { collectWords(bytes[...], into: &words) }
            }
        }
        return ChangeScope(paths: paths, words: words, procedures: procedures)
    }

    /// True when `diagnostic` is reported: it is on a changed file, on no record, a
    /// history finding, or a cross-record finding that involves a changed record — it
    /// names a changed record's id, or the change added or removed a line naming its record.
    public func keeps(_ diagnostic: Diagnostic) -> Bool {
        if paths.contains(diagnostic.path) { return true }
        let id = FindingFingerprint.recordID(diagnostic.path)
        if id.isEmpty { return true }
        guard let rule = RuleID(rawValue: diagnostic.rule) else { return true }
        if RuleCatalog.description(rule)?.group == "history" { return true }
        guard crossRecordRules.contains(rule) else { return false }
        if words.contains(id) { return true }
        var named: Set<String> = []
        Self.collectWords(Array(diagnostic.message.utf8)[...], into: &named)
        // A path in the message (`also in tickets/…/X.md`) yields its file name's words too.
        return !named.isDisjoint(with: ids)
    }

    /// The text of the `+`/`-` lines of a unified diff, file headers left out.
    static func changedLines(_ diff: [UInt8]) -> ArraySlice<UInt8> {
        var text: [UInt8] = []
        var start = 0
        while start < diff.count {
            var end = start
            while end < diff.count, diff[end] != 10 { end += 1 }
            let line = diff[start..<end]
            if let first = line.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-"),
               !line.starts(with: Array("+++ ".utf8)), !line.starts(with: Array("--- ".utf8)) {
                text += line.dropFirst()
                text.append(10)
            }
            start = end + 1
        }
        return text[...]
    }

    /// Adds the words of `bytes`: runs of ASCII letters, digits, `-` and `_` (an id written
    /// right after Chinese text, `关联INC-2026-0001`, is still a word of its own).
    static func collectWords(_ bytes: ArraySlice<UInt8>, into words: inout Set<String>) {
        var start: Int?
        for index in bytes.indices {
            if IDWords.isWordByte(bytes[index]) {
                if start == nil { start = index }
            } else if let from = start {
                words.insert(String(decoding: bytes[from..<index], as: UTF8.self))
                start = nil
            }
        }
        if let from = start { words.insert(String(decoding: bytes[from..<bytes.endIndex], as: UTF8.self)) }
    }
}
