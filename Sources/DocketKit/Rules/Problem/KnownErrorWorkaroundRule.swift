/// `known-error-workaround`: declared in `procedures/problem.md`, raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift).
struct KnownErrorWorkaroundRule: Rule {
    static let knownError = Fixture.edit(ProblemIncidentsRule.problem,
        ("status: investigating", "⚑status: known-error"),
        ("category: software/application", "category: software/application\nknown_error_at: 2026-11-05 16:00"))

    static let description = RuleDescription(
        id: .knownErrorWorkaround, severity: .error, group: "problem",
        summary: "a known error needs its workaround written down",
        description: """
        已知错误: 查明事件原因并且已有临时、应急处理措施的问题. A problem in `known-error` must carry \
        the workaround section (`## 临时解决方法` / `## Workaround`) with content, so the service \
        desk can apply it to new incidents.
        """,
        examples: [
            .passing(ProblemIncidentsRule.path, Fixture.edit(knownError, ("⚑", "")) + "## 临时解决方法\n分批导出报表, 每批不超过 1000 行。\n"),
            .failing(ProblemIncidentsRule.path, knownError),
        ])
}
