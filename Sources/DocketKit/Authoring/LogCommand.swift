import Foundation

/// `docket log ID TEXT`: appends a work-log entry, touching no other line.
public enum LogCommand: Command {
    public static let spec = CommandSpec(
        name: "log", abstract: "append a work-log entry to a record, touching no other line",
        arguments: "ID TEXT", minArguments: 2, maxArguments: 2,
        options: [
            SharedOption.root,
            .value("--as", "PERSON", "who writes the entry: a key of people in procedures/roles.md (default DOCKET_PERSON)"),
            .value("--at", "TIME", "the entry's time, such as 2026-11-30 10:00 (default --now)"),
            SharedOption.now("the present instant, the default of --at"),
            .flag("--force", "write even when the edit adds an error"),
        ],
        discussion: """
        The entry "- 2026-11-30 10:00 wangwu: TEXT" goes after the last line of the work-log
        section (处理记录), which is added at the end of the file when missing. Every other byte
        stays as it was; a CRLF file gets a CRLF line. The result is validated first: an entry
        that would add an error (a time before the last entry, say) is refused with the findings
        and the file is left untouched, unless --force. The file is replaced atomically.
        Exit status: 0 written, 1 refused or no such record, 2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        let repository = try context.repository()
        let root = repository.root, procedures = repository.procedures, now = repository.now
        let dates = repository.dates
        let text = arguments.positionals[1]
        let person = try Authoring.person(arguments, console: console, roles: procedures.roles)
        let at = try Authoring.time(arguments.value("--at"), option: "--at", dates: dates) ?? now
        let edit = try RecordEdit.open(id: arguments.positionals[0], root: root, procedures: procedures)
        let line = WorklogText.entry(at: at, person: person, text: try Authoring.oneLine(text, what: "TEXT"), dates: dates)
        let updated = WorklogText.append(line, to: edit.bytes, record: edit.record, procedure: edit.procedure)
        try edit.commit(updated, force: arguments.has("--force"), now: now, console: console)
        console.print(edit.path)
        return 0
    }
}

/// What the writing verbs read from the command line the same way.
enum Authoring {
    /// `--as`, else `DOCKET_PERSON`: a key of `people` in `procedures/roles.md`.
    static func person(_ arguments: ParsedArguments, console: Console, roles: Roles) throws -> String {
        guard let person = arguments.value("--as") ?? console.environment["DOCKET_PERSON"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw UsageError("expected --as PERSON (or DOCKET_PERSON in the environment), found neither")
        }
        guard roles.people[person] != nil else {
            var message = "expected --as to name a key of people in procedures/roles.md, found \"\(person)\""
            if let near = Suggestion.nearest(to: person, in: roles.people.keys.sorted()) { message += "; did you mean \"\(near)\"?" }
            throw UsageError(message)
        }
        return person
    }

    /// A datetime option read in the repository's zone, nil when not given.
    static func time(_ text: String?, option: String, dates: DateTimeParser) throws -> Int64? {
        guard let text else { return nil }
        guard let value = dates.datetime(text) else {
            throw UsageError.badValue(option, expected: "a datetime such as 2026-11-30 10:00 or 2026-11-30T10:00:00+08:00", found: text)
        }
        if let message = Instants.clockError(value, source: option, found: "\"\(text)\"") { throw UsageError(message) }
        return value
    }

    /// `text` when it is one line; a line break would end the entry early.
    static func oneLine(_ text: String, what: String) throws -> String {
        guard !text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            throw UsageError("expected \(what) on one line, found a line break; log each line as its own entry")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw UsageError("expected \(what) to say something, found it empty") }
        return trimmed
    }
}
