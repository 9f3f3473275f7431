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
            guard let parsed = Period(parsing: text) else {
                throw UsageError.badValue("--period", expected: Period.expected, found: text)
            }
            period = parsed.instants(in: DateTimeParser(timeZone: zone))
        }

        let selectedPeriod = period
        let atRisk = arguments.has("--at-risk")
        let finalStates = Dictionary(procedures.procedures.map { ($0.kind, $0.finalStates) }, uniquingKeysWith: { first, _ in first })
        // Filtered in the workers, so that closed records are dropped early.
        var reports = collect(root: repository.root, procedures: procedures, now: now, kinds: kinds) { report in
            if let selectedPeriod {
                guard selectedPeriod.contains(report.opened) else { return false }
            } else if let status = report.status, finalStates[report.kind]?.contains(status) == true {
                return false
            }
            if atRisk { return runningStates(report).contains { $0 == .atRisk || $0 == .breached } }
            return true
        }
        reports = sorted(reports)
        Phases.mark("sort")
        var failing = false
        if let state = arguments.value("--fail-on") {
            let failingStates: Set<SLAState> = state == "breached" ? [.breached] : [.breached, .atRisk]
            failing = reports.contains { !failingStates.isDisjoint(with: runningStates($0)) }
        }
        switch context.format {
        case "json": try context.emit(SLAReportFormat.value(reports).json(.lines(breakFrom: "response")) + "\n")
        case "csv": try context.emit(renderCSV(reports))
        default: try context.emit(renderTable(reports, now: now, zone: zone))
        }
        Phases.mark("render")
        ExitTeardown.keep(reports)
        return failing ? 1 : 0
    }

    /// The states of a record's still-running targets: the response while unanswered,
    /// the resolution while open.
    static func runningStates(_ report: SLAReport) -> [SLAState] {
        [report.respondedAt == nil ? report.response : nil, report.isOpen ? report.resolution : nil].compactMap { $0?.state }
    }

    /// Reads the records of `kinds` in parallel and evaluates them; records
    /// that cannot be read (reported by `docket validate`) are left out.
    static func collect(root: String, procedures: ProcedureSet, now: Int64, kinds: Set<String>,
                        keep: @Sendable (SLAReport) -> Bool = { _ in true }) -> [SLAReport] {
        guard let evaluator = SLAEvaluator(procedures: procedures, now: now) else { return [] }
        Phases.mark("procedures")
        let loader = RecordLoader(root: root, procedures: procedures)
        let procedureByKind = Dictionary(procedures.procedures.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        // Records are read and measured while the walk still lists files.
        let reports = parallelStream({ emit in
            _ = RepositoryScanner.scan(root: root, procedures: procedures, only: nil) { file in
                if let kind = file.kind, kinds.contains(kind) { emit(file) }
            }
        }) { file -> SLAReport? in
            guard let kind = file.kind, let procedure = procedureByKind[kind] else { return nil }
            var sink = DiagnosticSink(path: file.path)
            guard let record = loader.record(file, procedure: procedure, sink: &sink) else { return nil }
            guard let report = evaluator.evaluate(record), keep(report) else { return nil }
            return report
        }
        Phases.mark("walk and check")
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
        var columns = ["id", "kind", "priority", "status", "calendar"]
        for part in ["response", "resolution"] {
            columns += ["target_minutes", "elapsed_minutes", "remaining_minutes", "due", "state"].map { "\(part)_\($0)" }
        }
        columns.append("escalations_due")
        let rows = reports.map { report -> [String] in
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
            return row
        }
        return CSVOutput.render(header: columns, rows: rows)
    }

    static func renderTable(_ reports: [SLAReport], now: Int64, zone: TimeZone) -> String {
        let asOf = "as of \(DateTimeParser(timeZone: zone).localText(now)) (\(zone.identifier))"
        if reports.isEmpty { return "no records, \(asOf)\n" }
        let header = ["ID", "KIND", "PRIORITY", "STATUS", "CALENDAR", "RESPONSE", "RESPONSE DUE",
                      "RESOLUTION", "USED", "TARGET", "REMAINING", "RESOLUTION DUE", "ESCALATIONS"]
        var rows: [[String]] = [header]
        for report in reports {
            var row = [report.id, report.kind, report.priority ?? "-", VisibleText.escape(report.status ?? "-"), report.calendar?.name ?? "-"]
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
            let escalations = report.escalations.map { "\(VisibleText.escape($0.level)) \(SLAText.local($0.at, report.timeZone)) \(SLAReportFormat.escalationState($0, in: report))" }
            row.append(escalations.isEmpty ? "-" : escalations.joined(separator: ", "))
            rows.append(row)
        }
        return TextTable.render(rows) + "\n" + "\(reports.count) record\(reports.count == 1 ? "" : "s"), \(asOf)\n"
    }
}
