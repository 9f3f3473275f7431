/// One value of an enumeration: a stable ASCII id and its labels.
public struct EnumValue: Sendable, Hashable {
    public var id: String
    public var zh: String
    public var en: String
    public var aliases: [String]
}

/// The values an enum field accepts, with lookup by id, label or alias.
public struct EnumSet: Sendable {
    public var values: [EnumValue]
    private var lookup: [String: String]

    public init(values: [EnumValue]) {
        self.values = values
        var lookup: [String: String] = [:]
        for value in values {
            for name in [value.id, value.zh, value.en] + value.aliases {
                lookup[name] = value.id
                lookup[name.lowercased()] = lookup[name.lowercased()] ?? value.id
            }
        }
        self.lookup = lookup
        let names = Array(lookup)
        self.names = ByteKeyTable(names.map(\.key))
        self.nameIDs = names.map(\.value)
    }

    /// The keys of `lookup`, and the id each names (`nameIDs`, by index in `names`): a value
    /// written exactly as one of them is resolved from its bytes, without a `String`.
    private let names: ByteKeyTable
    private let nameIDs: [String]

    /// The id that `text` names (an id, a label or an alias; case-insensitive), or nil.
    public func resolve(_ text: String) -> String? {
        lookup[text] ?? lookup[text.lowercased()]
    }

    /// The id whose id, label or alias (or its lowercase form) is exactly these UTF-8 bytes;
    /// nil when none is (then `resolve(_:)` of the text decides, case-insensitively).
    /// Bytes equal to a key are text equal to it, so this gives what `resolve(_:)` gives.
    func resolve(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        names.index(utf8: bytes).map { nameIDs[$0] }
    }

    public func value(_ id: String) -> EnumValue? { values.first { $0.id == id } }

    public var ids: [String] { values.map(\.id) }
}

/// A field's type, as declared in a procedure.
public indirect enum FieldType: Sendable {
    case id
    case state
    case string
    case text
    case datetime
    case date
    case duration
    case bool
    case int(min: Int?, max: Int?)
    case enumeration(EnumSet)
    /// A person id from `roles.md`; when `roles` is not empty the person must hold one of them.
    case person(roles: [String])
    /// An id of an existing record of `kind` (`nil`: any kind).
    case reference(kind: String?)
    case list(FieldSpec)
    case map([FieldSpec])

    /// The name used in messages and schemas.
    public var name: String {
        switch self {
        case .id: "id"
        case .state: "state"
        case .string: "string"
        case .text: "text"
        case .datetime: "datetime"
        case .date: "date"
        case .duration: "duration"
        case .bool: "bool"
        case .int: "int"
        case .enumeration: "enum"
        case .person: "person"
        case .reference: "reference"
        case .list: "list"
        case .map: "map"
        }
    }
}

/// One field (or one key of a map field). A class: specs are shared, never copied.
public final class FieldSpec: Sendable {
    public let key: String
    public let type: FieldType
    public let zh: String
    public let en: String
    public let required: Requirement
    /// Where the field is declared, for procedure diagnostics.
    public let position: SourcePosition

    public init(key: String, type: FieldType, zh: String, en: String, required: Requirement, position: SourcePosition) {
        self.key = key
        self.type = type
        self.zh = zh
        self.en = en
        self.required = required
        self.position = position
    }
}

/// How a condition compares a field.
public enum ValueMatch: Sendable, Equatable {
    /// The field's canonical value (enum id, state id, `true`/`false`, text) is one of these.
    case oneOf(Set<String>)
    case present
    case absent
}

/// A condition on a record: all given parts must hold.
public struct Condition: Sendable {
    /// The record's state must be one of these (from `in:` or `from:`); nil: any state.
    public var states: Set<String>? {
        didSet { stateList = states.map(Array.init) }
    }
    public var when: [(field: String, match: ValueMatch)]
    public var unless: [(field: String, match: ValueMatch)]
    /// `states` as an array: a record's status is looked for along it (a few states),
    /// not hashed into the set, for every condition of every record.
    private(set) var stateList: [String]?

    public init(states: Set<String>? = nil, when: [(field: String, match: ValueMatch)] = [], unless: [(field: String, match: ValueMatch)] = []) {
        self.states = states
        self.stateList = states.map(Array.init)
        self.when = when
        self.unless = unless
    }
}

/// When a field or section is required.
public enum Requirement: Sendable {
    case never
    case always
    /// Required when any of the conditions holds.
    case any([Condition])
}

/// A state of a record kind.
public struct StateSpec: Sendable {
    public var id: String
    public var zh: String
    public var en: String
}

/// An allowed state change, possibly only under a condition.
public struct Transition: Sendable {
    public var from: String
    public var to: String
    public var condition: Condition?
    public var position: SourcePosition
    /// Roles one of which the author of the change must hold (`role:` in the map form); empty: see `Procedure.transitionRoles`.
    public var roles: [String] = []
}

/// A body section (`## 事件描述` / `## Description`).
public struct SectionSpec: Sendable {
    public var id: String
    public var zh: String
    public var en: String
    /// Required means present and not empty.
    public var required: Requirement
    /// True for the work log, whose lines are checked for format and order.
    public var isWorklog: Bool
}

/// The impact × urgency → priority matrix (事件分级规则).
public struct PriorityMatrix: Sendable {
    public var rowField: String
    public var columnField: String
    public var resultField: String
    /// A text field that, when present, justifies a priority that differs from the matrix.
    public var reasonField: String?
    /// row id → column id → result id.
    public var cells: [String: [String: String]]
}

/// Where a closure code may stand.
public struct ClosureSpec: Sendable {
    public var field: String
    public var states: Set<String>
}

/// What a declared constraint demands once its condition holds.
public enum ConstraintDemand: Sendable {
    /// Each field must have this canonical value.
    case fields([(field: String, value: String)])
    /// A link (either direction) to a record of this kind.
    case link(kind: String)
    /// A list-of-maps field must hold an item whose keys have these values.
    case item(field: String, match: [(key: String, value: String)])
    /// A body section must be present and not empty.
    case section(String)
}

/// A rule declared in a procedure document: when the condition holds, the demand must be met.
///
/// A class: every worker thread reads the same constraints for every record,
/// and sharing one reference keeps them from retaining each part on each read.
public final class Constraint: Sendable {
    public let rule: RuleID
    public let condition: Condition
    public let demand: ConstraintDemand
    public let message: String
    public let position: SourcePosition

    public init(rule: RuleID, condition: Condition, demand: ConstraintDemand, message: String, position: SourcePosition) {
        self.rule = rule
        self.condition = condition
        self.demand = demand
        self.message = message
        self.position = position
    }
}

/// A procedure's `signals:`: working time after which an open record without a priority is
/// `untriaged`, and a paused record `pending-too-long`, counted in `calendar` of `sla.md`.
public struct RecordSignals: Sendable {
    /// A calendar of `sla.md` (default the built-in `24x7`).
    public var calendar: String = "24x7"
    /// Seconds of working time from opening; nil: not checked.
    public var untriaged: Int?
    /// Seconds of working time in a pause state of `sla.md`; nil: not checked.
    public var pendingTooLong: Int?
    /// Where `signals:` and its calendar are written, for procedure diagnostics.
    public var position: SourcePosition
    public var calendarPosition: SourcePosition?

    public init(position: SourcePosition) { self.position = position }
}

/// One record kind as defined by `procedures/<kind>.md`.
///
/// A class, shared by reference: it is built once by `ProcedureParser`, is
/// immutable afterwards (`let`s only) and is read from every worker thread.
public final class Procedure: Sendable {
    public let kind: String
    public let zh: String
    public let en: String
    /// Path of the procedure document relative to the root.
    public let path: String
    public let idPattern: IDPattern
    /// Folder under `tickets/`.
    public let folder: String
    public let yearFolders: Bool
    /// The opening timestamp: year folder, SLA start, start of the time order.
    public let openedField: String?
    public let titleField: String
    public let closedField: String?
    public let states: [StateSpec]
    public let finalStates: Set<String>
    public let transitions: [Transition]
    public let fields: [FieldSpec]
    public let sections: [SectionSpec]
    public let priorityMatrix: PriorityMatrix?
    public let closure: ClosureSpec?
    public let timeOrder: [[String]]
    public let constraints: [Constraint]
    /// `severity:`: rules whose default severity this kind changes or turns off.
    public let severities: RuleSeverities
    /// Fields that may still change after the record reached a final state.
    public let editableWhenClosed: Set<String>
    /// State entered → roles one of which the person making that transition must hold
    /// (`transition_roles`), checked over git history by `transition-unauthorized`.
    public let transitionRoles: [String: [String]]
    /// The KPIs the procedure declares (`kpis:`), in document order.
    public let kpis: [KPIDefinition]
    /// `signals:`: thresholds of the warnings for forgotten records (`untriaged`, `pending-too-long`).
    public let signals: RecordSignals?
    /// `report: {by: […]}`: the fields the statistics report counts records opened in a
    /// period by, in that order; nil when the document does not say (the report's default).
    public let reportFields: [String]?

    /// `FieldMap.hash` of each field's key, in the order of `fields`: a field is
    /// looked up for every key of every record, and this is cheaper than hashing
    /// into a `Dictionary`.
    let fieldHashes: [UInt64]
    /// An open-addressing table over `fieldHashes`: slot `hash & (count - 1)` and the next ones
    /// hold field indexes (-1: empty), so a record's key is found in one or two probes
    /// instead of a walk along every field.
    let fieldTable: [Int32]
    /// The keys of `fields`, found from a record's bytes (`fieldIndex(utf8:)`).
    let fieldKeys: ByteKeyTable
    /// The ids of `states`, found from a record's bytes (`stateID(utf8:)`).
    let stateIDs: ByteKeyTable
    /// The zh and en titles of `sections` (section `i` at `2 i` and `2 i + 1`), found from a heading's bytes.
    let sectionTitles: ByteKeyTable
    /// True when every section title (zh and en) is made of ASCII and CJK unified ideographs
    /// only (`BodyParser.isInert`): then a heading of such characters equals a title exactly
    /// when its bytes do, and `BodyParser.sectionID(for:)` compares bytes.
    let sectionTitlesAreInert: Bool

    /// The parts every document declares; the parser reads the rest against this
    /// procedure's fields and states, then completes it with `init(_:openedField:…)`.
    convenience init(kind: String, zh: String, en: String, path: String, idPattern: IDPattern, folder: String, yearFolders: Bool,
                     states: [StateSpec], finalStates: Set<String>, transitions: [Transition], fields: [FieldSpec], sections: [SectionSpec]) {
        self.init(kind: kind, zh: zh, en: en, path: path, idPattern: idPattern, folder: folder, yearFolders: yearFolders,
                  openedField: nil, titleField: "title", closedField: nil, states: states, finalStates: finalStates,
                  transitions: transitions, fields: fields, sections: sections, priorityMatrix: nil, closure: nil,
                  timeOrder: [], constraints: [], severities: .defaults, editableWhenClosed: [], transitionRoles: [:], signals: nil)
    }

    /// `basis` with the parts read against it.
    convenience init(_ basis: Procedure, openedField: String?, titleField: String, closedField: String?,
                     priorityMatrix: PriorityMatrix?, closure: ClosureSpec?, timeOrder: [[String]], constraints: [Constraint],
                     severities: RuleSeverities, editableWhenClosed: Set<String>, transitionRoles: [String: [String]],
                     kpis: [KPIDefinition] = [], signals: RecordSignals? = nil, reportFields: [String]? = nil) {
        self.init(kind: basis.kind, zh: basis.zh, en: basis.en, path: basis.path, idPattern: basis.idPattern,
                  folder: basis.folder, yearFolders: basis.yearFolders, openedField: openedField, titleField: titleField,
                  closedField: closedField, states: basis.states, finalStates: basis.finalStates, transitions: basis.transitions,
                  fields: basis.fields, sections: basis.sections, priorityMatrix: priorityMatrix, closure: closure,
                  timeOrder: timeOrder, constraints: constraints, severities: severities,
                  editableWhenClosed: editableWhenClosed, transitionRoles: transitionRoles, kpis: kpis, signals: signals,
                  reportFields: reportFields)
    }

    private init(kind: String, zh: String, en: String, path: String, idPattern: IDPattern, folder: String, yearFolders: Bool,
                 openedField: String?, titleField: String, closedField: String?, states: [StateSpec], finalStates: Set<String>,
                 transitions: [Transition], fields: [FieldSpec], sections: [SectionSpec], priorityMatrix: PriorityMatrix?,
                 closure: ClosureSpec?, timeOrder: [[String]], constraints: [Constraint], severities: RuleSeverities,
                 editableWhenClosed: Set<String>, transitionRoles: [String: [String]], kpis: [KPIDefinition] = [],
                 signals: RecordSignals? = nil, reportFields: [String]? = nil) {
        self.kind = kind
        self.zh = zh
        self.en = en
        self.path = path
        self.idPattern = idPattern
        self.folder = folder
        self.yearFolders = yearFolders
        self.openedField = openedField
        self.titleField = titleField
        self.closedField = closedField
        self.states = states
        self.finalStates = finalStates
        self.transitions = transitions
        self.fields = fields
        self.sections = sections
        self.priorityMatrix = priorityMatrix
        self.closure = closure
        self.timeOrder = timeOrder
        self.constraints = constraints
        self.severities = severities
        self.editableWhenClosed = editableWhenClosed
        self.transitionRoles = transitionRoles
        self.kpis = kpis
        self.signals = signals
        self.reportFields = reportFields
        self.fieldHashes = fields.map { FieldMap.hash($0.key) }
        self.fieldTable = Self.table(of: fieldHashes)
        self.fieldKeys = ByteKeyTable(fields.map(\.key))
        self.stateIDs = ByteKeyTable(states.map(\.id))
        self.sectionTitles = ByteKeyTable(sections.flatMap { [$0.zh, $0.en] })
        self.sectionTitlesAreInert = sections.allSatisfy { BodyParser.isInert($0.zh) && BodyParser.isInert($0.en) }
    }

    /// `fieldTable` for `hashes`: a power of two at least twice their count, linear probing.
    private static func table(of hashes: [UInt64]) -> [Int32] {
        var size = 8
        while size < hashes.count * 2 { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (size - 1)
            while table[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            table[slot] = Int32(index)
        }
        return table
    }

    public func field(_ key: String) -> FieldSpec? {
        let hash = FieldMap.hash(key)
        for index in fieldHashes.indices where fieldHashes[index] == hash && fields[index].key == key { return fields[index] }
        return nil
    }
    public func state(_ id: String) -> StateSpec? { states.first { $0.id == id } }

    /// The state whose id is exactly these UTF-8 bytes (the common case, decided without a
    /// `String`); nil when none is (then `resolveState(_:)` of the text decides).
    func stateID(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        stateIDs.index(utf8: bytes).map { states[$0].id }
    }

    /// The state id that `text` names (id or label, case-insensitive).
    public func resolveState(_ text: String) -> String? {
        if states.contains(where: { $0.id == text }) { return text }
        let lower = text.lowercased()
        return states.first { $0.id == text || $0.zh == text || $0.en.lowercased() == lower || $0.id == lower }?.id
    }

    /// The transitions from `from` to `to` that `record` (the version after the change) may take;
    /// empty when the procedure does not allow that change.
    public func allowedTransitions(from: String, to: String, record: Record) -> [Transition] {
        transitions.filter { $0.from == from && $0.to == to && ($0.condition.map(record.satisfies) ?? true) }
    }

    /// The roles one of which the author of a change from `from` to `to` must hold; empty: anyone.
    public func requiredRoles(from: String, to: String) -> [String] {
        let declared = transitions.filter { $0.from == from && $0.to == to }.flatMap(\.roles)
        if !declared.isEmpty { return Array(Set(declared)).sorted() }
        return transitionRoles[to] ?? []
    }

    /// States reachable from `state` by transitions, including itself.
    public func reachable(from state: String) -> Set<String> {
        var seen: Set<String> = [state]
        var queue = [state]
        while let next = queue.popLast() {
            for transition in transitions where transition.from == next && !seen.contains(transition.to) {
                seen.insert(transition.to)
                queue.append(transition.to)
            }
        }
        return seen
    }
}
