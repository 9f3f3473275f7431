/// `emergency-change-link`: declared in `procedures/change.md`, raised by `ConstraintEvaluator` (Rules/Incident/ConstraintEvaluator.swift).
struct EmergencyChangeLinkRule: Rule {
    static let path = "tickets/changes/2026/CHG-2026-9001.md"
    static let emergency = """
    ---
    id: CHG-2026-9001
    title: 紧急扩容财务系统数据库表空间
    status: implemented
    change_type: emergency
    requested_at: 2026-11-05 10:00
    requester: zhaoliu
    risk: medium
    implementer: sunqi
    implemented_at: 2026-11-05 10:30
    result: success
    incidents: [INC-2026-0001]
    ---
    ## 变更描述
    表空间不足导致财务系统不可用, 紧急扩容。

    ## 风险评估
    扩容为在线操作, 风险低。

    ## 实施计划
    增加数据文件 20G。

    ## 回退计划
    删除新增数据文件。

    """

    static let description = RuleDescription(
        id: .emergencyChangeLink, severity: .error, group: "change",
        summary: "an emergency change needs a linked incident",
        description: """
        紧急事件处理过程中需要对系统进行变更, 变更完成后补录紧急变更单, 并和紧急事件单建立关联: an \
        emergency change must be linked to the incident that required it, on either side.
        """,
        examples: [
            .passing(path, emergency),
            .failing(path, Fixture.edit(emergency, ("change_type: emergency", "⚑change_type: emergency"), ("incidents: [INC-2026-0001]\n", ""))),
        ])
}
