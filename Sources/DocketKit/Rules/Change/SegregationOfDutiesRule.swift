/// `segregation-of-duties`: the requester and the implementer of a change do not approve it.
struct SegregationOfDutiesRule: RecordRule {
    static let description = RuleDescription(
        id: .segregationOfDuties, severity: .error, group: "change",
        summary: "a change's requester and implementer must not be among its approvers",
        description: """
        ISO/IEC 20000 expects changes to be authorised by someone other than the people who asked \
        for them or carry them out: neither `requester` nor `implementer` may appear in `approved_by`.
        """,
        examples: [
            .passing(ChangeApprovalRule.path, ChangeApprovalRule.normal),
            .failing(ChangeApprovalRule.path, Fixture.edit(ChangeApprovalRule.normal, ("requester: zhaoliu", "requester: wujiu"), ("approved_by: [wujiu, zhengshi]", "⚑approved_by: [wujiu, zhengshi]"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard procedure.kind == "change", let field = record.fields["approved_by"] else { return }
        var approvers: [(String, SourcePosition)] = []
        switch field.value {
        case .list(let items)?: approvers = items.compactMap { item in item.value?.canonical.map { ($0, item.valueRange.start) } }
        case .person(let id)?: approvers = [(id, field.valueRange.start)]
        case .references(let refs)?: approvers = refs.map { ($0.id, $0.position) }
        default: break
        }
        for role in ["requester", "implementer"] {
            guard let person = record.canonical(role) else { continue }
            for (id, position) in approvers where id == person {
                sink.report(.segregationOfDuties, at: position, "expected approvers other than the \(role), found \(id) both \(role) and approver")
            }
        }
    }
}
