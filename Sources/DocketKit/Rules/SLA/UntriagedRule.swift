/// `untriaged`: an open record still without a priority after the working time its procedure's
/// `signals: untriaged` allows. Checked with the SLA rules (`SLARecordRules`), on their evaluation.
struct UntriagedRule: Rule {
    static let description = RuleDescription(
        id: .untriaged, severity: .warning, group: "sla",
        summary: "an open record has had no priority for longer than signals: untriaged allows",
        description: """
        A record nobody triaged has no priority, hence no SLA target, and drops out of every \
        deadline. A procedure sets how long that may last under `signals:` (`untriaged: 4h`, \
        `calendar: office`: working time of a calendar of `procedures/sla.md`, paused time not \
        counted). An open record without a priority past that time is reported on its `status` line, \
        measured at `--now` like the SLA rules; a state that requires the priority is `required-field` \
        instead. Triage the record: set impact, urgency and priority.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident, now: "2026-11-03T11:00:00+08:00"),
            // 4 h of office time run out on Tue 3 Nov at 14:42 (09:12–12:00 is 2h48m, then 13:30 + 1h12m).
            .passing(Fixture.incidentPath, Fixture.newIncident, now: "2026-11-03T14:40:00+08:00"),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("status: new", "⚑status: new")), now: "2026-11-03T15:00:00+08:00"),
            // A priority written: triaged, whatever the time.
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("channel: phone", "channel: phone\npriority: P4")), now: "2026-11-03T15:00:00+08:00"),
        ])

    static func check(_ report: SLAReport, _ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let limit = procedure.signals?.untriaged, let now = context.now, report.isOpen,
              let priority = procedure.field(SLAFields.priority), !record.isPresent(priority.key),
              // Required in this state: required-field says it; written with a slip: its own diagnostic does.
              !record.requires(priority.required), !record.isWritten(priority.key), !record.reportedKeys.contains(priority.key),
              let (calendar, name) = SignalClock.calendar(of: procedure, context) else { return }
        let used = calendar.workingSeconds(from: Int(report.opened), to: Int(now),
                                           excluding: BusinessCalendar.merge(report.paused.map { Int($0.lowerBound)..<Int($0.upperBound) }))
        guard used > limit else { return }
        let opened = procedure.openedField ?? "the opening"
        var message = SLAMessage()
        message.add("expected a priority within "); message.add(duration: limit); message.add(" of "); message.add(text: name)
        message.add(" time after "); message.add(text: opened); message.add(" "); message.add(local: report.opened, context.dates)
        message.add(", found none after "); message.add(duration: used); message.add(" at "); message.add(local: now, context.dates)
        message.add("; triage the record: set impact, urgency and priority")
        sink.report(.untriaged, at: record.statusPosition, message.text)
    }
}

/// The calendar `signals:` counts in.
enum SignalClock {
    /// The calendar of the procedure's `signals:` and its name; nil without `sla.md`.
    static func calendar(of procedure: Procedure, _ context: RuleContext) -> (BusinessCalendar, String)? {
        guard let name = procedure.signals?.calendar, let calendar = context.procedures.sla?.calendars[name] else { return nil }
        return (calendar, name == BusinessCalendar.twentyFourSeven.name ? "round-the-clock" : "\(name) working")
    }
}
