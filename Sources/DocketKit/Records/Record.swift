/// A link written in a record's front matter.
public struct Reference: Sendable, Hashable {
    public var id: String
    public var position: SourcePosition
}

/// A front-matter value after it was checked against its field type.
///
/// Not `indirect`: lists and maps already hold their elements out of line, and boxing
/// every case cost an allocation and its release per field of every record.
public enum FieldValue: Sendable {
    /// id, string and text fields.
    case text(String)
    /// An enum value's canonical id (labels and aliases resolved).
    case enumValue(String)
    case state(String)
    /// Seconds since 1970, UTC.
    case datetime(Int64)
    /// Days since 1970-01-01.
    case date(Int)
    /// Seconds.
    case duration(Int)
    case bool(Bool)
    case int(Int)
    /// A person id.
    case person(String)
    case references([Reference])
    case list([DecodedField])
    /// A map's entries (an `escalations:` item), by key.
    case map(FieldEntries)

    /// True for a value that is or holds references (what `Record.references` collects).
    public var holdsReferences: Bool {
        switch self {
        case .references: true
        case .list(let items): items.contains { $0.value?.holdsReferences == true }
        case .map(let entries): entries.values.contains { $0.value?.holdsReferences == true }
        default: false
        }
    }

    /// The value as a condition compares it: enum and state ids, `true`/`false`,
    /// decimal ints, person ids and text; nil for structured values.
    public var canonical: String? {
        switch self {
        case .text(let text), .enumValue(let text), .state(let text), .person(let text): text
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .datetime(let value): String(value)
        case .date(let value): String(value)
        case .duration(let value): String(value)
        case .references, .list, .map: nil
        }
    }
}

/// One front-matter entry: where it is, and its checked value.
public struct DecodedField: Sendable {
    public var key: String
    public var keyPosition: SourcePosition
    public var valueRange: SourceRange
    /// nil when the value was null, or when it broke its type (a diagnostic was reported).
    public var value: FieldValue?
    /// False for null and empty values: such a field counts as absent.
    public var isPresent: Bool
}

/// A level-2 section of a record body.
public struct BodySection: Sendable {
    /// The heading text as written.
    public var title: String
    /// The procedure's section id this heading matches, if any.
    public var sectionID: String?
    public var headingPosition: SourcePosition
    /// True when nothing but blank lines and comments follow the heading.
    public var isEmpty: Bool
    /// Byte range of the content (after the heading line) in the file.
    public var contentRange: Range<Int>
    /// Line number of the first content line.
    public var contentFirstLine: Int
}

/// One work-log line: `- 2026-11-03 09:15 lisi: [pending] 等待用户提供日志`.
public struct WorklogEntry: Sendable {
    public var time: Int64
    public var person: String
    /// The text after the person, trimmed: made a `String` when it is read (a form, a show),
    /// not for every entry of every record the rules check.
    public var text: String {
        get { writtenText ?? String(decoding: source[textRange], as: UTF8.self) }
        set { writtenText = newValue }
    }
    /// The state a leading `[state]` mark records, as written.
    public var stateMark: String?
    public var position: SourcePosition
    public var personPosition: SourcePosition
    /// The file's bytes (shared with the record) and where the text lies in them.
    private var source: [UInt8]
    private var textRange: Range<Int>
    /// The text when it was given as a `String` (or set); nil: `source[textRange]`.
    private var writtenText: String?

    init(time: Int64, person: String, text: String, stateMark: String?, position: SourcePosition, personPosition: SourcePosition) {
        self.init(time: time, person: person, source: [], textRange: 0..<0, stateMark: stateMark, position: position, personPosition: personPosition)
        writtenText = text
    }

    /// An entry whose text is `source[textRange]` (valid UTF-8: the file passed `Lines.check`).
    init(time: Int64, person: String, source: [UInt8], textRange: Range<Int>, stateMark: String?, position: SourcePosition,
         personPosition: SourcePosition) {
        self.time = time
        self.person = person
        self.source = source
        self.textRange = textRange
        self.stateMark = stateMark
        self.position = position
        self.personPosition = personPosition
    }
}

/// A ticket file read, split and decoded against its kind's procedure.
public struct Record: Sendable {
    /// Path relative to the repository root.
    public var path: String
    public var kind: String
    /// Decoded front matter, by key (unknown keys are left out).
    public var fields: FieldMap {
        // The order read so far stays what it was when the fields are changed.
        didSet { if writtenOrder == nil { writtenOrder = oldValue.keys } }
    }
    /// Keys in source order, including unknown ones.
    public var keyOrder: [String] {
        get { writtenOrder ?? fields.keys }
        set { writtenOrder = newValue }
    }
    /// The keys in source order when they are not those of `fields` (an unknown key, a field
    /// a `FieldSelection` left out); nil: the keys of `fields`, in their order. Most records
    /// so build no second array of their keys, and destroy none.
    private var writtenOrder: [String]?
    /// Fields whose defect was already reported while decoding: the field a misspelt key
    /// stands for (`chanel` → `channel`) and fields with a diagnostic inside their value
    /// (an escalation written with `time:` for `at:`). Rules that depend on them are not
    /// decided, so one slip gets one diagnostic.
    public var reportedKeys: Set<String> = []
    public var sections: [BodySection]
    public var worklog: [WorklogEntry]
    /// Position of the opening `---`.
    public var start: SourcePosition
    /// The file's bytes, kept for body access by commands that render a record.
    public var bytes: [UInt8]

    /// - Parameter keyOrder: nil when it is the order of `fields`.
    init(path: String, kind: String, fields: FieldMap, keyOrder: [String]?, reportedKeys: Set<String> = [], sections: [BodySection],
         worklog: [WorklogEntry], start: SourcePosition, bytes: [UInt8]) {
        self.path = path
        self.kind = kind
        self.fields = fields
        self.writtenOrder = keyOrder
        self.reportedKeys = reportedKeys
        self.sections = sections
        self.worklog = worklog
        self.start = start
        self.bytes = bytes
    }

    public func value(_ key: String) -> FieldValue? { fields.value(key) }

    /// Canonical text of a field (see `FieldValue.canonical`), nil when absent or invalid.
    public func canonical(_ key: String) -> String? { fields.value(key)?.canonical }

    public func isPresent(_ key: String) -> Bool { fields.isPresent(key) }

    public var id: String? { if case .text(let id)? = value("id") { return id }; return nil }
    public var status: String? { if case .state(let state)? = value("status") { return state }; return nil }

    public func datetime(_ key: String) -> Int64? { if case .datetime(let value)? = value(key) { return value }; return nil }

    /// The section a procedure section id maps to.
    public func section(_ id: String) -> BodySection? { sections.first { $0.sectionID == id } }

    /// The text of a section's content, trimmed.
    public func text(of section: BodySection) -> String {
        String(decoding: bytes[section.contentRange], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every reference in the front matter, with the field it stands in.
    public var references: [(field: String, reference: Reference)] {
        var result: [(field: String, reference: Reference)] = []
        func collect(_ key: String, _ value: FieldValue?) {
            Self.forEachReference(in: value) { result.append((key, $0)) }
        }
        // The few fields that hold references, found without a lookup by key; then the keys
        // in source order (no map of the escalations is sorted). A key is matched by its
        // `FieldMap.hash` first: most keys are none of them, and a `String` comparison of two
        // different keys longer than 15 bytes is a call, not a compare of two words.
        // One field holds them (most records): keys are unique, so source order is that field's.
        // Found without an array of the holding fields.
        switch fields.onlyEntry(where: { $0.holdsReferences }) {
        case .nothing: return result
        case .one(let key, let value):
            collect(key, value)
            return result
        case .several: break
        }
        let holding = fields.values { $0.holdsReferences }
        let hashes = holding.map { FieldMap.hash($0.key) }
        for key in keyOrder {
            let hash = FieldMap.hash(key)
            guard let index = hashes.indices.first(where: { hashes[$0] == hash && holding[$0].key == key }) else { continue }
            collect(key, holding[index].value)
        }
        return result
    }

    /// The references a value is or holds, in the order `references` lists them (a map's by key).
    private static func forEachReference(in value: FieldValue?, _ body: (Reference) -> Void) {
        switch value {
        case .references(let refs)?: for ref in refs { body(ref) }
        case .list(let items)?: for item in items { forEachReference(in: item.value, body) }
        case .map(let entries)?: for (_, entry) in entries.sorted(by: { $0.key < $1.key }) { forEachReference(in: entry.value, body) }
        default: break
        }
    }

    /// `references` of a record read against `procedure`, with the index in `procedure.fields` of
    /// the field each stands in (nil: a key the procedure does not declare). `fields` are the
    /// indexes of the procedure's fields that can hold references (`ProcedureRulePlan.referenceFields`):
    /// only they are looked at, by index, not every entry of the record.
    func forEachReference(fields referenceFields: [Int], in procedure: Procedure, _ body: (_ field: Int?, _ key: String, Reference) -> Void) {
        guard keyOrderIsFieldOrder else {
            for (key, reference) in references { body(procedure.fieldIndex(hash: FieldMap.hash(key), key: key), key, reference) }
            return
        }
        func visit(_ entry: Int, _ field: Int) {
            let key = procedure.fields[field].key
            Self.forEachReference(in: fields.value(at: entry)) { body(field, key, $0) }
        }
        // The written ones, in the order written (their entries' order); an array only for a second.
        var first: (entry: Int, field: Int)?
        var more: [(entry: Int, field: Int)] = []
        for field in referenceFields {
            guard let entry = fields.entryIndex(field: field, in: procedure) else { continue }
            if first == nil { first = (entry, field) } else { more.append((entry, field)) }
        }
        guard let first else { return }
        guard !more.isEmpty else { return visit(first.entry, first.field) }
        more.append(first)
        more.sort { $0.entry < $1.entry }
        for (entry, field) in more { visit(entry, field) }
    }

    /// The value of `procedure.fields[field]`, found by its index (one load when the record was
    /// read against `procedure`); nil when absent, null or broken, as `value(_:)` of its key.
    public func value(field: Int, in procedure: Procedure) -> FieldValue? {
        guard let entry = fields.entryIndex(field: field, in: procedure) else { return nil }
        return fields.value(at: entry)
    }

    /// `isPresent(_:)` of `procedure.fields[field]`, found by its index.
    public func isPresent(field: Int, in procedure: Procedure) -> Bool {
        guard let entry = fields.entryIndex(field: field, in: procedure) else { return false }
        return fields.isPresent(at: entry)
    }

    /// `datetime(_:)` of `procedure.fields[field]`, found by its index.
    public func datetime(field: Int, in procedure: Procedure) -> Int64? {
        if case .datetime(let value)? = value(field: field, in: procedure) { return value }
        return nil
    }

    /// True when the record was read without a key the fields leave out (`keyOrder` is the
    /// order of `fields`); then a walk along the fields meets every written key once, in order.
    var keyOrderIsFieldOrder: Bool { writtenOrder == nil }

    /// True when `key` is written (even null or empty); its entry is not copied.
    func isWritten(_ key: String) -> Bool { fields.entryIndex(key) != nil }

    /// True when `key` has a value that broke its type (its diagnostic was reported while decoding).
    func isBroken(_ key: String) -> Bool {
        guard let entry = fields.entryIndex(key) else { return false }
        return fields.isPresent(at: entry) && fields.value(at: entry) == nil
    }

    /// Where `key` is written, read in place; nil when it is not.
    func keyPosition(of key: String) -> SourcePosition? { fields.entryIndex(key).map { fields.keyPosition(at: $0) } }

    /// Where the value of `key` starts, read in place; nil when the key is not written.
    func valueStart(of key: String) -> SourcePosition? { fields.entryIndex(key).map { fields.valueRange(at: $0).start } }

    /// Where a diagnostic about a missing field should point: the `status` line.
    public var statusPosition: SourcePosition { fields["status"]?.keyPosition ?? start }

    /// True when the record satisfies `condition` (state set, when, unless).
    public func satisfies(_ condition: Condition) -> Bool {
        satisfies(condition, status: condition.stateList == nil ? nil : status)
    }

    /// `satisfies(_:)` with the record's `status` already looked up (by a caller that tests
    /// several conditions); the states are compared along a short array, not hashed into a set.
    func satisfies(_ condition: Condition, status: String?) -> Bool {
        if let states = condition.stateList {
            guard let status, states.contains(status) else { return false }
        }
        for (field, match) in condition.when where !matches(field, match) { return false }
        for (field, match) in condition.unless where matches(field, match) { return false }
        return true
    }

    /// `satisfies(_:status:)` of a condition whose fields were resolved against `procedure`
    /// (`ProcedureRulePlan`): each field is found by its index, not its name.
    func satisfies(_ condition: ProcedureRulePlan.ResolvedCondition, status: String?, in procedure: Procedure) -> Bool {
        if let states = condition.stateList {
            guard let status, states.contains(status) else { return false }
        }
        for test in condition.when where !matches(test, in: procedure) { return false }
        for test in condition.unless where matches(test, in: procedure) { return false }
        return true
    }

    /// `matches(_:_:)` of a field test resolved against `procedure`.
    func matches(_ test: ProcedureRulePlan.FieldTest, in procedure: Procedure) -> Bool {
        guard let field = test.field else { return matches(test.key, test.match) }
        switch test.kind {
        case .present: return isPresent(field: field, in: procedure)
        case .absent: return !isPresent(field: field, in: procedure)
        case .oneOf:
            // The canonical text of an id, a state or a text is its payload: no `String` is made for it.
            switch value(field: field, in: procedure) {
            case .text(let text)?, .enumValue(let text)?, .state(let text)?, .person(let text)?: return test.accepts(text)
            case let other?:
                guard let canonical = other.canonical else { return false }
                return test.accepts(canonical)
            case nil: return false
            }
        }
    }

    public func matches(_ field: String, _ match: ValueMatch) -> Bool {
        switch match {
        case .present: return isPresent(field)
        case .absent: return !isPresent(field)
        case .oneOf(let values):
            guard let value = canonical(field) else { return false }
            // A few values (enum and state ids) are compared along the set: hashing the value
            // (a seeded SipHash) cost more than the few comparisons, for every condition of every record.
            if values.count <= 8 { return values.contains { $0 == value } }
            return values.contains(value)
        }
    }

    /// True when `requirement` applies to this record.
    public func requires(_ requirement: Requirement) -> Bool {
        switch requirement {
        case .never: return false
        case .always: return true
        case .any(let conditions):
            let status = status
            return conditions.contains { satisfies($0, status: status) }
        }
    }
}

import Foundation
