import Foundation
/// `docket list`: one row per record, filtered, as a table, JSON or CSV.
public enum ListCommand: Command {
    public static let spec = CommandSpec(
        name: "list", abstract: "list records, filtered by kind, state, person, priority, time or link",
        arguments: "", minArguments: 0, maxArguments: 0,
        options: [
            CommandSpec.rootOption,
            .value("--kind", "KIND", "only records of these kinds (id, zh or en label, or folder; comma-separated)"),
            .value("--status", "STATE", "only records in these states (id or label; comma-separated)"),
            .flag("--open", "only records not in a final state"),
            .value("--assignee", "PERSON", "only records whose assignee/owner/implementer/author is this person (id or name)"),
            .value("--priority", "PRIORITY", "only records of these priorities (P1…P4 or label; comma-separated)"),
            .value("--since", "DATE", "only records opened on or after this date (YYYY-MM-DD, repository time zone)"),
            .value("--until", "DATE", "only records opened on or before this date (YYYY-MM-DD, repository time zone)"),
            .value("--linked-to", "ID", "only records linked to this record, in either direction"),
            .value("--format", "FORMAT", "output format: table, json or csv (default table)"),
        ],
        discussion: """
        Rows are sorted by id. The person column is the first of assignee, owner, implementer and
        author that the kind has. Opened is the kind's opening timestamp (opened_field) in the
        repository's time zone. CSV is UTF-8 with a byte order mark and CRLF line ends, for Excel.
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

    public static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
        let format = arguments.value("--format") ?? "table"
        guard ["table", "json", "csv"].contains(format) else {
            var message = "expected --format table, json or csv, found \"\(format)\""
            if let near = Suggestion.nearest(to: format, in: ["table", "json", "csv"]) { message += "; did you mean \"\(near)\"?" }
            throw UsageError(message)
        }
        let root = try RepositoryLocator.root(arguments, console: console)
        let procedures = try ProcedureSet.load(root: root)
        let filter = try Filter(arguments, procedures: procedures)
        let store = RecordStore.load(root: root, procedures: procedures)
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
            console.error("docket list: warning: \(store.skipped.count) file\(store.skipped.count == 1 ? "" : "s") could not be read as records and \(store.skipped.count == 1 ? "is" : "are") not listed; run docket validate")
        }
        let dates = DateTimeParser(timeZone: procedures.settings.timeZone)
        switch format {
        case "json": console.print(json(rows, dates: dates, procedures: procedures).render())
        case "csv": console.printRaw(csv(rows, dates: dates))
        default: console.printRaw(table(rows, dates: dates))
        }
        return 0
    }

    /// The ids `--linked-to ID` keeps (linked to ID in either direction), nil without the option.
    static func linkedTo(_ arguments: ParsedArguments, store: RecordStore) throws(CommandFailure) -> Set<String>? {
        guard let target = arguments.value("--linked-to") else { return nil }
        guard store.record(target) != nil else {
            var message = "expected --linked-to to name an existing record, found no \(target)"
            if let near = store.suggestion(for: target) { message += "; did you mean \(near)?" }
            throw CommandFailure(message, exitCode: 2)
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

        init(_ arguments: ParsedArguments, procedures: ProcedureSet) throws(CommandFailure) {
            dates = DateTimeParser(timeZone: procedures.settings.timeZone)
            func values(_ option: String) -> [String]? {
                arguments.value(option).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            }
            if let names = values("--kind") {
                var kinds: Set<String> = []
                for name in names {
                    let lower = name.lowercased()
                    guard let procedure = procedures.procedures.first(where: {
                        $0.kind == lower || $0.zh == name || $0.en.lowercased() == lower || $0.folder == lower
                    }) else {
                        let known = procedures.procedures.map(\.kind).sorted()
                        var message = "expected --kind to be one of \(known.joined(separator: ", ")), found \"\(name)\""
                        if let near = Suggestion.nearest(to: name, in: known + procedures.procedures.map(\.folder)) {
                            message += "; did you mean \"\(procedures.procedure(folder: near)?.kind ?? near)\"?"
                        }
                        throw CommandFailure(message, exitCode: 2)
                    }
                    kinds.insert(procedure.kind)
                }
                self.kinds = kinds
            }
            let scope = procedures.procedures.filter { kinds?.contains($0.kind) ?? true }
            if let names = values("--status") {
                for name in names where !scope.contains(where: { $0.resolveState(name) != nil }) {
                    let known = Array(Set(scope.flatMap { $0.states.map(\.id) })).sorted()
                    var message = "expected --status to be a state of \(kinds == nil ? "any kind" : kinds!.sorted().joined(separator: ", ")) (\(known.joined(separator: ", "))), found \"\(name)\""
                    if let near = Suggestion.nearest(to: name, in: known) { message += "; did you mean \"\(near)\"?" }
                    throw CommandFailure(message, exitCode: 2)
                }
                statuses = names
            }
            open = arguments.has("--open")
            if let name = arguments.value("--assignee") {
                let people = procedures.roles.people
                if people[name] != nil {
                    person = name
                } else if let byName = people.values.filter({ $0.name == name }).map(\.id).sorted().first {
                    person = byName
                } else {
                    var message = "expected --assignee to be a person of procedures/roles.md (id or name), found \"\(name)\""
                    if let near = Suggestion.nearest(to: name, in: people.keys.sorted()) { message += "; did you mean \"\(near)\"?" }
                    throw CommandFailure(message, exitCode: 2)
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
                        var message = "expected --priority to be one of \(known.joined(separator: ", ")), found \"\(name)\""
                        if let near = Suggestion.nearest(to: name, in: known) { message += "; did you mean \"\(near)\"?" }
                        throw CommandFailure(message, exitCode: 2)
                    }
                    resolved.insert(id)
                }
                priorities = resolved
            }
            for option in ["--since", "--until"] {
                guard let text = arguments.value(option) else { continue }
                guard let day = DateTimeParser.date(text) else {
                    throw CommandFailure("expected \(option) as a date such as 2026-11-03, found \"\(text)\"", exitCode: 2)
                }
                if option == "--since" { sinceDay = day } else { untilDay = day }
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

    static func table(_ rows: [Row], dates: DateTimeParser) -> String {
        var cells = [headers.map { $0.uppercased() }]
        for row in rows {
            cells.append([row.id, row.kind, row.status ?? "-", row.priority ?? "-", row.person ?? "-",
                          row.opened.map(dates.localText) ?? "-", row.title.map(singleLine) ?? "-"])
        }
        return DisplayWidth.table(cells) + "\n" + "\(rows.count) record\(rows.count == 1 ? "" : "s")\n"
    }

    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    static func json(_ rows: [Row], dates: DateTimeParser, procedures: ProcedureSet) -> JSONDocument {
        .array(rows.map { row in
            let procedure = procedures.procedure(kind: row.kind)
            return .object([
                ("id", .string(row.id)),
                ("kind", .string(row.kind)),
                ("status", row.status.map(JSONDocument.string) ?? .null),
                ("status_zh", row.status.flatMap { procedure?.state($0)?.zh }.map(JSONDocument.string) ?? .null),
                ("priority", row.priority.map(JSONDocument.string) ?? .null),
                ("assignee", row.person.map(JSONDocument.string) ?? .null),
                ("assignee_name", row.personName.map(JSONDocument.string) ?? .null),
                ("opened", row.opened.map { .string(dates.iso8601($0)) } ?? .null),
                ("title", row.title.map(JSONDocument.string) ?? .null),
            ])
        })
    }

    /// RFC 4180: CRLF line ends, fields with a comma, quote or line break in double quotes.
    static func csv(_ rows: [Row], dates: DateTimeParser) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = "\u{FEFF}" + (headers + ["assignee_name"]).joined(separator: ",") + "\r\n"
        for row in rows {
            let values = [row.id, row.kind, row.status ?? "", row.priority ?? "", row.person ?? "",
                          row.opened.map(dates.localText) ?? "", row.title ?? "", row.personName ?? ""]
            out += values.map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
