import Foundation

/// `docket sla`: records with their service-level due times, most urgent first.
public enum SLACommand: Command {
    public static let spec = CommandSpec(
        name: "sla",
        abstract: "list records with response and resolution due times, most urgent first",
        arguments: "", minArguments: 0, maxArguments: 0,
        options: [
            SharedOption.root,
            SharedOption.now(),
            SharedOption.kind("only records of these kinds (kinds with targets in procedures/sla.md; id, label or folder)"),
            .flag("--open", "only open records: not in a final state of their kind (the default)"),
            .value("--period", "P", "instead of open records: records opened in a year (2026), quarter (2026-Q4), month (2026-11), day or range FROM..TO (2026-11-01..2026-11-30)"),
            .flag("--at-risk", "only records with a running target that is at-risk or breached"),
            .value("--fail-on", "STATE", "exit 1 when a listed record has a running target in STATE: breached, or at-risk (at-risk or breached)",
                   choices: ["breached", "at-risk"]),
            SharedOption.format(["table", "json", "csv"]),
            SharedOption.output,
        ],
        discussion: """
        Targets, calendars, pause states and escalation thresholds come from procedures/sla.md. Working
        time counts in the target's calendar, minus the time the record was paused ([pending] … next
        state mark in the work log). A target is met or breached once it ended; while open it is
        running, or at-risk from 80% used. Records are sorted by remaining resolution time (smallest
        first), then by id; records without a priority (no targets yet) come last. Times are shown in
        the calendar's time zone (the repository's for 24x7). Periods are whole local days in the
        repository's time zone, both ends included. csv is UTF-8 with a byte order mark.
        Exit status: 0; 1 with --fail-on when a listed record has a running target in that state (for a
        scheduled pipeline); 2 for a usage error or a broken procedure or sla.md.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        Phases.begin()
        let arguments = context.arguments
        if context.openOnly, arguments.value("--period") != nil {
            throw UsageError("expected either --open or --period, found both")
        }
        let repository = try context.repository()
        let procedures = repository.procedures
        guard let policy = procedures.sla else {
            throw CommandFailure("expected procedures/sla.md with service level targets, found none")
        }
        let zone = repository.timeZone
        let now = repository.now
        let kinds = try repository.kinds(arguments, among: Set(policy.targets.keys)) ?? Set(policy.targets.keys)
        var period: Range<Int64>?
        if let text = arguments.value("--period") {
            let parsed = try Period.parse(text, option: "--period")
            period = parsed.instants(in: DateTimeParser(timeZone: zone))
        }

        let selectedPeriod = period
        let atRisk = arguments.has("--at-risk")
        let finalStates = Dictionary(procedures.procedures.map { ($0.kind, $0.finalStates) }, uniquingKeysWith: { first, _ in first })
        let format = Format(rawValue: context.format) ?? .table
        // Selected in the workers before a record is measured (status and opening are read
        // straight from the record), so that closed records cost no SLA evaluation.
        var rows = collect(root: repository.root, procedures: procedures, now: now, kinds: kinds, format: format, listed: { record, procedure in
            if let selectedPeriod {
                guard let field = procedure.openedField, let opened = record.datetime(field) else { return false }
                return selectedPeriod.contains(opened)
            }
            if let status = record.status, finalStates[record.kind]?.contains(status) == true { return false }
            return true
        }, keep: { row in !atRisk || row.atRisk })
        sort(&rows)
        Phases.mark("sort")
        var failing = false
        if let state = arguments.value("--fail-on") {
            failing = rows.contains { state == "breached" ? $0.breached : $0.atRisk }
        }
        try emit(&rows, format: format, now: now, zone: zone, context: context)
        Phases.mark("render")
        ExitTeardown.keep(rows)
        return failing ? 1 : 0
    }

    /// The output formats; each worker renders its records' rows in the chosen one.
    enum Format: String, Sendable {
        case table, json, csv
    }

    /// One listed record: what the sort and `--at-risk`/`--fail-on` read, and its output
    /// rendered by the worker that measured it (the `SLAReport` itself is not kept).
    struct Row: Sendable {
        /// Working seconds left of the resolution target; `Int.max` without one (listed last).
        var remaining: Int
        var id: String
        var path: String
        /// A running target is breached.
        var breached: Bool
        /// A running target is at-risk or breached.
        var atRisk: Bool
        /// json: the element's line (without the separator); csv: the row with its CRLF.
        var bytes: [UInt8] = []
        /// table: the cells.
        var cells: [String] = []

        init(_ report: SLAReport, format: Format) {
            remaining = report.resolution.map { $0.targetSeconds - $0.elapsedSeconds } ?? Int.max
            id = report.id
            path = report.path
            let running = SLACommand.runningStates(report)
            breached = running.contains(.breached)
            atRisk = breached || running.contains(.atRisk)
            switch format {
            case .json: SLAReportFormat.appendLine(report, to: &bytes)
            case .csv: CSVOutput.append(SLACommand.csvRow(report), to: &bytes)
            case .table: cells = SLACommand.tableRow(report)
            }
        }
    }

    /// The states of a record's still-running targets: the response while unanswered,
    /// the resolution while open.
    static func runningStates(_ report: SLAReport) -> [SLAState] {
        [report.respondedAt == nil ? report.response : nil, report.isOpen ? report.resolution : nil].compactMap { $0?.state }
    }

    /// Reads the records of `kinds` in parallel, measures those `listed` accepts and renders
    /// the rows `keep` accepts; records that cannot be read (reported by `docket validate`)
    /// are left out. A record's body is parsed only when its kind has pause states and the
    /// body can hold a work-log state mark (`KPIEngine.mayHoldStateMark`): nothing else of
    /// it is measured.
    static func collect(root: String, procedures: ProcedureSet, now: Int64, kinds: Set<String>, format: Format,
                        listed: @Sendable (Record, Procedure) -> Bool = { _, _ in true },
                        keep: @Sendable (Row) -> Bool = { _ in true }) -> [Row] {
        guard let evaluator = SLAEvaluator(procedures: procedures, now: now) else { return [] }
        Phases.mark("procedures")
        let loader = RecordLoader(root: root, procedures: procedures)
        let procedureByKind = Dictionary(procedures.procedures.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let pausing = Set(evaluator.pauseStates.filter { !$0.value.isEmpty }.keys)
        // Records are read and measured while the walk still lists files.
        var rows: [Row] = []
        parallelStream({ emit in
            _ = RepositoryScanner.scan(root: root, procedures: procedures, only: nil) { file in
                if let kind = file.kind, kinds.contains(kind) { emit(file) }
            }
        }, { file -> Row? in
            guard let kind = file.kind, let procedure = procedureByKind[kind] else { return nil }
            var sink = DiagnosticSink(path: file.path)
            let pauses = pausing.contains(kind)
            guard let record = loader.record(file, procedure: procedure, sink: &sink, needsBody: { body in
                pauses && KPIEngine.mayHoldStateMark(body)
            }), listed(record, procedure), let report = evaluator.evaluate(record) else { return nil }
            let row = Row(report, format: format)
            return keep(row) ? row : nil
        }, survey: { batches in
            Phases.mark("walk and check")
            var kept = 0
            for batch in batches { for row in batch where row != nil { kept += 1 } }
            rows.reserveCapacity(kept)
        }, inOrder: { row in if let row { rows.append(row) } })
        return rows
    }

    /// Smallest remaining resolution time first, records without targets last; ties by id, then path.
    static func sort(_ rows: inout [Row]) {
        rows.sort { a, b in
            if a.remaining != b.remaining { return a.remaining < b.remaining }
            if a.id != b.id { return a.id < b.id }
            return a.path < b.path
        }
    }

    // MARK: Output

    /// Writes the output of the sorted `rows` (to standard output or `-o FILE`, as `emit`
    /// does) in pieces of about a megabyte; each row's rendered bytes are freed once copied,
    /// so the output is never held whole beside the rows.
    static func emit(_ rows: inout [Row], format: Format, now: Int64, zone: TimeZone, context: CommandContext) throws {
        if format == .table {
            try context.emit(renderTable(rows.map(\.cells), now: now, zone: zone))
            return
        }
        try context.emitStreamingBytes { write in
            var piece: [UInt8] = []
            piece.reserveCapacity(1 << 20)
            func add(_ bytes: [UInt8]) {
                piece.append(contentsOf: bytes)
                if piece.count >= 1 << 20 { write(piece); piece.removeAll(keepingCapacity: true) }
            }
            if format == .json {
                // As `OutputValue.json(.lines(breakFrom: "response"))` lays out the array, and a line end.
                guard !rows.isEmpty else { write(Array("[]\n".utf8)); return }
                add(Array("[\n".utf8))
                for index in rows.indices {
                    add(rows[index].bytes)
                    rows[index].bytes = []
                    piece.append(contentsOf: (index == rows.count - 1 ? "\n" : ",\n").utf8)
                }
                piece.append(contentsOf: "]\n".utf8)
            } else {
                // As `CSVOutput.render(header:rows:)`: a byte order mark, the header, the rows.
                var header = Array("\u{FEFF}".utf8)
                CSVOutput.append(csvHeader, to: &header)
                add(header)
                for index in rows.indices {
                    add(rows[index].bytes)
                    rows[index].bytes = []
                }
            }
            write(piece)
        }
    }

    static let csvHeader: [String] = {
        var columns = ["id", "kind", "priority", "status", "calendar"]
        for part in ["response", "resolution"] {
            columns += ["target_minutes", "elapsed_minutes", "remaining_minutes", "due", "state"].map { "\(part)_\($0)" }
        }
        columns.append("escalations_due")
        return columns
    }()

    /// The csv cells of one record, in the columns of `csvHeader`.
    static func csvRow(_ report: SLAReport) -> [String] {
        var row = [report.id, report.kind, report.priority ?? "", report.status ?? "", report.calendar?.name ?? ""]
        for measure in [report.response, report.resolution] {
            if let m = measure {
                row += [String(m.targetMinutes), String(m.elapsedMinutes), String(m.targetMinutes - m.elapsedMinutes),
                        SLAText.iso(m.due, report.dates) ?? "", m.state.rawValue]
            } else {
                row += ["", "", "", "", ""]
            }
        }
        row.append(report.escalations.map { "\($0.level) \(SLAText.iso($0.at, report.dates) ?? "never") \(SLAReportFormat.escalationState($0, in: report))" }
            .joined(separator: "; "))
        return row
    }

    static let tableHeader = ["ID", "KIND", "PRIORITY", "STATUS", "CALENDAR", "RESPONSE", "RESPONSE DUE",
                              "RESOLUTION", "USED", "TARGET", "REMAINING", "RESOLUTION DUE", "ESCALATIONS"]

    /// The table cells of one record, in the columns of `tableHeader`.
    static func tableRow(_ report: SLAReport) -> [String] {
        var row = [report.id, report.kind, report.priority ?? "-", VisibleText.escape(report.status ?? "-"), report.calendar?.name ?? "-"]
        if let m = report.response {
            row += [m.state.rawValue, SLAText.local(m.due, report.dates)]
        } else {
            row += ["-", "-"]
        }
        if let m = report.resolution {
            row += [m.state.rawValue + (report.isPaused ? " (paused)" : ""),
                    SLAText.duration(seconds: m.elapsedSeconds), SLAText.duration(seconds: m.targetSeconds),
                    SLAText.duration(minutes: m.targetMinutes - m.elapsedMinutes), SLAText.local(m.due, report.dates)]
        } else {
            row += ["-", "-", "-", "-", "-"]
        }
        let escalations = report.escalations.map { "\(VisibleText.escape($0.level)) \(SLAText.local($0.at, report.dates)) \(SLAReportFormat.escalationState($0, in: report))" }
        row.append(escalations.isEmpty ? "-" : escalations.joined(separator: ", "))
        return row
    }

    /// The table of the rows' cells (laid out as `TextTable.render`, its lines on all cores)
    /// and the count with the instant measured at.
    static func renderTable(_ cells: [[String]], now: Int64, zone: TimeZone) -> String {
        let asOf = "as of \(DateTimeParser(timeZone: zone).localText(now)) (\(zone.identifier))"
        if cells.isEmpty { return "no records, \(asOf)\n" }
        let rows = [tableHeader] + cells
        let widths = TextTable.widths(rows)
        let lines = parallelMap(rows.count) { TextTable.line(rows[$0], widths: widths) }
        return lines.joined(separator: "\n") + "\n" + "\(cells.count) record\(cells.count == 1 ? "" : "s"), \(asOf)\n"
    }
}
