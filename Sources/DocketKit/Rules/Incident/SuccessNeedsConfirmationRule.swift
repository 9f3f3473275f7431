/// `success-needs-confirmation`: declared in `procedures/incident.md`, raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift).
struct SuccessNeedsConfirmationRule: Rule {
    static let description = RuleDescription(
        id: .successNeedsConfirmation, severity: .error, group: "incident",
        summary: "closure code success needs the user's confirmation (user_confirmed: true)",
        description: """
        由IT用户认可获得关闭的事件单的结束代码为"成功关闭": the closure code `success` records that \
        the user confirmed the resolution, so it needs `user_confirmed: true`. Without a \
        confirmation, close with `workaround` or obtain the confirmation first.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("user_confirmed: true", "⚑user_confirmed: false"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("closure_code: success", "⚑closure_code: success"), ("user_confirmed: true\n", ""))),
        ])
}
