/// What the record rules need of one procedure that does not depend on the record, worked out
/// once per procedure (`RuleContext.plan(for:)`) rather than for every record: for each state,
/// the fields and sections whose requirement can hold in it, and whether the state alone decides
/// that it does. A rule asks `Record.requires` only about the rest (a requirement with `when` or
/// `unless`), in procedure order. A class: a rule reads it through one reference.
final class ProcedureRulePlan: Sendable {
    /// A field or section whose requirement may hold in a state.
    struct Candidate: Sendable {
        /// The index in `procedure.fields` or `procedure.sections`.
        var index: Int
        /// True when the state alone makes it required (every condition names states only, or
        /// it is required always): `Record.requires` would say true.
        var required: Bool
    }

    /// A field test of a condition (`when`, `unless`) with the field's index in `procedure.fields`
    /// (nil: a key the procedure does not declare, asked by its name).
    struct FieldTest: Sendable {
        var key: String
        var field: Int?
        var match: ValueMatch
        /// The values of `.oneOf`, in an array: a few are compared along it, the set not
        /// iterated (nor its storage retained) for every record.
        var values: [String]
        /// What `match` asks, without its payload (read for every record without copying the set).
        var kind: Kind

        enum Kind: Sendable { case present, absent, oneOf }

        init(key: String, field: Int?, match: ValueMatch) {
            self.key = key
            self.field = field
            self.match = match
            switch match {
            case .present: kind = .present; values = []
            case .absent: kind = .absent; values = []
            case .oneOf(let set): kind = .oneOf; values = Array(set)
            }
        }

        /// True when `value` is one of the values of `.oneOf` (as `Record.matches` compares).
        @inline(__always)
        func accepts(_ value: String) -> Bool {
            if values.count <= 8 { return values.contains { $0 == value } }
            if case .oneOf(let set) = match { return set.contains(value) }
            return false
        }
    }

    /// A `Condition` whose fields are found by index: `Record.satisfies(_:status:in:)`.
    struct ResolvedCondition: Sendable {
        var stateList: [String]?
        var when: [FieldTest]
        var unless: [FieldTest]
    }

    let procedure: Procedure
    /// The index of `status` in `procedure.fields` (read by `status(of:)`).
    let statusField: Int?
    /// The index of `id` in `procedure.fields`.
    let idField: Int?
    /// By index in `procedure.fields`: the kind a reference field expects (`Procedure.referenceKind(of:)`).
    let referenceKinds: [String?]
    /// The indexes in `procedure.fields` of the fields whose values can hold references, in order.
    let referenceFields: [Int]
    /// The indexes of the priority matrix's row, column and result fields, and of the closure code.
    let matrixRow: Int?, matrixColumn: Int?, matrixResult: Int?
    let closureField: Int?
    /// `procedure.closure.states` along an array (a status is compared with a few, not hashed).
    let closureStates: [String]
    /// The indexes of `procedure.openedField` and `closedField`.
    let openedField: Int?
    let closedField: Int?
    /// `procedure.timeOrder`, each key with its field index.
    let timeOrder: [[(key: String, field: Int?)]]
    /// The conditions of `procedure.constraints`, by index.
    let constraints: [ResolvedCondition]
    /// By index in `procedure.constraints`: the field index of each `.fields` demand, in order.
    let demandFields: [[Int?]]
    /// By index in `procedure.fields` / `procedure.sections`: the conditions of a requirement
    /// `.any(…)` (empty for `.always` and `.never`).
    let fieldConditions: [[ResolvedCondition]]
    let sectionConditions: [[ResolvedCondition]]
    /// By slot (`slot(of:)`): the fields whose requirement may hold.
    let fields: [[Candidate]]
    /// By slot: the sections whose requirement may hold.
    let sections: [[Candidate]]
    /// The section ids, by index in `procedure.sections` (read without copying a section's spec).
    let sectionIDs: [String]

    init(_ procedure: Procedure) {
        self.procedure = procedure
        let states = procedure.states.map(\.id)
        let unknown = states.count + 1
        // What `Record.requires` can say in the slot: a condition that names states holds only in
        // those; one with `when` or `unless` is the record's to decide. A status that names no
        // state decides nothing here: every field and section is asked about.
        func candidate(_ requirement: Requirement, _ index: Int, slot: Int) -> Candidate? {
            switch requirement {
            case .never: return nil
            case .always: return Candidate(index: index, required: true)
            case .any(let conditions):
                if slot == unknown { return Candidate(index: index, required: false) }
                var may = false, holds = false
                for condition in conditions {
                    if let list = condition.stateList, !(slot < states.count && list.contains(states[slot])) { continue }
                    may = true
                    if condition.when.isEmpty && condition.unless.isEmpty { holds = true }
                }
                return may ? Candidate(index: index, required: holds) : nil
            }
        }
        let slots = 0...unknown
        fields = slots.map { slot in procedure.fields.indices.compactMap { candidate(procedure.fields[$0].required, $0, slot: slot) } }
        sections = slots.map { slot in procedure.sections.indices.compactMap { candidate(procedure.sections[$0].required, $0, slot: slot) } }
        sectionIDs = procedure.sections.map(\.id)
        func index(_ key: String) -> Int? { procedure.fieldIndex(hash: FieldMap.hash(key), key: key) }
        func resolved(_ condition: Condition) -> ResolvedCondition {
            ResolvedCondition(stateList: condition.stateList,
                              when: condition.when.map { FieldTest(key: $0.field, field: index($0.field), match: $0.match) },
                              unless: condition.unless.map { FieldTest(key: $0.field, field: index($0.field), match: $0.match) })
        }
        func conditions(_ requirement: Requirement) -> [ResolvedCondition] {
            if case .any(let conditions) = requirement { return conditions.map(resolved) }
            return []
        }
        statusField = index("status")
        idField = index("id")
        referenceKinds = procedure.fields.map { procedure.referenceKind(of: $0) }
        referenceFields = procedure.fields.indices.filter { FieldSelection.holdsReferences(procedure.fields[$0].type) }
        matrixRow = procedure.priorityMatrix.flatMap { index($0.rowField) }
        matrixColumn = procedure.priorityMatrix.flatMap { index($0.columnField) }
        matrixResult = procedure.priorityMatrix.flatMap { index($0.resultField) }
        closureField = procedure.closure.flatMap { index($0.field) }
        closureStates = procedure.closure.map { Array($0.states) } ?? []
        openedField = procedure.openedField.flatMap(index)
        closedField = procedure.closedField.flatMap(index)
        timeOrder = procedure.timeOrder.map { chain in chain.map { (key: $0, field: index($0)) } }
        constraints = procedure.constraints.map { resolved($0.condition) }
        demandFields = procedure.constraints.map { constraint in
            if case .fields(let demands) = constraint.demand { return demands.map { index($0.field) } }
            return []
        }
        fieldConditions = procedure.fields.map { conditions($0.required) }
        sectionConditions = procedure.sections.map { conditions($0.required) }
    }

    /// The entry of `key` among the record's fields: found by `field`, its index in
    /// `procedure.fields` resolved here once, else (a key the procedure does not declare) by name.
    @inline(__always)
    func entry(_ key: String, field: Int?, in record: Record) -> Int? {
        guard let field else { return record.fields.entryIndex(key) }
        return record.fields.entryIndex(field: field, in: procedure)
    }

    /// The record's `status` (as `Record.status`), found by its field index.
    @inline(__always)
    func status(of record: Record) -> String? {
        guard let statusField else { return record.status }
        if case .state(let state)? = record.value(field: statusField, in: procedure) { return state }
        return nil
    }

    /// `Record.requires(procedure.fields[field].required)`, the fields of its conditions found by index.
    func requiresField(_ field: Int, of record: Record, status: String?) -> Bool {
        requires(procedure.fields[field].required, fieldConditions[field], of: record, status: status)
    }

    /// `Record.requires(procedure.sections[section].required)`, the fields of its conditions found by index.
    func requiresSection(_ section: Int, of record: Record, status: String?) -> Bool {
        requires(procedure.sections[section].required, sectionConditions[section], of: record, status: status)
    }

    private func requires(_ requirement: Requirement, _ conditions: [ResolvedCondition], of record: Record, status: String?) -> Bool {
        switch requirement {
        case .never: return false
        case .always: return true
        case .any: return conditions.contains { record.satisfies($0, status: status, in: procedure) }
        }
    }

    /// The slot of a record's `status`: its state's index in `procedure.states`, the number of
    /// states for a record without a status, one more for a status that names no state.
    func slot(of status: String?) -> Int {
        let states = procedure.states
        guard let status else { return states.count }
        for index in states.indices where states[index].id == status { return index }
        return states.count + 1
    }
}
