/// Evaluates the rules a procedure declares under `constraints`. Demands that
/// need other records (`require_link`) are returned for the cross-record pass.
enum ConstraintEvaluator {
    /// A link demand waiting for the repository's two-way link index.
    struct PendingLink: Sendable {
        var rule: RuleID
        var kind: String
        var position: SourcePosition
        var message: String
    }

    /// - Parameter plan: `procedure`'s plan: the conditions' fields are found by index.
    static func check(_ record: Record, _ procedure: Procedure, plan: ProcedureRulePlan, _ sink: inout DiagnosticSink) -> [PendingLink] {
        var pending: [PendingLink] = []
        let status = plan.status(of: record)
        for index in plan.constraints.indices where record.satisfies(plan.constraints[index], status: status, in: procedure) {
            // A constraint is copied only once its condition holds.
            let constraint = procedure.constraints[index]
            guard decidable(plan.constraints[index], record, plan: plan, status: status) else { continue }
            // Where a finding without a field of its own points: looked up only for a finding (or a link demand).
            func at() -> SourcePosition { position(for: constraint, in: record) }
            switch constraint.demand {
            case .fields(let demands):
                // Each demanded field found by index; the record is asked by name only for a finding.
                let demandFields = plan.demandFields[index]
                for demand in demands.indices {
                    let (field, value) = demands[demand]
                    let entry = plan.entry(field, field: demandFields[demand], in: record)
                    guard entry.flatMap({ record.fields.value(at: $0)?.canonical }) != value, !record.reportedKeys.contains(field) else { continue }
                    // A value that is present but broke its type was already reported (field-type, enum-value).
                    if record.isBroken(field) { continue }
                    let found = record.isPresent(field) ? "\"\(record.canonical(field) ?? "")\"" : "nothing"
                    let where_ = record.valueStart(of: field) ?? at()
                    sink.report(constraint.rule, at: where_, "\(constraint.message): expected \(field) \(value), found \(found)")
                }
            case .link(let kind):
                pending.append(PendingLink(rule: constraint.rule, kind: kind, position: at(), message: constraint.message))
            case .item(let field, let match):
                let items: [DecodedField]
                if case .list(let list)? = record.value(field) { items = list } else { items = [] }
                let found = items.contains { item in
                    guard case .map(let entries)? = item.value else { return false }
                    return match.allSatisfy { entries[$0.key]?.value?.canonical == $0.value }
                }
                if !found && !record.reportedKeys.contains(field) {
                    let described = match.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                    sink.report(constraint.rule, at: at(), "\(constraint.message): expected an entry in \(field) with \(described), found none")
                }
            case .section(let id):
                let sections = record.sections.filter { $0.sectionID == id }
                if sections.isEmpty || sections.allSatisfy(\.isEmpty) {
                    let title = procedure.sections.first { $0.id == id }.map { "## \($0.zh)" } ?? id
                    sink.report(constraint.rule, at: sections.first?.headingPosition ?? at(), "\(constraint.message): expected section \"\(title)\" with content, found \(sections.isEmpty ? "none" : "it empty")")
                }
            }
        }
        return pending
    }

    /// False when an `unless` field is given but broke its type, or is missing though the
    /// record's state requires it: whether the exception holds cannot be told, and the
    /// field's own diagnostic (enum-value, field-type, required-field) already stands for
    /// the defect. (A `when` on such a field is simply not met.) Without this, a monitoring
    /// incident with a misspelt channel would also be told to notify the customer.
    /// (The condition resolved by `plan`: its `unless` fields found by index.)
    static func decidable(_ condition: ProcedureRulePlan.ResolvedCondition, _ record: Record, plan: ProcedureRulePlan, status: String?) -> Bool {
        for test in condition.unless {
            if record.reportedKeys.contains(test.key) { return false }
            let entry = plan.entry(test.key, field: test.field, in: record)
            // Broken: present, but its value broke its type.
            if let entry, record.fields.isPresent(at: entry), record.fields.value(at: entry) == nil { return false }
            let present = entry.map { record.fields.isPresent(at: $0) } ?? false
            if !present, let field = test.field, plan.requiresField(field, of: record, status: status) { return false }
        }
        return true
    }

    /// The first field of the condition, else the status line.
    static func position(for constraint: Constraint, in record: Record) -> SourcePosition {
        for (field, _) in constraint.condition.when {
            if let position = record.keyPosition(of: field) { return position }
        }
        return record.statusPosition
    }
}

import Foundation
