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
            RecordIndex.option,
        ],
        discussion: """
        Rows are sorted by id. The person column is the first of assignee, owner, implementer and
        author that the kind has. Opened is the kind's opening timestamp (opened_field) in the
        repository's time zone. CSV is UTF-8 with a byte order mark and CRLF line ends, for Excel.
        Control characters in record text are shown escaped (\\n, \\x1b) in the table. Rows come
        from the .docket/ index, checked against every file's size, time and inode and brought up
        to date (only new and changed files are read); --no-index reads every file instead.
        Exit status: 0 listed (also when nothing matches), 2 usage error, unknown filter value or
        procedure-definition error.
        """)

    /// The fields that name the person responsible for a record, by preference.
    static let personFields = ["assignee", "owner", "implementer", "author"]

    struct Row: Sendable {
        var id: String
        var kind: String
        var status: String?
        var priority: String?
        var person: String?
        var personName: String?
        var opened: Int64?
        var title: String?
        /// The ids the record links to (only with `--linked-to`).
        var links: [String] = []
    }

    public static func run(_ context: CommandContext) throws -> Int32 {
        Phases.begin()
        let arguments = context.arguments
        let repository = try context.repository()
        let procedures = repository.procedures
        Phases.mark("procedures")
        let filter = try Filter(arguments, repository: repository)
        let linking = arguments.value("--linked-to") != nil
        let source: (unreadable: Int, read: [Row?])
        if !RecordIndex.disabled(context), let index = RecordIndex.refresh(root: repository.root, procedures: procedures, use: .build) {
            source = (index.scan.unreadable.count, index.entries.map { entry in
                entry.row.map { row in
                    var row = row
                    if linking { row.links = entry.links.map(\.target) }
                    return row
                }
            })
        } else {
            // Each worker turns its record into a row at once: no record, field map or value
            // tree outlives the file it came from (at 10^5 records they were most of the memory).
            let (index, read) = RecordStore.mapRecords(root: repository.root, procedures: procedures, body: false) { file, record, procedure -> Row in
                var row = makeRow(record.id ?? file.stem, record, procedure, procedures)
                if linking { row.links = record.references.map(\.reference.id) }
                return row
            }
            source = (index.unreadable.count, read)
        }
        let read = source.read
        Phases.mark("rows")
        // The store's rules: the first file by path wins an id; a file that yields no record is skipped.
        var skipped = source.unreadable
        var seen: Set<String> = []
        seen.reserveCapacity(read.count)
        var winners: [Row] = []
        winners.reserveCapacity(read.count)
        for row in read {
            guard let row else { skipped += 1; continue }
            if seen.insert(row.id).inserted { winners.append(row) }
        }
        winners.sort { $0.id < $1.id }
        let linked = try linkedTo(arguments, rows: winners)
        let rows = winners.filter { row in
            if let linked, !linked.contains(row.id) { return false }
            guard let procedure = procedures.procedure(kind: row.kind) else { return false }
            return filter.accepts(row, procedure: procedure)
        }
        if skipped > 0 {
            context.console.error("docket list: warning: \(skipped) file\(skipped == 1 ? "" : "s") could not be read as records and \(skipped == 1 ? "is" : "are") not listed; run docket validate")
        }
        let dates = repository.dates
        try context.emitStreaming { write in
            switch context.format {
            case "json": json(rows, dates: dates, procedures: procedures, write)
            case "csv": csv(rows, dates: dates, write)
            default: table(rows, dates: dates, write)
            }
        }
        Phases.mark("render")
        return 0
    }

    /// The ids `--linked-to ID` keeps (linked to ID in either direction), nil without the option.
    static func linkedTo(_ arguments: ParsedArguments, store: RecordStore) throws(UsageError) -> Set<String>? {
        guard let target = arguments.value("--linked-to") else { return nil }
        guard store.record(target) != nil else { throw unknownRecord(target, ids: store.ids) }
        return store.linked(to: target)
    }

    static func unknownRecord(_ target: String, ids: [String]) -> UsageError {
        var message = "expected --linked-to to be the id of an existing record, found \"\(target)\""
        if let near = RecordStore.suggestion(for: target, in: ids) { message += "; did you mean \(near)?" }
        return UsageError(message)
    }

    /// `linkedTo(_:store:)` over rows: `rows` sorted by id, one per id, as the store keeps them.
    static func linkedTo(_ arguments: ParsedArguments, rows: [Row]) throws(UsageError) -> Set<String>? {
        guard let target = arguments.value("--linked-to") else { return nil }
        guard let found = rows.firstIndex(where: { $0.id == target }) else { throw unknownRecord(target, ids: rows.map(\.id)) }
        var linked = Set(rows[found].links)
        for row in rows where row.links.contains(target) { linked.insert(row.id) }
        return linked
    }

    static func makeRow(_ id: String, _ record: Record, _ procedure: Procedure, _ procedures: ProcedureSet) -> Row {
        var row = Row(id: id, kind: record.kind, status: record.status, title: record.canonical(procedure.titleField))
        if procedure.field("priority") != nil { row.priority = record.canonical("priority") }
        for key in personFields where procedure.field(key) != nil {
            if case .person(let person)? = record.value(key) {
                row.person = person
                row.personName = procedures.roles.people[person]?.name
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
                let period = try Period.parse(text, option: option)
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

    /// A row as people read it (local times, no labels): the cells of the table and CSV, in `headers` order.
    static func displayCells(_ row: Row, dates: DateTimeParser) -> [String?] {
        [row.id, row.kind, row.status, row.priority, row.person, row.opened.map(dates.localText), row.title]
    }

    static func table(_ rows: [Row], dates: DateTimeParser, _ write: (String) -> Void) {
        // Widths need every row first: the cells are made twice rather than kept, to keep memory at the rows'.
        func cells(_ row: Row) -> [String] {
            displayCells(row, dates: dates).map { text in
                guard let text, !text.isEmpty else { return "-" }
                return VisibleText.escape(text)
            }
        }
        let header = headers.map { $0.uppercased() }
        var widths = TextTable.widths([header])
        for row in rows { TextTable.widen(&widths, for: cells(row)) }
        var text = TextTable.line(header, widths: widths)
        for row in rows {
            text += "\n"
            text += TextTable.line(cells(row), widths: widths)
            if text.utf8.count >= 1 << 16 { write(text); text = "" }
        }
        write(text + "\n" + "\(rows.count) record\(rows.count == 1 ? "" : "s")\n")
    }

    /// Pretty JSON, the text `OutputValue.json()` gives for the rows' objects: each row rendered
    /// to bytes on all cores (a block of rows per task), the blocks handed to `write` in order.
    static func json(_ rows: [Row], dates: DateTimeParser, procedures: ProcedureSet, _ write: (String) -> Void) {
        guard !rows.isEmpty else { write("[]\n"); return }
        let block = 1024
        let blocks = parallelMap((rows.count + block - 1) / block) { number -> String in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(block * 384)
            if number == 0 { bytes.append(UInt8(ascii: "[")) }
            for index in number * block..<min(rows.count, (number + 1) * block) {
                bytes.append(literal: index == 0 ? "\n  " : ",\n  ")
                jsonObject(rows[index], dates: dates, procedures: procedures, into: &bytes)
            }
            if (number + 1) * block >= rows.count { bytes.append(literal: "\n]\n") }
            return String(decoding: bytes, as: UTF8.self)
        }
        for text in blocks { write(text) }
    }

    /// One row as the object `OutputValue.write` lays out at indent 1 (every value a string or null).
    static func jsonObject(_ row: Row, dates: DateTimeParser, procedures: ProcedureSet, into bytes: inout [UInt8]) {
        let procedure = procedures.procedure(kind: row.kind)
        let values: [(StaticString, String?)] = [
            ("{\n    \"id\": ", row.id),
            (",\n    \"kind\": ", row.kind),
            (",\n    \"status\": ", row.status),
            (",\n    \"status_zh\": ", row.status.flatMap { procedure?.state($0)?.zh }),
            (",\n    \"priority\": ", row.priority),
            (",\n    \"assignee\": ", row.person),
            (",\n    \"assignee_name\": ", row.personName),
            (",\n    \"opened\": ", row.opened.map(dates.iso8601)),
            (",\n    \"title\": ", row.title),
        ]
        for (key, value) in values {
            bytes.append(literal: key)
            if let value { JSONOutput.quote(value, into: &bytes) } else { bytes.append(literal: "null") }
        }
        bytes.append(literal: "\n  }")
    }

    /// The CSV text at once.
    static func csv(_ rows: [Row], dates: DateTimeParser) -> String {
        var text = ""
        csv(rows, dates: dates) { text += $0 }
        return text
    }

    /// UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting.
    static func csv(_ rows: [Row], dates: DateTimeParser, _ write: (String) -> Void) {
        var text = "\u{FEFF}"
        CSVOutput.append(headers + ["assignee_name"], to: &text)
        for row in rows {
            CSVOutput.append((displayCells(row, dates: dates) + [row.personName]).map { $0 ?? "" }, to: &text)
            if text.utf8.count >= 1 << 16 { write(text); text = "" }
        }
        write(text)
    }
}
