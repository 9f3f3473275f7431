/// Runs the SLA rules on one record with a single evaluation of its service levels.
struct SLARecordRules: RecordRule {
    static var description: RuleDescription { SLAResponseBreachRule.description }

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard let plans = context.slaPlans, let plan = plans.plan(kind: record.kind),
              let report = plans.evaluate(record, plan: plan) else { return }
        // A record whose state requires the timestamp a measure ends at (responded_at from
        // assigned on, resolved_at in resolved and closed) but that lacks a valid one was
        // already reported (required-field, field-type). It is not open: measuring it at
        // --now would add breaches and overdue escalations that did not happen.
        // (`report` holds the timestamps: a key is asked about only when its timestamp is missing.)
        // Most records have no reported keys: the set is not hashed into then.
        let reportedKeys = record.reportedKeys
        func reported(_ key: String) -> Bool { !reportedKeys.isEmpty && reportedKeys.contains(key) }
        func unmeasurable(_ key: String?, _ time: Int64?) -> Bool {
            guard let key, time == nil else { return false }
            // A misspelt timestamp key was reported as unknown-field: the record is not measured as open either.
            if reported(key) { return true }
            guard let spec = procedure.field(key) else { return false }
            return record.requires(spec.required)
        }
        if !unmeasurable(SLAFields.responded, report.respondedAt) {
            SLAResponseBreachRule.check(report, record, procedure, context, &sink)
        }
        // Signals for forgotten records: open ones only, and not a record reported as lacking its resolution.
        if !unmeasurable(plan.resolutionField, report.resolvedAt) {
            UntriagedRule.check(report, record, procedure, context, &sink)
            PendingTooLongRule.check(report, record, procedure, context, &sink)
            SLAResolutionBreachRule.check(report, record, procedure, context, &sink)
            // An escalation entry with a reported slip (time: for at:) cannot be told recorded or not.
            if !reported(SLAFields.escalations) {
                EscalationOverdueRule.check(report, record, procedure, context, &sink)
            }
        }
    }
}
