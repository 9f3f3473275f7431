/// `close-needs-notification`: declared in `procedures/incident.md`, raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift).
struct CloseNeedsNotificationRule: Rule {
    static let description = RuleDescription(
        id: .closeNeedsNotification, severity: .error, group: "incident",
        summary: "a closed incident reported by a person needs customer_notified: true",
        description: """
        由客户提出的事件, 关闭时必须通知IT客户: a closed incident whose channel is not `monitoring` or \
        `inspection` (found by the desk itself) needs `customer_notified: true`.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("channel: phone", "channel: monitoring"), ("customer_notified: true\n", ""))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("customer_notified: true", "⚑customer_notified: false"))),
        ])
}
