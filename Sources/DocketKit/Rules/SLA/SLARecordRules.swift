/// Runs the SLA rules on one record with a single evaluation of its service levels.
struct SLARecordRules: RecordRule {
    static var description: RuleDescription { SLAResponseBreachRule.description }

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let report = context.sla?.evaluate(record) else { return }
        // A record whose state requires the timestamp a measure ends at (responded_at from
        // assigned on, resolved_at in resolved and closed) but that lacks a valid one was
        // already reported (required-field, field-type). It is not open: measuring it at
        // --now would add breaches and overdue escalations that did not happen.
        func unmeasurable(_ key: String?) -> Bool {
            // A misspelt timestamp key was reported as unknown-field: the record is not measured as open either.
            if let key, record.reportedKeys.contains(key), record.datetime(key) == nil { return true }
            guard let key, record.datetime(key) == nil, let spec = procedure.field(key) else { return false }
            return record.requires(spec.required)
        }
        if !unmeasurable(SLAFields.responded) {
            SLAResponseBreachRule.check(report, record, procedure, context, &sink)
        }
        // Signals for forgotten records: open ones only, and not a record reported as lacking its resolution.
        if !unmeasurable(procedure.slaResolutionField) {
            UntriagedRule.check(report, record, procedure, context, &sink)
            PendingTooLongRule.check(report, record, procedure, context, &sink)
        }
        if !unmeasurable(procedure.slaResolutionField) {
            SLAResolutionBreachRule.check(report, record, procedure, context, &sink)
            // An escalation entry with a reported slip (time: for at:) cannot be told recorded or not.
            if !record.reportedKeys.contains(SLAFields.escalations) {
                EscalationOverdueRule.check(report, record, procedure, context, &sink)
            }
        }
    }
}
