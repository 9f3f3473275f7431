import Foundation

/// `docket history ID`: a record's timeline from git and its work log.
public enum HistoryCommand: Command {
    public static let spec = CommandSpec(
        name: "history",
        abstract: "show a record's timeline: the commits that changed it and its work log",
        arguments: "ID", minArguments: 1, maxArguments: 1,
        options: [
            CommandSpec.rootOption,
            .value("--format", "FORMAT", "output format: text or json (default text)"),
        ],
        discussion: """
        Lists every commit that touched the record's file (following renames; merge commits are
        left out) with its author, time, state change and the fields it changed, merged in time
        order with the entries of the record's work log (as of the working tree). Times are shown
        in the repository's time zone. Needs git and the repository's history.
        """)

    /// One line of the timeline.
    struct Event: Codable {
        var time: String
        var type: String
        var commit: String?
        var author: String?
        var email: String?
        var subject: String?
        var change: String?
        var from: String?
        var to: String?
        var fields: [String]?
        var person: String?
        var text: String?
        var state: String?
    }

    struct Timeline: Codable {
        var id: String
        var path: String
        var events: [Event]
    }

    public static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
        let format = arguments.value("--format") ?? "text"
        guard format == "text" || format == "json" else {
            throw UsageError("expected --format text or json, found \"\(format)\"")
        }
        let root = try RepositoryLocator.root(arguments, console: console)
        let procedures = try ProcedureSet.load(root: root)
        let id = arguments.positionals[0]
        let timeline = try HistoryTimeline(root: root, procedures: procedures).timeline(id: id)
        if format == "json" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(timeline)
            console.print(String(decoding: data, as: UTF8.self))
        } else {
            console.printRaw(render(timeline))
        }
        return 0
    }

    static func render(_ timeline: Timeline) -> String {
        var lines = ["\(timeline.id) (\(timeline.path))"]
        for event in timeline.events {
            if event.type == "commit" {
                var line = "\(event.time)  commit \(event.commit ?? "")  \(event.author ?? "") <\(event.email ?? "")>"
                if let change = event.change, change != "modified" { line += "  \(change)" }
                if let from = event.from, let to = event.to, from != to { line += "  \(from) -> \(to)" }
                else if event.from == nil, let to = event.to { line += "  -> \(to)" }
                if let fields = event.fields, !fields.isEmpty { line += "  fields: \(fields.joined(separator: ", "))" }
                if let subject = event.subject, !subject.isEmpty { line += "  \"\(subject)\"" }
                lines.append(line)
            } else {
                var line = "\(event.time)  worklog  \(event.person ?? ""): "
                line += event.text ?? ""
                lines.append(line)
            }
        }
        // Paths, names and texts are shown unquoted, with control characters escaped visibly.
        return lines.map(visibleText).joined(separator: "\n") + "\n"
    }
}

/// Builds `docket history`'s timeline with three git calls: `rev-parse`, one
/// `log --follow --raw -z` and one `cat-file --batch`.
struct HistoryTimeline {
    let root: String
    let procedures: ProcedureSet
    let versions: VersionReader
    let dates: DateTimeParser

    init(root: String, procedures: ProcedureSet) {
        self.root = root
        self.procedures = procedures
        self.versions = VersionReader(procedures: procedures)
        self.dates = DateTimeParser(timeZone: procedures.settings.timeZone)
    }

    /// The path of record `id` in the working tree.
    func path(of id: String) throws(CommandFailure) -> String {
        guard let procedure = procedures.procedure(forID: id) else {
            let patterns = procedures.procedures.map { $0.idPattern.description }.sorted().joined(separator: ", ")
            throw CommandFailure("expected a record id (\(patterns)), found \"\(id)\"")
        }
        if procedure.yearFolders, let year = procedure.idPattern.year(of: id) {
            let guess = "tickets/\(procedure.folder)/\(year)/\(id).md"
            if FileSystem.kind(root + "/" + guess) == .file { return guess }
        } else if !procedure.yearFolders {
            let guess = "tickets/\(procedure.folder)/\(id).md"
            if FileSystem.kind(root + "/" + guess) == .file { return guess }
        }
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        guard let file = index.byID[id]?.first else {
            throw CommandFailure("expected a record \(id) under tickets/\(procedure.folder)/, found none")
        }
        return index.files[file].path
    }

    func timeline(id: String) throws(CommandFailure) -> HistoryCommand.Timeline {
        let path = try path(of: id)
        let history = try GitHistory(root: root)
        let commits = try history.commits(following: path)
        var names: [String] = []
        var seen: Set<String> = []
        func want(_ name: String) { if seen.insert(name).inserted { names.append(name) } }
        var plans: [(commit: GitCommit, change: GitFileChange, before: String?, after: String?)] = []
        for commit in commits {
            // With --follow each commit lists the one path it changed for this record.
            guard let change = commit.changes.first else { continue }
            let oldPath = change.oldPath ?? change.path
            let before = (change.status == "A" || commit.parents.isEmpty) ? nil : change.oldBlob
            let after = change.status == "D" ? nil : change.newBlob
            _ = oldPath
            before.map(want)
            after.map(want)
            plans.append((commit, change, before, after))
        }
        let objects = try history.git.objects(names)
        func load(_ name: String?, _ path: String) -> RecordVersion? {
            guard let name, let object = objects[name] else { return nil }
            return versions.version(path: path, bytes: object.bytes)
        }

        var keyed: [(time: Int64, order: Int, event: HistoryCommand.Event)] = []
        for (sequence, plan) in plans.enumerated() {
            let before = load(plan.before, plan.change.oldPath ?? plan.change.path)
            let after = load(plan.after, plan.change.path)
            let seconds = dates.datetime(plan.commit.authorDate) ?? 0
            var event = HistoryCommand.Event(time: dates.iso8601(seconds), type: "commit", commit: plan.commit.shortHash,
                                             author: plan.commit.authorName, email: plan.commit.authorEmail, subject: plan.commit.subject)
            switch plan.change.status {
            case "A": event.change = "created"
            case "D": event.change = "deleted"
            case "R": event.change = "renamed from \(plan.change.oldPath ?? "")"
            default: event.change = before == nil ? "created" : "modified"
            }
            event.from = before?.record?.status
            event.to = after?.record?.status
            if let old = before?.record, let new = after?.record {
                event.fields = VersionReader.changedFields(old, new)
            }
            keyed.append((seconds, 1_000_000 + sequence, event))
        }
        if case .bytes(let bytes) = RecordLoader(root: root, procedures: procedures).bytes(atPath: path), let record = versions.version(path: path, bytes: bytes).record {
            for (sequence, entry) in record.worklog.enumerated() {
                var text = entry.text
                if let mark = entry.stateMark, !text.hasPrefix("[") { text = "[\(mark)] " + text }
                let event = HistoryCommand.Event(time: dates.iso8601(entry.time), type: "worklog", person: entry.person,
                                                 text: text, state: entry.stateMark)
                keyed.append((entry.time, sequence, event))
            }
        }
        keyed.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        return HistoryCommand.Timeline(id: id, path: path, events: keyed.map(\.event))
    }
}
