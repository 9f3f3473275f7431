/// The forms of one `SLAReport` shared by `docket sla` and `docket show`: the
/// JSON object (one element of `docket sla --format json`, the `sla` key of
/// `docket show --json`) and the escalation states.
public enum SLAReportFormat {
    /// `escalated` (recorded at or before the threshold instant), `overdue`
    /// (threshold passed without one), `upcoming` (open, threshold not yet
    /// reached) or `not-needed` (resolved before the threshold).
    public static func escalationState(_ due: EscalationDue, in report: SLAReport) -> String {
        due.escalated ? "escalated" : due.reached ? "overdue" : report.isOpen ? "upcoming" : "not-needed"
    }

    /// `{id, kind, priority, status, calendar, response, resolution, escalations_due}`,
    /// times in ISO 8601 with the offset of the report's zone.
    public static func value(_ report: SLAReport) -> OutputValue {
        func string(_ text: String?) -> OutputValue { .string(text) }
        func measure(_ m: SLAMeasure?) -> OutputValue {
            guard let m else { return .null }
            return .object([
                ("target_minutes", .int(m.targetMinutes)),
                ("elapsed_minutes", .int(m.elapsedMinutes)),
                ("remaining_minutes", .int(m.targetMinutes - m.elapsedMinutes)),
                ("due", string(SLAText.iso(m.due, report.dates))),
                ("state", .string(m.state.rawValue)),
            ])
        }
        return .object([
            ("id", .string(report.id)),
            ("kind", .string(report.kind)),
            ("priority", string(report.priority)),
            ("status", string(report.status)),
            ("calendar", string(report.calendar?.name)),
            ("response", measure(report.response)),
            ("resolution", measure(report.resolution)),
            ("escalations_due", .array(report.escalations.map { due in
                .object([("to", .string(due.level)), ("at", string(SLAText.iso(due.at, report.dates))),
                         ("escalated", .bool(due.escalated))])
            })),
        ])
    }

    /// The `docket sla --format json` array; rendered with `.lines(breakFrom: "response")`
    /// (keys up to `calendar` on the first line, each measure on a line of its own).
    public static func value(_ reports: [SLAReport]) -> OutputValue {
        // Independent per record: built on all cores.
        .array(parallelMap(reports.count) { value(reports[$0]) })
    }

    /// The SLA block of `docket show`: calendar, response and resolution
    /// (state, working time used of the target, remaining, due instant) and
    /// the escalation thresholds with whether each escalation is recorded.
    /// Times are local wall-clock times in the report's zone.
    static func textLines(_ report: SLAReport, now: Int64) -> [String] {
        let zone = report.timeZone
        let dates = report.dates
        var lines: [String] = []
        guard let calendar = report.calendar else {
            lines.append("服务级别 SLA: no targets, the record has no priority yet")
            return lines
        }
        let measuredAt = report.resolvedAt.map { "resolution at \(dates.localText($0))" } ?? "open, as of \(dates.localText(now))"
        lines.append("服务级别 SLA: calendar \(calendar.name) (\(zone.identifier)), \(measuredAt)")
        var rows: [[String]] = []
        for (label, measure) in [("响应 Response", report.response), ("解决 Resolution", report.resolution)] {
            guard let m = measure else {
                rows.append(["  " + label, "-"])
                continue
            }
            let paused = label.hasSuffix("Resolution") && report.isPaused ? " (paused)" : ""
            rows.append(["  " + label, m.state.rawValue + paused,
                         "used \(SLAText.duration(seconds: m.elapsedSeconds)) of \(SLAText.duration(seconds: m.targetSeconds))",
                         "remaining \(SLAText.duration(minutes: m.targetMinutes - m.elapsedMinutes))",
                         "due \(SLAText.local(m.due, zone))"])
        }
        lines.append(TextTable.render(rows))
        if report.escalations.isEmpty {
            lines.append("  升级 Escalations due: none")
        } else {
            lines.append("  升级 Escalations due:")
            var table: [[String]] = []
            for due in report.escalations {
                let recorded = due.recordedAt.map { "recorded \(dates.localText($0))" } ?? "not recorded"
                table.append(["    " + VisibleText.escape(due.level), "\(due.percent)%", "at \(SLAText.local(due.at, zone))",
                              escalationState(due, in: report), recorded])
            }
            lines.append(TextTable.render(table))
        }
        return lines
    }
}
