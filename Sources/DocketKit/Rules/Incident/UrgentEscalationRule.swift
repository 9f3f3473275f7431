/// `urgent-escalation`: declared in `procedures/incident.md`, raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift).
struct UrgentEscalationRule: Rule {
    static let p1 = Fixture.edit(Fixture.closedIncident,
        ("impact: medium", "impact: high"), ("urgency: medium", "urgency: high"), ("priority: P3", "⚑priority: P1"))

    static let description = RuleDescription(
        id: .urgentEscalation, severity: .error, group: "incident",
        summary: "a P1 incident from assigned on needs an escalation to the incident manager",
        description: """
        优先级为紧急的事件, 由一线工程师确认后立即升级到事件经理: once a P1 incident is assigned, \
        its `escalations` must hold an entry with `to: incident-manager`.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.edit(p1, ("⚑", ""), ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n  - {at: 2026-11-03 09:25, to: incident-manager, by: lisi, reason: 全院财务系统不可用}"))),
            .failing(Fixture.incidentPath, p1),
        ])
}
