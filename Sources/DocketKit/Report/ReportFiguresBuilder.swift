extension KPIEngine {
    /// The report figures of `procedure`'s kind for the current period of `context`.
    func computeFigures(_ context: Context, procedure: Procedure) -> ReportFigures {
        let period = context.periods[context.current]
        let kind = procedure.kind
        let openedField = procedure.openedField, resolvedField = procedure.slaResolutionField, closedField = procedure.closedField
        let distributionFields = ReportFields.distributions.filter { procedure.field($0) != nil }
        let hasCategory = procedure.field(ReportFields.category) != nil

        var figures = ReportFigures(kind: kind, opened: [], resolved: [], closed: [], distributions: [], backlog: [],
                                    backlogBuckets: [], slaByPriority: [], topConfigurationItems: [], repeatIncidents: [],
                                    majorIncidents: [], workaroundClosures: [], breached: [])
        var distributions = distributionFields.map { _ in [String?: [String]]() }
        var backlogAges: [(id: String, seconds: Int64)] = []
        var byPriority: [String: SLACompliance] = [:]
        var byItem: [String: [String]] = [:]
        /// Configuration item and category → (opening timestamp, id) of every record of the kind.
        var repeatCandidates: [String: [(at: Int64, id: String)]] = [:]

        for (index, id) in store.ids.enumerated() {
            let record = store.records[id]!
            if let report = context.sla[index], let resolvedAt = report.resolvedAt, period.contains(resolvedAt) {
                let response = report.response?.state, resolution = report.resolution?.state
                if response == .breached || resolution == .breached {
                    figures.breached.append(BreachedRecord(id: id, kind: record.kind, priority: report.priority,
                                                           response: response, resolution: resolution))
                }
                if record.kind == kind, let priority = report.priority {
                    var compliance = byPriority[priority] ?? SLACompliance(priority: priority, resolved: [], responseMet: [],
                                                                            responseBreached: [], resolutionMet: [], resolutionBreached: [])
                    compliance.resolved.append(id)
                    if response == .met { compliance.responseMet.append(id) } else if response == .breached { compliance.responseBreached.append(id) }
                    if resolution == .met { compliance.resolutionMet.append(id) } else if resolution == .breached { compliance.resolutionBreached.append(id) }
                    byPriority[priority] = compliance
                }
            }
            guard record.kind == kind else { continue }
            let opened = openedField.flatMap { record.datetime($0) }
            let resolved = resolvedField.flatMap { record.datetime($0) }
            let items = Self.references(record.value(ReportFields.configurationItems))

            if let opened, hasCategory, let category = record.canonical(ReportFields.category) {
                for item in items { repeatCandidates[item + "\u{0}" + category, default: []].append((opened, id)) }
            }
            if let opened, opened < period.to, resolved.map({ $0 >= period.to }) ?? true {
                figures.backlog.append(id)
                backlogAges.append((id, period.to - opened))
            }
            if let resolved, period.contains(resolved) { figures.resolved.append(id) }
            if let closed = closedField.flatMap({ record.datetime($0) }), period.contains(closed) {
                figures.closed.append(id)
                if record.canonical(ReportFields.closureCode) == ReportFields.workaround {
                    let problems = store.linked(to: id).filter { store.kind(of: $0) == "problem" }.sorted()
                    figures.workaroundClosures.append(WorkaroundClosure(id: id, problems: problems))
                }
            }
            guard let opened, period.contains(opened) else { continue }
            figures.opened.append(id)
            for (slot, field) in distributionFields.enumerated() {
                distributions[slot][record.canonical(field), default: []].append(id)
            }
            for item in Set(items) { byItem[item, default: []].append(id) }
            if record.canonical(ReportFields.major) == "true" || record.canonical(ReportFields.priority) == ReportFields.majorPriority {
                figures.majorIncidents.append(id)
            }
        }

        let roles = store.procedures.roles
        figures.distributions = distributionFields.enumerated().map { slot, field in
            let groups = distributions[slot]
            return FieldDistribution(
                field: field, zh: procedure.field(field)!.zh, en: procedure.field(field)!.en,
                items: Self.orderedValues(field, procedure, roles: roles, present: Array(groups.keys)).map { value in
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
            .map { item in
                ConfigurationItemCount(id: item.key, title: store.record(item.key).flatMap { store.title(of: $0) }, records: item.value)
            }
        figures.repeatIncidents = Self.repeatGroups(repeatCandidates, period: period)
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
