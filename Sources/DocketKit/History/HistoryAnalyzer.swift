import Foundation

/// One version of a record file in the history.
struct RecordVersion: Sendable {
    var path: String
    var bytes: [UInt8]
    /// nil when the version could not be read as a record.
    var record: Record?
}

/// Reads and compares record versions; shared by the history rules and `docket history`.
struct VersionReader: Sendable {
    let procedures: ProcedureSet
    let reader: RecordReader

    init(procedures: ProcedureSet) {
        self.procedures = procedures
        self.reader = RecordReader(procedures: procedures)
    }

    /// The procedure of a record path (`tickets/<folder>/…/<name>.md`), nil for other files.
    func procedure(ofPath path: String) -> Procedure? {
        guard path.hasSuffix(".md") else { return nil }
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "tickets" else { return nil }
        return procedures.procedure(folder: String(parts[1]))
    }

    func version(path: String, bytes: [UInt8]) -> RecordVersion {
        guard let procedure = procedure(ofPath: path) else { return RecordVersion(path: path, bytes: bytes, record: nil) }
        var sink = DiagnosticSink(path: path)
        return RecordVersion(path: path, bytes: bytes, record: reader.read(path: path, bytes: bytes, procedure: procedure, sink: &sink))
    }

    /// Front-matter keys whose values differ (canonical values: a label and its id are equal),
    /// plus `body` when the body bytes differ. Sorted.
    static func changedFields(_ before: Record, _ after: Record) -> [String] {
        var changed: [String] = []
        let keys = Set(before.keyOrder).union(after.keyOrder)
        for key in keys.sorted() where fingerprint(before, key) != fingerprint(after, key) {
            changed.append(key)
        }
        if body(before.bytes) != body(after.bytes) { changed.append("body") }
        return changed
    }

    /// A comparable text for one field: absent, its canonical value, or its raw text when it did not decode.
    static func fingerprint(_ record: Record, _ key: String) -> String {
        guard record.keyOrder.contains(key) else { return "\u{0}absent" }
        guard let field = record.fields[key] else { return "\u{0}present" }
        if !field.isPresent { return "\u{0}empty" }
        if let value = field.value { return fingerprint(value) }
        let range = field.valueRange.start.offset..<min(record.bytes.count, max(field.valueRange.start.offset, field.valueRange.end.offset))
        return "\u{0}raw:" + String(decoding: record.bytes[range], as: UTF8.self)
    }

    static func fingerprint(_ value: FieldValue) -> String {
        if let canonical = value.canonical { return canonical }
        switch value {
        case .references(let references): return "[" + references.map(\.id).joined(separator: ",") + "]"
        case .list(let items): return "[" + items.map { $0.value.map(fingerprint) ?? "\u{0}" }.joined(separator: "\u{1}") + "]"
        case .map(let entries):
            return "{" + entries.keys.sorted().map { $0 + ":" + (entries[$0]?.value.map(fingerprint) ?? "\u{0}") }.joined(separator: "\u{1}") + "}"
        default: return ""
        }
    }

    static func body(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        if case .found(_, _, let start, _, _) = FrontMatter.locate(bytes) { return bytes[start...] }
        return bytes[...]
    }

    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

/// Checks the history rules over the commits between a base revision and the head:
/// `transition-invalid`, `closed-reopened`, `closed-modified`, `record-deleted`,
/// `id-changed` and `transition-unauthorized`.
///
/// Git is asked a bounded number of times whatever the size of the repository:
/// `rev-parse` (twice, three times with an until revision), one `log --raw -z`,
/// one `diff` for the working tree, one `cat-file --batch` for every version of
/// every changed record, and, only when a record was renumbered, one `grep` and
/// one more `cat-file --batch` to find records still referring to the old id.
public struct HistoryAnalyzer: Sendable {
    public let root: String
    public let procedures: ProcedureSet
    let versions: VersionReader

    public init(root: String, procedures: ProcedureSet) {
        self.root = root
        self.procedures = procedures
        self.versions = VersionReader(procedures: procedures)
    }

    /// One record change: a commit (nil: the working tree) and the versions on either side.
    struct Step {
        var commit: GitCommit?
        var change: GitFileChange
        /// Object name of the version before (nil: the file did not exist).
        var before: String?
        /// Object name of the version after (nil: deleted); for the working tree, the path on disk.
        var after: String?

        var label: String { commit.map { "commit \($0.shortHash)" } ?? "the working tree" }
    }

    /// A finding waiting for the final path and position of its record.
    struct Finding {
        var lineage: Int
        var rule: RuleID
        var message: String
        var fallback: SourcePosition
        var procedure: Procedure
    }

    /// A record whose file was deleted, remembered by its identity for the rest of the walk.
    struct Deletion {
        var lineage: Int
        var identity: String
        /// The last version before the deletion (nil when it could not be read).
        var version: RecordVersion?
        var label: String
        var finding: Finding
    }

    /// A record's identity: its front-matter `id`, else its file name.
    static func identity(_ version: RecordVersion) -> String {
        version.record?.id ?? VersionReader.stem(version.path)
    }

    /// Runs the history rules for `since..until` (until nil: HEAD plus the uncommitted working tree).
    public func analyze(since: String, until: String?) throws(CommandFailure) -> [Diagnostic] {
        let history = try GitHistory(root: root)
        let base = try history.resolve(since, option: "--since")
        let head = try until.map { revision throws(CommandFailure) in try history.resolve(revision, option: "--until") } ?? "HEAD"
        let commits = try history.commits(from: base, to: head)
        try history.requireComplete(commits, since: since, until: until ?? "HEAD")
        let workingTree = until == nil ? try history.workingTreeChanges() : []

        // Steps in history order; within a commit deletions first, so that a record
        // deleted and added back under another path in one commit is followed.
        var steps: [Step] = []
        func add(_ changes: [GitFileChange], commit: GitCommit?) {
            for change in changes.filter({ $0.status == "D" }) + changes.filter({ $0.status != "D" }) {
                let oldPath = change.oldPath ?? change.path
                guard versions.procedure(ofPath: change.path) != nil || versions.procedure(ofPath: oldPath) != nil else { continue }
                // Blob ids come from `--raw`: no tree lookups by path, which are slow in large folders.
                let before = change.status == "A" ? nil : change.oldBlob
                var after: String?
                if change.status != "D" { after = commit == nil ? change.path : change.newBlob }
                steps.append(Step(commit: commit, change: change, before: before, after: after))
            }
        }
        for commit in commits { add(commit.changes, commit: commit) }
        add(workingTree, commit: nil)
        guard !steps.isEmpty else { return [] }

        // Every version in one cat-file session; the final versions too.
        var names: [String] = []
        var seen: Set<String> = []
        func want(_ name: String?) { if let name, seen.insert(name).inserted { names.append(name) } }
        for step in steps {
            want(step.before)
            if step.commit != nil { want(step.after) }
        }
        let objects = try history.git.objects(names)

        var parsedByOID: [String: RecordVersion] = [:]
        func load(_ name: String?, path: String) -> RecordVersion? {
            guard let name, let object = objects[name] else { return nil }
            if let cached = parsedByOID[object.oid], cached.path == path { return cached }
            let version = versions.version(path: path, bytes: object.bytes)
            parsedByOID[object.oid] = version
            return version
        }
        let loader = RecordLoader(root: root, procedures: procedures)
        func loadDisk(_ path: String) -> RecordVersion? {
            switch loader.bytes(atPath: path) {
            case .bytes(let bytes): return versions.version(path: path, bytes: bytes)
            case .refused(.missing): return nil
            // There but not read (too large, a FIFO, …): present, not a record; `validate` says why.
            case .refused: return RecordVersion(path: path, bytes: [], record: nil)
            }
        }

        // A lineage is one record through renames, and through a deletion and a later
        // re-adding under the same identity.
        var lineageOfPath: [String: Int] = [:]
        var lineagePaths: [String] = []
        func newLineage(_ path: String) -> Int {
            lineagePaths.append(path)
            return lineagePaths.count - 1
        }
        // With --until the final version of a file is its version after the last step that touched it.
        var finalBlob: [Int: String?] = [:]
        func finalVersion(_ lineage: Int) -> RecordVersion? {
            let path = lineagePaths[lineage]
            return until == nil ? loadDisk(path) : load(finalBlob[lineage] ?? nil, path: path)
        }

        var findings: [Finding] = []
        var deletions: [Int: Deletion] = [:]
        var deletedByIdentity: [String: Int] = [:]
        var renumbers: [(oldID: String, finding: Finding)] = []
        for step in steps {
            let oldPath = step.change.oldPath ?? step.change.path
            var before = load(step.before, path: oldPath)
            let after: RecordVersion? = step.commit == nil ? step.after.flatMap(loadDisk) : load(step.after, path: step.change.path)
            guard let procedure = versions.procedure(ofPath: step.change.path) ?? versions.procedure(ofPath: oldPath) else { continue }
            var label = step.label
            let lineage: Int
            switch step.change.status {
            case "R": lineage = lineageOfPath.removeValue(forKey: oldPath) ?? newLineage(step.change.path)
            case "C": lineage = newLineage(step.change.path)
            case "D": lineage = lineageOfPath.removeValue(forKey: step.change.path) ?? newLineage(step.change.path)
            default:
                if before == nil, let after, let deleted = deletedByIdentity.removeValue(forKey: Self.identity(after)),
                   let deletion = deletions.removeValue(forKey: deleted) {
                    // Added back: compared with the version before the deletion.
                    lineage = deleted
                    before = deletion.version
                    label += " (added back after its deletion in \(deletion.label))"
                } else {
                    lineage = lineageOfPath[step.change.path] ?? newLineage(step.change.path)
                }
            }
            if step.change.status != "D" {
                lineageOfPath[step.change.path] = lineage
                lineagePaths[lineage] = step.change.path
            }
            if step.commit != nil { finalBlob[lineage] = step.after }
            func finding(_ rule: RuleID, _ message: String, at version: RecordVersion?) -> Finding {
                Finding(lineage: lineage, rule: rule, message: message,
                        fallback: version?.record?.statusPosition ?? .start, procedure: procedure)
            }
            if step.change.status == "D" {
                let identity = before.map(Self.identity) ?? VersionReader.stem(oldPath)
                let finding = finding(.recordDeleted, "record \(identity) was deleted in \(label); expected records never to be deleted, restore it with git checkout \(since) -- \(oldPath)", at: before)
                deletions[lineage] = Deletion(lineage: lineage, identity: identity, version: before, label: label, finding: finding)
                deletedByIdentity[identity] = lineage
                continue
            }
            if let deletion = deletions.removeValue(forKey: lineage), deletedByIdentity[deletion.identity] == lineage {
                deletedByIdentity[deletion.identity] = nil
            }
            guard let before, let after, step.change.status != "C" else { continue }
            findings += identity(step, label: label, before: before, after: after, renumbers: &renumbers, finding: finding)
            guard let old = before.record, let new = after.record, let from = old.status, let to = new.status else { continue }
            let afterProcedure = versions.procedure(ofPath: step.change.path) ?? procedure
            if from != to {
                if procedure.finalStates.contains(from) && !procedure.finalStates.contains(to) {
                    findings.append(finding(.closedReopened, "status went from \(from) to \(to) in \(label); expected a record in a final state never to leave it, open a new record instead", at: after))
                } else if afterProcedure.allowedTransitions(from: from, to: to, record: new).isEmpty {
                    let next = Set(afterProcedure.transitions.filter { $0.from == from && ($0.condition.map(new.satisfies) ?? true) }.map(\.to)).sorted()
                    let expected = next.isEmpty ? "no transition out of \(from)" : "\(from) to \(next.joined(separator: " or "))"
                    findings.append(finding(.transitionInvalid, "status went from \(from) to \(to) in \(label); expected a transition of \(afterProcedure.path): \(expected)", at: after))
                } else if let commit = step.commit {
                    let roles = afterProcedure.requiredRoles(from: from, to: to)
                    if !roles.isEmpty, let problem = authorization(commit, roles: roles) {
                        findings.append(finding(.transitionUnauthorized, "status went from \(from) to \(to) in \(label) by \(commit.authorEmail); expected an author holding \(roles.joined(separator: " or ")), found \(problem)", at: after))
                    }
                }
            } else if procedure.finalStates.contains(from) {
                let changed = VersionReader.changedFields(old, new).filter { !procedure.editableWhenClosed.contains($0) }
                if !changed.isEmpty {
                    let editable = procedure.editableWhenClosed.sorted()
                    let expected = editable.isEmpty ? "no change" : "changes only to \(editable.joined(separator: ", "))"
                    findings.append(finding(.closedModified, "\(from) record changed in \(label): \(changed.joined(separator: ", ")); expected \(expected)", at: after))
                }
            }
        }

        // Deletions stand unless the record is back at the end (an untracked file git diff does not list).
        for (lineage, deletion) in deletions.sorted(by: { $0.key < $1.key }) where finalVersion(lineage).map(Self.identity) != deletion.identity {
            findings.append(deletion.finding)
        }

        // Renumbered records: the old id must not be referenced any more at the end.
        if !renumbers.isEmpty {
            let oldIDs = Array(Set(renumbers.map(\.oldID)))
            let candidates = try history.filesContaining(oldIDs, at: until == nil ? nil : head)
                .filter { versions.procedure(ofPath: $0) != nil }
            var referencing: [String: Set<String>] = [:]   // old id → ids of records referencing it
            var candidateVersions: [RecordVersion] = []
            if until == nil {
                candidateVersions = candidates.compactMap(loadDisk)
            } else {
                let more = try history.git.objects(candidates.map { history.object(head, $0) })
                for path in candidates {
                    if let object = more[history.object(head, path)] { candidateVersions.append(versions.version(path: path, bytes: object.bytes)) }
                }
            }
            let wanted = Set(oldIDs)
            for version in candidateVersions {
                guard let record = version.record else { continue }
                for (_, reference) in record.references where wanted.contains(reference.id) {
                    referencing[reference.id, default: []].insert(record.id ?? VersionReader.stem(version.path))
                }
            }
            for (oldID, finding) in renumbers {
                guard let users = referencing[oldID], !users.isEmpty else { continue }
                var finding = finding
                finding.message += "; expected every reference updated, found \(oldID) still referenced by \(users.sorted().joined(separator: ", "))"
                findings.append(finding)
            }
        }

        // Point every finding at the record's status line in its final version.
        var diagnostics: [Diagnostic] = []
        var finals: [Int: RecordVersion?] = [:]
        for finding in findings {
            let final: RecordVersion?
            if let cached = finals[finding.lineage] { final = cached } else { final = finalVersion(finding.lineage); finals[finding.lineage] = final }
            let position = final?.record?.statusPosition ?? finding.fallback
            diagnostics += DiagnosticSink.finding(finding.rule, path: lineagePaths[finding.lineage], at: position,
                                                  severities: finding.procedure.severities, finding.message)
        }
        return Array(Set(diagnostics)).sorted()
    }

    /// id-changed: reported at once, or kept for the reference check when it looks like a renumbering.
    func identity(_ step: Step, label: String, before: RecordVersion, after: RecordVersion,
                  renumbers: inout [(oldID: String, finding: Finding)],
                  finding: (RuleID, String, RecordVersion?) -> Finding) -> [Finding] {
        let oldStem = VersionReader.stem(before.path), newStem = VersionReader.stem(after.path)
        let oldID = before.record?.id ?? oldStem, newID = after.record?.id ?? newStem
        guard oldStem != newStem || oldID != newID else { return [] }
        // A rename to the id the front matter already held fixes a wrong file name.
        if oldID == newID && newStem == newID && before.record?.id == oldID { return [] }
        let what = oldID != newID ? "id went from \(oldID) to \(newID)" : "file was renamed from \(before.path) to \(after.path)"
        var message = "\(what) in \(label)"
        if step.change.status == "R" && oldID != newID { message += " (renamed from \(before.path))" }
        if oldID != newID && newID == newStem {
            renumbers.append((oldID, finding(.idChanged, message, after)))
            return []
        }
        message += "; expected the id to stay, or to match the new file name \(newStem).md with every reference updated"
        return [finding(.idChanged, message, after)]
    }

    /// nil when the commit author holds one of `roles`; else what was found instead.
    func authorization(_ commit: GitCommit, roles: [String]) -> String? {
        let email = commit.authorEmail.lowercased()
        let people = procedures.roles.people.values.filter { !$0.email.isEmpty && $0.email.lowercased() == email }
        if people.isEmpty { return "an email of no person in procedures/roles.md" }
        if people.contains(where: { !Set($0.roles).isDisjoint(with: roles) }) { return nil }
        return people.sorted { $0.id < $1.id }.map { person in
            "\(person.id) holding \(person.roles.isEmpty ? "no role" : person.roles.joined(separator: ", "))"
        }.joined(separator: "; ")
    }
}
