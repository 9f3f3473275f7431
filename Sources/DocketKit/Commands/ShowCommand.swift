/// `docket show ID`: one record with its fields, sections and links in both directions.
public enum ShowCommand: Command {
    public static let spec = CommandSpec(
        name: "show", abstract: "print one record: fields with labels, service levels, sections and links in both directions",
        arguments: "ID", minArguments: 1, maxArguments: 1,
        options: [
            SharedOption.root,
            SharedOption.format(["text", "json"]),
            .flag("--json", "the same as --format json"),
            SharedOption.now("the instant an open record's service levels are measured at"),
            SharedOption.output,
            RecordIndex.option,
        ],
        discussion: """
        Links are two-way: a link written in another record (an incident that lists this problem)
        is shown as incoming, one written in this record as outgoing. A record of a kind with targets
        in procedures/sla.md also shows its service levels, as docket sla does: calendar, response and
        resolution (state, working time used, due instant) and the escalations due, each with whether
        it is recorded; open records are measured at --now. A fresh .docket/ index (kept by docket
        list, checked against every file's size, time and inode) says which files to read; without
        one the files holding the id are found by a byte search. Control characters in record text are
        shown escaped (\\x1b, \\r; \\n where a value is one line). Exit status: 0 shown,
        1 no record with that id, 2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments
        if arguments.has("--json"), context.format != "json", arguments.value("--format") != nil {
            throw UsageError("expected --json or --format \(context.format), found both")
        }
        Phases.begin()
        let repository = try context.repository()
        let procedures = repository.procedures
        let now = repository.now
        Phases.mark("procedures")
        let id = arguments.positionals[0]
        // Only the records the view shows are parsed; the whole store when that cannot be told
        // (an id not where its file name says, a duplicate) and for the suggestions of a missing id.
        let indexed = RecordIndex.disabled(context) ? nil
            : RecordStore.loadIndexed(root: repository.root, procedures: procedures, around: id)
        let store = indexed
            ?? RecordStore.load(root: repository.root, procedures: procedures, around: id) ?? repository.store()
        Phases.mark("records")
        guard let record = store.record(id), let procedure = procedures.procedure(kind: record.kind) else {
            throw unknownRecord(id, in: store)
        }
        let sla = SLAEvaluator(procedures: procedures, now: now)?.evaluate(record)
        let view = RecordView(store: store, record: record, procedure: procedure, sla: sla, now: now)
        if arguments.has("--json") || context.format == "json" {
            try context.emit(view.value().json() + "\n")
        } else {
            try context.emit(view.text())
        }
        Phases.mark("render")
        return 0
    }
}

extension ShowCommand {
    /// The failure for an id no record has (exit 1): says when its file could not be read, else suggests the nearest id.
    static func unknownRecord(_ id: String, in store: RecordStore) -> CommandFailure {
        var message = "expected the id of a record under tickets/, found no record \(VisibleText.escape(id))"
        if let path = store.skipped.first(where: { $0.hasSuffix("/" + id + ".md") }) {
            message += "; its file \(VisibleText.escape(path)) could not be read as a record, run docket validate"
        } else if let near = store.suggestion(for: id) {
            message += "; did you mean \(near)?"
        }
        return CommandFailure(message, exitCode: 1)
    }
}

/// What `docket show` prints about one record.
struct RecordView {
    let store: RecordStore
    let record: Record
    let procedure: Procedure
    /// The record's service levels; nil for a kind without targets.
    var sla: SLAReport? = nil
    /// The instant `sla` was measured at.
    var now: Int64 = 0
    var formatter: RecordFormatter { RecordFormatter(procedures: store.procedures) }

    var id: String { record.id ?? "" }

    /// Present fields in procedure order.
    var presentFields: [(spec: FieldSpec, value: FieldValue)] {
        procedure.fields.compactMap { spec in
            guard record.isPresent(spec.key), let value = record.value(spec.key) else { return nil }
            return (spec, value)
        }
    }

    struct LinkRow {
        var link: RecordLink
        var kind: String?
        var kindZh: String?
        var kindEn: String?
        var title: String?
        var status: String?
        var statusZh: String?
        var exists: Bool
    }

    var linkRows: [LinkRow] {
        store.links(of: id).map { link in
            let other = store.record(link.other)
            let kind = store.kind(of: link.other)
            let otherProcedure = kind.flatMap { store.procedures.procedure(kind: $0) }
            let status = other?.status
            return LinkRow(link: link, kind: kind, kindZh: otherProcedure?.zh, kindEn: otherProcedure?.en,
                           title: other.flatMap { store.title(of: $0) }, status: status,
                           statusZh: status.flatMap { otherProcedure?.state($0)?.zh }, exists: other != nil)
        }
    }

    func text() -> String {
        var lines: [String] = []
        // Record text is escaped where it is printed: one-line values fully, section
        // bodies and multi-line values line by line.
        let escape = VisibleText.escape
        let title = store.title(of: record) ?? ""
        lines.append("\(procedure.zh) \(procedure.en) \(escape(id)): \(escape(title))")
        if let status = record.status, let state = procedure.state(status) {
            lines.append("状态 Status: \(status) (\(state.zh) / \(state.en))")
            lines.append("下一状态 Next: " + nextStatesText(from: status))
        }
        lines.append("文件 File: \(escape(record.path))")
        lines.append("")
        lines.append("字段 Fields:")
        var rows: [[String]] = []
        for (spec, value) in presentFields {
            let text = formatter.text(value, type: spec.type, procedure: procedure)
            let parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
            rows.append(["  " + spec.key, spec.zh + " / " + spec.en, parts[0]])
            for more in parts.dropFirst() { rows.append(["", "", more]) }
        }
        lines.append(TextTable.render(rows))
        if let sla {
            lines.append("")
            lines += SLAReportFormat.textLines(sla, now: now)
        }
        for section in record.sections {
            lines.append("")
            lines.append("## " + escape(section.title))
            let body = record.text(of: section)
            if !body.isEmpty {
                lines.append("")
                lines.append(VisibleText.escapeKeepingLines(body))
            }
        }
        lines.append("")
        let links = linkRows
        if links.isEmpty {
            lines.append("链接 Links: none")
        } else {
            lines.append("链接 Links:")
            var table: [[String]] = []
            for row in links {
                let arrow = row.link.direction == .outgoing ? "→ \(row.link.field)" : "← \(row.link.field) of"
                let kind = row.kindZh.map { "\($0) \(row.kindEn ?? "")" } ?? (row.kind ?? "?")
                let status = row.status.map { s in row.statusZh.map { "\(s) (\($0))" } ?? s } ?? (row.exists ? "-" : "missing")
                table.append(["  " + arrow, escape(row.link.other), kind, escape(status), row.title.map(escape) ?? "-"])
            }
            lines.append(TextTable.render(table))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `assigned (已分派), resolved (已解决)`, or `none (final state)`: where `docket transition` may go.
    func nextStatesText(from status: String) -> String {
        let next = procedure.nextStates(from: status)
        if next.isEmpty { return "none (final state)" }
        return next.map { id in procedure.state(id).map { "\(id) (\($0.zh))" } ?? id }.joined(separator: ", ")
    }

    /// The record as the output value tree (`docket show --format json`).
    func value() -> OutputValue {
        var object: [(String, OutputValue)] = [
            ("id", .string(id)),
            ("kind", .string(procedure.kind)),
            ("kind_zh", .string(procedure.zh)),
            ("kind_en", .string(procedure.en)),
            ("path", .string(record.path)),
            ("title", .string(store.title(of: record))),
        ]
        if let status = record.status, let state = procedure.state(status) {
            object += [("status", .string(status)), ("status_zh", .string(state.zh)), ("status_en", .string(state.en)),
                       ("next_states", .array(procedure.nextStates(from: status).map(OutputValue.string)))]
        } else {
            object += [("status", .null), ("status_zh", .null), ("status_en", .null), ("next_states", .array([]))]
        }
        var fields: [OutputValue] = []
        for (spec, value) in presentFields {
            var entry: [(String, OutputValue)] = [
                ("key", .string(spec.key)), ("zh", .string(spec.zh)), ("en", .string(spec.en)),
                ("type", .string(spec.type.name)),
                ("value", formatter.value(value, type: spec.type)),
                ("text", .string(formatter.text(value, type: spec.type, procedure: procedure))),
            ]
            switch (value, spec.type) {
            case (.enumValue(let id), .enumeration(let set)):
                if let item = set.value(id) { entry += [("value_zh", .string(item.zh)), ("value_en", .string(item.en))] }
            case (.state(let id), _):
                if let state = procedure.state(id) { entry += [("value_zh", .string(state.zh)), ("value_en", .string(state.en))] }
            case (.person(let id), _):
                entry.append(("name", store.procedures.roles.people[id].map { .string($0.name) } ?? .null))
            default: break
            }
            fields.append(.object(entry))
        }
        object.append(("fields", .array(fields)))
        object.append(("sla", sla.map(SLAReportFormat.value) ?? .null))
        object.append(("sections", .array(record.sections.map { section in
            .object([("id", section.sectionID.map { OutputValue.string($0) } ?? .null), ("title", .string(section.title)),
                     ("text", .string(record.text(of: section)))])
        })))
        object.append(("links", .array(linkRows.map { row in
            .object([
                ("direction", .string(row.link.direction.rawValue)),
                ("field", .string(row.link.field)),
                ("id", .string(row.link.other)),
                ("exists", .bool(row.exists)),
                ("kind", row.kind.map { OutputValue.string($0) } ?? .null),
                ("title", row.title.map { OutputValue.string($0) } ?? .null),
                ("status", row.status.map { OutputValue.string($0) } ?? .null),
                ("status_zh", row.statusZh.map { OutputValue.string($0) } ?? .null),
            ])
        })))
        return .object(object)
    }
}
