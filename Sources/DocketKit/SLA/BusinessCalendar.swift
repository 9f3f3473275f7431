import Foundation

// MARK: - Working spans

/// A working span of local wall-clock time within one day, `[start, end)` in
/// minutes from local midnight; `end` may be 1440 (24:00).
public struct WorkingSpan: Hashable, Sendable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// The whole day, 00:00-24:00.
    public static let allDay = WorkingSpan(startMinute: 0, endMinute: 1440)

    /// `HH:MM-HH:MM`.
    public var description: String {
        func clock(_ minutes: Int) -> String {
            let h = minutes / 60, m = minutes % 60
            return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
        }
        return clock(startMinute) + "-" + clock(endMinute)
    }
}

// MARK: - BusinessCalendar

/// A working-time calendar: weekly working spans in a time zone, minus
/// holidays, plus extra working days (调休).
///
/// All arithmetic is exact to the second; instants are truncated to whole
/// seconds (towards the past). Each day's spans are turned into instants
/// through the calendar's time zone, so a 09:00-18:00 span is nine hours of
/// wall-clock time even on a day when clocks change, and a 00:00-24:00 day
/// lasts 23 or 25 hours on a daylight-saving change. A local time that does
/// not exist (in a spring-forward gap) is moved forward by the gap; a local
/// time that occurs twice (fall-back) means its first occurrence.
///
/// An extra working day (`workdays`) has the hours of the calendar's Monday,
/// a holiday has none. If a date is in both sets the workday wins here;
/// `SLAPolicy` rejects such a document.
///
/// Cost: from four days after the zone's last offset change on (for most zones
/// all of the present), working time is the difference of two cumulative sums
/// (whole weeks, a week's prefix, the holiday table's correction, one day's spans)
/// and a due instant a short walk over days (a binary search past 32 days).
/// Before that, one call iterates the local days it covers with integer
/// arithmetic, looking offsets up in the zone's one offset table; whole weeks
/// without holidays or offset changes are added in one step, so a span of
/// centuries costs no more than a few weeks.
public final class BusinessCalendar: Sendable {
    /// The calendar's name (`office`, `24x7`).
    public let name: String
    /// The time zone the working spans are read in.
    public let timeZone: TimeZone
    /// Working spans per weekday, sorted and without overlaps.
    public let hours: [Weekday: [WorkingSpan]]
    /// Dates without working time.
    public let holidays: Set<LocalDate>
    /// Extra working days, with Monday's hours.
    public let workdays: Set<LocalDate>

    /// How far `date(addingWorkingSeconds:to:)` searches: 20 years of days.
    public static let searchLimitDays = 7305

    /// The built-in `24x7` calendar: UTC, every instant is working time.
    public static let twentyFourSeven = BusinessCalendar(
        name: "24x7",
        timeZone: TimeZone(identifier: "UTC")!,
        hours: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [WorkingSpan.allDay]) })
    )

    // Precomputed, in the form the inner loops want.
    private let weekly: [[WorkingSpan]]
    /// Which hours a day has, for days `dayKindBase ..< dayKindBase + dayKinds.count`:
    /// a weekday index (0 = Monday; an extra working day has 0) or 7 for a holiday.
    /// Days outside the table have their weekday's hours.
    private let dayKinds: [UInt8]
    private let dayKindBase: Int
    /// `dayPrefix[i]`: the working seconds of the whole days `dayKindBase ..< dayKindBase + i`
    /// without a time-zone change (each day its kind's `kindSeconds`).
    private let dayPrefix: [Int]
    /// Per day kind (0–7): first span start and last span end in minutes
    /// (0, 0 for none), and the working seconds of a whole day without a
    /// time-zone change.
    private let kindFirstMinute: [Int]
    private let kindLastMinute: [Int]
    private let kindSeconds: [Int]
    private let alwaysWorking: Bool
    private let hasWeeklyHours: Bool
    private let offsets: ZoneOffsets
    /// Working seconds of a week without holidays, extra working days or offset changes.
    private let weekSeconds: Int
    /// From this instant on the zone's offset is `steadyOffset` for good (its last change is more
    /// than four days back): working time is then read off cumulative sums, not counted day by day.
    private let steadyFrom: Int
    private let steadyOffset: Int
    /// `weekPrefix[r]`: the working seconds of the plain days `0 ..< r` (day 0 is 1970-01-01).
    private let weekPrefix: [Int]
    /// `tableCorrection[i]`: what the holidays and extra working days among the table's first `i`
    /// days add to (or take from) their weekdays' hours.
    private let tableCorrection: [Int]
    /// Every day kind's spans as seconds from local midnight, one flat array each: the spans of
    /// kind `k` are `kindSpanFirst[k] ..< kindSpanFirst[k + 1]`.
    private let spanStarts: [Int]
    private let spanEnds: [Int]
    private let kindSpanFirst: [Int]

    /// A calendar. Spans of a day are sorted and overlapping or touching spans
    /// merged; empty spans are dropped.
    public init(name: String, timeZone: TimeZone, hours: [Weekday: [WorkingSpan]],
                holidays: Set<LocalDate> = [], workdays: Set<LocalDate> = []) {
        self.name = name
        self.timeZone = timeZone
        var normalized: [Weekday: [WorkingSpan]] = [:]
        var weekly: [[WorkingSpan]] = []
        for day in Weekday.allCases {
            let spans = BusinessCalendar.normalize(hours[day] ?? [])
            if !spans.isEmpty { normalized[day] = spans }
            weekly.append(spans)
        }
        self.hours = normalized
        self.holidays = holidays
        self.workdays = workdays
        self.weekly = weekly
        let special = holidays.map(\.dayNumber) + workdays.map(\.dayNumber)
        if let first = special.min(), let last = special.max(), last - first < 1_000_000 {
            var kinds = [UInt8](repeating: 0, count: last - first + 1)
            for index in kinds.indices { kinds[index] = UInt8(Weekday(dayNumber: first + index).rawValue) }
            for day in holidays { kinds[day.dayNumber - first] = 7 }
            for day in workdays { kinds[day.dayNumber - first] = 0 }   // an extra working day wins, as before
            self.dayKinds = kinds
            self.dayKindBase = first
        } else {
            self.dayKinds = []
            self.dayKindBase = 0
        }
        let byKind = weekly + [[]]
        self.kindFirstMinute = byKind.map { $0.first?.startMinute ?? 0 }
        self.kindLastMinute = byKind.map { $0.last?.endMinute ?? 0 }
        self.kindSeconds = byKind.map { $0.reduce(0) { $0 + ($1.endMinute - $1.startMinute) * 60 } }
        self.alwaysWorking = holidays.isEmpty && weekly.allSatisfy { $0 == [WorkingSpan.allDay] }
        self.hasWeeklyHours = weekly.contains { !$0.isEmpty }
        self.offsets = ZoneOffsets.shared(timeZone)
        self.weekSeconds = kindSeconds[0..<7].reduce(0, +)
        var prefix = [0]
        prefix.reserveCapacity(dayKinds.count + 1)
        for kind in dayKinds { prefix.append(prefix[prefix.count - 1] + kindSeconds[Int(kind)]) }
        self.dayPrefix = prefix
        let offsets = self.offsets
        self.steadyFrom = offsets.lastChange == Int64.min ? Int.min : Int(offsets.lastChange) + 4 * 86_400
        self.steadyOffset = offsets.offset(at: Int64.max)
        var week = [0]
        for day in 0..<7 { week.append(week[day] + kindSeconds[Weekday(dayNumber: day).rawValue]) }
        self.weekPrefix = week
        var correction = [0]
        correction.reserveCapacity(dayKinds.count + 1)
        for (index, kind) in dayKinds.enumerated() {
            correction.append(correction[index] + kindSeconds[Int(kind)] - kindSeconds[Weekday(dayNumber: dayKindBase + index).rawValue])
        }
        self.tableCorrection = correction
        var starts: [Int] = [], ends: [Int] = [], first: [Int] = []
        for spans in byKind {
            first.append(starts.count)
            for span in spans { starts.append(span.startMinute * 60); ends.append(span.endMinute * 60) }
        }
        first.append(starts.count)
        self.spanStarts = starts
        self.spanEnds = ends
        self.kindSpanFirst = first
    }

    private static func normalize(_ spans: [WorkingSpan]) -> [WorkingSpan] {
        let sorted = spans
            .map { WorkingSpan(startMinute: max(0, $0.startMinute), endMinute: min(1440, $0.endMinute)) }
            .filter { $0.endMinute > $0.startMinute }
            .sorted { $0.startMinute < $1.startMinute }
        var merged: [WorkingSpan] = []
        for span in sorted {
            if let last = merged.last, span.startMinute <= last.endMinute {
                merged[merged.count - 1].endMinute = max(last.endMinute, span.endMinute)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// The working spans of a local date: Monday's for an extra working day,
    /// none for a holiday, else the weekday's.
    public func spans(on date: LocalDate) -> [WorkingSpan] {
        spans(onDay: date.dayNumber)
    }

    /// The working spans of `date` as instants `[start, end)`.
    public func workingIntervals(on date: LocalDate) -> [Range<Date>] {
        var result: [Range<Date>] = []
        forEachSpan(day: date.dayNumber) { start, end in
            result.append(Instants.date(Int64(start))..<Instants.date(Int64(end)))
            return true
        }
        return result
    }

    /// Working seconds in `[from, to)`; 0 if `to <= from`.
    public func workingSeconds(from: Date, to: Date) -> Int {
        workingSeconds(from: BusinessCalendar.seconds(from), to: BusinessCalendar.seconds(to))
    }

    /// Working seconds in `[from, to)` that are not in any of the `paused`
    /// intervals. Paused intervals may overlap each other, working and
    /// non-working time, and stick out of `[from, to)`; only their working
    /// part inside `[from, to)` is subtracted.
    public func workingSeconds(from: Date, to: Date, excluding paused: [Range<Date>]) -> Int {
        let a = BusinessCalendar.seconds(from), b = BusinessCalendar.seconds(to)
        guard b > a else { return 0 }
        return workingSeconds(from: a, to: b, excluding: BusinessCalendar.merge(paused))
    }

    /// The instant at which `seconds` of working time have passed since
    /// `start`.
    ///
    /// If `start` is outside working time the clock starts at the next working
    /// instant. A target that is used up exactly at the end of a span is due at
    /// that span's end (Fri 17:00 + 8 h in a 09:00-12:00, 13:30-18:30 week is
    /// due at 17:00 on the next working day). `seconds <= 0` returns `start`.
    /// If the calendar has not enough working time within
    /// `searchLimitDays` days (e.g. no working hours at all), returns
    /// `Date.distantFuture`.
    public func date(addingWorkingSeconds seconds: Int, to start: Date) -> Date {
        guard seconds > 0 else { return start }
        return BusinessCalendar.date(instant(addingWorkingSeconds: seconds, to: BusinessCalendar.seconds(start)))
    }

    /// Like `date(addingWorkingSeconds:to:)`, but the clock does not run in the
    /// `paused` intervals: the instant where working time since `start`, minus
    /// working time inside the paused intervals, reaches `seconds`.
    public func date(addingWorkingSeconds seconds: Int, to start: Date, excluding paused: [Range<Date>]) -> Date {
        guard seconds > 0 else { return start }
        return BusinessCalendar.date(instant(addingWorkingSeconds: seconds, to: BusinessCalendar.seconds(start),
                                             excluding: BusinessCalendar.merge(paused)))
    }

    /// The `Date` of an instant of `instant(addingWorkingSeconds:…)`: `Date.distantFuture` for nil.
    static func date(_ instant: Int?) -> Date {
        guard let instant else { return .distantFuture }
        return Instants.date(Int64(instant))
    }

    // MARK: Engine (integer seconds since 1970)

    /// Whole seconds since 1970 of an instant, rounded towards the past and kept
    /// within ±9·10^15 so that day arithmetic (day × 86,400) cannot overflow.
    static func seconds(_ date: Date) -> Int {
        Int(min(max(Instants.seconds(date), -9_000_000_000_000_000), 9_000_000_000_000_000))
    }

    /// The day number that holds UTC second `t`.
    private static func day(of t: Int) -> Int { LocalDate.dayNumber(ofLocalSeconds: Int64(t)) }

    /// Sorted, non-overlapping integer intervals covering `ranges`.
    static func merge(_ ranges: [Range<Date>]) -> [Range<Int>] {
        merge(ranges.map { seconds($0.lowerBound)..<seconds($0.upperBound) })
    }

    /// Sorted, non-overlapping (and not touching) intervals covering `ranges`, empty ones
    /// left out. Intervals that are so already (a record's pauses: none, or a few in order)
    /// are returned as they are, without a new array.
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var ordered = true
        for index in ranges.indices where ranges[index].isEmpty || (index > 0 && ranges[index].lowerBound <= ranges[index - 1].upperBound) {
            ordered = false
            break
        }
        if ordered { return ranges }
        let intervals = ranges
            .filter { !$0.isEmpty }
            .sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for interval in intervals {
            if let last = merged.last, interval.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, interval.upperBound)
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// 0–6: the weekday whose hours day `day` has (0 = Monday), 7: none (a holiday).
    @inline(__always)
    private func kind(ofDay day: Int) -> Int {
        let index = day - dayKindBase
        if index >= 0, index < dayKinds.count { return Int(dayKinds[index]) }
        return Weekday(dayNumber: day).rawValue
    }

    private func spans(onDay day: Int) -> [WorkingSpan] {
        let kind = kind(ofDay: day)
        return kind == 7 ? [] : weekly[kind]
    }

    /// Calls `body` with each working span of local day `day` as UTC seconds,
    /// in order, until it returns false. Returns false if `body` stopped.
    @discardableResult
    private func forEachSpan(day: Int, _ body: (Int, Int) -> Bool) -> Bool {
        let spans = spans(onDay: day)
        if spans.isEmpty { return true }
        let (low, high) = offsetsAround(day: day)
        let midnight = day * 86400
        for span in spans {
            let start = utc(local: midnight + span.startMinute * 60, low: low, high: high)
            let end = utc(local: midnight + span.endMinute * 60, low: low, high: high)
            if end > start, !body(start, end) { return false }
        }
        return true
    }

    /// The UTC instant of local wall time `local` (seconds since 1970 as if
    /// UTC), given the offsets just before and just after its day.
    private func utc(local: Int, low: Int, high: Int) -> Int {
        if low == high { return local - low }
        return Int(ZoneOffsets.instant(local: Int64(local), before: low, after: high) { offsets.offset(at: $0) })
    }

    /// The UTC offsets at local day `day`'s 00:00 minus 14 h and at the next
    /// day's 00:00 plus 12 h (both read as UTC instants): every instant of the
    /// local day lies between them, so equal offsets mean the day has no change.
    @inline(__always)
    private func offsetsAround(day: Int) -> (Int, Int) {
        let midnight = Int64(day) * 86_400
        return (offsets.offset(at: midnight - 14 * 3600), offsets.offset(at: midnight + 86_400 + 12 * 3600))
    }

    /// How many whole weeks from local day `day` on have the plain weekly hours: no
    /// holiday or extra working day and no offset change; at most `limit` weeks.
    @inline(__always)
    private func plainWeeks(from day: Int, limit: Int) -> Int {
        guard limit > 0, Int64(day) * 86_400 - 2 * 86_400 >= offsets.lastChange else { return 0 }
        let tableEnd = dayKindBase + dayKinds.count
        if dayKinds.isEmpty || day >= tableEnd { return limit }
        return min(limit, max(0, (dayKindBase - day) / 7))
    }

    func workingSeconds(from a: Int, to b: Int) -> Int {
        guard b > a else { return 0 }
        if alwaysWorking { return b - a }
        if a >= steadyFrom { return steadySeconds(until: b) - steadySeconds(until: a) }
        return workingSecondsByDays(from: a, to: b)
    }

    // MARK: Steady offset: cumulative sums

    /// The working seconds of the local days `0 ..< day` (negative before day 0), holidays and
    /// extra working days counted: whole weeks, the rest of a week, the table's correction.
    @inline(__always)
    private func daysSeconds(before day: Int) -> Int {
        let weeks = day >= 0 ? day / 7 : -((6 - day) / 7)
        var total = weeks * weekSeconds + weekPrefix[day - weeks * 7]
        let index = day - dayKindBase
        if index > 0, !dayKinds.isEmpty { total += tableCorrection[min(index, dayKinds.count)] }
        return total
    }

    /// The working seconds from local day 0's midnight to instant `t`, for `t >= steadyFrom`
    /// (where the offset is `steadyOffset`): `workingSeconds(from: a, to: b)` is the difference of two.
    @inline(__always)
    private func steadySeconds(until t: Int) -> Int {
        let local = t + steadyOffset
        let day = BusinessCalendar.day(of: local)
        let second = local - day * 86_400
        var total = daysSeconds(before: day)
        let kind = kind(ofDay: day)
        var span = kindSpanFirst[kind]
        let end = kindSpanFirst[kind + 1]
        while span < end, second > spanStarts[span] {
            total += min(second, spanEnds[span]) - spanStarts[span]
            span += 1
        }
        return total
    }

    /// `instant(addingWorkingSeconds:to:)` for `start >= steadyFrom` and `seconds > 0`: the first
    /// local day whose cumulative working time reaches the target (a few days walked, then a binary
    /// search), then the span in it; nil when that day is past the search limit.
    private func steadyInstant(addingWorkingSeconds seconds: Int, to start: Int) -> Int? {
        let target = steadySeconds(until: start) + seconds
        let limit = BusinessCalendar.day(of: start) - 1 + BusinessCalendar.searchLimitDays
        var day = BusinessCalendar.day(of: start + steadyOffset)
        var before = daysSeconds(before: day)
        var walked = 0
        while true {
            if day > limit { return nil }
            let after = before + kindSeconds[kind(ofDay: day)]
            if after >= target { break }
            before = after
            day += 1
            walked += 1
            if walked == 32 {
                // Far off: the first day `d` in `day ... limit` with `daysSeconds(before: d + 1) >= target`.
                var low = day, high = limit + 1
                while low < high {
                    let middle = low + (high - low) / 2
                    if daysSeconds(before: middle + 1) >= target { high = middle } else { low = middle + 1 }
                }
                if low > limit { return nil }
                day = low
                before = daysSeconds(before: day)
                break
            }
        }
        var remaining = target - before
        let midnight = day * 86_400 - steadyOffset
        let kind = kind(ofDay: day)
        for span in kindSpanFirst[kind]..<kindSpanFirst[kind + 1] {
            let length = spanEnds[span] - spanStarts[span]
            if remaining <= length { return midnight + spanStarts[span] + remaining }
            remaining -= length
        }
        return nil   // not reached: the day's spans hold `target - before` seconds
    }

    // MARK: Day by day

    /// `workingSeconds(from:to:)` counted day by day, each day's spans through the zone's offsets
    /// (where an offset changes; the steady sums agree with it elsewhere, as tests check).
    func workingSecondsByDays(from a: Int, to b: Int) -> Int {
        guard b > a else { return 0 }
        if alwaysWorking { return b - a }
        var total = 0
        var day = BusinessCalendar.day(of: a) - 1
        let lastDay = BusinessCalendar.day(of: b) + 1
        // Every working span of the days from `firstWhole` to `lastWhole` lies inside [a, b):
        // local days are at most 14 h off their UTC day.
        let firstWhole = BusinessCalendar.day(of: a) + 2, lastWhole = BusinessCalendar.day(of: b) - 2
        while day <= lastDay {
            if day >= firstWhole {
                let weeks = plainWeeks(from: day, limit: (lastWhole - day + 1) / 7)
                if weeks > 0 {
                    total += weeks * weekSeconds
                    day += weeks * 7
                    continue
                }
                // Whole days of the holiday table after the zone's last change: one subtraction.
                let tableEnd = dayKindBase + dayKinds.count
                if day >= dayKindBase, day < tableEnd, Int64(day) * 86_400 - 2 * 86_400 >= offsets.lastChange {
                    let through = min(lastWhole, tableEnd - 1)
                    if through >= day {
                        total += dayPrefix[through + 1 - dayKindBase] - dayPrefix[day - dayKindBase]
                        day = through + 1
                        continue
                    }
                }
            }
            // Fast path: a day without a time-zone change whose working spans
            // all lie inside [a, b) adds its whole working time.
            let kind = kind(ofDay: day)
            if kindSeconds[kind] == 0 { day += 1; continue }
            let (low, high) = offsetsAround(day: day)
            if low == high {
                let midnight = day * 86400 - low
                if midnight + kindFirstMinute[kind] * 60 >= a, midnight + kindLastMinute[kind] * 60 <= b {
                    total += kindSeconds[kind]
                    day += 1
                    continue
                }
            }
            forEachSpan(day: day) { start, end in
                let lower = max(start, a), upper = min(end, b)
                if upper > lower { total += upper - lower }
                return true
            }
            day += 1
        }
        return total
    }

    /// Working seconds in `[a, b)` outside the `paused` intervals, which are sorted and do
    /// not overlap (`merge`); only their working part inside `[a, b)` is subtracted.
    func workingSeconds(from a: Int, to b: Int, excluding paused: [Range<Int>]) -> Int {
        guard b > a else { return 0 }
        var total = workingSeconds(from: a, to: b)
        for pause in paused {
            let lower = max(pause.lowerBound, a), upper = min(pause.upperBound, b)
            if upper > lower { total -= workingSeconds(from: lower, to: upper) }
        }
        return total
    }

    /// The instant at which `seconds` working seconds outside the `paused` intervals
    /// (sorted, not overlapping: `merge`) have passed since `start`; `start` for
    /// `seconds <= 0`, nil beyond the search limit.
    func instant(addingWorkingSeconds seconds: Int, to start: Int, excluding paused: [Range<Int>]) -> Int? {
        guard seconds > 0 else { return start }
        var cursor = start
        var remaining = seconds
        for pause in paused where pause.upperBound > cursor {
            if pause.lowerBound > cursor {
                let available = workingSeconds(from: cursor, to: pause.lowerBound)
                if available >= remaining { return instant(addingWorkingSeconds: remaining, to: cursor) }
                remaining -= available
            }
            cursor = pause.upperBound
        }
        return instant(addingWorkingSeconds: remaining, to: cursor)
    }

    /// The instant at which `seconds > 0` working seconds have passed since
    /// `start`, or nil beyond the search limit.
    func instant(addingWorkingSeconds seconds: Int, to start: Int) -> Int? {
        if seconds <= 0 { return start }
        if alwaysWorking { return start + seconds }
        // No weekday has hours, so neither do extra working days (Monday's hours).
        if !hasWeeklyHours { return nil }
        if start >= steadyFrom { return steadyInstant(addingWorkingSeconds: seconds, to: start) }
        return instantByDays(addingWorkingSeconds: seconds, to: start)
    }

    /// `instant(addingWorkingSeconds:to:)` found day by day (see `workingSecondsByDays`).
    func instantByDays(addingWorkingSeconds seconds: Int, to start: Int) -> Int? {
        if seconds <= 0 { return start }
        if alwaysWorking { return start + seconds }
        if !hasWeeklyHours { return nil }
        var remaining = seconds
        var result: Int?
        var day = BusinessCalendar.day(of: start) - 1
        let limit = day + BusinessCalendar.searchLimitDays
        while day <= limit {
            // Fast path: a whole working day after `start`, without a time-zone
            // change, that does not use up the target.
            let kind = kind(ofDay: day)
            if kindSeconds[kind] == 0 { day += 1; continue }
            let (low, high) = offsetsAround(day: day)
            if low == high, kindSeconds[kind] < remaining, day * 86400 - low + kindFirstMinute[kind] * 60 >= start {
                remaining -= kindSeconds[kind]
                day += 1
                continue
            }
            let more = forEachSpan(day: day) { spanStart, spanEnd in
                let lower = max(spanStart, start)
                guard spanEnd > lower else { return true }
                let available = spanEnd - lower
                if remaining <= available {
                    result = lower + remaining
                    return false
                }
                remaining -= available
                return true
            }
            if !more { return result }
            day += 1
        }
        return nil
    }
}
