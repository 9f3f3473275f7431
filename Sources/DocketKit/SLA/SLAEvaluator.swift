import Foundation

/// One escalation threshold of one record: by `at` the record must carry an
/// escalation to `level` once the threshold is passed.
public struct EscalationDue: Sendable, Hashable {
    /// The level (`line-2`, `incident-manager`).
    public var level: String
    /// Share of the resolution target, in percent.
    public var percent: Int
    /// `percent` of the resolution target, in working seconds.
    public var thresholdSeconds: Int
    /// The instant the threshold is (or will be) reached: working time since
    /// opening, minus paused time, reaches `thresholdSeconds` (as if a pause
    /// going on now ended now).
    public var at: Date
    /// True when the working time used (at resolution, or at `now` while open)
    /// is past the threshold.
    public var reached: Bool
    /// The earliest escalation to `level` in the record, if any.
    public var recordedAt: Int64?
    /// True when an escalation to `level` is recorded at or before `at`.
    public var escalated: Bool

    /// Past the threshold without an escalation in time: `escalation-overdue`.
    public var isOverdue: Bool { reached && !escalated }
}

/// Where a record stands against its service levels (contract section 9a).
public struct SLAReport: Sendable {
    public var id: String
    /// Path relative to the repository root.
    public var path: String
    public var kind: String
    /// The priority id; nil while the record has none (then it has no targets).
    public var priority: String?
    public var status: String?
    /// The calendar the targets count in; nil without a priority.
    public var calendar: BusinessCalendar?
    /// The zone times are shown in: the calendar's, or the repository's for the
    /// built-in `24x7` and for records without a calendar.
    public var timeZone: TimeZone {
        get { dates.timeZone }
        set { dates = DateTimeParser(timeZone: newValue) }
    }
    /// The parser of `timeZone`, made once per kind and target (`SLAPlans`), not per record:
    /// the rules and `docket sla` print the report's times with it.
    var dates: DateTimeParser
    /// The opening timestamp (seconds since 1970).
    public var opened: Int64
    public var respondedAt: Int64?
    /// `resolved_at` (`fulfilled_at` for requests).
    public var resolvedAt: Int64?
    /// The intervals the clock stood still (pause states in the work log).
    public var paused: [Range<Int64>]
    /// True when the record is in a pause that has not ended.
    public var isPaused: Bool
    /// nil without a target, or while open when no `now` was given.
    public var response: SLAMeasure?
    public var resolution: SLAMeasure?
    /// The escalation thresholds of the kind, in `sla.md` order; empty when
    /// the resolution could not be measured.
    public var escalations: [EscalationDue]

    /// True while the resolution clock runs (no resolution timestamp).
    public var isOpen: Bool { resolvedAt == nil }
}

/// Measures records against `procedures/sla.md`.
///
/// - Response runs from the kind's opening field to `responded_at`, resolution
///   to `resolved_at` (`fulfilled_at` for requests), both in the working time of
///   the target's calendar minus paused intervals.
/// - A pause runs from a work-log mark of a pause state (`[pending]`) to the
///   next mark of a state that is not a pause state; a pause still open runs to
///   the resolution timestamp, or to `now` while the record is open.
/// - Without `now`, targets of open records are not measured (nil).
public struct SLAEvaluator: Sendable {
    public let procedures: ProcedureSet
    public let policy: SLAPolicy
    /// Seconds since 1970 that open records are measured at.
    public let now: Int64?

    /// nil when the repository has no `sla.md`.
    public init?(procedures: ProcedureSet, now: Int64?) {
        guard let policy = procedures.sla else { return nil }
        self.procedures = procedures
        self.policy = policy
        self.now = now
        self.pauseStates = policy.pause.mapValues(Set.init)
        self.plans = SLAPlans(plans: procedures.procedures.compactMap { KindPlan(procedure: $0, policy: policy, repositoryZone: procedures.settings.timeZone) },
                              now: now, repositoryZone: procedures.settings.timeZone)
    }

    /// The pause states of each kind, as sets once rather than per record.
    let pauseStates: [String: Set<String>]

    /// What `evaluate` needs of each kind that has targets, found once rather than per record,
    /// behind one reference (`RuleContext` keeps it for the SLA rules).
    let plans: SLAPlans

    /// A kind with targets, read out of the procedures and `sla.md` once: the fields its clocks
    /// start and stop at, its targets with their calendars, its pause states and thresholds.
    /// A class: a record's evaluation passes one reference around, not copies of every part.
    final class KindPlan: Sendable {
        /// A target of one priority, with the calendar it counts in and the zone its times are shown in.
        /// A class: the record's evaluation holds one reference to it, not copies of its parts.
        final class Target: Sendable {
            let priority: String
            let target: SLATarget
            let calendar: BusinessCalendar?
            /// The parser of the zone the target's times are shown in.
            let dates: DateTimeParser

            init(priority: String, target: SLATarget, calendar: BusinessCalendar?, dates: DateTimeParser) {
                self.priority = priority
                self.target = target
                self.calendar = calendar
                self.dates = dates
            }
        }

        let kind: String
        let procedure: Procedure
        let openedField: String
        let resolutionField: String?
        let targets: [Target]
        /// The pause states of the kind (`pause:`), in `sla.md` order; a short array, not a set.
        let pauseStates: [String]
        let escalation: [EscalationThreshold]
        /// The indices in `procedure.fields` of the fields a record is measured by (nil for one the
        /// procedure does not declare: it is then asked by key), found once rather than per record.
        let openedIndex: Int?, resolutionIndex: Int?, respondedIndex: Int?, priorityIndex: Int?, escalationsIndex: Int?

        /// nil for a kind without targets or without an opening field (its records are not measured).
        init?(procedure: Procedure, policy: SLAPolicy, repositoryZone: TimeZone) {
            guard let targets = policy.targets[procedure.kind], let openedField = procedure.openedField else { return nil }
            self.kind = procedure.kind
            self.procedure = procedure
            self.openedField = openedField
            self.resolutionField = procedure.slaResolutionField
            self.targets = targets.keys.sorted().map { priority in
                let target = targets[priority]!
                let calendar = policy.calendar(for: target)
                let zone = calendar.map { $0.name == BusinessCalendar.twentyFourSeven.name ? repositoryZone : $0.timeZone }
                return Target(priority: priority, target: target, calendar: calendar, dates: DateTimeParser(timeZone: zone ?? repositoryZone))
            }
            self.pauseStates = policy.pause[procedure.kind] ?? []
            self.escalation = policy.escalation[procedure.kind] ?? []
            func index(_ key: String?) -> Int? { key.flatMap { key in procedure.fields.firstIndex { $0.key == key } } }
            self.openedIndex = index(openedField)
            self.resolutionIndex = index(resolutionField)
            self.respondedIndex = index(SLAFields.responded)
            self.priorityIndex = index(SLAFields.priority)
            self.escalationsIndex = index(SLAFields.escalations)
        }

        /// The record's value of `key`, whose index in `procedure.fields` is `index`: by index when known.
        @inline(__always)
        func value(_ record: Record, _ index: Int?, _ key: String) -> FieldValue? {
            if let index { return record.value(field: index, in: procedure) }
            return record.value(key)
        }

        /// `Record.datetime(_:)` of `key`, whose index is `index`.
        @inline(__always)
        func datetime(_ record: Record, _ index: Int?, _ key: String) -> Int64? {
            if case .datetime(let value)? = self.value(record, index, key) { return value }
            return nil
        }

        /// The target of `priority` (compared as `String`s, as the dictionary of `sla.md` did).
        func target(_ priority: String) -> Target? {
            for target in targets where target.priority == priority { return target }
            return nil
        }

        func isPauseState(_ state: String) -> Bool {
            for pause in pauseStates where pause == state { return true }
            return false
        }
    }

    /// The record's service-level figures; nil when its kind has no targets or
    /// the record has no valid opening timestamp.
    ///
    /// Cost: a few field lookups and integer arithmetic on the calendar; arrays only for a
    /// record that pauses or holds escalations, no `Date` but the due instants reported.
    public func evaluate(_ record: Record) -> SLAReport? {
        plans.evaluate(record)
    }

    /// The `(to, at)` of an item of the record's `escalations` list; nil for an item without both.
    /// The item's keys are compared along its few entries, not hashed.
    static func escalation(_ item: DecodedField) -> (level: String, at: Int64)? {
        guard case .map(let entries)? = item.value else { return nil }
        var level: String?
        var at: Int64?
        for (key, entry) in entries {
            if key == SLAFields.escalationTo {
                level = entry.value?.canonical
            } else if key == SLAFields.escalationAt, case .datetime(let time)? = entry.value {
                at = time
            }
        }
        guard let level, let at else { return nil }
        return (level, at)
    }
}

/// The kinds' plans and the clock of an `SLAEvaluator`, behind one reference: the SLA rules
/// evaluate every record with it without copying the evaluator (its procedures, policy, plans).
final class SLAPlans: Sendable {
    let plans: [SLAEvaluator.KindPlan]
    /// Seconds since 1970 that open records are measured at.
    let now: Int64?
    /// The repository's time zone: times of the built-in `24x7` calendar and of records without a target are shown in it.
    let repositoryZone: TimeZone
    /// The parser of `repositoryZone`.
    let repositoryDates: DateTimeParser

    init(plans: [SLAEvaluator.KindPlan], now: Int64?, repositoryZone: TimeZone) {
        self.plans = plans
        self.now = now
        self.repositoryZone = repositoryZone
        self.repositoryDates = DateTimeParser(timeZone: repositoryZone)
    }

    /// The plan of `kind`; nil when the kind has no targets.
    func plan(kind: String) -> SLAEvaluator.KindPlan? {
        for plan in plans where plan.kind == kind { return plan }
        return nil
    }

    /// `SLAEvaluator.evaluate(_:)`.
    func evaluate(_ record: Record) -> SLAReport? {
        plan(kind: record.kind).flatMap { evaluate(record, plan: $0) }
    }

    /// `evaluate(_:)` with the plan of the record's kind already found.
    func evaluate(_ record: Record, plan: SLAEvaluator.KindPlan) -> SLAReport? {
        guard let opened = plan.datetime(record, plan.openedIndex, plan.openedField) else { return nil }
        let procedure = plan.procedure
        let id = record.id ?? String(record.path.split(separator: "/").last?.dropLast(3) ?? "")
        let priority = plan.value(record, plan.priorityIndex, SLAFields.priority)?.canonical
        let chosen = priority.flatMap { plan.target($0) }
        let respondedAt = plan.datetime(record, plan.respondedIndex, SLAFields.responded)
        let resolvedAt = plan.resolutionField.flatMap { plan.datetime(record, plan.resolutionIndex, $0) }

        // Paused intervals from the work log's state marks, in time order (the work log's
        // order when that is one, as it nearly always is: then nothing is sorted).
        var paused: [Range<Int64>] = []
        var isPaused = false
        if !plan.pauseStates.isEmpty {
            let worklog = record.worklog
            var pauseStart: Int64?
            func mark(_ entry: WorklogEntry) {
                guard let mark = entry.stateMark else { return }
                if plan.isPauseState(procedure.resolveState(mark) ?? mark) {
                    if pauseStart == nil { pauseStart = entry.time }
                } else if let start = pauseStart {
                    if entry.time > start { paused.append(start..<entry.time) }
                    pauseStart = nil
                }
            }
            var inOrder = true
            var latest = Int64.min
            for entry in worklog where entry.stateMark != nil {
                if entry.time < latest { inOrder = false; break }
                latest = entry.time
            }
            if inOrder {
                for entry in worklog { mark(entry) }
            } else {
                let order = worklog.indices.filter { worklog[$0].stateMark != nil }
                    .sorted { (worklog[$0].time, $0) < (worklog[$1].time, $1) }
                for index in order { mark(worklog[index]) }
            }
            if let start = pauseStart {
                isPaused = resolvedAt == nil
                if let end = resolvedAt ?? now, end > start { paused.append(start..<end) }
            }
        }

        // The report is made once, at the end, from what was worked out: no copy of it is made
        // and destroyed on the way out (a record's report holds about a dozen references).
        var response: SLAMeasure?
        var resolution: SLAMeasure?
        var escalations: [EscalationDue] = []
        if let chosen, let calendar = chosen.calendar {
            let target = chosen.target
            // Pauses after a measure's end do not move its due instant.
            func pauses(until end: Int64) -> [Range<Int>] {
                if paused.isEmpty { return [] }
                return BusinessCalendar.merge(paused.compactMap { pause in
                    let upper = min(pause.upperBound, end)
                    return upper > pause.lowerBound ? Int(pause.lowerBound)..<Int(upper) : nil
                })
            }
            func measure(_ seconds: Int, ended: Int64?) -> SLAMeasure? {
                guard let at = ended ?? now else { return nil }
                return SLAClock.measure(calendar: calendar, opened: Int(opened), ended: ended.map { Int($0) },
                                        paused: pauses(until: at), targetSeconds: seconds, now: Int(at))
            }
            response = measure(target.response, ended: respondedAt)
            resolution = measure(target.resolution, ended: resolvedAt)
            if let resolution, !plan.escalation.isEmpty {
                // The pauses until the resolution's end (`resolvedAt ?? now`, as its measure had them): a
                // threshold of 100% is reached when the resolution is due, already worked out.
                let pausedAll = pauses(until: resolvedAt ?? now ?? Int64.max)
                escalations.reserveCapacity(plan.escalation.count)
                for threshold in plan.escalation {
                    let seconds = Int((Int64(target.resolution) * Int64(threshold.percent)) / 100)
                    let at = seconds == target.resolution ? resolution.due
                        : BusinessCalendar.date(calendar.instant(addingWorkingSeconds: seconds, to: Int(opened), excluding: pausedAll))
                    escalations.append(EscalationDue(
                        level: threshold.level, percent: threshold.percent, thresholdSeconds: seconds, at: at,
                        reached: resolution.elapsedSeconds > seconds, recordedAt: nil, escalated: false))
                }
                // The record's escalations, each read once where it is (no list of them is made).
                if case .list(let items)? = plan.value(record, plan.escalationsIndex, SLAFields.escalations) {
                    for item in items {
                        guard let (level, at) = SLAEvaluator.escalation(item) else { continue }
                        for index in escalations.indices where escalations[index].level == level {
                            if escalations[index].recordedAt.map({ at < $0 }) ?? true { escalations[index].recordedAt = at }
                            if at <= Instants.seconds(escalations[index].at) { escalations[index].escalated = true }
                        }
                    }
                }
            }
        }
        return SLAReport(id: id, path: record.path, kind: record.kind, priority: priority, status: record.status,
                         calendar: chosen?.calendar, dates: chosen?.dates ?? repositoryDates, opened: opened, respondedAt: respondedAt,
                         resolvedAt: resolvedAt, paused: paused, isPaused: isPaused,
                         response: response, resolution: resolution, escalations: escalations)
    }

}

/// Text forms of SLA figures shared by the rules and `docket sla`.
public enum SLAText {
    /// Working time in whole minutes (rounded towards zero), hours the largest
    /// unit because a working day is not 24 hours: `45m`, `8h`, `26h18m`, `-1h5m`.
    public static func duration(seconds: Int) -> String {
        duration(minutes: seconds / 60)
    }

    /// `duration(seconds:)` of a whole number of minutes.
    public static func duration(minutes: Int) -> String {
        DurationText.format(minutes * 60, largestUnit: .hour)
    }

    /// Calls `body` with the UTF-8 bytes of `duration(seconds:)`, written in a stack buffer.
    static func withDuration<Result>(seconds: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        DurationText.withText(seconds / 60 * 60, largestUnit: .hour, body)
    }

    /// `2026-11-27 18:30` in `zone`; `never` for an instant beyond the search limit.
    public static func local(_ date: Date, _ zone: TimeZone) -> String {
        local(date, DateTimeParser(timeZone: zone))
    }

    /// `local(_:_:)` with the zone's parser already made.
    static func local(_ date: Date, _ dates: DateTimeParser) -> String {
        let seconds = Instants.seconds(date)
        return seconds == Int64.max ? "never" : dates.localText(seconds)
    }

    /// `2026-11-27T18:30:00+08:00` in `zone`; nil beyond the search limit.
    public static func iso(_ date: Date, _ zone: TimeZone) -> String? {
        iso(date, DateTimeParser(timeZone: zone))
    }

    /// `iso(_:_:)` with the zone's parser already made (a report's `dates`).
    static func iso(_ date: Date, _ dates: DateTimeParser) -> String? {
        let seconds = Instants.seconds(date)
        return seconds == Int64.max ? nil : dates.iso8601(seconds)
    }
}
