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
    public var timeZone: TimeZone
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
    }

    /// The pause states of each kind, as sets once rather than per record.
    let pauseStates: [String: Set<String>]

    /// The record's service-level figures; nil when its kind has no targets or
    /// the record has no valid opening timestamp.
    public func evaluate(_ record: Record) -> SLAReport? {
        guard let procedure = procedures.procedure(kind: record.kind),
              let targets = policy.targets[record.kind],
              let openedField = procedure.openedField,
              let opened = record.datetime(openedField) else { return nil }
        let id = record.id ?? String(record.path.split(separator: "/").last?.dropLast(3) ?? "")
        let priority = record.canonical(SLAFields.priority)
        let target = priority.flatMap { targets[$0] }
        let calendar = target.flatMap { policy.calendar(for: $0) }
        let zone = calendar.map { $0.name == BusinessCalendar.twentyFourSeven.name ? procedures.settings.timeZone : $0.timeZone }
            ?? procedures.settings.timeZone
        let respondedAt = record.datetime(SLAFields.responded)
        let resolvedAt = procedure.slaResolutionField.flatMap { record.datetime($0) }

        // Paused intervals from the work log's state marks.
        let pauseStates = self.pauseStates[record.kind] ?? []
        var paused: [Range<Int64>] = []
        var isPaused = false
        if !pauseStates.isEmpty {
            var pauseStart: Int64?
            let marks = record.worklog.enumerated()
                .compactMap { item -> (Int64, Int, String)? in
                    guard let mark = item.element.stateMark else { return nil }
                    return (item.element.time, item.offset, procedure.resolveState(mark) ?? mark)
                }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            for (time, _, state) in marks {
                if pauseStates.contains(state) {
                    if pauseStart == nil { pauseStart = time }
                } else if let start = pauseStart {
                    if time > start { paused.append(start..<time) }
                    pauseStart = nil
                }
            }
            if let start = pauseStart {
                isPaused = resolvedAt == nil
                if let end = resolvedAt ?? now, end > start { paused.append(start..<end) }
            }
        }

        var report = SLAReport(id: id, path: record.path, kind: record.kind, priority: priority, status: record.status,
                               calendar: calendar, timeZone: zone, opened: opened, respondedAt: respondedAt,
                               resolvedAt: resolvedAt, paused: paused, isPaused: isPaused,
                               response: nil, resolution: nil, escalations: [])
        guard let target, let calendar else { return report }
        // Pauses after a measure's end do not move its due instant.
        func pauses(until end: Int64) -> [Range<Date>] {
            paused.compactMap { pause in
                let upper = min(pause.upperBound, end)
                return upper > pause.lowerBound ? Instants.date(pause.lowerBound)..<Instants.date(upper) : nil
            }
        }
        func measure(_ seconds: Int, ended: Int64?) -> SLAMeasure? {
            guard let at = ended ?? now else { return nil }
            return SLAClock.measure(calendar: calendar, opened: Instants.date(opened), ended: ended.map(Instants.date),
                                    paused: pauses(until: at), targetSeconds: seconds, now: Instants.date(at))
        }
        report.response = measure(target.response, ended: respondedAt)
        report.resolution = measure(target.resolution, ended: resolvedAt)
        guard let resolution = report.resolution else { return report }

        let pausedDates = pauses(until: resolvedAt ?? now ?? Int64.max)
        let recorded = escalations(of: record)
        for threshold in policy.escalation[record.kind] ?? [] {
            let seconds = Int((Int64(target.resolution) * Int64(threshold.percent)) / 100)
            let at = calendar.date(addingWorkingSeconds: seconds, to: Instants.date(opened), excluding: pausedDates)
            let atSeconds = Instants.seconds(at)
            let times = recorded.filter { $0.level == threshold.level }.map(\.at)
            report.escalations.append(EscalationDue(
                level: threshold.level, percent: threshold.percent, thresholdSeconds: seconds, at: at,
                reached: resolution.elapsedSeconds > seconds, recordedAt: times.min(),
                escalated: times.contains { $0 <= atSeconds }))
        }
        return report
    }

    /// The `(to, at)` pairs of the record's `escalations` list.
    func escalations(of record: Record) -> [(level: String, at: Int64)] {
        guard case .list(let items)? = record.value(SLAFields.escalations) else { return [] }
        var result: [(String, Int64)] = []
        for item in items {
            guard case .map(let entries)? = item.value,
                  let level = entries[SLAFields.escalationTo]?.value?.canonical,
                  case .datetime(let at)? = entries[SLAFields.escalationAt]?.value else { continue }
            result.append((level, at))
        }
        return result
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

    /// `2026-11-27 18:30` in `zone`; `never` for an instant beyond the search limit.
    public static func local(_ date: Date, _ zone: TimeZone) -> String {
        let seconds = Instants.seconds(date)
        return seconds == Int64.max ? "never" : DateTimeParser(timeZone: zone).localText(seconds)
    }

    /// `2026-11-27T18:30:00+08:00` in `zone`; nil beyond the search limit.
    public static func iso(_ date: Date, _ zone: TimeZone) -> String? {
        let seconds = Instants.seconds(date)
        return seconds == Int64.max ? nil : DateTimeParser(timeZone: zone).iso8601(seconds)
    }
}
