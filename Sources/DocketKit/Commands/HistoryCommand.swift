import Foundation

/// `docket history ID`: a record's timeline from git and its work log.
public enum HistoryCommand: Command {
    public static let spec = CommandSpec(
        name: "history",
        abstract: "show a record's timeline: the commits that changed it and its work log",
        arguments: "ID", minArguments: 1, maxArguments: 1,
        options: [
            SharedOption.root,
            SharedOption.format(["text", "json"]),
            SharedOption.output,
        ],
        discussion: """
        Lists every commit that touched the record's file (following renames; merge commits are
        left out) with its author, time, state change and the fields it changed, merged in time
        order with the entries of the record's work log (as of the working tree). Times are shown
        in the repository's time zone. Needs git and the repository's history. In text, control
        characters from commits and the record (a line break in a subject, an escape sequence) are
        shown escaped. JSON keeps every key of an event in a fixed order, null when absent.
        """)

    /// One line of the timeline.
    struct Event {
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

    struct Timeline {
        var id: String
        var path: String
        var events: [Event]

        /// `{id, path, events: [{time, type, commit, author, email, subject, change, from, to,
        /// fields, person, text, state}]}`, every key present, null when absent.
        var value: OutputValue {
            .object([
                ("id", .string(id)), ("path", .string(path)),
                ("events", .array(events.map { event in
                    .object([
                        ("time", .string(event.time)), ("type", .string(event.type)), ("commit", .string(event.commit)),
                        ("author", .string(event.author)), ("email", .string(event.email)), ("subject", .string(event.subject)),
                        ("change", .string(event.change)), ("from", .string(event.from)), ("to", .string(event.to)),
                        ("fields", event.fields.map { .array($0.map { OutputValue.string($0) }) } ?? .null),
                        ("person", .string(event.person)), ("text", .string(event.text)), ("state", .string(event.state)),
                    ])
                })),
            ])
        }
    }

    public static func run(_ context: CommandContext) throws -> Int32 {
        let repository = try context.repository()
        let id = context.arguments.positionals[0]
        let timeline = try HistoryTimeline(root: repository.root, procedures: repository.procedures).timeline(id: id)
        if context.format == "json" {
            try context.emit(timeline.value.json() + "\n")
        } else {
            try context.emit(render(timeline))
        }
        return 0
    }

    /// One line an event; commit and record text escaped, so a subject with a line
    /// break cannot start a forged event line.
    static func render(_ timeline: Timeline) -> String {
        let escape = VisibleText.escape
        var lines = ["\(escape(timeline.id)) (\(escape(timeline.path)))"]
        for event in timeline.events {
            if event.type == "commit" {
                var line = "\(event.time)  commit \(event.commit ?? "")  \(escape(event.author ?? "")) <\(escape(event.email ?? ""))>"
                if let change = event.change, change != "modified" { line += "  \(escape(change))" }
                if let from = event.from, let to = event.to, from != to { line += "  \(escape(from)) -> \(escape(to))" }
                else if event.from == nil, let to = event.to { line += "  -> \(escape(to))" }
                if let fields = event.fields, !fields.isEmpty { line += "  fields: \(escape(fields.joined(separator: ", ")))" }
                if let subject = event.subject, !subject.isEmpty { line += "  \"\(escape(subject))\"" }
                lines.append(line)
            } else {
                var line = "\(event.time)  worklog  \(escape(event.person ?? "")): "
                line += escape(event.text ?? "")
                lines.append(line)
            }
        }
        // Paths, names and texts are shown unquoted (not as git quotes them), each escaped above.
        return lines.joined(separator: "\n") + "\n"
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
            throw CommandFailure("expected a record id (\(patterns)), found \"\(VisibleText.escape(id))\"")
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
