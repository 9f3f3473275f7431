/// `escalation-overdue`: past an escalation threshold of sla.md without the escalation.
struct EscalationOverdueRule: Rule {
    static let description = RuleDescription(
        id: .escalationOverdue, severity: .error, group: "sla",
        summary: "past an escalation threshold of sla.md without an escalation to that level in time",
        description: """
        `escalation` in `procedures/sla.md` names, per kind, levels and shares of the resolution target \
        (incidents: `line-2` at 50%, `incident-manager` at 100%). Once the working time used — at \
        `resolved_at`, or at `--now` while the record is open, paused time excluded — is past a share, \
        `escalations` must hold an item with `to:` that level whose `at` is at or before the instant the \
        share was reached (事件升级原则: 超过解决时限的 50% 仍未解决的升级至二线, 超过 100% 的通报事件经理). \
        Record the escalation that was made, with its real time; an escalation made too late is still \
        reported.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            // Open P3 at Thu 5 Nov 10:00: 16h48m used, past 12 h (reached Wed 4 Nov 14:42).
            .passing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident,
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n"
                    + SLAFixture.escalation("2026-11-04 14:00", "line-2"))),
                now: "2026-11-05T10:00:00+08:00"),
            .failing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident, ("status: in-progress", "⚑status: in-progress")),
                now: "2026-11-05T10:00:00+08:00"),
            // Escalated, but after the threshold instant (14:42).
            .failing(Fixture.incidentPath, Fixture.edit(SLAFixture.openIncident,
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\n⚑escalations:\n"
                    + SLAFixture.escalation("2026-11-04 16:00", "line-2"))),
                now: "2026-11-05T10:00:00+08:00"),
            // Resolved after 28h18m: past 100% (Fri 6 Nov 09:12) without the incident manager.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\n⚑escalations:\n"
                    + SLAFixture.escalation("2026-11-04 14:00", "line-2")),
                ("resolved_at: 2026-11-03 11:05", "resolved_at: 2026-11-06 15:00"),
                ("closed_at: 2026-11-03 15:00", "closed_at: 2026-11-06 17:00"))),
        ])

    static func check(_ report: SLAReport, _ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        // Most records have no overdue escalation: the position, dates and target are made for the first one.
        guard let resolution = report.resolution, report.escalations.contains(where: \.isOverdue) else { return }
        let position = record.keyPosition(of: SLAFields.escalations) ?? record.statusPosition
        let dates = report.dates
        let target = SLAText.duration(seconds: resolution.targetSeconds)
        for due in report.escalations where due.isOverdue {
            let found = due.recordedAt.map { "one only at \(dates.localText($0))" } ?? "none"
            sink.report(.escalationOverdue, at: position,
                        "expected an escalation to \(due.level) at or before \(SLAText.local(due.at, dates)) (\(due.percent)% of the \(target) resolution target), found \(found)")
        }
    }
}
