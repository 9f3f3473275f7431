/// The record fields the service levels read (contract section 9a).
public enum SLAFields {
    /// Where the response clock stops.
    public static let responded = "responded_at"
    /// Where the resolution clock stops, in order of preference: `resolved_at`
    /// (incidents, problems), `fulfilled_at` (requests).
    public static let resolutionCandidates = ["resolved_at", "fulfilled_at"]
    /// The list of escalations, each a map with `at` (datetime) and `to` (enum).
    public static let escalations = "escalations"
    public static let escalationAt = "at"
    public static let escalationTo = "to"
    /// The enum field whose values the targets are keyed by.
    public static let priority = "priority"
}

extension Procedure {
    /// The datetime field that ends the resolution clock: `resolved_at`, else `fulfilled_at`.
    public var slaResolutionField: String? {
        SLAFields.resolutionCandidates.first { key in
            if case .datetime? = field(key)?.type { return true }
            return false
        }
    }

    /// The values `escalations[].to` accepts, or nil when the kind has no such field.
    public var escalationLevels: EnumSet? {
        guard case .list(let item)? = field(SLAFields.escalations)?.type, case .map(let keys) = item.type,
              let to = keys.first(where: { $0.key == SLAFields.escalationTo }),
              case .enumeration(let values) = to.type else { return nil }
        return values
    }

    /// The values of the kind's `priority` enum, or nil.
    public var priorityValues: EnumSet? {
        if case .enumeration(let values)? = field(SLAFields.priority)?.type { return values }
        return nil
    }
}

extension ProcedureSet {
    /// Checks what `SLAPolicy.load` cannot know: that the kinds, priorities,
    /// states and escalation levels named in `sla.md` exist in the procedures,
    /// and that every priority of a kind with targets has targets.
    func checkSLA(_ policy: SLAPolicy, node: YAMLNode, path: String) throws(ProcedureError) {
        let kinds = procedures.map(\.kind).sorted()
        func fail(_ at: YAMLNode?, _ message: String) -> ProcedureError {
            ProcedureError(path: path, position: at?.range.start ?? node.range.start, message: message)
        }
        func procedure(_ pair: YAMLPair, in section: String) throws(ProcedureError) -> Procedure {
            if let found = self.procedure(kind: pair.name) { return found }
            var message = "expected a defined record kind in \(section) (\(kinds.joined(separator: ", "))), found \"\(pair.name)\""
            if let near = Suggestion.nearest(to: pair.name, in: kinds) { message += ", did you mean \"\(near)\"?" }
            throw fail(pair.key, message)
        }

        for kindPair in node["targets"]?.pairs ?? [] {
            let kind = try procedure(kindPair, in: "targets")
            guard let priorities = kind.priorityValues else {
                throw fail(kindPair.key, "expected kind \(kind.kind) to have an enum field priority for its targets, found none")
            }
            guard kind.openedField != nil else {
                throw fail(kindPair.key, "expected kind \(kind.kind) to declare an opened_field where the clock starts, found none")
            }
            guard case .datetime? = kind.field(SLAFields.responded)?.type else {
                throw fail(kindPair.key, "expected kind \(kind.kind) to have a datetime field \(SLAFields.responded) for its response target, found none")
            }
            guard kind.slaResolutionField != nil else {
                throw fail(kindPair.key, "expected kind \(kind.kind) to have a datetime field resolved_at or fulfilled_at for its resolution target, found none")
            }
            let ids = priorities.ids
            for priorityPair in kindPair.value.pairs ?? [] where !ids.contains(priorityPair.name) {
                throw fail(priorityPair.key, "expected a priority of \(kind.kind) (\(ids.joined(separator: ", "))), found \"\(priorityPair.name)\"")
            }
            let given = policy.targets[kind.kind] ?? [:]
            let missing = ids.filter { given[$0] == nil }
            if !missing.isEmpty {
                throw fail(kindPair.key, "expected targets for every priority of \(kind.kind) (\(ids.joined(separator: ", "))), found none for \(missing.joined(separator: ", "))")
            }
        }

        for kindPair in node["pause"]?.pairs ?? [] {
            let kind = try procedure(kindPair, in: "pause")
            let items = kindPair.value.items ?? (kindPair.value.isNull ? [] : [kindPair.value])
            for item in items {
                guard let state = item.scalar, kind.state(state) != nil else {
                    let ids = kind.states.map(\.id)
                    throw fail(item, "expected a state of \(kind.kind) (\(ids.joined(separator: ", "))), found \"\(item.scalar ?? "")\"")
                }
            }
        }

        for kindPair in node["escalation"]?.pairs ?? [] {
            let kind = try procedure(kindPair, in: "escalation")
            guard policy.targets[kind.kind] != nil else {
                throw fail(kindPair.key, "expected resolution targets for \(kind.kind) to measure its escalation thresholds against, found none")
            }
            guard let levels = kind.escalationLevels else {
                throw fail(kindPair.key, "expected kind \(kind.kind) to have a list field escalations with an enum key to, found none")
            }
            for levelPair in kindPair.value.pairs ?? [] where !levels.ids.contains(levelPair.name) {
                throw fail(levelPair.key, "expected an escalation level of \(kind.kind) (\(levels.ids.joined(separator: ", "))), found \"\(levelPair.name)\"")
            }
            for threshold in policy.escalation[kind.kind] ?? [] where threshold.percent == 0 {
                let at = kindPair.value.pairs?.first { $0.name == threshold.level }?.value
                throw fail(at, "expected an escalation threshold above 0%, found 0% for \(threshold.level)")
            }
        }
    }
}
