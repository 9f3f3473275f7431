/// `sla-resolution-breach`: the resolution took longer than the SLA allows.
struct SLAResolutionBreachRule: Rule {
    static let description = RuleDescription(
        id: .slaResolutionBreach, severity: .warning, group: "sla",
        summary: "the resolution took (or is taking) longer than the resolution target of sla.md",
        description: """
        服务级别协议 (`procedures/sla.md`) sets a resolution target per kind and priority, counted in \
        the working time of the target's calendar from the opening timestamp to `resolved_at` \
        (`fulfilled_at` for service requests), minus paused time (`[pending]` … next state mark in the \
        work log). A resolution over the target is reported; an open record is measured at `--now` \
        (default SOURCE_DATE_EPOCH, else the clock). A breach is a warning: it is a fact for the \
        monthly report (按时解决率), not a broken file.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            // P3: 24 h. Tue 09:12 → Fri 6 Nov 15:00 is 7h48m + 8h + 8h + 3h + 1h30m = 28h18m;
            // the escalations keep escalation-overdue quiet.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n"
                    + SLAFixture.escalation("2026-11-04 14:00", "line-2") + "\n"
                    + SLAFixture.escalation("2026-11-06 09:00", "incident-manager")),
                ("resolved_at: 2026-11-03 11:05", "⚑resolved_at: 2026-11-06 15:00"),
                ("closed_at: 2026-11-03 15:00", "closed_at: 2026-11-06 17:00"))),
            // Open: by Thu 5 Nov 10:00 16h48m of 24 h are used, by Fri 6 Nov 10:00 24h48m.
            .passing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident,
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n"
                    + SLAFixture.escalation("2026-11-04 14:00", "line-2"))),
                now: "2026-11-05T10:00:00+08:00"),
            .failing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident,
                ("status: in-progress", "⚑status: in-progress"),
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n"
                    + SLAFixture.escalation("2026-11-04 14:00", "line-2") + "\n"
                    + SLAFixture.escalation("2026-11-06 09:00", "incident-manager"))),
                now: "2026-11-06T10:00:00+08:00"),
        ])

    static func check(_ report: SLAReport, _ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let measure = report.resolution, measure.state == .breached,
              let calendar = report.calendar else { return }
        let dates = report.dates
        var message = SLAMessage()
        message.add("expected resolution within "); message.add(duration: measure.targetSeconds); message.add(" of ")
        message.add(text: calendar.name); message.add(" working time (due "); message.add(local: measure.due, dates); message.add(")")
        message.add(", found "); message.add(duration: measure.elapsedSeconds)
        if let resolved = report.resolvedAt, let key = procedure.slaResolutionField, let at = record.valueStart(of: key) {
            message.add(" ("); message.add(text: key); message.add(" "); message.add(local: resolved, dates); message.add(")")
            sink.report(.slaResolutionBreach, at: at, message.text)
        } else if let now = context.now {
            message.add(" used and the record still open as of "); message.add(local: now, dates)
            sink.report(.slaResolutionBreach, at: record.statusPosition, message.text)
        }
    }
}
