/// `sla-response-breach`: the response took longer than the SLA allows.
struct SLAResponseBreachRule: Rule {
    static let description = RuleDescription(
        id: .slaResponseBreach, severity: .warning, group: "sla",
        summary: "the response took (or is taking) longer than the response target of sla.md",
        description: """
        服务级别协议 (`procedures/sla.md`) sets a response target per kind and priority, counted in the \
        working time of the target's calendar from the opening timestamp (`reported_at`, \
        `requested_at`) to `responded_at`, minus the time the record was paused (`[pending]` … next \
        state mark in the work log). A response over the target is reported; an open record without \
        `responded_at` is measured at `--now` (default SOURCE_DATE_EPOCH, else the clock). A breach is \
        a fact to report and analyse, not a broken file, so this is a warning; correct the timestamp \
        only if it was recorded wrongly.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            // P3: 2 h response. Tue 09:12 → 11:30 is 2h18m of office time.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("responded_at: 2026-11-03 09:20", "⚑responded_at: 2026-11-03 11:30"),
                ("resolved_at: 2026-11-03 11:05", "resolved_at: 2026-11-03 14:00"))),
            // Still unanswered: at Tue 11:00 1h48m of 2 h are used; at 14:00 3h18m (09:12–12:00, 13:30–14:00).
            .passing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident,
                ("status: in-progress", "status: new"), ("responded_at: 2026-11-03 09:20\n", "")),
                now: "2026-11-03T11:00:00+08:00"),
            .failing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident,
                ("status: in-progress", "⚑status: new"), ("responded_at: 2026-11-03 09:20\n", "")),
                now: "2026-11-03T14:00:00+08:00"),
        ])

    static func check(_ report: SLAReport, _ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let measure = report.response, measure.state == .breached,
              let calendar = report.calendar else { return }
        let dates = report.dates
        var message = SLAMessage()
        message.add("expected a response within "); message.add(duration: measure.targetSeconds); message.add(" of ")
        message.add(text: calendar.name); message.add(" working time (due "); message.add(local: measure.due, dates); message.add(")")
        if let responded = report.respondedAt, let at = record.valueStart(of: SLAFields.responded) {
            message.add(", found "); message.add(duration: measure.elapsedSeconds)
            message.add(" (responded_at "); message.add(local: responded, dates); message.add(")")
            sink.report(.slaResponseBreach, at: at, message.text)
        } else if let now = context.now {
            message.add(", found no responded_at after "); message.add(duration: measure.elapsedSeconds)
            message.add(" as of "); message.add(local: now, dates)
            sink.report(.slaResponseBreach, at: record.statusPosition, message.text)
        }
    }
}
