import Foundation

/// `docket sla`: records with their service-level due times, most urgent first.
public enum SLACommand: Command {
    public static let spec = CommandSpec(
        name: "sla",
        abstract: "list records with response and resolution due times, most urgent first",
        arguments: "", minArguments: 0, maxArguments: 0,
        options: [
            CommandSpec.rootOption,
            .value("--now", "TIME", "the instant open records are measured at (default SOURCE_DATE_EPOCH, else the clock)"),
            .value("--kind", "KIND", "only records of this kind (a kind with targets in procedures/sla.md)"),
            .flag("--open", "only records whose resolution clock still runs (the default)"),
            .value("--period", "P", "instead of open records: records opened in a year (2026), quarter (2026-Q4), month (2026-11), day or range FROM..TO (2026-11-01..2026-11-30)"),
            .flag("--at-risk", "only records with a running target that is at-risk or breached"),
            .value("--format", "FORMAT", "output format: table, json or csv (default table)"),
        ],
        discussion: """
        Targets, calendars, pause states and escalation thresholds come from procedures/sla.md. Working
        time counts in the target's calendar, minus the time the record was paused ([pending] … next
        state mark in the work log). A target is met or breached once it ended; while open it is
        running, or at-risk from 80% used. Records are sorted by remaining resolution time (smallest
        first), then by id; records without a priority (no targets yet) come last. Times are shown in
        the calendar's time zone (the repository's for 24x7). Periods are whole local days in the
        repository's time zone, both ends included. csv is UTF-8 with a byte order mark.
        Exit status: 0, or 2 for a usage error or a broken procedure or sla.md.
        """)

    public static func run(_ arguments: ParsedArguments, console: Console) throws -> Int32 {
        let format = arguments.value("--format") ?? "table"
        guard ["table", "json", "csv"].contains(format) else {
            throw UsageError("expected --format table, json or csv, found \"\(format)\"")
        }
        if arguments.has("--open"), arguments.value("--period") != nil {
            throw UsageError("expected either --open or --period, found both")
        }
        let root = try RepositoryLocator.root(arguments, console: console)
        let procedures = try ProcedureSet.load(root: root)
        guard let policy = procedures.sla else {
            throw CommandFailure("expected procedures/sla.md with service level targets, found none")
        }
        let zone = procedures.settings.timeZone
        let now = try RepositoryLocator.now(arguments, console: console, timeZone: zone)
        var kinds = Set(policy.targets.keys)
        if let kind = arguments.value("--kind") {
            guard kinds.contains(kind) else {
                var message = "expected --kind \(kinds.sorted().joined(separator: " or ")) (kinds with targets in procedures/sla.md), found \"\(kind)\""
                if let near = Suggestion.nearest(to: kind, in: Array(kinds)) { message += ", did you mean \"\(near)\"?" }
                throw UsageError(message)
            }
            kinds = [kind]
        }
        var period: Range<Int64>?
        if let text = arguments.value("--period") {
            guard let parsed = Period(parsing: text) else {
                throw UsageError("expected --period as \(Period.expected), found \"\(text)\"")
            }
            period = parsed.instants(in: DateTimeParser(timeZone: zone))
        }

        let selectedPeriod = period
        let atRisk = arguments.has("--at-risk")
        // Filtered in the workers, so that closed records are dropped early.
        var reports = collect(root: root, procedures: procedures, now: now, kinds: kinds) { report in
            if let selectedPeriod {
                guard selectedPeriod.contains(report.opened) else { return false }
            } else if !report.isOpen {
                return false
            }
            if atRisk {
                let running = [report.respondedAt == nil ? report.response : nil, report.isOpen ? report.resolution : nil]
                return running.contains { $0?.state == .atRisk || $0?.state == .breached }
            }
            return true
        }
        reports = sorted(reports)
        switch format {
        case "json": console.printRaw(SLAReportFormat.jsonLines(reports))
        case "csv": console.printRaw(renderCSV(reports))
        default: console.printRaw(renderTable(reports, now: now, zone: zone))
        }
        return 0
    }

    /// Reads the records of `kinds` in parallel and evaluates them; records
    /// that cannot be read (reported by `docket validate`) are left out.
    static func collect(root: String, procedures: ProcedureSet, now: Int64, kinds: Set<String>,
                        keep: @Sendable (SLAReport) -> Bool = { _ in true }) -> [SLAReport] {
        guard let evaluator = SLAEvaluator(procedures: procedures, now: now) else { return [] }
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        let files = index.files.filter { file in file.kind.map(kinds.contains) ?? false }
        let loader = RecordLoader(root: root, procedures: procedures)
        let procedureByKind = Dictionary(procedures.procedures.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let reports = parallelMap(files.count) { position -> SLAReport? in
            let file = files[position]
            guard let kind = file.kind, let procedure = procedureByKind[kind] else { return nil }
            var sink = DiagnosticSink(path: file.path)
            guard let record = loader.record(file, procedure: procedure, sink: &sink) else { return nil }
            guard let report = evaluator.evaluate(record), keep(report) else { return nil }
            return report
        }
        return reports.compactMap { $0 }
    }

    /// Smallest remaining resolution time first, records without targets last; ties by id, then path.
    static func sorted(_ reports: [SLAReport]) -> [SLAReport] {
        func remaining(_ report: SLAReport) -> Int {
            guard let measure = report.resolution else { return Int.max }
            return measure.targetSeconds - measure.elapsedSeconds
        }
        return reports.sorted { a, b in
            let ra = remaining(a), rb = remaining(b)
            if ra != rb { return ra < rb }
            if a.id != b.id { return a.id < b.id }
            return a.path < b.path
        }
    }

    // MARK: Output

    static func renderCSV(_ reports: [SLAReport]) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var columns = ["id", "kind", "priority", "status", "calendar"]
        for part in ["response", "resolution"] {
            columns += ["target_minutes", "elapsed_minutes", "remaining_minutes", "due", "state"].map { "\(part)_\($0)" }
        }
        columns.append("escalations_due")
        var text = "\u{FEFF}" + columns.joined(separator: ",") + "\r\n"
        for report in reports {
            var row = [report.id, report.kind, report.priority ?? "", report.status ?? "", report.calendar?.name ?? ""]
            for measure in [report.response, report.resolution] {
                if let m = measure {
                    row += [String(m.targetMinutes), String(m.elapsedMinutes), String(m.targetMinutes - m.elapsedMinutes),
                            SLAText.iso(m.due, report.timeZone) ?? "", m.state.rawValue]
                } else {
                    row += ["", "", "", "", ""]
                }
            }
            row.append(report.escalations.map { "\($0.level) \(SLAText.iso($0.at, report.timeZone) ?? "never") \(SLAReportFormat.escalationState($0, in: report))" }
                .joined(separator: "; "))
            text += row.map(field).joined(separator: ",") + "\r\n"
        }
        return text
    }

    static func renderTable(_ reports: [SLAReport], now: Int64, zone: TimeZone) -> String {
        let asOf = "as of \(DateTimeParser(timeZone: zone).localText(now)) (\(zone.identifier))"
        if reports.isEmpty { return "no records, \(asOf)\n" }
        let header = ["ID", "KIND", "PRIORITY", "STATUS", "CALENDAR", "RESPONSE", "RESPONSE DUE",
                      "RESOLUTION", "USED", "TARGET", "REMAINING", "RESOLUTION DUE", "ESCALATIONS"]
        var rows: [[String]] = [header]
        for report in reports {
            var row = [report.id, report.kind, report.priority ?? "-", report.status ?? "-", report.calendar?.name ?? "-"]
            if let m = report.response {
                row += [m.state.rawValue, SLAText.local(m.due, report.timeZone)]
            } else {
                row += ["-", "-"]
            }
            if let m = report.resolution {
                row += [m.state.rawValue + (report.isPaused ? " (paused)" : ""),
                        SLAText.duration(seconds: m.elapsedSeconds), SLAText.duration(seconds: m.targetSeconds),
                        SLAText.duration(minutes: m.targetMinutes - m.elapsedMinutes), SLAText.local(m.due, report.timeZone)]
            } else {
                row += ["-", "-", "-", "-", "-"]
            }
            let escalations = report.escalations.map { "\($0.level) \(SLAText.local($0.at, report.timeZone)) \(SLAReportFormat.escalationState($0, in: report))" }
            row.append(escalations.isEmpty ? "-" : escalations.joined(separator: ", "))
            rows.append(row)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = ""
        for row in rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                line += column == row.count - 1 ? cell : cell.padding(widths[column] + 2)
            }
            text += line + "\n"
        }
        return text + "\(reports.count) record\(reports.count == 1 ? "" : "s"), \(asOf)\n"
    }
}
