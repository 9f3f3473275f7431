/// `change-approval`: approvers hold `cab` or `change-manager`; a change is approved before it
/// is implemented, except standard and emergency changes.
struct ChangeApprovalRule: RecordRule {
    static let path = EmergencyChangeLinkRule.path
    static let normal = """
    ---
    id: CHG-2026-9001
    title: 调整财务系统报表导出超时参数
    status: implemented
    change_type: normal
    requested_at: 2026-11-05 10:00
    requester: zhaoliu
    risk: low
    implementer: sunqi
    approved_by: [wujiu, zhengshi]
    approved_at: 2026-11-06 15:00
    implemented_at: 2026-11-07 20:00
    result: success
    ---
    ## 变更描述
    调整导出超时参数。

    ## 风险评估
    低风险, 可随时回退。

    ## 实施计划
    维护窗口修改配置并重启服务。

    ## 回退计划
    恢复原配置文件。

    """

    static let description = RuleDescription(
        id: .changeApproval, severity: .error, group: "change",
        summary: "changes are approved by cab or change-manager, before implementation",
        description: """
        变更在受控方式下正确评估, 批准和实施: every person in `approved_by` must hold the role `cab` \
        or `change-manager`, and `approved_at` must not be after `implemented_at` — except for \
        standard changes (pre-approved) and emergency changes, whose approval may be recorded \
        afterwards (补录) but not after their post-implementation review (`approved_at` not after \
        `reviewed_at`).
        """,
        examples: [
            .passing(path, normal),
            .failing(path, Fixture.edit(normal, ("approved_by: [wujiu, zhengshi]", "⚑approved_by: [wujiu, lisi]"))),
            .failing(path, Fixture.edit(normal, ("approved_at: 2026-11-06 15:00", "⚑approved_at: 2026-11-08 15:00"))),
            // An emergency change approved after it was made (补录), before its review.
            .passing(path, emergencyReviewed),
            .failing(path, Fixture.edit(emergencyReviewed, ("approved_at: 2026-11-06 15:00", "⚑approved_at: 2026-11-10 11:00"))),
        ])

    static let emergencyReviewed = Fixture.edit(normal,
        ("status: implemented", "status: reviewed"), ("change_type: normal", "change_type: emergency"),
        ("implemented_at: 2026-11-07 20:00", "implemented_at: 2026-11-05 20:00"),
        ("result: success", "result: success\nreviewed_at: 2026-11-10 10:00\nincidents: [INC-2026-0013]")) + "## 实施后评审\n恢复正常, 补录审批。\n"

    static let approverRoles = ["cab", "change-manager"]

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard procedure.kind == "change" else { return }
        if case .references(let refs)? = record.value("approved_by") {
            // approved_by declared as a list of person references.
            checkApprovers(refs.map { ($0.id, $0.position) }, context, &sink)
        } else if case .list(let items)? = record.value("approved_by") {
            checkApprovers(items.compactMap { item in item.value?.canonical.map { ($0, item.valueRange.start) } }, context, &sink)
        } else if case .person(let id)? = record.value("approved_by"), let field = record.fields["approved_by"] {
            checkApprovers([(id, field.valueRange.start)], context, &sink)
        }
        let type = record.canonical("change_type")
        guard type != "standard", let approved = record.datetime("approved_at"), let field = record.fields["approved_at"] else { return }
        if type == "emergency" {
            // Recorded afterwards (补录), but before the post-implementation review.
            guard let reviewed = record.datetime("reviewed_at"), approved > reviewed else { return }
            sink.report(.changeApproval, at: field.valueRange.start,
                        "expected an emergency change's approval recorded before its review, found approved_at \(context.dates.localText(approved)) after reviewed_at \(context.dates.localText(reviewed))")
            return
        }
        guard let implemented = record.datetime("implemented_at"), approved > implemented else { return }
        sink.report(.changeApproval, at: field.valueRange.start,
                    "expected a \(type ?? "") change approved before it was implemented, found approved_at \(context.dates.localText(approved)) after implemented_at \(context.dates.localText(implemented))")
    }

    static func checkApprovers(_ approvers: [(String, SourcePosition)], _ context: RuleContext, _ sink: inout DiagnosticSink) {
        for (id, position) in approvers {
            guard let person = context.procedures.roles.people[id] else { continue }
            if !person.roles.contains(where: approverRoles.contains) {
                sink.report(.changeApproval, at: position, "expected approvers holding cab or change-manager, found \(id) holding \(person.roles.isEmpty ? "no role" : person.roles.joined(separator: ", "))")
            }
        }
    }
}
