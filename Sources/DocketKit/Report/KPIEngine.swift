/// Every KPI of a period with its trend, and the report's other figures.
public struct KPIReport: Sendable, Equatable {
    public var period: KPIPeriod
    /// The periods the trend covers, oldest first (see `KPIPeriod.preceding`).
    public var trendPeriods: [KPIPeriod]
    /// By kind id, then in the order the procedure declares them.
    public var kpis: [KPIResult]
    /// The figures for `KPIEngine.figuresKind`; nil when the repository does not define that kind.
    public var figures: ReportFigures?

    /// The KPI `id` (of `kind`, when several kinds use the id).
    public func kpi(_ id: String, kind: String? = nil) -> KPIResult? {
        kpis.first { $0.id == id && (kind == nil || $0.kind == kind) }
    }
}

/// Computes the KPIs that the procedures declare (`kpis:`) and the figures of the
/// statistics report.
///
/// Each record is read once, in parallel, into a few compact facts — which period
/// each KPI places it in, whether it counts, its value, its SLA states — that serve
/// the period and every trend period; a record's timestamp is placed in its period by
/// a binary search over the period bounds. Built over a repository folder
/// (`init(root:procedures:)`), the engine does not keep the records, so 10^5 of them
/// fit in little memory. The facts are merged in id order: every list of ids is
/// sorted, every breakdown in declaration order, and the same records and period
/// give equal reports.
public struct KPIEngine: Sendable {
    public let procedures: ProcedureSet
    /// How many preceding periods the trend covers.
    public var trendLength: Int
    /// The kind the report figures (`ReportFigures`) describe.
    public var figuresKind: String
    let source: Source

    enum Source: Sendable {
        case store(RecordStore)
        case repository(String)
    }

    /// An engine over the records of a loaded store.
    public init(store: RecordStore, trendLength: Int = 6, figuresKind: String = "incident") {
        self.procedures = store.procedures
        self.trendLength = trendLength
        self.figuresKind = figuresKind
        self.source = .store(store)
    }

    /// An engine that reads the records under `tickets/` of the repository at `root`
    /// while it computes, keeping none of them (files that cannot be read as records
    /// are left out, as `RecordStore` leaves them out; the first file by path wins on
    /// a duplicated id).
    public init(root: String, procedures: ProcedureSet, trendLength: Int = 6, figuresKind: String = "incident") {
        self.procedures = procedures
        self.trendLength = trendLength
        self.figuresKind = figuresKind
        self.source = .repository(root)
    }

    /// The KPIs and figures of `period`.
    public func report(period: KPIPeriod) -> KPIReport {
        report(period: period, phases: nil)
    }

    /// The KPIs and figures of `period`, each phase timed by `phases` when given.
    func report(period: KPIPeriod, phases: ReportPhases?) -> KPIReport {
        reports(period: period, figuresKinds: [figuresKind], phases: phases)[0]
    }

    /// One report of `period` for each of `figuresKinds` (in that order), from one read of the
    /// records: the KPIs, which cover every kind, are computed once and shared; each report
    /// carries the figures of its kind, equal to what an engine with that `figuresKind` gives.
    func reports(period: KPIPeriod, figuresKinds: [String], phases: ReportPhases?) -> [KPIReport] {
        let trend = period.preceding(trendLength, timeZone: procedures.settings.timeZone)
        let context = Context(procedures: procedures, periods: trend + [period], figuresKinds: figuresKinds)
        let facts = collectFacts(context, phases: phases)
        // The KPIs and each kind's figures read the same facts and nothing of each other: each
        // on a core of its own (serial passes one after the other were a fifth of a year's wall time).
        let parts = parallelMap(1 + figuresKinds.count) { part -> ComputedPart in
            if part == 0 { return .kpis(computeKPIs(context, facts)) }
            return .figures(procedures.procedure(kind: figuresKinds[part - 1]).map { computeFigures(context, facts, procedure: $0) })
        }
        phases?.mark("kpis and figures")
        var kpis: [KPIResult] = [], figures: [ReportFigures?] = []
        for part in parts {
            switch part {
            case .kpis(let computed): kpis = computed
            case .figures(let computed): figures.append(computed)
            }
        }
        return figures.map { KPIReport(period: period, trendPeriods: trend, kpis: kpis, figures: $0) }
    }

    /// One of the passes over the facts that `reports(period:figuresKinds:phases:)` runs side by side.
    enum ComputedPart: Sendable {
        case kpis([KPIResult])
        case figures(ReportFigures?)
    }

    // MARK: - Shared state of one report

    /// The periods, the KPI definitions, the SLA evaluator and the rule context of one report.
    struct Context: Sendable {
        let procedures: ProcedureSet
        let periods: [KPIPeriod]
        /// `periods[i].from`, then the end of the last period.
        let bounds: [Int64]
        /// Every KPI, by kind id then declaration order, with its procedure.
        let definitions: [(definition: KPIDefinition, procedure: Procedure)]
        /// `definitions[i].definition`, each in a class of its own (`DefinitionBox`).
        let boxes: [DefinitionBox]
        /// Kind → indices into `definitions`.
        let byKind: [String: [Int]]
        /// How many definitions measure a backlog (an entry per period for a record).
        let backlogDefinitions: Int
        /// Kind → what `facts` reads of its records, found with one look-up per record.
        let plans: [String: KindPlan]
        let evaluator: SLAEvaluator?
        /// Measures records open at the end of the current period as of that instant.
        let endEvaluator: SLAEvaluator?
        let ruleContext: RuleContext
        /// The kinds whose figures are computed, each in a report of its own.
        let figuresKinds: [String]
        /// Figures kind → the kinds whose titles its figures show (those `configuration_items`
        /// refers to).
        let titledKinds: [String: Set<String>]
        /// Every kind whose records' titles some figures show: the figures kinds and their titled kinds.
        let allTitledKinds: Set<String>
        /// Kinds with a KPI whose filter runs a record rule: their records are read whole
        /// (a rule may read the body).
        let ruleKinds: Set<String>
        /// Kind → the front-matter fields `facts` and the SLA evaluation read of its records
        /// (none for a kind in `ruleKinds`: a rule may read any field).
        let selections: [String: FieldSelection]

        init(procedures: ProcedureSet, periods: [KPIPeriod], figuresKinds: [String]) {
            self.procedures = procedures
            self.periods = periods
            self.bounds = periods.map(\.from) + [periods.last!.to]
            var definitions: [(definition: KPIDefinition, procedure: Procedure)] = []
            var byKind: [String: [Int]] = [:]
            for procedure in procedures.procedures.filter({ !$0.kpis.isEmpty }).sorted(by: { $0.kind < $1.kind }) {
                for definition in procedure.kpis {
                    byKind[procedure.kind, default: []].append(definitions.count)
                    definitions.append((definition, procedure))
                }
            }
            self.definitions = definitions
            self.boxes = definitions.map { DefinitionBox(definition: $0.definition) }
            self.byKind = byKind
            self.backlogDefinitions = definitions.filter { [.backlog, .backlogAge].contains($0.definition.measure) }.count
            var plans: [String: KindPlan] = [:]
            for procedure in procedures.procedures where plans[procedure.kind] == nil {
                plans[procedure.kind] = KindPlan(procedure: procedure, positions: byKind[procedure.kind] ?? [],
                                                 definitions: definitions.map(\.definition))
            }
            self.plans = plans
            self.ruleKinds = Set(definitions.filter { item in
                item.definition.filter.needsRules || item.definition.countIf?.needsRules == true
            }.map(\.procedure.kind))
            self.evaluator = SLAEvaluator(procedures: procedures, now: nil)
            self.endEvaluator = SLAEvaluator(procedures: procedures, now: periods.last!.to)
            self.ruleContext = RuleContext(procedures: procedures, dates: DateTimeParser(timeZone: procedures.settings.timeZone), now: nil)
            self.figuresKinds = figuresKinds
            var titled: [String: Set<String>] = [:]
            for figuresKind in figuresKinds {
                titled[figuresKind] = []
                if case .list(let item)? = procedures.procedure(kind: figuresKind)?.field(ReportFields.configurationItems)?.type,
                   case .reference(let kind?) = item.type {
                    titled[figuresKind, default: []].insert(kind)
                }
            }
            self.titledKinds = titled
            self.allTitledKinds = titled.values.reduce(Set(figuresKinds)) { $0.union($1) }
            var selections: [String: FieldSelection] = [:]
            for (kind, plan) in plans where !ruleKinds.contains(kind) {
                guard let procedure = procedures.procedure(kind: kind) else { continue }
                let named = Self.readFields(procedure, plan: plan, definitions: (byKind[kind] ?? []).map { definitions[$0].definition })
                selections[kind] = FieldSelection(procedure: procedure, keys: named)
            }
            self.selections = selections
        }

        /// The front-matter fields of `procedure`'s records that `facts` and `SLAEvaluator.evaluate`
        /// read (the references, which `Record.references` reads, `FieldSelection` adds; the
        /// evaluation's escalations list is left out: the report reads none of its escalations).
        static func readFields(_ procedure: Procedure, plan: KindPlan, definitions: [KPIDefinition]) -> [String] {
            var names = ["id", "status", procedure.titleField, SLAFields.priority, SLAFields.responded,
                         ReportFields.configurationItems, ReportFields.category, ReportFields.major,
                         ReportFields.priority, ReportFields.closureCode]
            names += plan.timeFields
            names += [procedure.openedField, procedure.slaResolutionField, procedure.closedField].compactMap { $0 }
            names += ReportFields.distributions(procedure)
            for definition in definitions {
                names += [definition.timestamp, definition.from, definition.to, definition.field].compactMap { $0 }
                names += definition.per
                for clause in definition.filter.clauses + (definition.countIf?.clauses ?? []) {
                    names += clause.condition.when.map(\.field) + clause.condition.unless.map(\.field)
                }
            }
            return names
        }

        var current: Int { periods.count - 1 }

        /// The kinds whose records can yield facts: those with KPIs or SLA targets (the breached
        /// lists), the figures kind, problems (their links) and the titled kinds; `facts` returns
        /// nil for a record of any other.
        var readKinds: Set<String> {
            Set(byKind.keys).union(evaluator.map { Set($0.policy.targets.keys) } ?? [])
                .union([ReportFields.problemKind]).union(allTitledKinds)
        }

        /// The index of the period holding `instant`, or nil.
        func period(of instant: Int64) -> Int? {
            guard instant >= bounds[0], instant < bounds[bounds.count - 1] else { return nil }
            var low = 0, high = bounds.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if bounds[middle] <= instant { low = middle } else { high = middle }
            }
            return low
        }

        func matches(_ filter: KPIFilter, _ record: Record, _ procedure: Procedure) -> Bool {
            if filter.clauses.isEmpty { return true }
            return filter.clauses.contains { clause in
                guard record.satisfies(clause.condition) else { return false }
                guard let rule = clause.rule else { return true }
                return fires(rule, record, procedure)
            }
        }

        /// True when the per-record rule `id` reports a finding for `record`.
        func fires(_ id: String, _ record: Record, _ procedure: Procedure) -> Bool {
            guard let check = RuleCatalog.recordRule(id) else { return false }
            var sink = DiagnosticSink(path: record.path)
            check(record, procedure, ruleContext, &sink)
            return sink.diagnostics.contains { $0.rule == id }
        }

        /// The SLA report of a record resolved within the periods, else nil.
        func sla(_ record: Record, _ procedure: Procedure) -> SLAReport? {
            guard let evaluator, evaluator.policy.targets[record.kind] != nil,
                  let resolved = procedure.slaResolutionField.flatMap({ record.datetime($0) }),
                  resolved >= bounds[0], resolved < bounds[bounds.count - 1] else { return nil }
            return evaluator.evaluate(record)
        }

        /// Which targets of a record open at the end of the current period were already
        /// breached then (nil when none was, or the record was not open then).
        ///
        /// A target is breached at the end when its due instant lies before the end while
        /// the record was not yet responded to (resolved) at the end; events after the end
        /// can only move a due instant later, so a due before the end is the due as of the end.
        func breachedAtEnd(_ record: Record, _ procedure: Procedure) -> (priority: String?, response: Bool, resolution: Bool)? {
            guard let endEvaluator, endEvaluator.policy.targets[record.kind] != nil,
                  let opened = procedure.openedField.flatMap({ record.datetime($0) }) else { return nil }
            let end = bounds[bounds.count - 1]
            let resolved = procedure.slaResolutionField.flatMap { record.datetime($0) }
            guard opened < end, resolved.map({ $0 >= end }) ?? true, let report = endEvaluator.evaluate(record) else { return nil }
            func late(_ measure: SLAMeasure?, done: Int64?) -> Bool {
                guard let measure else { return false }
                return Int64(measure.due.timeIntervalSince1970) < end && (done.map { $0 >= end } ?? true)
            }
            let response = late(report.response, done: report.respondedAt)
            let resolution = late(report.resolution, done: resolved)
            return response || resolution ? (report.priority, response, resolution) : nil
        }
    }

    /// What the facts of one kind's records read: its KPIs and the timestamp fields they and the
    /// figures name, each field looked up once per record instead of once per KPI.
    struct KindPlan: Sendable {
        /// Indices into `Context.definitions` of the kind's KPIs.
        let positions: [Int]
        /// The distinct timestamp fields read, in first-named order.
        let timeFields: [String]
        /// Per entry of `positions`: where its timestamp, from and to fields are in `timeFields` (-1: none).
        let slots: [(timestamp: Int, from: Int, to: Int)]
        /// Slots of the procedure's opening, SLA resolution and closing fields (-1: none).
        let opened: Int, resolved: Int, closed: Int
        /// `procedure.slaResolutionField` (computed on each call).
        let resolutionField: String?

        init(procedure: Procedure, positions: [Int], definitions: [KPIDefinition]) {
            var fields: [String] = []
            func slot(_ name: String?) -> Int {
                guard let name else { return -1 }
                if let found = fields.firstIndex(of: name) { return found }
                fields.append(name)
                return fields.count - 1
            }
            self.positions = positions
            self.slots = positions.map { position in
                let definition = definitions[position]
                return (slot(definition.timestamp), slot(definition.from), slot(definition.to))
            }
            self.resolutionField = procedure.slaResolutionField
            self.opened = slot(procedure.openedField)
            self.resolved = slot(resolutionField)
            self.closed = slot(procedure.closedField)
            self.timeFields = fields
        }
    }

    /// A KPI definition read in place: a record's facts read a few of its fields for each
    /// KPI, where a copy of the struct retained and released every string and array in it.
    final class DefinitionBox: Sendable {
        let definition: KPIDefinition
        init(definition: KPIDefinition) { self.definition = definition }
    }

    // MARK: - Facts

    /// One record's part in one KPI in one period.
    ///
    /// 32 bytes instead of 64: a year of 10^5 records holds a million of them, and they were
    /// the report's largest memory.
    struct Entry: Sendable {
        private let definitionIndex: Int32
        private let periodIndex: Int32
        /// The value's bits, or the backlog age in seconds (the value is then that age in hours).
        private let payload: UInt64
        /// The record's values of the definition's `per` fields (current period only).
        let groups: [String?]
        let counted: Bool
        private let payloadKind: PayloadKind

        private enum PayloadKind: UInt8 { case none, value, age }

        /// - Parameter age: the backlog age in seconds; the value is then `Double(age) / 3600`.
        init(definition: Int, period: Int, counted: Bool, value: Double?, age: Int64? = nil, groups: [String?]) {
            definitionIndex = Int32(definition)
            periodIndex = Int32(period)
            self.counted = counted
            self.groups = groups
            if let age {
                payload = UInt64(bitPattern: age)
                payloadKind = .age
            } else if let value {
                payload = value.bitPattern
                payloadKind = .value
            } else {
                payload = 0
                payloadKind = .none
            }
        }

        var definition: Int { Int(definitionIndex) }
        var period: Int { Int(periodIndex) }
        /// Backlog age at the end of the period, seconds.
        var age: Int64? { payloadKind == .age ? Int64(bitPattern: payload) : nil }
        var value: Double? {
            switch payloadKind {
            case .none: nil
            case .value: Double(bitPattern: payload)
            case .age: Double(Int64(bitPattern: payload)) / 3600
            }
        }
    }

    /// What the figures need of a record of the figures kind.
    struct FigureFacts: Sendable {
        var opened: Int64?
        var resolved: Int64?
        var closed: Int64?
        /// When the record left the backlog: its resolution timestamp for a kind that has one;
        /// else its closing timestamp, or `Int64.min` for a record in a final state without
        /// one; nil while it has not (see docs/decisions.md, "backlog of a kind without a
        /// resolution timestamp").
        var backlogEnd: Int64?
        /// Values of the fields `ReportFields.distributions` gives for the kind, in that order.
        var values: [String?]
        var items: [String]
        var category: String?
        var isMajor: Bool
        var isWorkaround: Bool
    }

    /// What the report keeps of one record.
    struct RecordFacts: Sendable {
        var id: String
        var kind: String
        var entries: [Entry] = []
        var figure: FigureFacts?
        /// Priority and SLA states of a record resolved in the current period.
        var sla: (priority: String?, response: SLAState?, resolution: SLAState?)?
        /// Ids this record links to (kept only by problems and by records of the figures kind closed with a workaround).
        var links: [String] = []
        var title: String?
        /// Targets already breached at the end of the current period of a record open then.
        var breachedAtEnd: (priority: String?, response: Bool, resolution: Bool)?
    }

    func collectFacts(_ context: Context, phases: ReportPhases? = nil) -> [RecordFacts] {
        switch source {
        case .store(let store):
            let ids = store.ids, records = store.records
            return parallelMap(ids.count) { index in facts(records[ids[index]]!, id: ids[index], context) }.compactMap { $0 }
        case .repository(let root):
            // Only the kinds the report reads are opened; each through the one loader of every verb.
            let kinds = context.readKinds
            let loader = RecordLoader(root: root, procedures: procedures)
            let procedures = self.procedures
            // Records are read while the walk still lists files, in the order it lists them.
            let read = parallelStream({ emit in
                _ = RepositoryScanner.scan(root: root, procedures: procedures, only: nil) { file in
                    if let kind = file.kind, kinds.contains(kind) { emit(file) }
                }
            }) { file -> RecordFacts? in
                guard let kind = file.kind, let procedure = procedures.procedure(kind: kind) else { return nil }
                var sink = DiagnosticSink(path: file.path)
                // The body only for the work log's state marks (SLA pauses), unless a KPI filter runs a rule.
                let ruled = context.ruleKinds.contains(kind)
                guard let record = loader.record(file, procedure: procedure, sink: &sink, fields: context.selections[kind], needsBody: { body in
                    ruled || Self.mayHoldStateMark(body)
                }) else { return nil }
                return facts(record, id: record.id ?? file.stem, context)
            }
            phases?.mark("walk and read")
            // Sorted through small keys, then copied once: 10^5 facts copied by each of
            // compactMap, filter and sorted were held two or three times over.
            var keys: [(id: String, position: Int)] = []
            keys.reserveCapacity(read.count)
            for (position, facts) in read.enumerated() where facts != nil { keys.append((facts!.id, position)) }
            keys.sort { $0.id != $1.id ? $0.id < $1.id : $0.position < $1.position }
            var sorted: [RecordFacts] = []
            sorted.reserveCapacity(keys.count)
            for (index, key) in keys.enumerated() where index == 0 || keys[index - 1].id != key.id {
                // The first file by path wins on a duplicated id.
                sorted.append(read[key.position]!)
            }
            phases?.mark("sort")
            return sorted
        }
    }

    /// False when a record's body (the bytes after its front matter) cannot hold a work-log
    /// state mark (`[pending]`): it has no `[`. The facts read nothing else of the body, so
    /// such a record is read without it and gives the same facts.
    static func mayHoldStateMark(_ body: ArraySlice<UInt8>) -> Bool {
        body.contains(UInt8(ascii: "["))
    }

    /// The facts of one record; nil when no KPI or figure reads the record.
    func facts(_ record: Record, id: String, _ context: Context) -> RecordFacts? {
        guard let procedure = context.procedures.procedure(kind: record.kind) else { return nil }
        var facts = RecordFacts(id: id, kind: record.kind)
        let current = context.current
        // Measured at most once: several KPIs and the figures read the same report.
        var measured = false
        var slaReport: SLAReport?
        func sla() -> SLAReport? {
            if !measured { slaReport = context.sla(record, procedure); measured = true }
            return slaReport
        }
        guard let plan = context.plans[record.kind] else { return nil }
        // Each timestamp field once: the KPIs and the figures name the same three or four.
        let times = plan.timeFields.map { record.datetime($0) }
        func time(_ slot: Int) -> Int64? { slot < 0 ? nil : times[slot] }
        // Room for every entry at once: grown by doubling from empty, the list was reallocated
        // three or four times per record (a backlog adds one entry per period at most).
        facts.entries.reserveCapacity(plan.positions.count + context.backlogDefinitions * (context.periods.count - 1))
        for (index, position) in plan.positions.enumerated() {
            let slots = plan.slots[index]
            // Read through a class: copying the definition (a dozen strings and arrays) for every
            // record and KPI retained and released each of them, from both cores at once.
            let box = context.boxes[position]
            func add(_ period: Int, counted: Bool, value: Double?, age: Int64? = nil) {
                let groups = period == current ? box.definition.per.map { record.canonical($0) } : []
                facts.entries.append(Entry(definition: position, period: period, counted: counted, value: value, age: age, groups: groups))
            }
            switch box.definition.measure {
            case .backlog, .backlogAge:
                guard let start = time(slots.from) else { continue }
                let end = time(slots.to)
                guard context.matches(box.definition.filter, record, procedure) else { continue }
                for period in context.periods.indices {
                    let periodEnd = context.periods[period].to
                    guard start < periodEnd, end.map({ $0 >= periodEnd }) ?? true else { continue }
                    add(period, counted: true, value: nil, age: periodEnd - start)
                }
            default:
                guard let instant = time(slots.timestamp), let period = context.period(of: instant),
                      context.matches(box.definition.filter, record, procedure) else { continue }
                switch box.definition.measure {
                case .count:
                    add(period, counted: true, value: nil)
                case .share:
                    add(period, counted: context.matches(box.definition.countIf!, record, procedure), value: nil)
                case .mean, .median:
                    if case .int(let number)? = record.value(box.definition.field!) {
                        add(period, counted: true, value: Double(number))
                    } else {
                        add(period, counted: false, value: nil)
                    }
                case .duration:
                    if let from = time(slots.from), let to = time(slots.to), to >= from {
                        add(period, counted: true, value: Double(to - from) / 3600)
                    } else {
                        add(period, counted: false, value: nil)
                    }
                case .slaMet:
                    // Only records whose target ended (met or breached) are measured.
                    guard let report = sla(),
                          let measure = box.definition.sla == "response" ? report.response : report.resolution,
                          measure.state == .met || measure.state == .breached else { continue }
                    add(period, counted: measure.state == .met, value: nil)
                case .backlog, .backlogAge:
                    break
                }
            }
        }
        // Exactly as many as there are: grown by doubling, a record's list had up to twice the room.
        if facts.entries.capacity > facts.entries.count {
            facts.entries = facts.entries.withUnsafeBufferPointer { Array($0) }
        }
        let period = context.periods[current]
        if let report = sla(), let resolved = report.resolvedAt, period.contains(resolved) {
            facts.sla = (report.priority, report.response?.state, report.resolution?.state)
        }
        if context.figuresKinds.contains(record.kind) {
            let resolved = time(plan.resolved)
            let closed = time(plan.closed)
            let final = record.status.map(procedure.finalStates.contains) ?? false
            facts.figure = FigureFacts(
                opened: time(plan.opened),
                resolved: resolved,
                closed: closed,
                backlogEnd: plan.resolutionField != nil ? resolved : closed ?? (final ? Int64.min : nil),
                values: ReportFields.distributions(procedure).map { record.canonical($0) },
                items: Self.references(record.value(ReportFields.configurationItems)),
                category: record.canonical(ReportFields.category),
                isMajor: record.canonical(ReportFields.major) == "true" || record.canonical(ReportFields.priority) == ReportFields.majorPriority,
                isWorkaround: record.canonical(ReportFields.closureCode) == ReportFields.workaround)
        }
        // Read by the figures only for the problems that link records and the workaround closures
        // (collecting a record's references was a seventh of the facts).
        if record.kind == ReportFields.problemKind || facts.figure?.isWorkaround == true {
            facts.links = record.references.map(\.reference.id)
        }
        // The report lists figure records and configuration items with their titles.
        if context.allTitledKinds.contains(record.kind) {
            facts.title = record.canonical(procedure.titleField)
        }
        facts.breachedAtEnd = context.breachedAtEnd(record, procedure)
        if facts.entries.isEmpty && facts.figure == nil && facts.sla == nil && facts.links.isEmpty && facts.title == nil
            && facts.breachedAtEnd == nil { return nil }
        return facts
    }

    /// Records of one KPI in one period (or one breakdown value).
    struct Accumulator {
        var population: [String] = []
        var counted: [String] = []
        var values: [Double] = []

        mutating func add(_ id: String, counted isCounted: Bool, value: Double?) {
            population.append(id)
            if isCounted { counted.append(id) }
            if let value { values.append(value) }
        }
    }

    // MARK: - KPIs

    func computeKPIs(_ context: Context, _ facts: [RecordFacts]) -> [KPIResult] {
        let definitions = context.definitions
        let periodCount = context.periods.count, current = context.current
        var accumulators = Array(repeating: Array(repeating: Accumulator(), count: periodCount), count: definitions.count)
        // Definition → per field → value (nil: none) → records of the current period.
        var breakdowns = definitions.map { item in item.definition.per.map { _ in [String?: Accumulator]() } }
        var ages = Array(repeating: [(id: String, seconds: Int64)](), count: definitions.count)
        for record in facts {
            for entry in record.entries {
                accumulators[entry.definition][entry.period].add(record.id, counted: entry.counted, value: entry.value)
                guard entry.period == current else { continue }
                for (slot, value) in entry.groups.enumerated() {
                    breakdowns[entry.definition][slot][value, default: Accumulator()].add(record.id, counted: entry.counted, value: entry.value)
                }
                if let age = entry.age { ages[entry.definition].append((record.id, age)) }
            }
        }

        return definitions.indices.map { position in
            let (definition, procedure) = definitions[position]
            let value = Self.figure(accumulators[position][current], definition)
            var result = KPIResult(id: definition.id, kind: definition.kind, zh: definition.zh, en: definition.en,
                                   measure: definition.measure, unit: definition.unit, target: definition.target,
                                   value: value, breakdowns: [], buckets: [], trend: [])
            for (slot, field) in definition.per.enumerated() {
                let groups = breakdowns[position][slot]
                result.breakdowns.append(KPIBreakdown(
                    field: field, zh: procedure.field(field)?.zh ?? field, en: procedure.field(field)?.en ?? field,
                    items: Self.orderedValues(field, procedure, roles: procedures.roles, present: Array(groups.keys)).map { item in
                        KPIBreakdownItem(value: item.value, zh: item.zh, en: item.en,
                                         figure: Self.figure(groups[item.value] ?? Accumulator(), definition))
                    }))
            }
            if definition.measure == .backlog {
                result.buckets = Self.buckets(definition.buckets, ages[position])
            }
            result.trend = (0..<current).map { period in
                let figure = Self.figure(accumulators[position][period], definition)
                return KPITrendPoint(period: context.periods[period], actual: figure.actual, met: figure.met)
            }
            return result
        }
    }

    /// The figure of one accumulator under a definition's measure and target.
    static func figure(_ accumulator: Accumulator, _ definition: KPIDefinition) -> KPIValue {
        let actual: Double?
        var records = accumulator.counted
        switch definition.measure {
        case .count, .backlog:
            // A count is a figure also when nothing was counted: zero major incidents meets "= 0".
            actual = Double(accumulator.population.count)
            records = accumulator.population
        case .share, .slaMet:
            actual = accumulator.population.isEmpty ? nil : Double(accumulator.counted.count) / Double(accumulator.population.count)
        case .mean, .backlogAge:
            actual = mean(accumulator.values)
            if definition.measure == .backlogAge { records = accumulator.population }
        case .median:
            actual = median(accumulator.values)
        case .duration:
            actual = definition.statistic == .median ? median(accumulator.values) : mean(accumulator.values)
        }
        let met = actual.flatMap { value in definition.target.map { $0.isMet(by: value) } }
        return KPIValue(actual: actual, met: met, records: records, population: accumulator.population)
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The values of `field` in report order: declared values in declaration order,
    /// then any other present value sorted (persons), then nil when present.
    /// A person's zh label is the name from `roles.md`.
    static func orderedValues(_ field: String, _ procedure: Procedure, roles: Roles, present: [String?]) -> [(value: String?, zh: String?, en: String?)] {
        var result: [(value: String?, zh: String?, en: String?)] = []
        switch procedure.field(field)?.type {
        case .enumeration(let set)?:
            result = set.values.map { ($0.id, $0.zh, $0.en) }
        case .state?:
            result = procedure.states.map { ($0.id, $0.zh, $0.en) }
        case .bool?:
            result = [("true", nil, nil), ("false", nil, nil)]
        default:
            break
        }
        let declared = Set(result.compactMap(\.value))
        let people = procedure.field(field).map { if case .person = $0.type { return true }; return false } ?? false
        for value in present.compactMap({ $0 }).filter({ !declared.contains($0) }).sorted() {
            let name = people ? roles.people[value]?.name : nil
            result.append((value, name, nil))
        }
        if present.contains(where: { $0 == nil }) { result.append((nil, nil, nil)) }
        return result
    }

    /// Records by age bucket; `bounds` ascending upper bounds in seconds.
    static func buckets(_ bounds: [Int], _ ages: [(id: String, seconds: Int64)]) -> [KPIAgeBucket] {
        guard !bounds.isEmpty else { return [] }
        var buckets: [KPIAgeBucket] = []
        var lower = 0
        for bound in bounds + [Int.max] {
            let upper = bound == Int.max ? nil : bound
            let label: String
            switch (lower, upper) {
            case (0, let upper?): label = "< " + ageText(upper)
            case (let lower, nil): label = "> " + ageText(lower)
            case (let lower, let upper?): label = ageText(lower) + "–" + ageText(upper)
            }
            let records = ages.filter { age in age.seconds >= Int64(lower) && (upper.map { age.seconds < Int64($0) } ?? true) }.map(\.id).sorted()
            buckets.append(KPIAgeBucket(lowerSeconds: lower, upperSeconds: upper, label: label, records: records))
            lower = bound
        }
        return buckets
    }

    /// `1d`, `12h`, `1h30m`.
    static func ageText(_ seconds: Int) -> String { DurationText.format(seconds) }
}
