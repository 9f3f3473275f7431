/// `docket transition ID STATE`: moves a record to a state its procedure allows, with
/// the timestamps and work-log line that go with it.
public enum TransitionCommand: Command {
    public static let spec = CommandSpec(
        name: "transition", abstract: "move a record to a state its procedure allows, filling the timestamps it requires",
        arguments: "ID STATE", minArguments: 2, maxArguments: 2,
        options: [
            SharedOption.root,
            .value("--note", "TEXT", "the work-log text after [STATE]"),
            .value("--as", "PERSON", "who makes the change: a key of people in procedures/roles.md (default DOCKET_PERSON)"),
            .value("--set", "KEY=VALUE", "a front-matter value the new state needs, read as docket set reads it (KEY+=ITEM adds to a list); repeatable", repeatable: true),
            .value("--section", "NAME=TEXT", "text for a section the new state needs (id, zh or en title); repeatable", repeatable: true),
            .value("--at", "TIME", "when the change happened (default --now)"),
            SharedOption.now("the present instant, the default of --at"),
            .flag("--force", "write even when fields are missing or the edit adds an error"),
        ],
        discussion: """
        Refuses (exit 1) a state the procedure has no transition to from the current one, naming
        those it has. Sets status, every datetime field the new state requires and lacks
        (responded_at, resolved_at, closed_at, … to --at) and every person field ending in _by it
        requires and lacks (closed_by, … to --as), then appends "- TIME PERSON: [STATE] NOTE" to the work log.
        Other required fields and sections still missing are listed and the change is refused
        unless given with --set and --section. The result is validated; an edit that adds an
        error is refused and the file left untouched, unless --force. docket show lists the
        states allowed next. Exit status: 0 written, 1 refused, 2 usage or procedure error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        let repository = try context.repository()
        let root = repository.root, procedures = repository.procedures, now = repository.now
        let dates = repository.dates
        let at = try Authoring.time(arguments.value("--at"), option: "--at", dates: dates) ?? now
        let person = try Authoring.person(arguments, console: console, roles: procedures.roles)
        let force = arguments.has("--force")
        let edit = try RecordEdit.open(id: arguments.positionals[0], root: root, procedures: procedures)
        let procedure = edit.procedure
        guard let target = procedure.resolveState(arguments.positionals[1]) else {
            throw UsageError("expected a state of \(procedure.kind) (\(procedure.states.map(\.id).joined(separator: ", "))), found \"\(arguments.positionals[1])\"")
        }
        guard let current = edit.record.status else {
            throw CommandFailure("expected \(edit.path) to have a valid status, found none; fix it first", exitCode: 1)
        }
        let next = procedure.nextStates(from: current)
        guard next.contains(target) else {
            let allowed = next.isEmpty ? "none: \(current) is final" : next.joined(separator: ", ")
            throw CommandFailure("expected a state \(procedure.kind) may move to from \(current) (\(allowed)), found \(target); nothing was written", exitCode: 1)
        }

        var editor = TransitionEditor(procedure: procedure, procedures: procedures, path: edit.path, bytes: edit.bytes)
        try editor.apply(.set("status", .string(target)))
        // --set values are read and checked as docket set reads them.
        let input = FieldInput(procedure: procedure, procedures: procedures, path: edit.path)
        for argument in arguments.values["--set"] ?? [] {
            try editor.apply(try input.change(argument))
        }
        // The timestamps and people the new state requires, from --at and --as.
        var record = try editor.record()
        for field in procedure.fields where record.requires(field.required) && !record.isPresent(field.key) {
            switch field.type {
            case .datetime: try editor.apply(.set(field.key, .string(dates.localText(at))))
            // Who closed, approved, …: the person making the change. An assignee is a choice, never a default.
            case .person where field.key.hasSuffix("_by"): try editor.apply(.set(field.key, .string(person)))
            default: continue
            }
        }
        for (name, text) in try Authoring.pairs(arguments.values["--section"] ?? [], option: "--section") {
            guard let section = procedure.sections.first(where: { !$0.isWorklog && ($0.id == name || $0.zh == name || $0.en.lowercased() == name.lowercased()) }) else {
                throw UsageError("expected --section to name a section of \(procedure.kind) (\(procedure.sections.filter { !$0.isWorklog }.map(\.id).joined(separator: ", "))), found \"\(name)\"")
            }
            try editor.append(try Authoring.oneLine(text, what: "--section \(name)"), section: section)
        }
        record = try editor.record()
        var missing: [String] = []
        for field in procedure.fields where record.requires(field.required) && !record.isPresent(field.key) {
            missing.append("field \(field.key) (\(field.zh)): --set \(field.key)=VALUE")
        }
        for section in procedure.sections where !section.isWorklog && record.requires(section.required) && (record.section(section.id)?.isEmpty ?? true) {
            missing.append("section ## \(section.zh): --section \(section.id)=TEXT")
        }
        if !missing.isEmpty && !force {
            throw CommandFailure("expected what \(target) requires, found missing " + missing.joined(separator: "; ") + "; nothing was written", exitCode: 1)
        }
        if procedure.allowedTransitions(from: current, to: target, record: record).isEmpty && !force {
            throw CommandFailure("expected the condition of \(current) -> \(target) in \(procedure.path) to hold, found it does not for these values; nothing was written", exitCode: 1)
        }
        let note = try arguments.value("--note").map { try Authoring.oneLine($0, what: "--note") }
        let line = WorklogText.entry(at: at, person: person, text: "[\(target)]" + (note.map { " " + $0 } ?? ""), dates: dates)
        try editor.appendWorklog(line)
        try edit.commit(editor.bytes, force: force, now: now, console: console)
        console.print("\(edit.path): \(current) -> \(target)")
        return 0
    }
}

/// A record's bytes being changed step by step, re-read after each step so the next one
/// sees where everything now is.
struct TransitionEditor {
    let procedure: Procedure
    let procedures: ProcedureSet
    let path: String
    var bytes: [UInt8]

    func record() throws -> Record {
        var sink = DiagnosticSink(path: path, severities: procedure.severities)
        guard let record = RecordReader(procedures: procedures).read(path: path, bytes: bytes, procedure: procedure, sink: &sink) else {
            let reason = sink.diagnostics.first.map { "\($0.line):\($0.column): \($0.message)" } ?? "it cannot be read"
            throw CommandFailure("expected the edited \(path) to stay readable, found \(reason); nothing was written", exitCode: 1)
        }
        return record
    }

    /// Applies `change` as `docket set` does: only its entry changes, a new key goes where the procedure's order puts it.
    mutating func apply(_ change: FieldChange) throws {
        var changes = FrontMatterChanges(procedure: procedure, path: path, bytes: bytes)
        try changes.apply(change)
        bytes = changes.bytes
    }

    mutating func append(_ line: String, section: SectionSpec) throws {
        bytes = WorklogText.append(line, to: bytes, record: try record(), section: section)
    }

    mutating func appendWorklog(_ line: String) throws {
        bytes = WorklogText.append(line, to: bytes, record: try record(), procedure: procedure)
    }
}

extension Procedure {
    /// The states a record in `state` may move to, in the order the procedure lists its transitions.
    public func nextStates(from state: String) -> [String] {
        var seen: Set<String> = []
        return transitions.filter { $0.from == state && seen.insert($0.to).inserted }.map(\.to)
    }
}

extension Authoring {
    /// `KEY=VALUE` items of a repeatable option.
    static func pairs(_ items: [String], option: String) throws -> [(String, String)] {
        try items.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw UsageError("expected \(option) KEY=VALUE, found \"\(text)\"")
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }
}
