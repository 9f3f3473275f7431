extension KPIEngine {
    /// The report figures of `procedure`'s kind for the current period of `context`.
    func computeFigures(_ context: Context, _ facts: [RecordFacts], procedure: Procedure) -> ReportFigures {
        let period = context.periods[context.current]
        let kind = procedure.kind
        let distributionFields = ReportFields.distributions(procedure)

        var figures = ReportFigures(kind: kind, opened: [], resolved: [], closed: [], distributions: [], backlog: [],
                                    backlogBuckets: [], slaByPriority: [], topConfigurationItems: [], repeatIncidents: [],
                                    majorIncidents: [], workaroundClosures: [], breached: [], breachedOpen: [], titles: [:])
        var distributions = distributionFields.map { _ in [String?: [String]]() }
        var backlogAges: [(id: String, seconds: Int64)] = []
        var byPriority: [String: SLACompliance] = [:]
        var byItem: [String: [String]] = [:]
        /// Configuration item and category → (opening timestamp, id) of every record of the kind.
        var repeatCandidates: [String: [(at: Int64, id: String)]] = [:]
        var titles: [String: String] = [:]
        /// Record → problems that link to it (written in the problem).
        var problemsLinking: [String: [String]] = [:]
        var workaround: [(id: String, links: [String])] = []

        for record in facts {
            if let title = record.title { titles[record.id] = title }
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
            guard let figure = record.figure else { continue }
            let id = record.id
            if let opened = figure.opened, let category = figure.category {
                for item in figure.items { repeatCandidates[item + "\u{0}" + category, default: []].append((opened, id)) }
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
            for (slot, value) in figure.values.enumerated() { distributions[slot][value, default: []].append(id) }
            for item in Set(figure.items) { byItem[item, default: []].append(id) }
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
                items: Self.orderedValues(field, procedure, roles: procedures.roles, present: Array(groups.keys)).map { value in
                    FieldDistribution.Item(value: value.value, zh: value.zh, en: value.en, records: groups[value.value] ?? [])
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
        return figures
    }

    /// Chains of records on one configuration item and category whose consecutive
    /// opening timestamps are at most `ReportFigures.repeatWindowSeconds` apart, with
    /// at least two records and one opened in `period`.
    static func repeatGroups(_ candidates: [String: [(at: Int64, id: String)]], period: KPIPeriod) -> [RepeatGroup] {
        var groups: [(group: RepeatGroup, first: Int64)] = []
        for key in candidates.keys.sorted() {
            let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let entries = candidates[key]!.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
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
