/// `closure-code`: a closure code belongs to a resolved or closed record.
struct ClosureCodeRule: RecordRule {
    static let description = RuleDescription(
        id: .closureCode, severity: .error, group: "incident",
        summary: "a closure code may only stand on a resolved or closed record",
        description: """
        The closure code (结束代码: 成功关闭 or 变通关闭) is filled in when the record is resolved. A \
        record in any other state that carries one was either reopened without clearing it or \
        closed without changing its status. The states that may carry it are declared in the \
        procedure's `closure` block; its values are checked by `enum-value`, and its presence when \
        closed by `required-field`.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("channel: phone", "channel: phone\n⚑closure_code: success"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let closure = procedure.closure else { return }
        // The status and the closure code found by index, the states compared along an array (`ProcedureRulePlan`).
        let plan = context.plan(for: procedure)
        guard let status = plan.status(of: record), !plan.closureStates.contains(where: { $0 == status }),
              let entry = plan.entry(closure.field, field: plan.closureField, in: record), record.fields.isPresent(at: entry)
        else { return }
        let at = record.fields.keyPosition(at: entry)
        sink.report(.closureCode, at: at, "expected no \(closure.field) for status \(status), found \"\(record.canonical(closure.field) ?? "")\"; only \(closure.states.sorted().joined(separator: " or ")) records carry one")
    }
}
