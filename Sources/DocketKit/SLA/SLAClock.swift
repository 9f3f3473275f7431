import Foundation

/// Where a service-level target stands.
public enum SLAState: String, Sendable, Hashable, Codable {
    /// Ended within the target.
    case met
    /// More working time used than the target allows (ended or not).
    case breached
    /// Open, less than 80% of the target used.
    case running
    /// Open, 80% or more of the target used, not breached.
    case atRisk = "at-risk"
}

/// One measured target (response or resolution) of one record.
public struct SLAMeasure: Sendable, Hashable {
    /// The target, in working seconds.
    public var targetSeconds: Int
    /// Working seconds used: from opening to the end (or `now`), minus paused
    /// working time.
    public var elapsedSeconds: Int
    /// When the target is (or was) used up; see `SLAClock.measure`.
    public var due: Date
    public var state: SLAState

    public init(targetSeconds: Int, elapsedSeconds: Int, due: Date, state: SLAState) {
        self.targetSeconds = targetSeconds
        self.elapsedSeconds = elapsedSeconds
        self.due = due
        self.state = state
    }

    /// The target in whole minutes.
    public var targetMinutes: Int { targetSeconds / 60 }
    /// The used working time in whole minutes (rounded down).
    public var elapsedMinutes: Int { elapsedSeconds / 60 }
}

/// Measures a record's working time against a target.
public enum SLAClock {
    /// Share of the target from which an open target is `at-risk`, in percent.
    public static let atRiskPercent = 80

    /// Measures one target.
    ///
    /// - `elapsed` is the calendar's working time in `[opened, end ?? now)`
    ///   minus its working time inside `paused`. Paused intervals must be
    ///   closed: a pause still going on should be passed as ending at `now`.
    /// - `due` is the instant where working time since `opened`, minus working
    ///   time inside `paused`, reaches the target, assuming the clock runs
    ///   without further pauses after the given ones (so for a record paused
    ///   right now, as if it resumed at `now`). It is `Date.distantFuture` if
    ///   the calendar has no working time within 20 years.
    /// - state: `breached` if elapsed > target (ended or not); else `met` if
    ///   ended; else `at-risk` if elapsed >= 80% of the target; else `running`.
    public static func measure(
        calendar: BusinessCalendar,
        opened: Date,
        ended: Date?,
        paused: [Range<Date>] = [],
        targetSeconds: Int,
        now: Date
    ) -> SLAMeasure {
        let end = ended ?? now
        let elapsed = calendar.workingSeconds(from: opened, to: end, excluding: paused)
        let due = calendar.date(addingWorkingSeconds: targetSeconds, to: opened, excluding: paused)
        return SLAMeasure(targetSeconds: targetSeconds, elapsedSeconds: elapsed, due: due,
                          state: state(elapsed: elapsed, targetSeconds: targetSeconds, ended: ended != nil))
    }

    /// `measure(calendar:opened:ended:paused:targetSeconds:now:)` in whole seconds since 1970, the
    /// `paused` intervals sorted and not overlapping (`BusinessCalendar.merge`): no `Date` is made
    /// but the due instant.
    static func measure(calendar: BusinessCalendar, opened: Int, ended: Int?, paused: [Range<Int>],
                        targetSeconds: Int, now: Int) -> SLAMeasure {
        let elapsed = calendar.workingSeconds(from: opened, to: ended ?? now, excluding: paused)
        let due = BusinessCalendar.date(calendar.instant(addingWorkingSeconds: targetSeconds, to: opened, excluding: paused))
        return SLAMeasure(targetSeconds: targetSeconds, elapsedSeconds: elapsed, due: due,
                          state: state(elapsed: elapsed, targetSeconds: targetSeconds, ended: ended != nil))
    }

    /// The state of a target of which `elapsed` working seconds are used (see `measure`).
    static func state(elapsed: Int, targetSeconds: Int, ended: Bool) -> SLAState {
        if elapsed > targetSeconds { return .breached }
        if ended { return .met }
        return elapsed * 100 >= targetSeconds * atRiskPercent ? .atRisk : .running
    }
}
