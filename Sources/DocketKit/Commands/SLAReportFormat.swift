import Foundation

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

    /// `JSONOutput.appendLine(value(report), breakFrom: "response", to:)`, the same bytes written
    /// straight from the report: no value tree is made and destroyed per record (`docket sla
    /// --format json` writes one line per record). A test holds the two to each other.
    static func appendLine(_ report: SLAReport, to out: inout [UInt8]) {
        func string(_ text: String?) {
            if let text { JSONOutput.quote(text, into: &out) } else { out.append(literal: "null") }
        }
        func time(_ date: Date) {
            let seconds = Instants.seconds(date)
            if seconds == Int64.max { out.append(literal: "null"); return }
            report.dates.withText(seconds, withOffset: true) { JSONOutput.quote($0, into: &out) }
        }
        func measure(_ m: SLAMeasure?) {
            guard let m else { out.append(literal: "null"); return }
            out.append(literal: "{\"target_minutes\": "); JSONOutput.append(m.targetMinutes, to: &out)
            out.append(literal: ", \"elapsed_minutes\": "); JSONOutput.append(m.elapsedMinutes, to: &out)
            out.append(literal: ", \"remaining_minutes\": "); JSONOutput.append(m.targetMinutes - m.elapsedMinutes, to: &out)
            out.append(literal: ", \"due\": "); time(m.due)
            out.append(literal: ", \"state\": "); string(m.state.rawValue)
            out.append(UInt8(ascii: "}"))
        }
        out.append(literal: "  {\"id\": "); string(report.id)
        out.append(literal: ", \"kind\": "); string(report.kind)
        out.append(literal: ", \"priority\": "); string(report.priority)
        out.append(literal: ", \"status\": "); string(report.status)
        out.append(literal: ", \"calendar\": "); string(report.calendar?.name)
        out.append(literal: ",\n   \"response\": "); measure(report.response)
        out.append(literal: ",\n   \"resolution\": "); measure(report.resolution)
        out.append(literal: ",\n   \"escalations_due\": [")
        for (index, due) in report.escalations.enumerated() {
            if index > 0 { out.append(literal: ", ") }
            out.append(literal: "{\"to\": "); string(due.level)
            out.append(literal: ", \"at\": "); time(due.at)
            out.append(literal: ", \"escalated\": "); out.append(literal: due.escalated ? "true" : "false")
            out.append(UInt8(ascii: "}"))
        }
        out.append(literal: "]}")
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
