/// Renders decoded field values for people (labels, names, local times) and
/// for JSON (ids, ISO 8601), shared by `show` and `list`.
public struct RecordFormatter: Sendable {
    public let procedures: ProcedureSet
    public let dates: DateTimeParser

    public init(procedures: ProcedureSet) {
        self.procedures = procedures
        self.dates = DateTimeParser(timeZone: procedures.settings.timeZone)
    }

    /// `closed (已关闭)` for a state id.
    public func stateText(_ state: String, in procedure: Procedure) -> String {
        procedure.state(state).map { "\(state) (\($0.zh))" } ?? state
    }

    /// `zhouba (周八)` for a person id.
    public func personText(_ id: String) -> String {
        guard let person = procedures.roles.people[id], person.name != id else { return id }
        return "\(id) (\(person.name))"
    }


    /// The display text of a value of a field of `type`.
    public func text(_ value: FieldValue, type: FieldType, procedure: Procedure) -> String {
        switch value {
        case .text(let text): return text
        case .enumValue(let id):
            let item: FieldType = { if case .list(let spec) = type { return spec.type }; return type }()
            if case .enumeration(let set) = item, let entry = set.value(id) { return "\(id) (\(entry.zh))" }
            return id
        case .state(let state): return stateText(state, in: procedure)
        case .datetime(let seconds): return dates.localText(seconds)
        case .date(let days): return LocalDate(dayNumber: days).description
        case .duration(let seconds): return DurationText.format(seconds)
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .person(let id): return personText(id)
        case .references(let refs): return refs.map(\.id).joined(separator: ", ")
        case .list(let items):
            let itemType: FieldType = { if case .list(let spec) = type { return spec.type }; return type }()
            let texts = items.compactMap { $0.value.map { text($0, type: itemType, procedure: procedure) } }
            if case .map = itemType { return texts.map { "- " + $0 }.joined(separator: "\n") }
            return texts.joined(separator: "; ")
        case .map(let entries):
            guard case .map(let keys) = type else { return "" }
            return keys.compactMap { spec -> String? in
                guard let value = entries[spec.key]?.value else { return nil }
                return "\(spec.key): \(text(value, type: spec.type, procedure: procedure))"
            }.joined(separator: ", ")
        }
    }

    /// The raw value as the output value tree: ids as strings, datetimes in ISO 8601 with the repository offset.
    public func value(_ value: FieldValue, type: FieldType) -> OutputValue {
        switch value {
        case .text(let text), .enumValue(let text), .state(let text), .person(let text): return .string(text)
        case .datetime(let seconds): return .string(dates.iso8601(seconds))
        case .date(let days): return .string(LocalDate(dayNumber: days).description)
        case .duration(let seconds): return .string(DurationText.format(seconds))
        case .bool(let value): return .bool(value)
        case .int(let value): return .int(value)
        case .references(let refs):
            if case .list = type { return .array(refs.map { .string($0.id) }) }
            return refs.first.map { .string($0.id) } ?? .null
        case .list(let items):
            let itemType: FieldType = { if case .list(let spec) = type { return spec.type }; return type }()
            return .array(items.map { $0.value.map { self.value($0, type: itemType) } ?? .null })
        case .map(let entries):
            guard case .map(let keys) = type else { return .object([]) }
            return .object(keys.compactMap { spec in entries[spec.key]?.value.map { (spec.key, self.value($0, type: spec.type)) } })
        }
    }
}
