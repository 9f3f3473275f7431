/// Generates a JSON Schema (draft 2020-12) of a kind's front matter from its procedure.
///
/// The schema describes the front matter as `docket yaml` renders it (YAML 1.2
/// core schema: plain `true`/`false` are booleans, plain numbers are numbers,
/// everything else a string) and accepts what `docket validate` accepts field
/// by field:
/// - enum and state fields list every accepted spelling: ids, zh and en labels, aliases
///   (docket also ignores letter case, which a JSON Schema enum cannot express);
/// - string and text fields take any scalar (a plain `contact: 8312` is a number);
/// - optional fields also take null (docket treats an empty value as absent);
/// - reference fields are checked for the target kind's id format only; that the
///   record exists is a cross-record check left to `docket validate`;
/// - a list of references or persons also takes a single id; other lists need a YAML list;
/// - bool and int fields must be plain YAML booleans and integers.
/// Conditional requirements (required from a state on) stay with `docket validate`:
/// `required` lists only the always-required fields.
public struct SchemaGenerator: Sendable {
    public let procedures: ProcedureSet

    public init(procedures: ProcedureSet) { self.procedures = procedures }

    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// Accepts the contract's datetime forms: `2026-11-03T09:12:00+08:00`, `…Z`, `2026-11-03 09:12[:00]`.
    public static let datetimePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2})?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?$"
    public static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    public static let durationPattern = "^([0-9]+[dhms])+$"

    public func schema(for procedure: Procedure) -> OutputValue {
        .object([
            ("$schema", .string(Self.draft)),
            ("$id", .string("urn:docket:schema:\(procedure.kind)")),
            ("title", .string("\(procedure.zh) \(procedure.en)")),
            ("description", .string("front matter of \(procedure.en) (\(procedure.zh)) records, generated from \(procedure.path)")),
            ("type", .string("object")),
            ("properties", .object(procedure.fields.map { ($0.key, property($0, procedure: procedure)) })),
            ("required", .array(Self.alwaysRequired(procedure.fields).map { OutputValue.string($0) })),
            ("additionalProperties", .bool(false)),
        ])
    }

    /// Keys whose requirement is `always`, in declaration order.
    public static func alwaysRequired(_ fields: [FieldSpec]) -> [String] {
        fields.filter { if case .always = $0.required { return true }; return false }.map(\.key)
    }

    func property(_ spec: FieldSpec, procedure: Procedure) -> OutputValue {
        var body = typeSchema(spec.type, procedure: procedure)
        if case .always = spec.required {} else { body = Self.nullable(body) }
        return .object([("title", .string(spec.en)), ("description", .string(spec.zh))] + body)
    }

    /// Adds null to a schema's accepted values.
    static func nullable(_ body: [(String, OutputValue)]) -> [(String, OutputValue)] {
        var body = body
        if let index = body.firstIndex(where: { $0.0 == "enum" }), case .array(let values) = body[index].1 {
            body[index].1 = .array(values + [.null])
        } else if let index = body.firstIndex(where: { $0.0 == "type" }) {
            switch body[index].1 {
            case .string(let name): body[index].1 = .array([.string(name), .string("null")])
            case .array(let names): body[index].1 = .array(names + [.string("null")])
            default: break
            }
        } else if let index = body.firstIndex(where: { $0.0 == "anyOf" }), case .array(let options) = body[index].1 {
            body[index].1 = .array(options + [.object([("type", .string("null"))])])
        }
        return body
    }

    func typeSchema(_ type: FieldType, procedure: Procedure) -> [(String, OutputValue)] {
        switch type {
        case .id:
            return [("type", .string("string")), ("pattern", .string(Self.regex(procedure.idPattern)))]
        case .state:
            return [("enum", Self.spellings(procedure.states.map { [$0.id, $0.zh, $0.en] }))]
        case .string, .text:
            return [("type", .array([.string("string"), .string("number"), .string("boolean")]))]
        case .datetime:
            return [("type", .string("string")), ("pattern", .string(Self.datetimePattern))]
        case .date:
            return [("type", .string("string")), ("pattern", .string(Self.datePattern))]
        case .duration:
            return [("type", .string("string")), ("pattern", .string(Self.durationPattern))]
        case .bool:
            return [("type", .string("boolean"))]
        case .int(let min, let max):
            var body: [(String, OutputValue)] = [("type", .string("integer"))]
            if let min { body.append(("minimum", .int(min))) }
            if let max { body.append(("maximum", .int(max))) }
            return body
        case .enumeration(let set):
            return [("enum", Self.spellings(set.values.map { [$0.id, $0.zh, $0.en] + $0.aliases }))]
        case .person(let roles):
            let people = procedures.roles.people.values
            var ids = people.filter { person in roles.isEmpty || person.roles.contains(where: roles.contains) }.map(\.id).sorted()
            if ids.isEmpty { ids = people.map(\.id).sorted() }
            return [("enum", .array(ids.map { OutputValue.string($0) }))]
        case .reference(let kind):
            return [("type", .string("string")), ("pattern", .string(referencePattern(kind)))]
        case .list(let item):
            let single = typeSchema(item.type, procedure: procedure)
            let array: [(String, OutputValue)] = [("type", .string("array")), ("items", .object(single))]
            switch item.type {
            case .reference, .person: return [("anyOf", .array([.object(single), .object(array)]))]
            default: return array
            }
        case .map(let keys):
            return [
                ("type", .string("object")),
                ("properties", .object(keys.map { ($0.key, property($0, procedure: procedure)) })),
                ("required", .array(Self.alwaysRequired(keys).map { OutputValue.string($0) })),
                ("additionalProperties", .bool(false)),
            ]
        }
    }

    /// The id pattern of `kind`, or of any kind when nil.
    func referencePattern(_ kind: String?) -> String {
        if let kind, let procedure = procedures.procedure(kind: kind) { return Self.regex(procedure.idPattern) }
        let bodies = procedures.procedures.sorted { $0.kind < $1.kind }.map { Self.regexBody($0.idPattern) }
        return "^(" + bodies.joined(separator: "|") + ")$"
    }

    /// Every spelling, deduplicated in order; numeric spellings also as JSON numbers
    /// (`docket yaml` renders a plain `1` as a number).
    static func spellings(_ groups: [[String]]) -> OutputValue {
        var seen: Set<String> = []
        var values: [OutputValue] = []
        for name in groups.joined() where seen.insert(name).inserted {
            values.append(.string(name))
            if let number = Int(name), String(number) == name { values.append(.int(number)) }
        }
        return .array(values)
    }

    /// An anchored ECMA-262 regular expression that matches the ids of `pattern`.
    public static func regex(_ pattern: IDPattern) -> String { "^" + regexBody(pattern) + "$" }

    static func regexBody(_ pattern: IDPattern) -> String {
        var out = ""
        for (index, part) in pattern.parts.enumerated() {
            switch part {
            case .literal(let bytes):
                for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                    if "\\^$.|?*+()[]{}/".unicodeScalars.contains(scalar) { out += "\\" }
                    out.unicodeScalars.append(scalar)
                }
            case .year: out += "[0-9]{4}"
            case .sequence: out += "[0-9]{4,}"
            case .code: out += index == pattern.parts.count - 1 ? "[A-Z0-9]([A-Z0-9-]*[A-Z0-9])?" : "[A-Z0-9]+"
            }
        }
        return out
    }
}
