/// `problem-incidents`: declared in `procedures/problem.md`, raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift);
/// the link may be written on either side.
struct ProblemIncidentsRule: Rule {
    static let path = "tickets/problems/2026/PRB-2026-9001.md"
    static let problem = """
    ---
    id: PRB-2026-9001
    title: 财务系统报表导出超时
    status: investigating
    detected_at: 2026-11-04 10:00
    mode: reactive
    owner: zhouba
    priority: P3
    category: software/application
    incidents: [INC-2026-0001]
    ---
    ## 问题描述
    多起报表导出超时事件。

    """

    static let description = RuleDescription(
        id: .problemIncidents, severity: .error, group: "problem",
        summary: "a reactive problem needs at least one linked incident",
        description: """
        被动问题管理找出导致以前发生事件的根本原因: a reactive problem exists because of incidents, so \
        it must be linked to at least one, written in the problem's `incidents` or in an incident's \
        `problems`. Proactive problems need none.
        """,
        examples: [
            .passing(path, problem),
            .passing(path, Fixture.edit(problem, ("mode: reactive", "mode: proactive"), ("incidents: [INC-2026-0001]\n", ""))),
            .failing(path, Fixture.edit(problem, ("mode: reactive", "⚑mode: reactive"), ("incidents: [INC-2026-0001]\n", ""))),
        ])
}
