/// Checks front-matter values against their field types and turns them into
/// `FieldValue`s. Emits `unknown-field`, `field-type`, `enum-value`,
/// `status-unknown`, `person-unknown`, `role-required` and `required-field`
/// for keys of map items.
struct FieldDecoder {
    let procedure: Procedure
    let roles: Roles
    let dates: DateTimeParser

    func decode(_ pairs: [YAMLPair], sink: inout DiagnosticSink) -> (fields: FieldMap, order: [String]) {
        var fields = FieldMap()
        fields.reserveCapacity(pairs.count)
        var order: [String] = []
        order.reserveCapacity(pairs.count)
        for pair in pairs {
            let key = pair.name
            order.append(key)
            guard let spec = procedure.field(key) else {
                sink.report(.unknownField, at: pair.key.range.start, unknownFieldMessage(key, procedure.fields))
                continue
            }
            fields[key] = decodeField(spec, pair, sink: &sink)
        }
        return (fields, order)
    }

    func unknownFieldMessage(_ key: String, _ specs: [FieldSpec]) -> String {
        var message = "unknown field \"\(key)\" for \(procedure.kind)"
        if let byLabel = specs.first(where: { $0.zh == key || $0.en.lowercased() == key.lowercased() }) {
            message += ", did you mean \"\(byLabel.key)\"?"
        } else if let near = Suggestion.nearest(to: key, in: specs.map(\.key)) {
            message += ", did you mean \"\(near)\"?"
        }
        return message
    }

    func decodeField(_ spec: FieldSpec, _ pair: YAMLPair, sink: inout DiagnosticSink) -> DecodedField {
        let node = pair.value
        var field = DecodedField(key: spec.key, keyPosition: pair.key.range.start, valueRange: node.range, value: nil, isPresent: !node.isNull)
        guard !node.isNull else { return field }
        field.value = decodeValue(spec.type, node, key: spec.key, sink: &sink)
        switch field.value {
        case .references(let refs)? where refs.isEmpty: field.isPresent = false
        case .list(let items)? where items.isEmpty: field.isPresent = false
        case .text(let text)? where text.allSatisfy(\.isWhitespace): field.isPresent = false   // title: "" is no title
        default: break
        }
        if case .sequence(let items, _) = node.content, items.isEmpty { field.isPresent = false }
        return field
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
            sink.report(.fieldType, at: at, "expected \(key) to be \(expected), found \(describe(node))")
            return nil
        }
        switch type {
        case .id, .string, .text:
            guard let text = node.scalar else { return typeError("text") }
            return .text(text)
        case .state:
            guard let text = node.scalar else { return typeError("a state") }
            guard let state = procedure.resolveState(text) else {
                var message = "unknown status \"\(text)\" for \(procedure.kind), expected one of \(procedure.states.map(\.id).joined(separator: ", "))"
                if let near = Suggestion.nearest(to: text, in: procedure.states.map(\.id)) { message += "; did you mean \"\(near)\"?" }
                sink.report(.statusUnknown, at: at, message)
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
            guard let text = node.scalar else { return typeError("one of \(set.ids.joined(separator: ", "))") }
            guard let id = set.resolve(text) else {
                var message = "unknown \(key) \"\(text)\", expected one of \(set.ids.joined(separator: ", "))"
                let names = set.values.flatMap { [$0.id] + $0.aliases }
                if let near = Suggestion.nearest(to: text, in: names), let id = set.resolve(near) { message += "; did you mean \"\(id)\"?" }
                sink.report(.enumValue, at: at, message)
                return nil
            }
            return .enumValue(id)
        case .person(let required):
            guard let text = node.scalar else { return typeError("a person id from procedures/roles.md") }
            guard let person = roles.people[text] else {
                var message = "unknown person \"\(text)\" in \(key), expected a key of people in procedures/roles.md"
                let byName = roles.people.values.first { $0.name == text }
                if let byName { message += "; did you mean \"\(byName.id)\"?" }
                else if let near = Suggestion.nearest(to: text, in: roles.people.keys.sorted()) { message += "; did you mean \"\(near)\"?" }
                sink.report(.personUnknown, at: at, message)
                return nil
            }
            if !required.isEmpty, !person.roles.contains(where: required.contains) {
                let names = required.map { id in roles.role(id).map { "\(id) (\($0.zh))" } ?? id }.joined(separator: " or ")
                sink.report(.roleRequired, at: at, "\(key) must hold the role \(names), but \(text) holds \(person.roles.isEmpty ? "no role" : person.roles.joined(separator: ", "))")
            }
            return .person(text)
        case .reference:
            guard let text = node.scalar else { return typeError("a record id") }
            return .references([Reference(id: text, position: at)])
        case .list(let item):
            if case .reference = item.type {
                if let text = node.scalar { return .references([Reference(id: text, position: at)]) }
                guard let items = node.items else { return typeError("a list of record ids") }
                var refs: [Reference] = []
                for element in items {
                    guard let text = element.scalar, !element.isNull else {
                        sink.report(.fieldType, at: element.range.start, "expected \(key) to hold record ids, found \(describe(element))")
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
            var entries: [String: DecodedField] = [:]
            for pair in pairs {
                guard let spec = keys.first(where: { $0.key == pair.name }) else {
                    var message = "unknown key \"\(pair.name)\" in \(key)"
                    if let near = Suggestion.nearest(to: pair.name, in: keys.map(\.key)) { message += ", did you mean \"\(near)\"?" }
                    sink.report(.unknownField, at: pair.key.range.start, message)
                    continue
                }
                entries[spec.key] = decodeField(spec, pair, sink: &sink)
            }
            for spec in keys where entries[spec.key]?.isPresent != true {
                if case .always = spec.required {
                    sink.report(.requiredField, at: at, "missing required key \"\(spec.key)\" (\(spec.zh)) in \(key)")
                }
            }
            return .map(entries)
        }
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
