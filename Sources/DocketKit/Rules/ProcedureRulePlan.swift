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

    let procedure: Procedure
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
