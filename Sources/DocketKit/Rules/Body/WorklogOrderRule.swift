/// `worklog-order`: work-log entries are in chronological order.
struct WorklogOrderRule: RecordRule {
    static let description = RuleDescription(
        id: .worklogOrder, severity: .error, group: "body",
        summary: "work-log entries must be in chronological order",
        description: """
        Entries are appended as work happens, so each entry's time is at or after the one above it. \
        An entry earlier than its predecessor is usually a typo in the date and would distort the \
        paused intervals of the SLA clock.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("- 2026-11-03 10:40 lisi:", "⚑- 2026-11-03 08:40 lisi:"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        for (previous, entry) in zip(record.worklog, record.worklog.dropFirst()) where entry.time < previous.time {
            sink.report(.worklogOrder, at: entry.position, "expected work-log entries in time order, found \(context.dates.localText(entry.time)) after \(context.dates.localText(previous.time)) (line \(previous.position.line))")
        }
    }
}
