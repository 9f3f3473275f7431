/// Runs the SLA rules on one record with a single evaluation of its service levels.
struct SLARecordRules: RecordRule {
    static var description: RuleDescription { SLAResponseBreachRule.description }

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard context.procedures.sla != nil, let evaluator = SLAEvaluator(procedures: context.procedures, now: context.now),
              let report = evaluator.evaluate(record) else { return }
        SLAResponseBreachRule.check(report, record, procedure, context, &sink)
        SLAResolutionBreachRule.check(report, record, procedure, context, &sink)
        EscalationOverdueRule.check(report, record, procedure, context, &sink)
    }
}
