/// What the record rules need of one procedure that does not depend on the record, worked out
/// once per procedure (`RuleContext.plan(for:)`) rather than for every record: for each state,
/// the fields and sections whose requirement can hold in it. A rule asks `Record.requires`
/// only about those (most fields are required in a few states, or never), in procedure order.
struct ProcedureRulePlan: Sendable {
    let procedure: Procedure
    /// By slot (`slot(of:)`): the indexes in `procedure.fields` whose requirement may hold.
    let fields: [[Int]]
    /// By slot: the indexes in `procedure.sections` whose requirement may hold.
    let sections: [[Int]]

    init(_ procedure: Procedure) {
        self.procedure = procedure
        let states = procedure.states.map(\.id)
        // A superset of what `Record.requires` can accept in the slot: a condition that names
        // states holds only in those; one that names none may hold in any (its `when` and
        // `unless` are the record's to decide). A status that names no state decides nothing here.
        func mayHold(_ requirement: Requirement, slot: Int) -> Bool {
            switch requirement {
            case .never: return false
            case .always: return true
            case .any(let conditions):
                if slot == states.count + 1 { return true }
                return conditions.contains { condition in
                    guard let list = condition.stateList else { return true }
                    return slot < states.count && list.contains(states[slot])
                }
            }
        }
        let slots = 0...(states.count + 1)
        fields = slots.map { slot in procedure.fields.indices.filter { mayHold(procedure.fields[$0].required, slot: slot) } }
        sections = slots.map { slot in procedure.sections.indices.filter { mayHold(procedure.sections[$0].required, slot: slot) } }
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
