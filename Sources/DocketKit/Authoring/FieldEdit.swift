import Foundation

/// A change of one front-matter entry, as `set`, `unset` and `transition --set` make it.
enum FieldChange: Equatable {
    /// `key=value`: the whole value.
    case set(String, YAMLValue)
    /// `key+=value` or `--add key …`: one more item of a list.
    case add(String, YAMLValue)
    /// `key-=value`: one item less.
    case remove(String, YAMLValue)
    /// `docket unset ID key`: the entry gone.
    case unset(String)

    var key: String {
        switch self {
        case .set(let key, _), .add(let key, _), .remove(let key, _), .unset(let key): key
        }
    }
}

/// Front-matter values given on the command line, checked against their field before
/// anything is written: the one reading of `key=value`, `key+=value`, `key-=value` and
/// `--add FIELD key=value…` for `set`, `transition --set` and (values) `new --set`.
///
/// Enum labels and aliases become ids, states their id, `true`/`false` and numbers typed
/// values; the value is then judged by the same decoder `validate` runs (type, enum,
/// date and time through the `Time/` parser, person and role), so a refusal reads like
/// the finding it prevents.
struct FieldInput {
    let procedure: Procedure
    let procedures: ProcedureSet
    /// The record's path relative to the root, named in every refusal.
    let path: String

    /// The change one argument asks for: `key=value`, `key+=item` or `key-=item`.
    func change(_ argument: String) throws -> FieldChange {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw UsageError("expected KEY=VALUE, KEY+=VALUE or KEY-=VALUE, found \"\(argument)\"")
        }
        let left = argument[..<equals], text = String(argument[argument.index(after: equals)...])
        if left.count > 1, let operation = left.last, operation == "+" || operation == "-" {
            let key = String(left.dropLast()), field = try field(key)
            return operation == "+" ? .add(key, try item(text, of: field)) : .remove(key, try item(text, of: field))
        }
        return .set(String(left), try value(text, for: try field(String(left))))
    }

    /// The declared field `key`, else a refusal naming the nearest one.
    func field(_ key: String) throws(CommandFailure) -> FieldSpec {
        if let field = procedure.field(key) { return field }
        let decoder = decoder()
        let message = decoder.unknownFieldMessage(key, intended: decoder.intendedField(key, Self.node(.null), written: []))
        throw CommandFailure("\(path): \(message)", exitCode: 1)
    }

    /// `text` as the whole value of `field` (a list from comma-separated items).
    func value(_ text: String, for field: FieldSpec) throws(CommandFailure) -> YAMLValue {
        guard !text.isEmpty else {
            throw CommandFailure("\(path): expected a value after \(field.key)=, found none; docket unset ID \(field.key) removes the field", exitCode: 1)
        }
        if case .list(let item) = field.type, case .map = item.type { throw entriesOnly(field) }
        if case .map = field.type { throw entriesOnly(field) }
        var value = FrontMatterValue.value(text, field: field)
        if case .state = field.type { value = .string(procedure.resolveState(text) ?? text) }
        try check(value, field: field)
        return value
    }

    /// `text` as one item of list field `field`.
    func item(_ text: String, of field: FieldSpec) throws(CommandFailure) -> YAMLValue {
        guard case .list(let item) = field.type else {
            throw CommandFailure("\(path): expected a list field before += or -=, found \(field.key), a \(field.type.name); write \(field.key)=VALUE", exitCode: 1)
        }
        if case .map = item.type { throw entriesOnly(field) }
        guard !text.isEmpty else {
            throw CommandFailure("\(path): expected an item after \(field.key)+= or \(field.key)-=, found none", exitCode: 1)
        }
        let value = FrontMatterValue.value(text, field: item)
        try check(.sequence([value]), field: field)
        return value
    }

    /// An entry of a list of mappings (`--add escalations at=… to=…`), its keys in the
    /// order the procedure declares them.
    func entry(_ arguments: [String], of field: FieldSpec) throws -> YAMLValue {
        guard case .list(let item) = field.type, case .map(let keys) = item.type else {
            let lists = procedure.fields.filter { if case .list(let item) = $0.type, case .map = item.type { true } else { false } }.map(\.key)
            throw CommandFailure("\(path): expected --add to name a list of entries of \(procedure.kind) (\(lists.isEmpty ? "it has none" : lists.joined(separator: ", "))), found \(field.key); write \(field.key)=VALUE or \(field.key)+=VALUE", exitCode: 1)
        }
        var given: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw UsageError("expected KEY=VALUE after --add \(field.key), found \"\(argument)\"")
            }
            let key = String(argument[..<equals])
            guard keys.contains(where: { $0.key == key }) else {
                var message = "\(path): expected a key of \(field.key) (\(keys.map(\.key).joined(separator: ", "))), found \"\(key)\""
                if let near = Suggestion.nearest(to: key, in: keys.map(\.key)) { message += "; did you mean \"\(near)\"?" }
                throw CommandFailure(message, exitCode: 1)
            }
            given[key] = String(argument[argument.index(after: equals)...])
        }
        let entry = YAMLValue.mapping(keys.compactMap { spec in
            given[spec.key].map { YAMLMappingEntry(spec.key, FrontMatterValue.value($0, field: spec)) }
        })
        try check(.sequence([entry]), field: field)
        return entry
    }

    /// Refuses `value` with the first error the field decoder reports for it (at the
    /// severities the procedure gives its rules: a rule it made a warning does not refuse).
    private func check(_ value: YAMLValue, field: FieldSpec) throws(CommandFailure) {
        var sink = DiagnosticSink(path: path, severities: procedure.severities)
        _ = decoder().decodeValue(field.type, Self.node(value), key: field.key, sink: &sink)
        if let finding = sink.diagnostics.first(where: { $0.severity == .error }) {
            throw CommandFailure("\(path): \(finding.message)", exitCode: 1)
        }
    }

    private func entriesOnly(_ field: FieldSpec) -> CommandFailure {
        CommandFailure("\(path): expected --add \(field.key) KEY=VALUE… for \(field.key), a list of entries, found a value for it", exitCode: 1)
    }

    private func decoder() -> FieldDecoder {
        FieldDecoder(procedure: procedure, roles: procedures.roles, dates: DateTimeParser(timeZone: procedures.settings.timeZone))
    }

    /// `value` as the parser reads it back after the YAML writer wrote it.
    static func node(_ value: YAMLValue) -> YAMLNode {
        let scratch = Array("---\nv: null\n---\n".utf8)
        guard let written = try? FrontMatterEditor(scratch).replacingValue(of: "v", with: value),
              let node = try? FrontMatterEditor(written).pair("v")?.value else {
            preconditionFailure("the YAML writer writes every YAMLValue so that it reads back")
        }
        return node
    }
}

/// A record's bytes changed entry by entry: each change touches only its entry (or, in
/// a block list, only its item's lines), through `FrontMatterEditor`.
struct FrontMatterChanges {
    let procedure: Procedure
    let path: String
    var bytes: [UInt8]

    mutating func apply(_ change: FieldChange) throws(CommandFailure) {
        do {
            let editor = try FrontMatterEditor(bytes)
            switch change {
            case .set(let key, let value):
                if let pair = editor.pair(key) {
                    if case .sequence(let items) = value, case .sequence(_, flow: false) = pair.value.content {
                        bytes = try editor.replacingItems(of: key, with: items)
                    } else {
                        bytes = try editor.replacingValue(of: key, with: value)
                    }
                } else {
                    bytes = try editor.inserting(key, value, after: anchor(for: key, in: editor))
                }
            case .add(let key, let item):
                if editor.pair(key) == nil {
                    bytes = try editor.inserting(key, .sequence([item]), after: anchor(for: key, in: editor))
                } else {
                    bytes = try editor.appendingItem(item, to: key)
                }
            case .remove(let key, let item):
                bytes = try removing(item, from: key, editor)
            case .unset(let key):
                guard editor.pair(key) != nil else {
                    let keys = editor.pairs.map(\.name)
                    var message = "\(path): expected \(key) in the front matter, found no such entry"
                    if let near = Suggestion.nearest(to: key, in: keys) { message += "; did you mean \"\(near)\"?" }
                    throw CommandFailure(message, exitCode: 1)
                }
                bytes = try editor.removing(key)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(path): expected to change \(change.key), found: \(error); nothing was written", exitCode: 1)
        }
    }

    /// The entry a new `key` goes after: the nearest key before it in the procedure's
    /// order that the record has; nil (the end of the front matter) when none.
    func anchor(for key: String, in editor: FrontMatterEditor) -> String? {
        guard let index = procedure.fields.firstIndex(where: { $0.key == key }) else { return nil }
        return procedure.fields[..<index].last { editor.pair($0.key) != nil }?.key
    }

    private func removing(_ item: YAMLValue, from key: String, _ editor: FrontMatterEditor) throws -> [UInt8] {
        let items: [YAMLValue]
        switch editor.pair(key).flatMap({ YAMLValue($0.value) }) {
        case .sequence(let values)?: items = values
        case let value? where value != .null: items = [value]
        default: items = []
        }
        // Items written as a label or alias match their id.
        let itemSpec: FieldSpec? = if case .list(let spec)? = procedure.field(key)?.type { spec } else { nil }
        let canonical = items.map { value -> YAMLValue in
            if case .string(let text) = value { return FrontMatterValue.value(text, field: itemSpec) }
            return value
        }
        guard let index = canonical.firstIndex(of: item) else {
            let shown = items.isEmpty ? "no items" : items.map { FrontMatterEditor.flow($0) }.joined(separator: ", ")
            throw CommandFailure("\(path): expected \(key) to hold \(FrontMatterEditor.flow(item)), found \(shown); nothing was written", exitCode: 1)
        }
        guard case .sequence = YAMLValue(editor.pair(key)!.value) else {
            return try editor.replacingValue(of: key, with: .sequence([]))
        }
        return try editor.removingItem(at: index, of: key)
    }
}
