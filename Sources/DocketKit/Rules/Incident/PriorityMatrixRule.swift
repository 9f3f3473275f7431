/// `priority-matrix`: priority follows impact × urgency (事件分级规则, Q3-CS-01-12),
/// unless a reason for the difference is given.
struct PriorityMatrixRule: RecordRule {
    static let description = RuleDescription(
        id: .priorityMatrix, severity: .error, group: "incident",
        summary: "priority must follow the impact × urgency matrix unless a reason is given",
        description: """
        The procedure's matrix (事件分级规则) gives the priority for each impact and urgency: high × \
        high is P1, medium × medium P3, low × low P4. A record whose priority differs must say why in \
        `priority_reason` (优先级调整理由); otherwise the expected priority is reported.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("priority: P3", "priority: P2\npriority_reason: 月末结账期间, 计财处要求提高处理级别"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("priority: P3", "⚑priority: P2"))),
            // An empty reason is no reason.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("priority: P3", "⚑priority: P2\npriority_reason: \"\""))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let matrix = procedure.priorityMatrix else { return }
        // The three fields found by index (`ProcedureRulePlan`), each looked up once.
        let plan = context.plan(for: procedure)
        let fields = record.fields
        guard let rowEntry = plan.entry(matrix.rowField, field: plan.matrixRow, in: record), let row = fields.value(at: rowEntry)?.canonical,
              let columnEntry = plan.entry(matrix.columnField, field: plan.matrixColumn, in: record),
              let column = fields.value(at: columnEntry)?.canonical,
              let resultEntry = plan.entry(matrix.resultField, field: plan.matrixResult, in: record),
              let actual = fields.value(at: resultEntry)?.canonical,
              case let at = fields.valueRange(at: resultEntry).start,
              let expected = cell(matrix, row, column), actual != expected else { return }
        if let reason = matrix.reasonField, record.isPresent(reason) { return }
        let because = matrix.reasonField.map { " or give a reason in \($0)" } ?? ""
        sink.report(.priorityMatrix, at: at, "expected priority \(expected) for \(matrix.rowField) \(row) and \(matrix.columnField) \(column), found \(actual)\(because)")
    }

    /// `matrix.cells[row]?[column]`, found by comparing along the few rows and columns: hashing
    /// the two ids (a seeded SipHash each) cost more, for every record.
    static func cell(_ matrix: PriorityMatrix, _ row: String, _ column: String) -> String? {
        for (rowID, columns) in matrix.cells where rowID == row {
            for (columnID, result) in columns where columnID == column { return result }
        }
        return nil
    }
}
