/// What a KPI computes over its population (`measure:` in a `kpis:` entry).
/// The set is fixed; `docs/kpis.md` describes each kind.
public enum KPIMeasure: String, Sendable, CaseIterable {
    /// Number of records in the population.
    case count
    /// Records that match `count_if`, as a fraction (0–1) of the population.
    case share
    /// Mean of an int `field` over the population records that have it.
    case mean
    /// Median of an int `field` over the population records that have it.
    case median
    /// Wall-clock hours from `from` to `to`, their mean or median (`statistic`).
    case duration
    /// Records whose SLA target (`sla: response|resolution`) was met, as a fraction of those measured.
    case slaMet = "sla-met"
    /// Records open at the end of the period: `from` before the end, no `to` before it.
    case backlog
    /// Mean age in hours, at the end of the period, of the records in the backlog.
    case backlogAge = "backlog-age"

    /// The unit `actual` is given in.
    public var unit: KPIUnit {
        switch self {
        case .count, .backlog: .count
        case .share, .slaMet: .fraction
        case .duration, .backlogAge: .hours
        case .mean, .median: .number
        }
    }
}

/// The unit of a KPI's figure.
public enum KPIUnit: String, Sendable {
    /// A number of records.
    case count
    /// A share between 0 and 1 (written and shown as a percentage).
    case fraction
    /// Hours (written as `8h`, `30m`, `2d` in targets).
    case hours
    /// A plain number, such as a mean satisfaction score.
    case number
}

/// How a KPI's figure is compared with its target.
public enum KPIComparison: String, Sendable, CaseIterable {
    case atLeast = ">="
    case atMost = "<="
    case equal = "="
    case above = ">"
    case below = "<"
}

/// A KPI's target: `>= 95%`, `<= 8h`, `= 0`.
public struct KPITarget: Sendable, Equatable {
    public var comparison: KPIComparison
    /// In the KPI's unit: a fraction for shares, hours for durations.
    public var value: Double
    /// The target as written in the procedure.
    public var text: String
    /// A duration target written in days (`<= 30d`): the report shows the KPI's figures in days
    /// too, so that target and figures read in one unit (the value stays in hours).
    public var inDays = false

    /// True when `actual` meets the target.
    public func isMet(by actual: Double) -> Bool {
        // Shares and means are quotients: compare with a tolerance so that 19/20 meets `>= 95%`.
        let epsilon = 1e-9
        switch comparison {
        case .atLeast: return actual >= value - epsilon
        case .atMost: return actual <= value + epsilon
        case .equal: return abs(actual - value) <= epsilon
        case .above: return actual > value + epsilon
        case .below: return actual < value - epsilon
        }
    }
}

/// One alternative of a KPI filter: a condition on the record and, optionally,
/// a rule that must report a finding for it.
public struct KPIClause: Sendable {
    public var condition: Condition
    /// A per-record rule id (`change-approval`): the clause holds only when that rule fires.
    public var rule: String?
}

/// Which records a KPI counts: a record matches when any clause holds
/// (no clauses: every record).
public struct KPIFilter: Sendable {
    public var clauses: [KPIClause]

    public static let all = KPIFilter(clauses: [])
    public var needsRules: Bool { clauses.contains { $0.rule != nil } }
}

/// One KPI declared in a procedure's `kpis:` block.
public struct KPIDefinition: Sendable {
    public var id: String
    public var zh: String
    public var en: String
    /// The kind whose procedure declares it.
    public var kind: String
    public var measure: KPIMeasure
    /// The datetime field whose value in the period puts a record in the population
    /// (every measure but `backlog` and `backlog-age`).
    public var timestamp: String?
    /// Restricts the population.
    public var filter: KPIFilter
    /// `share`: the records counted toward the figure.
    public var countIf: KPIFilter?
    /// `mean`, `median`: the numeric field.
    public var field: String?
    /// `duration`, `backlog`, `backlog-age`: the start and end timestamps.
    public var from: String?
    public var to: String?
    /// `duration`: `mean` or `median`.
    public var statistic: KPIMeasure?
    /// `sla-met`: `response` or `resolution`.
    public var sla: String?
    /// Fields whose values break the figure down (`per: [priority]`).
    public var per: [String]
    /// `backlog`: upper bounds of the age buckets in seconds, ascending.
    public var buckets: [Int]
    public var target: KPITarget?
    /// Where the entry is declared.
    public var position: SourcePosition

    public var unit: KPIUnit { measure.unit }
}

/// Reads a procedure's `kpis:` block; every mistake is `procedure-invalid` at its node.
struct KPIDefinitionParser {
    let parser: ProcedureParser
    let procedure: Procedure
    let stateIDs: Set<String>
    let transitions: [Transition]

    var reader: DefinitionReader { parser.reader }

    static let keys = ["id", "zh", "en", "measure", "timestamp", "where", "count_if", "field", "from", "to",
                       "statistic", "sla", "per", "buckets", "target"]

    func parse(_ node: YAMLNode) throws(ProcedureError) -> [KPIDefinition] {
        guard let items = node.items else { throw reader.error(node, "expected kpis as a list of KPI definitions, found \(reader.describe(node))") }
        var result: [KPIDefinition] = []
        for item in items {
            let definition = try kpi(item)
            if result.contains(where: { $0.id == definition.id }) {
                throw reader.error(item["id"] ?? item, "expected each KPI id once in kpis, found \"\(definition.id)\" twice")
            }
            result.append(definition)
        }
        return result
    }

    func kpi(_ node: YAMLNode) throws(ProcedureError) -> KPIDefinition {
        let pairs = try reader.pairs(node, "a KPI definition")
        if pairs.isEmpty { throw reader.error(node, "expected a KPI definition with id, zh, en and measure, found nothing") }
        try reader.checkKeys(pairs, allowed: Self.keys, in: "a KPI definition")
        func required(_ key: String) throws(ProcedureError) -> YAMLNode {
            guard let value = node[key] else { throw reader.error(node, "expected key \"\(key)\" in the KPI definition, found none") }
            return value
        }
        let id = try reader.string(try required("id"), "the KPI id")
        guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw reader.error(try required("id"), "expected a KPI id of lowercase letters, digits and dashes, found \"\(id)\"")
        }
        let zh = try reader.string(try required("zh"), "the zh label")
        let en = try reader.string(try required("en"), "the en label")
        let measureNode = try required("measure")
        let measureName = try reader.string(measureNode, "measure")
        guard let measure = KPIMeasure(rawValue: measureName) else {
            let names = KPIMeasure.allCases.map(\.rawValue)
            var message = "expected a measure (\(names.joined(separator: ", "))), found \"\(measureName)\""
            if let near = Suggestion.nearest(to: measureName, in: names) { message += ", did you mean \"\(near)\"?" }
            throw reader.error(measureNode, message)
        }
        var definition = KPIDefinition(id: id, zh: zh, en: en, kind: procedure.kind, measure: measure, timestamp: nil,
                                       filter: .all, countIf: nil, field: nil, from: nil, to: nil, statistic: nil, sla: nil,
                                       per: [], buckets: [], target: nil, position: node.range.start)
        func refuse(_ key: String, _ why: String) throws(ProcedureError) {
            if let value = node.pair(key) { throw reader.error(value.key, "unexpected key \"\(key)\" for measure \(measure.rawValue): \(why)") }
        }

        let isBacklog = measure == .backlog || measure == .backlogAge
        if isBacklog {
            try refuse("timestamp", "a backlog is taken at the end of the period from \"from\" and \"to\"")
        } else {
            definition.timestamp = try datetimeField(try required("timestamp"), "timestamp")
        }
        if let whereNode = node["where"] { definition.filter = try filter(whereNode, "where") }
        switch measure {
        case .share:
            definition.countIf = try filter(try required("count_if"), "count_if")
        case .mean, .median:
            let fieldNode = try required("field")
            let key = try declaredField(fieldNode, "field")
            guard case .int = procedure.field(key)!.type else {
                throw reader.error(fieldNode, "expected an int field for \(measure.rawValue), found \"\(key)\" of type \(procedure.field(key)!.type.name)")
            }
            definition.field = key
        case .duration, .backlog, .backlogAge:
            definition.from = try datetimeField(try required("from"), "from")
            definition.to = try datetimeField(try required("to"), "to")
            if measure == .duration {
                let statisticNode = try required("statistic")
                let text = try reader.string(statisticNode, "statistic")
                guard text == "mean" || text == "median" else {
                    throw reader.error(statisticNode, "expected statistic mean or median, found \"\(text)\"")
                }
                definition.statistic = KPIMeasure(rawValue: text)
            }
        case .slaMet:
            let slaNode = try required("sla")
            let text = try reader.string(slaNode, "sla")
            guard text == "response" || text == "resolution" else {
                throw reader.error(slaNode, "expected sla response or resolution, found \"\(text)\"")
            }
            definition.sla = text
        case .count:
            break
        }
        if measure != .share { try refuse("count_if", "only share counts a part of its population") }
        if measure != .mean && measure != .median { try refuse("field", "only mean and median average a field") }
        if measure != .slaMet { try refuse("sla", "only sla-met reads the SLA") }
        if measure != .duration {
            try refuse("statistic", "only duration takes a statistic")
            if !isBacklog { try refuse("from", "only duration and backlog measure between two timestamps"); try refuse("to", "only duration and backlog measure between two timestamps") }
        }
        if let perNode = node["per"] {
            definition.per = try groupingFields(perNode, "per")
        }
        if let bucketsNode = node["buckets"] {
            guard measure == .backlog else { throw reader.error(node.pair("buckets")!.key, "unexpected key \"buckets\" for measure \(measure.rawValue): only backlog has age buckets") }
            guard let items = bucketsNode.items, !items.isEmpty else {
                throw reader.error(bucketsNode, "expected buckets as a list of ages such as [1d, 3d, 7d], found \(reader.describe(bucketsNode))")
            }
            for item in items {
                let text = try reader.string(item, "a bucket age")
                guard let seconds = DurationText.parse(text), seconds > 0 else {
                    throw reader.error(item, "expected a bucket age such as 1d, 12h or 30m, found \"\(text)\"")
                }
                if let last = definition.buckets.last, seconds <= last {
                    throw reader.error(item, "expected bucket ages in ascending order, found \"\(text)\" after a longer or equal one")
                }
                definition.buckets.append(seconds)
            }
        }
        if let targetNode = node["target"] {
            let text = try reader.string(targetNode, "target")
            switch KPITargetParser.parse(text, unit: measure.unit) {
            case .success(let target): definition.target = target
            case .failure(let failure): throw reader.error(targetNode, failure.message)
            }
        }
        return definition
    }

    /// A field or a list of fields that records are counted by (`per:`, `report: {by:}`):
    /// each declared once, of a type with few values (enum, state, person, bool).
    func groupingFields(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> [String] {
        var fields: [String] = []
        for item in node.items ?? [node] {
            let key = try declaredField(item, what)
            switch procedure.field(key)!.type {
            case .enumeration, .state, .person, .bool: break
            default: throw reader.error(item, "expected an enum, state, person or bool field in \(what), found \"\(key)\" of type \(procedure.field(key)!.type.name)")
            }
            if fields.contains(key) { throw reader.error(item, "expected each field once in \(what), found \"\(key)\" twice") }
            fields.append(key)
        }
        return fields
    }

    /// A procedure's `report:` block: `by:`, the fields the statistics report counts the
    /// records opened in a period by (docs/report.md).
    func reportFields(_ node: YAMLNode) throws(ProcedureError) -> [String] {
        let pairs = try reader.pairs(node, "report")
        try reader.checkKeys(pairs, allowed: ["by"], in: "report")
        guard let byNode = node["by"] else { throw reader.error(node, "expected key \"by\" in report, found none; list the fields to count by, such as by: [status, priority]") }
        return try groupingFields(byNode, "report by")
    }

    func declaredField(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> String {
        let key = try reader.string(node, what)
        guard procedure.field(key) != nil else {
            var message = "expected a declared field for \(what), found \"\(key)\""
            if let near = Suggestion.nearest(to: key, in: procedure.fields.map(\.key)) { message += ", did you mean \"\(near)\"?" }
            throw reader.error(node, message)
        }
        return key
    }

    func datetimeField(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> String {
        let key = try declaredField(node, what)
        guard case .datetime = procedure.field(key)!.type else {
            throw reader.error(node, "expected a datetime field for \(what), found \"\(key)\" of type \(procedure.field(key)!.type.name)")
        }
        return key
    }

    /// A condition mapping, or a list of them of which any may hold.
    func filter(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> KPIFilter {
        let items = node.items ?? [node]
        if items.isEmpty { throw reader.error(node, "expected \(what) to list at least one condition, found none") }
        var clauses: [KPIClause] = []
        for item in items {
            let pairs = try reader.pairs(item, "a condition in \(what)")
            try reader.checkKeys(pairs, allowed: ["from", "in", "when", "unless", "rule"], in: "a condition in \(what)")
            var clause = KPIClause(condition: Condition(), rule: nil)
            if pairs.contains(where: { $0.name != "rule" }) {
                clause.condition = try parser.condition(item, allowStates: true, stateIDs: stateIDs, transitions: transitions)
            } else if pairs.isEmpty {
                throw reader.error(item, "expected a condition with from, in, when, unless or rule in \(what), found nothing")
            }
            for (field, _) in clause.condition.when + clause.condition.unless where procedure.field(field) == nil {
                var message = "expected a declared field in \(what), found \"\(field)\""
                if let near = Suggestion.nearest(to: field, in: procedure.fields.map(\.key)) { message += ", did you mean \"\(near)\"?" }
                throw reader.error(item, message)
            }
            if let ruleNode = item["rule"] {
                let rule = try reader.string(ruleNode, "rule")
                guard RuleCatalog.recordRule(rule) != nil else {
                    let ids = RuleCatalog.recordRuleIDs
                    var message = "expected a rule checked on single records (\(ids.joined(separator: ", "))), found \"\(rule)\""
                    if let near = Suggestion.nearest(to: rule, in: ids) { message += ", did you mean \"\(near)\"?" }
                    throw reader.error(ruleNode, message)
                }
                clause.rule = rule
            }
            clauses.append(clause)
        }
        return KPIFilter(clauses: clauses)
    }
}

/// Reads KPI targets: `>= 95%`, `<= 8h`, `= 0`.
public enum KPITargetParser {
    public struct Failure: Error, Sendable { public var message: String }

    /// The target `text` for a KPI of `unit`: a share needs `%`, hours a duration unit.
    public static func parse(_ text: String, unit: KPIUnit) -> Result<KPITarget, Failure> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Longest operators first, so that ">=" is not read as ">".
        let operators: [KPIComparison] = [.atLeast, .atMost, .equal, .above, .below]
        guard let comparison = operators.first(where: { trimmed.hasPrefix($0.rawValue) }) else {
            return .failure(Failure(message: "expected a target such as \">= 95%\", \"<= 8h\" or \"= 0\" (>=, <=, =, > or < and a value), found \"\(text)\""))
        }
        let rest = trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
        let example: String
        let value: Double?
        switch unit {
        case .fraction:
            example = "a percentage such as 95%"
            value = rest.hasSuffix("%") ? Double(rest.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 } : nil
        case .hours:
            example = "a duration such as 8h, 30m or 2d"
            value = DurationText.parse(rest).map { Double($0) / 3600 }
        case .count:
            example = "a whole number such as 0"
            value = Int(rest).map(Double.init)
        case .number:
            example = "a number such as 4.5"
            value = Double(rest)
        }
        guard let value, value.isFinite, value >= 0 else {
            return .failure(Failure(message: "expected the target value to be \(example), found \"\(rest)\" in \"\(text)\""))
        }
        if unit == .fraction && value > 1 {
            return .failure(Failure(message: "expected a percentage from 0% to 100%, found \"\(rest)\""))
        }
        return .success(KPITarget(comparison: comparison, value: value, text: "\(comparison.rawValue) \(rest)",
                                  inDays: unit == .hours && rest.hasSuffix("d")))
    }
}

extension RuleCatalog {
    /// The rules a KPI filter may name (`rule:`): those that judge one record on its own
    /// by its fields and sections, with their checks.
    static let kpiRules: [(rule: RuleID, check: RecordCheck)] = [
        (RequiredFieldRule.description.rule, RequiredFieldRule.check), (SectionMissingRule.description.rule, SectionMissingRule.check),
        (TimeOrderRule.description.rule, TimeOrderRule.check), (PriorityMatrixRule.description.rule, PriorityMatrixRule.check),
        (ClosureCodeRule.description.rule, ClosureCodeRule.check), (ChangeApprovalRule.description.rule, ChangeApprovalRule.check),
        (SegregationOfDutiesRule.description.rule, SegregationOfDutiesRule.check), (ChangeReviewRule.description.rule, ChangeReviewRule.check),
    ]

    /// The check of the rule `id` that a KPI filter may name, or nil.
    static func recordRule(_ id: String) -> RecordCheck? {
        kpiRules.first { $0.rule.rawValue == id }?.check
    }

    /// Ids of the rules a KPI filter may name, sorted.
    static var recordRuleIDs: [String] { kpiRules.map(\.rule.rawValue).sorted() }
}
