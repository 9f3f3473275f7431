/// Builds a `Procedure` from the front matter of `procedures/<kind>.md`.
///
/// Every structural problem is a `ProcedureError` at the node that caused it.
/// Cross-document checks (reference kinds, roles) happen in `ProcedureSetLoader`.
struct ProcedureParser {
    let reader: DefinitionReader

    static let topLevelKeys = [
        "kind", "zh", "en", "id_pattern", "folder", "year_folders", "opened_field", "title_field",
        "closed_field", "states", "final", "transitions", "enums", "fields", "sections",
        "priority_matrix", "closure", "time_order", "constraints", "severity", "editable_when_closed",
        "transition_roles", "kpis", "signals", "report",
    ]
    static let fieldKeys = ["type", "zh", "en", "required", "values", "min", "max", "role", "kind", "of", "keys", "description"]
    static let typeNames = ["id", "state", "string", "text", "enum", "datetime", "date", "duration", "bool", "int", "person", "reference", "list", "map"]

    init(path: String) { self.reader = DefinitionReader(path: path) }

    func parse(_ root: YAMLNode) throws(ProcedureError) -> Procedure {
        let top = try reader.pairs(root, "the procedure definition")
        try reader.checkKeys(top, allowed: Self.topLevelKeys, in: "a procedure definition")
        func required(_ key: String) throws(ProcedureError) -> YAMLNode {
            guard let node = root[key] else { throw reader.error(root, "expected key \"\(key)\" in the procedure definition, found none") }
            return node
        }
        let kind = try reader.string(try required("kind"), "kind")
        let patternNode = try required("id_pattern")
        guard let pattern = IDPattern(try reader.string(patternNode, "id_pattern")) else {
            throw reader.error(patternNode, "expected an id pattern built from text, {year}, {seq} and {code}, found \(reader.describe(patternNode))")
        }

        // States first: requirements and transitions refer to them.
        var states: [StateSpec] = []
        for pair in try reader.pairs(try required("states"), "states") {
            let labels = try self.labels(pair.value, "state \"\(pair.name)\"")
            states.append(StateSpec(id: pair.name, zh: labels.zh, en: labels.en))
        }
        if states.isEmpty { throw reader.error(try required("states"), "expected at least one state, found none") }
        let stateIDs = Set(states.map(\.id))
        func checkState(_ id: String, _ node: YAMLNode) throws(ProcedureError) {
            guard stateIDs.contains(id) else {
                var message = "expected a declared state, found \"\(id)\""
                if let near = Suggestion.nearest(to: id, in: states.map(\.id)) { message += ", did you mean \"\(near)\"?" }
                throw reader.error(node, message)
            }
        }

        var transitions: [Transition] = []
        for item in root["transitions"]?.items ?? [] {
            if let text = item.scalar {
                let parts = text.components(separatedBy: "->").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw reader.error(item, "expected a transition \"from -> to\", found \(reader.describe(item))")
                }
                try checkState(parts[0], item)
                try checkState(parts[1], item)
                transitions.append(Transition(from: parts[0], to: parts[1], condition: nil, position: item.range.start))
            } else {
                let pairs = try reader.pairs(item, "a transition")
                try reader.checkKeys(pairs, allowed: ["from", "to", "when", "unless", "role"], in: "a transition")
                guard let fromNode = item["from"], let toNode = item["to"] else {
                    throw reader.error(item, "expected a transition with \"from\" and \"to\", found \(reader.describe(item))")
                }
                let from = try reader.string(fromNode, "from"), to = try reader.string(toNode, "to")
                try checkState(from, fromNode)
                try checkState(to, toNode)
                let hasCondition = item["when"] != nil || item["unless"] != nil
                let condition = hasCondition ? try self.condition(item, allowStates: false, stateIDs: stateIDs, transitions: []) : nil
                let roles = try item["role"].map { node throws(ProcedureError) in try reader.strings(node, "role") } ?? []
                transitions.append(Transition(from: from, to: to, condition: condition, position: item.range.start, roles: roles))
            }
        }
        var finalStates: Set<String> = []
        if let node = root["final"] {
            for id in try reader.strings(node, "final") {
                try checkState(id, node)
                finalStates.insert(id)
            }
        }

        // Named enumerations shared by several fields.
        var enums: [String: EnumSet] = [:]
        for pair in try reader.pairs(root["enums"] ?? YAMLNode.empty, "enums") {
            enums[pair.name] = try enumSet(pair.value, "enum \"\(pair.name)\"")
        }

        let context = RequirementContext(stateIDs: stateIDs, transitions: transitions, states: states)
        var fields: [FieldSpec] = []
        for pair in try reader.pairs(try required("fields"), "fields") {
            fields.append(try field(pair, enums: enums, context: context))
        }
        var sections: [SectionSpec] = []
        for pair in try reader.pairs(root["sections"] ?? YAMLNode.empty, "sections") {
            let entries = try reader.pairs(pair.value, "section \"\(pair.name)\"")
            try reader.checkKeys(entries, allowed: ["zh", "en", "required", "worklog"], in: "a section")
            let labels = try self.labels(pair.value, "section \"\(pair.name)\"")
            let required = try pair.value["required"].map { node throws(ProcedureError) in try requirement(node, context) } ?? .never
            let worklog = try pair.value["worklog"].map { node throws(ProcedureError) in try reader.bool(node, "worklog") } ?? false
            sections.append(SectionSpec(id: pair.name, zh: labels.zh, en: labels.en, required: required, isWorklog: worklog))
        }

        let procedure = Procedure(
            kind: kind,
            zh: try root["zh"].map { node throws(ProcedureError) in try reader.string(node, "zh") } ?? kind,
            en: try root["en"].map { node throws(ProcedureError) in try reader.string(node, "en") } ?? kind,
            path: reader.path,
            idPattern: pattern,
            folder: try reader.string(try required("folder"), "folder"),
            yearFolders: try root["year_folders"].map { node throws(ProcedureError) in try reader.bool(node, "year_folders") } ?? false,
            states: states, finalStates: finalStates, transitions: transitions,
            fields: fields, sections: sections)

        func declaredField(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> String {
            let key = try reader.string(node, what)
            guard procedure.field(key) != nil else {
                var message = "expected a declared field for \(what), found \"\(key)\""
                if let near = Suggestion.nearest(to: key, in: fields.map(\.key)) { message += ", did you mean \"\(near)\"?" }
                throw reader.error(node, message)
            }
            return key
        }
        let openedField = try root["opened_field"].map { node throws(ProcedureError) in try declaredField(node, "opened_field") }
        let titleField = try root["title_field"].map { node throws(ProcedureError) in try declaredField(node, "title_field") } ?? "title"
        let closedField = try root["closed_field"].map { node throws(ProcedureError) in try declaredField(node, "closed_field") }
        if procedure.field("id") == nil { throw reader.error(try required("fields"), "expected a field \"id\" of type id, found none") }
        if procedure.field("status") == nil { throw reader.error(try required("fields"), "expected a field \"status\" of type state, found none") }

        // Every field a requirement or condition names must be declared.
        for spec in fields { try checkConditionFields(spec.required, procedure, at: spec.position) }

        var priorityMatrix: PriorityMatrix?
        if let node = root["priority_matrix"] {
            priorityMatrix = try self.priorityMatrix(node, procedure, declaredField)
        }
        var closure: ClosureSpec?
        if let node = root["closure"] {
            let entries = try reader.pairs(node, "closure")
            try reader.checkKeys(entries, allowed: ["field", "states"], in: "closure")
            guard let fieldNode = node["field"], let statesNode = node["states"] else {
                throw reader.error(node, "expected closure with \"field\" and \"states\", found \(reader.describe(node))")
            }
            let closureStates = try reader.strings(statesNode, "closure states")
            for id in closureStates { try checkState(id, statesNode) }
            closure = ClosureSpec(field: try declaredField(fieldNode, "closure field"), states: Set(closureStates))
        }
        var chains: [[String]] = []
        if let node = root["time_order"] {
            let items = node.items ?? []
            let isSingleChain = items.allSatisfy { $0.scalar != nil }
            for chainNode in isSingleChain ? [node] : items {
                var chain: [String] = []
                for item in chainNode.items ?? [] {
                    let key = try declaredField(item, "time_order")
                    if case .datetime = procedure.field(key)!.type {} else {
                        throw reader.error(item, "expected a datetime field in time_order, found \"\(key)\" of type \(procedure.field(key)!.type.name)")
                    }
                    chain.append(key)
                }
                chains.append(chain)
            }
        }
        var constraints: [Constraint] = []
        for item in root["constraints"]?.items ?? [] {
            constraints.append(try constraint(item, procedure, context, declaredField))
        }
        let kpiParser = KPIDefinitionParser(parser: self, procedure: procedure, stateIDs: stateIDs, transitions: transitions)
        let kpis = try root["kpis"].map { node throws(ProcedureError) in try kpiParser.parse(node) } ?? []
        let reportFields = try root["report"].map { node throws(ProcedureError) in try kpiParser.reportFields(node) }
        var severities = RuleSeverities.defaults
        for pair in try reader.pairs(root["severity"] ?? YAMLNode.empty, "severity") {
            let text = try reader.string(pair.value, "severity")
            let severity = Severity(rawValue: text)
            guard severity != nil || text == "off" else {
                throw reader.error(pair.value, "expected severity error, warning, note or off, found \"\(text)\"")
            }
            severities.set(try knownRule(pair.name, at: pair.key), to: severity)
        }
        var editableWhenClosed: Set<String> = []
        if let node = root["editable_when_closed"] {
            for item in node.items ?? [node] { editableWhenClosed.insert(try declaredField(item, "editable_when_closed")) }
        }
        var transitionRoles: [String: [String]] = [:]
        for pair in try reader.pairs(root["transition_roles"] ?? YAMLNode.empty, "transition_roles") {
            try checkState(pair.name, pair.key)
            let roles = try reader.strings(pair.value, "roles")
            if roles.isEmpty { throw reader.error(pair.value, "expected at least one role for state \"\(pair.name)\", found none") }
            transitionRoles[pair.name] = roles
        }
        let signals = try root["signals"].map { node throws(ProcedureError) in try self.signals(node) }
        return Procedure(procedure, openedField: openedField, titleField: titleField, closedField: closedField,
                         priorityMatrix: priorityMatrix, closure: closure, timeOrder: chains, constraints: constraints,
                         severities: severities, editableWhenClosed: editableWhenClosed, transitionRoles: transitionRoles,
                         kpis: kpis, signals: signals, reportFields: reportFields)
    }

    // MARK: - Pieces

    func labels(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> (zh: String, en: String) {
        guard node.pairs != nil else { throw reader.error(node, "expected \(what) as a mapping with zh and en labels, found \(reader.describe(node))") }
        guard let zh = node["zh"], let en = node["en"] else {
            throw reader.error(node, "expected \(what) to have both a zh and an en label")
        }
        return (try reader.string(zh, "the zh label"), try reader.string(en, "the en label"))
    }

    func enumSet(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> EnumSet {
        var values: [EnumValue] = []
        let pairs = try reader.pairs(node, what)
        if pairs.isEmpty { throw reader.error(node, "expected \(what) to list at least one value, found none") }
        for pair in pairs {
            try reader.checkKeys(try reader.pairs(pair.value, "value \"\(pair.name)\""), allowed: ["zh", "en", "aliases"], in: "an enum value")
            let labels = try self.labels(pair.value, "value \"\(pair.name)\"")
            let aliases = try pair.value["aliases"].map { node throws(ProcedureError) in try reader.strings(node, "aliases") } ?? []
            values.append(EnumValue(id: pair.name, zh: labels.zh, en: labels.en, aliases: aliases))
        }
        return EnumSet(values: values)
    }

    struct RequirementContext {
        var stateIDs: Set<String>
        var transitions: [Transition]
        var states: [StateSpec]

        func reachable(from state: String) -> Set<String> {
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

    func field(_ pair: YAMLPair, enums: [String: EnumSet], context: RequirementContext) throws(ProcedureError) -> FieldSpec {
        let node = pair.value
        let entries = try reader.pairs(node, "field \"\(pair.name)\"")
        try reader.checkKeys(entries, allowed: Self.fieldKeys, in: "a field definition")
        let type = try fieldType(node, name: pair.name, enums: enums, context: context)
        let zh = try node["zh"].map { node throws(ProcedureError) in try reader.string(node, "zh") } ?? pair.name
        let en = try node["en"].map { node throws(ProcedureError) in try reader.string(node, "en") } ?? pair.name
        let required = try node["required"].map { node throws(ProcedureError) in try requirement(node, context) } ?? .never
        return FieldSpec(key: pair.name, type: type, zh: zh, en: en, required: required, position: pair.key.range.start)
    }

    func fieldType(_ node: YAMLNode, name: String, enums: [String: EnumSet], context: RequirementContext) throws(ProcedureError) -> FieldType {
        guard let typeNode = node["type"] else { throw reader.error(node, "expected a \"type\" for field \"\(name)\", found none") }
        let typeName = try reader.string(typeNode, "type")
        switch typeName {
        case "id": return .id
        case "state": return .state
        case "string": return .string
        case "text": return .text
        case "datetime": return .datetime
        case "date": return .date
        case "duration": return .duration
        case "bool": return .bool
        case "int":
            let min = try node["min"].map { node throws(ProcedureError) in try reader.int(node, "min") }
            let max = try node["max"].map { node throws(ProcedureError) in try reader.int(node, "max") }
            if let min, let max, min > max, let maxNode = node["max"] { throw reader.error(maxNode, "expected max \(max) to be at least min \(min)") }
            return .int(min: min, max: max)
        case "enum":
            guard let valuesNode = node["values"] else { throw reader.error(node, "expected \"values\" for enum field \"\(name)\", found none") }
            if let setName = valuesNode.scalar {
                guard let set = enums[setName] else {
                    throw reader.error(valuesNode, "expected the name of a set under enums, found \"\(setName)\"")
                }
                return .enumeration(set)
            }
            return .enumeration(try enumSet(valuesNode, "values of \"\(name)\""))
        case "person":
            let roles = try node["role"].map { node throws(ProcedureError) in try reader.strings(node, "role") } ?? []
            return .person(roles: roles)
        case "reference":
            let kind = try node["kind"].map { node throws(ProcedureError) in try reader.string(node, "kind") } ?? "any"
            return .reference(kind: kind == "any" ? nil : kind)
        case "list":
            guard let of = node["of"] else { throw reader.error(node, "expected \"of\" for list field \"\(name)\", found none") }
            _ = try reader.pairs(of, "the item type of \"\(name)\"")
            let item = FieldSpec(key: name, type: try fieldType(of, name: name, enums: enums, context: context),
                                 zh: "", en: "", required: .never, position: of.range.start)
            return .list(item)
        case "map":
            guard let keys = node["keys"] else { throw reader.error(node, "expected \"keys\" for map field \"\(name)\", found none") }
            var specs: [FieldSpec] = []
            for pair in try reader.pairs(keys, "keys") { specs.append(try field(pair, enums: enums, context: context)) }
            return .map(specs)
        default:
            var message = "expected a field type (\(Self.typeNames.joined(separator: ", "))), found \"\(typeName)\""
            if let near = Suggestion.nearest(to: typeName, in: Self.typeNames) { message += ", did you mean \"\(near)\"?" }
            throw reader.error(typeNode, message)
        }
    }

    func requirement(_ node: YAMLNode, _ context: RequirementContext) throws(ProcedureError) -> Requirement {
        if let text = node.scalar {
            switch text {
            case "always": return .always
            case "never": return .never
            default: throw reader.error(node, "expected required to be always, never or a condition, found \"\(text)\"")
            }
        }
        if let items = node.items {
            var conditions: [Condition] = []
            for item in items { conditions.append(try condition(item, allowStates: true, stateIDs: context.stateIDs, transitions: context.transitions)) }
            return .any(conditions)
        }
        return .any([try condition(node, allowStates: true, stateIDs: context.stateIDs, transitions: context.transitions)])
    }

    /// Reads `from`, `in`, `when`, `unless` from a mapping that may hold other keys too.
    func condition(_ node: YAMLNode, allowStates: Bool, stateIDs: Set<String>, transitions: [Transition]) throws(ProcedureError) -> Condition {
        _ = try reader.pairs(node, "a condition")
        var condition = Condition()
        let context = RequirementContext(stateIDs: stateIDs, transitions: transitions, states: [])
        func check(_ id: String, _ at: YAMLNode) throws(ProcedureError) {
            guard stateIDs.contains(id) else { throw reader.error(at, "expected a declared state, found \"\(id)\"") }
        }
        if allowStates, let from = node["from"] {
            let id = try reader.string(from, "from")
            try check(id, from)
            condition.states = context.reachable(from: id)
        }
        if allowStates, let inNode = node["in"] {
            var set: Set<String> = []
            for id in try reader.strings(inNode, "in") { try check(id, inNode); set.insert(id) }
            condition.states = condition.states.map { $0.intersection(set) } ?? set
        }
        if let when = node["when"] { condition.when = try matches(when, "when") }
        if let unless = node["unless"] { condition.unless = try matches(unless, "unless") }
        if node.pairs?.isEmpty ?? true { throw reader.error(node, "expected a condition with from, in, when or unless, found \(reader.describe(node))") }
        return condition
    }

    func matches(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> [(field: String, match: ValueMatch)] {
        var result: [(field: String, match: ValueMatch)] = []
        for pair in try reader.pairs(node, what) {
            let values = try reader.strings(pair.value, "a value")
            if values == ["present"] { result.append((pair.name, .present)) }
            else if values == ["absent"] { result.append((pair.name, .absent)) }
            else { result.append((pair.name, .oneOf(Set(values)))) }
        }
        return result
    }

    func checkConditionFields(_ requirement: Requirement, _ procedure: Procedure, at position: SourcePosition) throws(ProcedureError) {
        guard case .any(let conditions) = requirement else { return }
        for condition in conditions {
            for (field, _) in condition.when + condition.unless where procedure.field(field) == nil {
                throw ProcedureError(path: reader.path, position: position, message: "expected a declared field in a condition, found \"\(field)\"")
            }
        }
    }

    /// `signals:`: how long an open record may go without a priority, and a paused one stay
    /// paused, in working time of a calendar of `sla.md` (checked once `sla.md` is read).
    func signals(_ node: YAMLNode) throws(ProcedureError) -> RecordSignals {
        let entries = try reader.pairs(node, "signals")
        try reader.checkKeys(entries, allowed: ["calendar", "untriaged", "pending_too_long"], in: "signals")
        var signals = RecordSignals(position: node.range.start)
        for pair in entries {
            if pair.name == "calendar" {
                signals.calendar = try reader.string(pair.value, "signals calendar")
                signals.calendarPosition = pair.value.range.start
                continue
            }
            let text = try reader.string(pair.value, pair.name)
            guard let seconds = DurationText.parse(text), seconds > 0 else {
                throw reader.error(pair.value, "expected \(pair.name) as a duration such as 4h, 1h30m or 2d, found \"\(text)\"")
            }
            if pair.name == "untriaged" { signals.untriaged = seconds } else { signals.pendingTooLong = seconds }
        }
        return signals
    }

    func priorityMatrix(_ node: YAMLNode, _ procedure: Procedure, _ declaredField: (YAMLNode, String) throws(ProcedureError) -> String) throws(ProcedureError) -> PriorityMatrix {
        let entries = try reader.pairs(node, "priority_matrix")
        try reader.checkKeys(entries, allowed: ["rows", "columns", "result", "reason", "cells"], in: "priority_matrix")
        func part(_ key: String) throws(ProcedureError) -> YAMLNode {
            guard let value = node[key] else { throw reader.error(node, "expected \"\(key)\" in priority_matrix, found none") }
            return value
        }
        let rowField = try declaredField(try part("rows"), "rows")
        let columnField = try declaredField(try part("columns"), "columns")
        let resultField = try declaredField(try part("result"), "result")
        let reasonField = try node["reason"].map { node throws(ProcedureError) in try declaredField(node, "reason") }
        func values(_ key: String) throws(ProcedureError) -> EnumSet {
            guard case .enumeration(let set) = procedure.field(key)!.type else {
                throw reader.error(node, "expected priority_matrix field \"\(key)\" to be an enum")
            }
            return set
        }
        let rows = try values(rowField), columns = try values(columnField), results = try values(resultField)
        let cellsNode = try part("cells")
        var cells: [String: [String: String]] = [:]
        for rowPair in try reader.pairs(cellsNode, "cells") {
            guard let row = rows.resolve(rowPair.name) else {
                throw reader.error(rowPair.key, "expected a value of \(rowField) (\(rows.ids.joined(separator: ", "))), found \"\(rowPair.name)\"")
            }
            for cell in try reader.pairs(rowPair.value, "a matrix row") {
                guard let column = columns.resolve(cell.name) else {
                    throw reader.error(cell.key, "expected a value of \(columnField) (\(columns.ids.joined(separator: ", "))), found \"\(cell.name)\"")
                }
                let text = try reader.string(cell.value, "a priority")
                guard let result = results.resolve(text) else {
                    throw reader.error(cell.value, "expected a value of \(resultField) (\(results.ids.joined(separator: ", "))), found \"\(text)\"")
                }
                cells[row, default: [:]][column] = result
            }
        }
        for row in rows.ids {
            for column in columns.ids where cells[row]?[column] == nil {
                throw reader.error(cellsNode, "expected a priority for \(rowField) \(row) and \(columnField) \(column), the matrix misses that cell")
            }
        }
        return PriorityMatrix(rowField: rowField, columnField: columnField, resultField: resultField, reasonField: reasonField, cells: cells)
    }

    /// A rule id of the catalog, as `severity:` and `constraints:` name them.
    func knownRule(_ text: String, at node: YAMLNode) throws(ProcedureError) -> RuleID {
        if let rule = RuleID(rawValue: text) { return rule }
        var message = "expected a known rule id, found \"\(text)\""
        if let near = Suggestion.nearest(to: text, in: RuleCatalog.all.map(\.id)) { message += ", did you mean \"\(near)\"?" }
        throw reader.error(node, message + "; 'docket rules' lists them")
    }

    func constraint(_ node: YAMLNode, _ procedure: Procedure, _ context: RequirementContext,
                    _ declaredField: (YAMLNode, String) throws(ProcedureError) -> String) throws(ProcedureError) -> Constraint {
        let entries = try reader.pairs(node, "a constraint")
        try reader.checkKeys(entries, allowed: ["rule", "when", "unless", "from", "in", "require", "require_link", "require_item", "require_section", "message"], in: "a constraint")
        guard let ruleNode = node["rule"] else { throw reader.error(node, "expected a \"rule\" id in the constraint, found none") }
        let rule = try knownRule(try reader.string(ruleNode, "rule"), at: ruleNode)
        let hasCondition = ["when", "unless", "from", "in"].contains { node[$0] != nil }
        let condition = hasCondition ? try self.condition(node, allowStates: true, stateIDs: context.stateIDs, transitions: context.transitions) : Condition()
        for (field, _) in condition.when + condition.unless where procedure.field(field) == nil {
            throw reader.error(node, "expected a declared field in the constraint's condition, found \"\(field)\"")
        }
        let demand: ConstraintDemand
        if let require = node["require"] {
            var fields: [(field: String, value: String)] = []
            for pair in try reader.pairs(require, "require") {
                _ = try declaredField(pair.key, "require")
                fields.append((pair.name, try reader.string(pair.value, "a required value")))
            }
            demand = .fields(fields)
        } else if let link = node["require_link"] {
            demand = .link(kind: try reader.string(link, "require_link"))
        } else if let item = node["require_item"] {
            guard let fieldNode = item["field"], let matchNode = item["match"] else {
                throw reader.error(item, "expected require_item with \"field\" and \"match\", found \(reader.describe(item))")
            }
            let field = try declaredField(fieldNode, "require_item")
            var match: [(key: String, value: String)] = []
            for pair in try reader.pairs(matchNode, "match") { match.append((pair.name, try reader.string(pair.value, "a value"))) }
            demand = .item(field: field, match: match)
        } else if let section = node["require_section"] {
            let id = try reader.string(section, "require_section")
            guard procedure.sections.contains(where: { $0.id == id }) else {
                throw reader.error(section, "expected a declared section, found \"\(id)\"")
            }
            demand = .section(id)
        } else {
            throw reader.error(node, "expected the constraint to demand something: require, require_link, require_item or require_section")
        }
        let message = try node["message"].map { node throws(ProcedureError) in try reader.string(node, "message") } ?? "the record breaks rule \(rule.rawValue)"
        return Constraint(rule: rule, condition: condition, demand: demand, message: message, position: node.range.start)
    }
}

extension YAMLNode {
    /// An empty plain scalar at the start of a file, standing for an absent optional section.
    static let empty = YAMLNode(content: .scalar("", .plain), range: SourceRange(at: .start))
}
