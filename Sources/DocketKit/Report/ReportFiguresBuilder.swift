extension KPIEngine {
    /// The report figures of `procedure`'s kind for the current period of `context`.
    func computeFigures(_ context: Context, _ facts: [RecordFacts], procedure: Procedure) -> ReportFigures {
        let period = context.periods[context.current]
        let kind = procedure.kind
        let distributionFields = ReportFields.distributions(procedure)

        var figures = ReportFigures(kind: kind, opened: [], resolved: [], closed: [], distributions: [], backlog: [],
                                    backlogBuckets: [], slaByPriority: [], topConfigurationItems: [], repeatIncidents: [],
                                    majorIncidents: [], workaroundClosures: [], breached: [], breachedOpen: [], titles: [:])
        // A field has a handful of values: found along a short list, not hashed for every record.
        var distributions = distributionFields.map { _ in SmallGroups() }
        var backlogAges: [(id: String, seconds: Int64)] = []
        var byPriority: [String: SLACompliance] = [:]
        var byItem: [String: [String]] = [:]
        /// Configuration item and category → (opening timestamp, id) of every record of the kind.
        var repeatCandidates: [RepeatKey: [(at: Int64, id: String)]] = [:]
        var titles: [String: String] = [:]
        var table = ReportRecordTable()
        // The facts may serve the figures of other kinds too: only this kind's figure facts count,
        // and only the titles this kind's figures show.
        let titledKinds = context.titledKinds[kind] ?? []
        func shown(_ record: RecordFacts) -> Bool { record.title != nil && (record.kind == kind || titledKinds.contains(record.kind)) }
        let titled = facts.reduce(0) { $0 + (shown($1) ? 1 : 0) }
        titles.reserveCapacity(titled)
        table.reserveCapacity(records: titled, bytesEach: 48)
        /// Record → problems that link to it (written in the problem).
        var problemsLinking: [String: [String]] = [:]
        var workaround: [(id: String, links: [String])] = []

        for record in facts {
            if shown(record), let title = record.title {
                titles[record.id] = title
                table.append(id: record.id, title: title)
            }
            if let open = record.breachedAtEnd {
                figures.breachedOpen.append(BreachedRecord(id: record.id, kind: record.kind, priority: open.priority,
                                                           response: open.response ? .breached : nil,
                                                           resolution: open.resolution ? .breached : nil))
            }
            if record.kind == ReportFields.problemKind {
                for target in record.links { problemsLinking[target, default: []].append(record.id) }
            }
            if let sla = record.sla {
                if sla.response == .breached || sla.resolution == .breached {
                    figures.breached.append(BreachedRecord(id: record.id, kind: record.kind, priority: sla.priority,
                                                           response: sla.response, resolution: sla.resolution))
                }
                if record.kind == kind, let priority = sla.priority {
                    // Appended in place: copying a priority's lists for every record made the year quadratic.
                    let empty = SLACompliance(priority: priority, resolved: [], responseMet: [], responseBreached: [],
                                              resolutionMet: [], resolutionBreached: [])
                    byPriority[priority, default: empty].resolved.append(record.id)
                    if sla.response == .met { byPriority[priority, default: empty].responseMet.append(record.id) }
                    else if sla.response == .breached { byPriority[priority, default: empty].responseBreached.append(record.id) }
                    if sla.resolution == .met { byPriority[priority, default: empty].resolutionMet.append(record.id) }
                    else if sla.resolution == .breached { byPriority[priority, default: empty].resolutionBreached.append(record.id) }
                }
            }
            guard let figure = record.figure, record.kind == kind else { continue }
            let id = record.id
            if let opened = figure.opened, let category = figure.category {
                for item in figure.items { repeatCandidates[RepeatKey(item: item, category: category), default: []].append((opened, id)) }
            }
            if let opened = figure.opened, opened < period.to, figure.backlogEnd.map({ $0 >= period.to }) ?? true {
                figures.backlog.append(id)
                backlogAges.append((id, period.to - opened))
            }
            if let resolved = figure.resolved, period.contains(resolved) { figures.resolved.append(id) }
            if let closed = figure.closed, period.contains(closed) {
                figures.closed.append(id)
                if figure.isWorkaround { workaround.append((id, record.links)) }
            }
            guard let opened = figure.opened, period.contains(opened) else { continue }
            figures.opened.append(id)
            for (slot, value) in figure.values.enumerated() { distributions[slot].append(id, to: value) }
            // Each item once per record, in written order (a Set per record cost more than the lists).
            for (position, item) in figure.items.enumerated() where !figure.items[..<position].contains(item) {
                byItem[item, default: []].append(id)
            }
            if figure.isMajor { figures.majorIncidents.append(id) }
        }

        let problemKind = procedures.procedure(kind: ReportFields.problemKind)
        figures.workaroundClosures = workaround.map { closure in
            let written = closure.links.filter { problemKind?.idPattern.matches($0) ?? false }
            return WorkaroundClosure(id: closure.id, problems: Array(Set(written + (problemsLinking[closure.id] ?? []))).sorted())
        }
        figures.distributions = distributionFields.enumerated().map { slot, field in
            let groups = distributions[slot]
            return FieldDistribution(
                field: field, zh: procedure.field(field)!.zh, en: procedure.field(field)!.en,
                items: Self.orderedValues(field, procedure, roles: procedures.roles, present: groups.values).map { value in
                    FieldDistribution.Item(value: value.value, zh: value.zh, en: value.en, records: groups.records(of: value.value))
                })
        }
        figures.backlogBuckets = Self.buckets(ReportFigures.backlogBucketBounds, backlogAges)
        if case .enumeration(let priorities)? = procedure.field(ReportFields.priority)?.type {
            figures.slaByPriority = priorities.ids.map { priority in
                byPriority[priority] ?? SLACompliance(priority: priority, resolved: [], responseMet: [], responseBreached: [],
                                                      resolutionMet: [], resolutionBreached: [])
            }
        }
        figures.topConfigurationItems = byItem
            .sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
            .prefix(ReportFigures.topLimit)
            .map { ConfigurationItemCount(id: $0.key, title: titles[$0.key], records: $0.value) }
        figures.repeatIncidents = Self.repeatGroups(repeatCandidates, period: period)
        figures.titles = titles
        figures.recordTable = table
        return figures
    }

    /// A configuration item and a category: the records of a possible repeat group.
    struct RepeatKey: Hashable {
        var item: String
        var category: String
    }

    /// Ids by value of one field, values in the order first seen; found along the list while
    /// there are few values (a field's declared values), through a dictionary beyond that
    /// (persons).
    struct SmallGroups {
        private(set) var values: [String?] = []
        private var lists: [[String]] = []
        private var positions: [String?: Int] = [:]
        static let linearLimit = 16

        mutating func append(_ id: String, to value: String?) {
            let position: Int
            if let found = values.count <= Self.linearLimit ? values.firstIndex(of: value) : positions[value] {
                position = found
            } else {
                position = values.count
                values.append(value)
                lists.append([])
                if values.count > Self.linearLimit {
                    if positions.isEmpty { for (index, known) in values.enumerated() { positions[known] = index } }
                    else { positions[value] = position }
                }
            }
            lists[position].append(id)
        }

        func records(of value: String?) -> [String] {
            (values.count <= Self.linearLimit ? values.firstIndex(of: value) : positions[value]).map { lists[$0] } ?? []
        }
    }

    /// Chains of records on one configuration item and category whose consecutive
    /// opening timestamps are at most `ReportFigures.repeatWindowSeconds` apart, with
    /// at least two records and one opened in `period`.
    static func repeatGroups(_ candidates: [RepeatKey: [(at: Int64, id: String)]], period: KPIPeriod) -> [RepeatGroup] {
        var groups: [(group: RepeatGroup, first: Int64)] = []
        for (key, candidates) in candidates {
            let parts = [key.item, key.category]
            let entries = candidates.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            var chain: [(at: Int64, id: String)] = []
            func flush() {
                if chain.count >= 2, chain.contains(where: { period.contains($0.at) }) {
                    groups.append((RepeatGroup(configurationItem: parts[0], category: parts[1], records: chain.map(\.id)), chain[0].at))
                }
                chain = []
            }
            for entry in entries {
                if let last = chain.last, entry.at - last.at > ReportFigures.repeatWindowSeconds { flush() }
                chain.append(entry)
            }
            flush()
        }
        return groups.sorted {
            ($0.group.configurationItem, $0.group.category, $0.first) < ($1.group.configurationItem, $1.group.category, $1.first)
        }.map(\.group)
    }

    /// The ids of a list-of-references value, in written order.
    static func references(_ value: FieldValue?) -> [String] {
        switch value {
        case .references(let references)?: return references.map(\.id)
        case .list(let items)?: return items.flatMap { references($0.value) }
        default: return []
        }
    }
}
