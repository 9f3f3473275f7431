/// `required-field`: fields the procedure requires in the record's state, or under a condition.
/// Checked here; missing keys of a map field (an escalation without `to`) are raised by
/// `FieldDecoder` (Records/FieldDecoder.swift) while it decodes the map.
struct RequiredFieldRule: RecordRule {
    static let description = RuleDescription(
        id: .requiredField, severity: .error, group: "fields",
        summary: "a field the procedure requires in this state is missing or empty",
        description: """
        Each field declares when it is required: always, from a state on (that state and every \
        state reachable from it), in listed states, or when another field has a value. An absent \
        key, an empty value and an empty list all count as missing. The diagnostic points at the \
        `status` line, since the state decides what is required.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("status: closed", "⚑status: closed"), ("closure_code: success\n", ""))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("status: new", "⚑status: new"), ("title: 打印机无法打印\n", ""))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("closed_by: zhangsan", "⚑closed_by:"))),
            // An empty or blank string is no value.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("title: 财务系统报表导出失败", "⚑title: \"\""))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("reporter: 张敏(计财处)", "⚑reporter: '  '"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        // The fields written and present, as bits by index in the procedure (one probe per entry);
        // an absent field is then found with the procedure's hash of its key, and read in place.
        // Only the fields whose requirement can hold in the record's state are asked about.
        // The fields of conditions are found by index (`ProcedureRulePlan`), as is `status`.
        let plan = context.plan(for: procedure)
        let status = plan.status(of: record)
        let candidates = plan.fields[plan.slot(of: status)]
        if candidates.isEmpty { return }
        let fields = record.fields
        let presence = fields.presence(in: procedure)
        for candidate in candidates {
            let index = candidate.index
            let entry: Int?
            if let presence {
                let bit: UInt64 = 1 << UInt64(index)
                if presence.present & bit != 0 { continue }
                entry = presence.written & bit != 0 ? fields.entryIndex(field: index, in: procedure) : nil
            } else {
                entry = fields.entryIndex(field: index, in: procedure)
                if let entry, fields.isPresent(at: entry) { continue }
            }
            guard candidate.required || plan.requiresField(index, of: record, status: status) else { continue }
            let spec = procedure.fields[index]
            // A misspelt key standing for it was reported as unknown-field, with the suggestion.
            if record.reportedKeys.contains(spec.key) { continue }
            // (A value that is present but broke its type was already reported: it is present.)
            // A change's missing review date is change-review's to report.
            if spec.key == ChangeReviewRule.reviewField && ChangeReviewRule.applies(record, procedure) { continue }
            let state = status.map { " for status \($0)" } ?? ""
            let at = entry.map { fields.keyPosition(at: $0) } ?? record.statusPosition
            sink.report(.requiredField, at: at, "expected the required field \"\(spec.key)\" (\(spec.zh))\(state), found \(entry == nil ? "none" : "it empty"); write \(spec.key): with its value")
        }
    }
}
