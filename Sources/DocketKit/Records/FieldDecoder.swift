/// Checks front-matter values against their field types and turns them into
/// `FieldValue`s. Emits `unknown-field`, `field-type`, `enum-value`,
/// `status-unknown`, `person-unknown`, `role-required` and `required-field`
/// for keys of map items.
struct FieldDecoder {
    let procedure: Procedure
    let roles: Roles
    let dates: DateTimeParser
    /// The file's bytes, to tell an empty value from a value YAML read as a comment (`title: #3 打印机`).
    var bytes: [UInt8] = []

    /// The decoded fields, every key in source order, and the keys whose defect was
    /// reported while decoding (see `Record.reportedKeys`).
    func decode(_ pairs: [YAMLPair], sink: inout DiagnosticSink) -> (fields: FieldMap, order: [String], reported: Set<String>) {
        var fields = FieldMap()
        fields.reserveCapacity(pairs.count)
        var order: [String] = []
        order.reserveCapacity(pairs.count)
        var reported: Set<String> = []
        for pair in pairs {
            let key = pair.name
            order.append(key)
            guard let spec = procedure.field(key) else {
                let intended = intendedField(key, pair.value, written: pairs)
                sink.report(.unknownField, at: pair.key.range.start, unknownFieldMessage(key, intended: intended))
                // One slip, one error: the intended field is not also reported missing.
                if let intended { reported.insert(intended) }
                continue
            }
            let before = sink.diagnostics.count
            fields[key] = decodeField(spec, pair, sink: &sink)
            if sink.diagnostics.count != before { reported.insert(key) }
        }
        return (fields, order, reported)
    }

    /// The declared field a misspelt or translated key stands for, when it is not written as well.
    func intendedField(_ key: String, _ value: YAMLNode, written pairs: [YAMLPair]) -> String? {
        let specs = procedure.fields
        let stripped = ValueSlips.withoutInvisibleSpaces(key)
        let intended = specs.first(where: { $0.key == stripped || $0.zh == stripped || $0.en.lowercased() == stripped.lowercased() })?.key
            ?? Suggestion.nearest(to: stripped, in: specs.map(\.key))
        guard let intended, !pairs.contains(where: { $0.name == intended }) else { return nil }
        return intended
    }

    func unknownFieldMessage(_ key: String, intended: String?) -> String {
        if let slip = ValueSlips.invisibleSpace(in: key) {
            let fix = intended.map { "; write \"\($0):\"" } ?? "; remove it"
            return "expected a field name of \(procedure.kind), found \"\(key)\" with \(slip)\(fix)"
        }
        let message = "expected a field of \(procedure.kind), found the unknown field \"\(key)\""
        guard let intended else { return message + "; remove it or use a field of procedures/\(procedure.kind).md" }
        return message + "; did you mean \"\(intended)\"?"
    }

    func decodeField(_ spec: FieldSpec, _ pair: YAMLPair, sink: inout DiagnosticSink) -> DecodedField {
        let node = pair.value
        var field = DecodedField(key: spec.key, keyPosition: pair.key.range.start, valueRange: node.range, value: nil, isPresent: !node.isNull)
        guard !node.isNull else {
            // `key: #…`: YAML reads a comment and no value, but the person meant the text.
            if let comment = commentAfter(node) {
                sink.report(.yamlSyntax, at: comment.position, "expected the value of \(spec.key) in quotes, as it has \"#\" at its start, found it read as a comment; quote the value: \(spec.key): \(YAMLSlips.quoted(comment.text))")
                field.isPresent = true
            }
            return field
        }
        field.value = decodeValue(spec.type, node, key: spec.key, sink: &sink)
        switch field.value {
        case .references(let refs)? where refs.isEmpty: field.isPresent = false
        case .list(let items)? where items.isEmpty: field.isPresent = false
        case .text(let text)? where Self.isBlank(text): field.isPresent = false   // title: "" is no title
        default: break
        }
        if case .sequence(let items, _) = node.content, items.isEmpty { field.isPresent = false }
        return field
    }

    /// True when every character of `text` is whitespace (`Character.isWhitespace`).
    /// An ASCII byte other than a space or a control character from tab to carriage return
    /// starts a character that is not whitespace, so most values are decided on their
    /// first bytes without breaking the text into characters.
    static func isBlank(_ text: String) -> Bool {
        // A first character that is a CJK ideograph (a title in Chinese) is no whitespace: that
        // decides without a walk over the characters (an ASCII one is decided by the loop below).
        if let first = text.unicodeScalars.first?.value, first >= 0x4E00 && first <= 0x9FFF { return false }
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 { ascii = false; continue }
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
        }
        return ascii || text.allSatisfy(\.isWhitespace)
    }

    /// The fix of a `field-type` message: the accepted form of a date written in a local shape,
    /// or the value without the curly quotes or look-alike spaces that broke it.
    func typeFix(_ type: FieldType, _ node: YAMLNode, key: String) -> String {
        guard let text = node.scalar else { return "" }
        let cleaned = Hints.cleaned(text)
        switch type {
        case .datetime, .date:
            guard let loose = LooseDateTime.accepted(cleaned) else { break }
            if case .datetime = type, !loose.hasTime {
                return ", which has no time; write \(key): \(loose.text) HH:MM with the time"
            }
            let accepted = loose.hasTime && { if case .date = type { true } else { false } }() ? String(loose.text.prefix(10)) : loose.text
            return "; write \(key): \(accepted)"
        default: break
        }
        if cleaned != text, let slip = Hints.slip(in: text) { return " \(slip); write \(key): \(cleaned)" }
        return ""
    }

    /// The comment on the line of an empty value, when it is all there is after the key's colon.
    func commentAfter(_ node: YAMLNode) -> (text: String, position: SourcePosition)? {
        var index = node.range.start.offset
        guard index < bytes.count else { return nil }
        var column = node.range.start.column
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1; column += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "#"), index > 0, bytes[index - 1] == UInt8(ascii: " ") else { return nil }
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
        let text = String(decoding: bytes[index..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return (text, SourcePosition(offset: index, line: node.range.start.line, column: column))
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar(let text, _): "\"\(text)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    func decodeValue(_ type: FieldType, _ node: YAMLNode, key: String, sink: inout DiagnosticSink) -> FieldValue? {
        let at = node.range.start
        func typeError(_ expected: String) -> FieldValue? {
            sink.report(.fieldType, at: at, "expected \(key) to be \(expected), found \(describe(node))\(typeFix(type, node, key: key))")
            return nil
        }
        switch type {
        case .id, .string, .text:
            guard let text = node.scalar else { return typeError("text") }
            return .text(text)
        case .state:
            guard let text = node.scalar else { return typeError("a state") }
            guard let state = procedure.resolveState(text) else {
                sink.report(.statusUnknown, at: at, "expected status to be a state of \(procedure.kind) (\(Hints.states(procedure))), found \"\(text)\"\(slipClause(text))\(Hints.didYouMean(Hints.state(text, in: procedure)))")
                return nil
            }
            return .state(state)
        case .datetime:
            guard let text = node.scalar, let value = dates.datetime(text) else {
                return typeError("a datetime such as 2026-11-03T09:12:00+08:00 or 2026-11-03 09:12")
            }
            return .datetime(value)
        case .date:
            guard let text = node.scalar, let value = DateTimeParser.date(text) else { return typeError("a date such as 2026-11-03") }
            return .date(value)
        case .duration:
            guard let text = node.scalar, let value = DurationText.parse(text) else { return typeError("a duration such as 15m, 4h, 1h30m or 2d") }
            return .duration(value)
        case .bool:
            guard let text = node.scalar, text == "true" || text == "false" else { return typeError("true or false") }
            return .bool(text == "true")
        case .int(let min, let max):
            guard let text = node.scalar, let value = Int(text) else { return typeError(rangeText("an integer", min, max)) }
            if let min, value < min { return typeError(rangeText("an integer", min, max)) }
            if let max, value > max { return typeError(rangeText("an integer", min, max)) }
            return .int(value)
        case .enumeration(let set):
            guard let text = node.scalar else { return typeError("one of \(Hints.values(set))") }
            guard let id = set.resolve(text) else {
                let suggestion = Hints.enumValue(text, in: set)
                let fix = suggestion == nil ? "; write one of these ids or its label" : Hints.didYouMean(suggestion)
                sink.report(.enumValue, at: at, "expected \(key) to be one of \(Hints.values(set)), found \"\(text)\"\(slipClause(text))\(fix)")
                return nil
            }
            return .enumValue(id)
        case .person(let required):
            guard let text = node.scalar else { return typeError("a person id from procedures/roles.md") }
            guard let person = roles.people[text] else {
                sink.report(.personUnknown, at: at, Hints.personMessage(text, in: key, roles: roles))
                return nil
            }
            if !required.isEmpty, !person.roles.contains(where: required.contains) {
                let names = required.map { id in roles.role(id).map { "\(id) (\($0.zh))" } ?? id }.joined(separator: " or ")
                sink.report(.roleRequired, at: at, "expected \(key) to name a person with the role \(names), found \(text), who holds \(person.roles.isEmpty ? "no role" : person.roles.joined(separator: ", ")); write a person with that role")
            }
            return .person(text)
        case .reference:
            guard let text = node.scalar else { return typeError("a record id") }
            return .references([Reference(id: text, position: at)])
        case .list(let item):
            if case .reference = item.type {
                if let text = node.scalar {
                    if let slip = ValueSlips.listSlip(text, key: key, flow: false) {
                        sink.report(.yamlSyntax, at: at, slip)
                        return .references([])
                    }
                    return .references([Reference(id: text, position: at)])
                }
                guard let items = node.items else { return typeError("a list of record ids") }
                var refs: [Reference] = []
                for element in items {
                    guard let text = element.scalar, !element.isNull else {
                        sink.report(.fieldType, at: element.range.start, "expected \(key) to hold record ids, found \(describe(element))")
                        continue
                    }
                    if let slip = ValueSlips.listSlip(text, key: key, flow: true) {
                        sink.report(.yamlSyntax, at: element.range.start, slip)
                        continue
                    }
                    refs.append(Reference(id: text, position: element.range.start))
                }
                return .references(refs)
            }
            guard let items = node.items else {
                // A list of persons, like a list of references, also takes a single id (approved_by: wujiu).
                if case .person = item.type, node.scalar != nil {
                    let value = decodeValue(item.type, node, key: key, sink: &sink)
                    return .list([DecodedField(key: key, keyPosition: node.range.start, valueRange: node.range, value: value, isPresent: true)])
                }
                return typeError("a list")
            }
            var decoded: [DecodedField] = []
            for element in items {
                let value = element.isNull ? nil : decodeValue(item.type, element, key: key, sink: &sink)
                decoded.append(DecodedField(key: key, keyPosition: element.range.start, valueRange: element.range, value: value, isPresent: !element.isNull))
            }
            return .list(decoded)
        case .map(let keys):
            guard let pairs = node.pairs else { return typeError("a mapping with keys \(keys.map(\.key).joined(separator: ", "))") }
            var entries = FieldEntries()
            var intended: Set<String> = []
            for pair in pairs {
                guard let spec = keys.first(where: { $0.key == pair.name }) else {
                    var message = "expected a key of \(key) (\(keys.map(\.key).joined(separator: ", "))), found the unknown key \"\(pair.name)\""
                    if let near = intendedKey(pair, in: keys, written: pairs) {
                        message += "; did you mean \"\(near)\"?"
                        // One slip, one error: the intended key is not also reported missing.
                        intended.insert(near)
                    }
                    sink.report(.unknownField, at: pair.key.range.start, message)
                    continue
                }
                entries[spec.key] = decodeField(spec, pair, sink: &sink)
            }
            for spec in keys where entries[spec.key]?.isPresent != true && !intended.contains(spec.key) {
                if case .always = spec.required {
                    sink.report(.requiredField, at: at, "expected the required key \"\(spec.key)\" (\(spec.zh)) in this entry of \(key), found none; add \(spec.key): with its value")
                }
            }
            return .map(entries)
        }
    }

    /// The key of a map a misspelt key stands for: the nearest name or label, else the one
    /// key not written whose type accepts the value (`time: 2026-11-04 14:00` for `at`).
    func intendedKey(_ pair: YAMLPair, in keys: [FieldSpec], written pairs: [YAMLPair]) -> String? {
        let missing = keys.filter { spec in !pairs.contains { $0.name == spec.key } }
        let name = ValueSlips.withoutInvisibleSpaces(pair.name)
        if let byName = missing.first(where: { $0.key == name || $0.zh == name || $0.en.lowercased() == name.lowercased() })?.key
            ?? Suggestion.nearest(to: name, in: missing.map(\.key)) {
            return byName
        }
        let accepting = missing.filter { spec in
            var scratch = DiagnosticSink(path: "")
            return decodeValue(spec.type, pair.value, key: spec.key, sink: &scratch) != nil && scratch.diagnostics.isEmpty
        }
        // Text accepts anything: only a typed key is a telling match.
        let typed = accepting.filter { if case .text = $0.type { false } else if case .string = $0.type { false } else { true } }
        return typed.count == 1 ? typed[0].key : nil
    }

    /// `, found it wrapped in curly quotes “”`-style clause for a value that looks right but was not read.
    func slipClause(_ text: String) -> String {
        Hints.slip(in: text).map { " \($0)" } ?? ""
    }

    func rangeText(_ base: String, _ min: Int?, _ max: Int?) -> String {
        switch (min, max) {
        case let (min?, max?): "\(base) from \(min) to \(max)"
        case let (min?, nil): "\(base) of at least \(min)"
        case let (nil, max?): "\(base) of at most \(max)"
        default: base
        }
    }
}
