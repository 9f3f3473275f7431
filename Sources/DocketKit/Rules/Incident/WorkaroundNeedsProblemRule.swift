/// `workaround-needs-problem`: declared in `procedures/incident.md` (`constraints`),
/// raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift); the link may be written on either side.
struct WorkaroundNeedsProblemRule: Rule {
    static let workaroundClosed = Fixture.edit(Fixture.closedIncident,
        ("closure_code: success", "⚑closure_code: workaround"),
        ("## 解决方案", "## 临时措施\n临时改为分批导出报表。\n\n## 解决方案"))

    static let description = RuleDescription(
        id: .workaroundNeedsProblem, severity: .error, group: "incident",
        summary: "an incident closed with a workaround needs a linked problem",
        description: """
        通过临时解决方法解决的事件在恢复服务后都应该创建问题单, 问题单需和事件单建立关联: an \
        incident whose closure code is `workaround` must be linked to a problem record, written \
        either in the incident's `problems` or in the problem's `incidents`. Declared in \
        `procedures/incident.md` under `constraints`.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.edit(workaroundClosed, ("⚑", ""), ("configuration_items: [CI-APP-FIN]", "configuration_items: [CI-APP-FIN]\nproblems: [PRB-2026-0001]"))),
            .failing(Fixture.incidentPath, workaroundClosed),
        ])
}
