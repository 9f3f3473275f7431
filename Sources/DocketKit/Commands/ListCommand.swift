import Foundation
/// `docket list`: one row per record, filtered, as a table, JSON or CSV.
public enum ListCommand: Command {
    public static let spec = CommandSpec(
        name: "list", abstract: "list records, filtered by kind, state, person, priority, time or link",
        arguments: "", minArguments: 0, maxArguments: 0,
        options: [
            SharedOption.root,
            SharedOption.kind(),
            .value("--status", "STATE", "only records in these states (id or label; comma-separated)"),
            SharedOption.open,
            .value("--assignee", "PERSON", "only records whose assignee/owner/implementer/author is this person (id or name)"),
            .value("--priority", "PRIORITY", "only records of these priorities (P1…P4 or label; comma-separated)"),
            .value("--since", "DATE", "only records opened on or after this day or the first day of this period (2026-11-03, 2026-11, 2026-Q4, 2026)"),
            .value("--until", "DATE", "only records opened on or before this day or the last day of this period (2026-11-30, 2026-11, 2026-Q4, 2026)"),
            .value("--linked-to", "ID", "only records linked to this record, in either direction"),
            SharedOption.format(["table", "json", "csv"]),
            SharedOption.output,
        ],
        discussion: """
        Rows are sorted by id. The person column is the first of assignee, owner, implementer and
        author that the kind has. Opened is the kind's opening timestamp (opened_field) in the
        repository's time zone. CSV is UTF-8 with a byte order mark and CRLF line ends, for Excel.
        Control characters in record text are shown escaped (\\n, \\x1b) in the table.
        Exit status: 0 listed (also when nothing matches), 2 usage error, unknown filter value or
        procedure-definition error.
        """)

    /// The fields that name the person responsible for a record, by preference.
    static let personFields = ["assignee", "owner", "implementer", "author"]

    struct Row {
        var id: String
        var kind: String
        var status: String?
        var priority: String?
        var person: String?
        var personName: String?
        var opened: Int64?
        var title: String?
    }

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments
        let repository = try context.repository()
        let procedures = repository.procedures
        let filter = try Filter(arguments, repository: repository)
        // Rows and filters read these fields only (and --linked-to the links).
        var rowFields = Set(["id", "status", "priority"] + personFields)
        for procedure in procedures.procedures {
            rowFields.insert(procedure.titleField)
            if let opened = procedure.openedField { rowFields.insert(opened) }
        }
        let store = RecordStore.load(root: repository.root, procedures: procedures, keeping: rowFields)
        let linked = try linkedTo(arguments, store: store)
        var rows: [Row] = []
        for id in store.ids {
            let record = store.records[id]!
            guard let procedure = procedures.procedure(kind: record.kind) else { continue }
            let row = makeRow(id, record, procedure, store)
            if let linked, !linked.contains(id) { continue }
            if !filter.accepts(row, procedure: procedure) { continue }
            rows.append(row)
        }
        if !store.skipped.isEmpty {
            context.console.error("docket list: warning: \(store.skipped.count) file\(store.skipped.count == 1 ? "" : "s") could not be read as records and \(store.skipped.count == 1 ? "is" : "are") not listed; run docket validate")
        }
        let dates = repository.dates
        switch context.format {
        case "json": try context.emit(json(rows, dates: dates, procedures: procedures).json() + "\n")
        case "csv": try context.emit(csv(rows, dates: dates))
        default: try context.emit(table(rows, dates: dates))
        }
        return 0
    }

    /// The ids `--linked-to ID` keeps (linked to ID in either direction), nil without the option.
    static func linkedTo(_ arguments: ParsedArguments, store: RecordStore) throws(UsageError) -> Set<String>? {
        guard let target = arguments.value("--linked-to") else { return nil }
        guard store.record(target) != nil else {
            var message = "expected --linked-to to be the id of an existing record, found \"\(target)\""
            if let near = store.suggestion(for: target) { message += "; did you mean \(near)?" }
            throw UsageError(message)
        }
        return store.linked(to: target)
    }

    static func makeRow(_ id: String, _ record: Record, _ procedure: Procedure, _ store: RecordStore) -> Row {
        var row = Row(id: id, kind: record.kind, status: record.status, title: store.title(of: record))
        if procedure.field("priority") != nil { row.priority = record.canonical("priority") }
        for key in personFields where procedure.field(key) != nil {
            if case .person(let person)? = record.value(key) {
                row.person = person
                row.personName = store.procedures.roles.people[person]?.name
            }
            break
        }
        if let opened = procedure.openedField { row.opened = record.datetime(opened) }
        return row
    }

    /// The filters given on the command line, resolved against the procedures.
    struct Filter {
        var kinds: Set<String>?
        /// Accepted texts, resolved per kind by `Procedure.resolveState`.
        var statuses: [String]?
        var open = false
        var person: String?
        var priorities: Set<String>?
        var sinceDay: Int?
        var untilDay: Int?
        let dates: DateTimeParser

        init(_ arguments: ParsedArguments, repository: RepositoryContext) throws(UsageError) {
            let procedures = repository.procedures
            dates = repository.dates
            func values(_ option: String) -> [String]? {
                arguments.value(option).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            }
            kinds = try repository.kinds(arguments)
            let scope = procedures.procedures.filter { kinds?.contains($0.kind) ?? true }
            if let names = values("--status") {
                for name in names where !scope.contains(where: { $0.resolveState(name) != nil }) {
                    let known = Array(Set(scope.flatMap { $0.states.map(\.id) })).sorted()
                    throw UsageError.badValue("--status", expected: "a state of \(kinds == nil ? "any kind" : kinds!.sorted().joined(separator: ", ")) (\(known.joined(separator: ", ")))",
                                              found: name, candidates: known)
                }
                statuses = names
            }
            open = arguments.has(SharedOption.open.name)
            if let name = arguments.value("--assignee") {
                let people = procedures.roles.people
                if people[name] != nil {
                    person = name
                } else if let byName = people.values.filter({ $0.name == name }).map(\.id).sorted().first {
                    person = byName
                } else {
                    throw UsageError.badValue("--assignee", expected: "a person of procedures/roles.md (id or name)", found: name,
                                              candidates: people.keys.sorted())
                }
            }
            if let names = values("--priority") {
                let sets: [EnumSet] = scope.compactMap { procedure in
                    if case .enumeration(let set)? = procedure.field("priority")?.type { return set }
                    return nil
                }
                var resolved: Set<String> = []
                for name in names {
                    guard let id = sets.lazy.compactMap({ $0.resolve(name) }).first else {
                        let known = Array(Set(sets.flatMap(\.ids))).sorted()
                        throw UsageError.badValue("--priority", expected: UsageError.oneOf(known), found: name, candidates: known)
                    }
                    resolved.insert(id)
                }
                priorities = resolved
            }
            for option in ["--since", "--until"] {
                guard let text = arguments.value(option) else { continue }
                // A day or a period as docket sla --period reads it: its first day for
                // --since, its last for --until.
                guard let period = Period(parsing: text) else {
                    throw UsageError.badValue(option, expected: Period.expected, found: text)
                }
                if option == "--since" { sinceDay = period.first.dayNumber } else { untilDay = period.last.dayNumber }
            }
        }

        func accepts(_ row: Row, procedure: Procedure) -> Bool {
            if let kinds, !kinds.contains(row.kind) { return false }
            if let statuses {
                guard let status = row.status, statuses.contains(where: { procedure.resolveState($0) == status }) else { return false }
            }
            if open, let status = row.status, procedure.finalStates.contains(status) { return false }
            if let person, row.person != person { return false }
            if let priorities { guard let priority = row.priority, priorities.contains(priority) else { return false } }
            if sinceDay != nil || untilDay != nil {
                guard let opened = row.opened else { return false }
                let day = dates.localDay(of: opened)
                if let sinceDay, day < sinceDay { return false }
                if let untilDay, day > untilDay { return false }
            }
            return true
        }
    }

    static let headers = ["id", "kind", "status", "priority", "assignee", "opened", "title"]

    /// The rows as people read them (local times, no labels): the tree behind the table and CSV.
    static func displayValue(_ rows: [Row], dates: DateTimeParser) -> OutputValue {
        .array(rows.map { row in
            .object([
                ("id", .string(row.id)), ("kind", .string(row.kind)), ("status", .string(row.status)),
                ("priority", .string(row.priority)), ("assignee", .string(row.person)),
                ("opened", .string(row.opened.map(dates.localText))), ("title", .string(row.title)),
                ("assignee_name", .string(row.personName)),
            ])
        })
    }

    static func table(_ rows: [Row], dates: DateTimeParser) -> String {
        TextTable.render(displayValue(rows, dates: dates), columns: headers) + "\n" + "\(rows.count) record\(rows.count == 1 ? "" : "s")\n"
    }

    static func json(_ rows: [Row], dates: DateTimeParser, procedures: ProcedureSet) -> OutputValue {
        .array(rows.map { row in
            let procedure = procedures.procedure(kind: row.kind)
            return .object([
                ("id", .string(row.id)),
                ("kind", .string(row.kind)),
                ("status", .string(row.status)),
                ("status_zh", .string(row.status.flatMap { procedure?.state($0)?.zh })),
                ("priority", .string(row.priority)),
                ("assignee", .string(row.person)),
                ("assignee_name", .string(row.personName)),
                ("opened", .string(row.opened.map(dates.iso8601))),
                ("title", .string(row.title)),
            ])
        })
    }

    /// UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting.
    static func csv(_ rows: [Row], dates: DateTimeParser) -> String {
        CSVOutput.render(displayValue(rows, dates: dates), columns: headers + ["assignee_name"])
    }
}
