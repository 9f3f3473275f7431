import Foundation

// MARK: - LocalDate

/// A calendar date without a time or time zone, e.g. `2026-02-14`.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A date from its parts; the parts are not checked (use `init?(parsing:)`
    /// for checked input).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (four-digit year, two-digit month and day) and
    /// checks that the day exists; nil otherwise.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= LocalDate.daysInMonth(year: year, month: month) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01 (proleptic Gregorian).
    public init(dayNumber: Int) {
        let (y, m, d) = CivilDays.civil(fromDays: dayNumber)
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int { CivilDays.days(year: year, month: month, day: day) }

    /// The day of the week.
    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Number of days in `month` of `year` (Gregorian leap years).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        default:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Howard Hinnant's days-from-civil algorithms: integer-only, any year.
enum CivilDays {
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

// MARK: - Weekday and spans

/// A day of the week, Monday first (ISO 8601).
public enum Weekday: Int, CaseIterable, Sendable, Hashable, Comparable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of the day `dayNumber` days after 1970-01-01 (a Thursday).
    public init(dayNumber: Int) {
        let index = ((dayNumber + 3) % 7 + 7) % 7
        self = Weekday(rawValue: index)!
    }

    /// The key used in `procedures/sla.md`: `mon` … `sun`.
    public var key: String {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue]
    }

    /// The weekday for a key `mon` … `sun` (case-insensitive), or nil.
    public init?(key: String) {
        guard let index = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].firstIndex(of: key.lowercased()) else { return nil }
        self = Weekday(rawValue: index)!
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

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
/// Cost: one call iterates the local days it covers with integer arithmetic;
/// time-zone offsets are looked up once per block of days and cached.
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
    /// Per day kind (0–7): first span start and last span end in minutes
    /// (0, 0 for none), and the working seconds of a whole day without a
    /// time-zone change.
    private let kindFirstMinute: [Int]
    private let kindLastMinute: [Int]
    private let kindSeconds: [Int]
    private let alwaysWorking: Bool
    private let hasWeeklyHours: Bool
    private let offsets: OffsetCache

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
        self.offsets = OffsetCache(timeZone: timeZone)
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
        var cursor = OffsetCursor()
        var result: [Range<Date>] = []
        forEachSpan(day: date.dayNumber, cursor: &cursor) { start, end in
            result.append(Date(timeIntervalSince1970: Double(start))..<Date(timeIntervalSince1970: Double(end)))
            return true
        }
        return result
    }

    /// The local date of an instant in the calendar's time zone.
    public func localDate(of instant: Date) -> LocalDate {
        let t = BusinessCalendar.seconds(instant)
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))
        return LocalDate(dayNumber: BusinessCalendar.floorDiv(t + offset, 86400))
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
        var total = workingSeconds(from: a, to: b)
        for pause in BusinessCalendar.merge(paused) {
            let lower = max(pause.lowerBound, a), upper = min(pause.upperBound, b)
            if upper > lower { total -= workingSeconds(from: lower, to: upper) }
        }
        return total
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
        guard let t = instant(addingWorkingSeconds: seconds, to: BusinessCalendar.seconds(start)) else { return .distantFuture }
        return Date(timeIntervalSince1970: Double(t))
    }

    /// Like `date(addingWorkingSeconds:to:)`, but the clock does not run in the
    /// `paused` intervals: the instant where working time since `start`, minus
    /// working time inside the paused intervals, reaches `seconds`.
    public func date(addingWorkingSeconds seconds: Int, to start: Date, excluding paused: [Range<Date>]) -> Date {
        guard seconds > 0 else { return start }
        var cursor = BusinessCalendar.seconds(start)
        var remaining = seconds
        for pause in BusinessCalendar.merge(paused) where pause.upperBound > cursor {
            if pause.lowerBound > cursor {
                let available = workingSeconds(from: cursor, to: pause.lowerBound)
                if available >= remaining {
                    guard let t = instant(addingWorkingSeconds: remaining, to: cursor) else { return .distantFuture }
                    return Date(timeIntervalSince1970: Double(t))
                }
                remaining -= available
            }
            cursor = pause.upperBound
        }
        guard let t = instant(addingWorkingSeconds: remaining, to: cursor) else { return .distantFuture }
        return Date(timeIntervalSince1970: Double(t))
    }

    // MARK: Engine (integer seconds since 1970)

    /// Whole seconds since 1970 of an instant, rounded towards the past.
    static func seconds(_ date: Date) -> Int {
        let value = date.timeIntervalSince1970.rounded(.down)
        if value >= 9.0e15 { return 9_000_000_000_000_000 }
        if value <= -9.0e15 { return -9_000_000_000_000_000 }
        return Int(value)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Sorted, non-overlapping integer intervals covering `ranges`.
    static func merge(_ ranges: [Range<Date>]) -> [Range<Int>] {
        let intervals = ranges
            .map { seconds($0.lowerBound)..<seconds($0.upperBound) }
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
    private func forEachSpan(day: Int, cursor: inout OffsetCursor, _ body: (Int, Int) -> Bool) -> Bool {
        let spans = spans(onDay: day)
        if spans.isEmpty { return true }
        let (low, high) = offsets.offsets(day: day, cursor: &cursor)
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
        let before = local - low, after = local - high
        let beforeValid = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(before))) == low
        let afterValid = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(after))) == high
        switch (beforeValid, afterValid) {
        case (true, true): return min(before, after)   // repeated hour: the first occurrence
        case (true, false): return before
        case (false, true): return after
        case (false, false): return before             // skipped hour: moved forward by the gap
        }
    }

    func workingSeconds(from a: Int, to b: Int) -> Int {
        guard b > a else { return 0 }
        if alwaysWorking { return b - a }
        var total = 0
        var cursor = OffsetCursor()
        var day = BusinessCalendar.floorDiv(a, 86400) - 1
        let lastDay = BusinessCalendar.floorDiv(b, 86400) + 1
        while day <= lastDay {
            // Fast path: a day without a time-zone change whose working spans
            // all lie inside [a, b) adds its whole working time.
            let kind = kind(ofDay: day)
            if kindSeconds[kind] == 0 { day += 1; continue }
            let (low, high) = offsets.offsets(day: day, cursor: &cursor)
            if low == high {
                let midnight = day * 86400 - low
                if midnight + kindFirstMinute[kind] * 60 >= a, midnight + kindLastMinute[kind] * 60 <= b {
                    total += kindSeconds[kind]
                    day += 1
                    continue
                }
            }
            forEachSpan(day: day, cursor: &cursor) { start, end in
                let lower = max(start, a), upper = min(end, b)
                if upper > lower { total += upper - lower }
                return true
            }
            day += 1
        }
        return total
    }

    /// The instant at which `seconds > 0` working seconds have passed since
    /// `start`, or nil beyond the search limit.
    func instant(addingWorkingSeconds seconds: Int, to start: Int) -> Int? {
        if seconds <= 0 { return start }
        if alwaysWorking { return start + seconds }
        // No weekday has hours, so neither do extra working days (Monday's hours).
        if !hasWeeklyHours { return nil }
        var remaining = seconds
        var result: Int?
        var cursor = OffsetCursor()
        var day = BusinessCalendar.floorDiv(start, 86400) - 1
        let limit = day + BusinessCalendar.searchLimitDays
        while day <= limit {
            // Fast path: a whole working day after `start`, without a time-zone
            // change, that does not use up the target.
            let kind = kind(ofDay: day)
            if kindSeconds[kind] == 0 { day += 1; continue }
            let (low, high) = offsets.offsets(day: day, cursor: &cursor)
            if low == high, kindSeconds[kind] < remaining, day * 86400 - low + kindFirstMinute[kind] * 60 >= start {
                remaining -= kindSeconds[kind]
                day += 1
                continue
            }
            let more = forEachSpan(day: day, cursor: &cursor) { spanStart, spanEnd in
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

// MARK: - Time-zone offsets, cached per block of days

/// The block of cached offsets a loop is working in, so that it takes the
/// cache's lock once per block rather than once per day.
struct OffsetCursor {
    var block = Int.min
    var low: [Int32] = []
    var high: [Int32] = []
}

/// For each local day `d`, the UTC offset at `d` 00:00 minus 14 h and at
/// `d + 1` 00:00 plus 12 h (both read as UTC instants): every instant of local
/// day `d` lies between them, so equal offsets mean the day has no change.
final class OffsetCache: @unchecked Sendable {
    static let blockShift = 7  // 128 days a block
    private let timeZone: TimeZone
    private let fixedOffset: Int?
    private let lock = NSLock()
    private var blocks: [Int: ([Int32], [Int32])] = [:]

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        // A zone without any transition (UTC, Etc/GMT-8) needs no table.
        let probe = Date(timeIntervalSince1970: 0)
        if timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: -4_000_000_000)) == nil,
           timeZone.secondsFromGMT(for: probe) == timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: -4_000_000_000)),
           timeZone.secondsFromGMT(for: probe) == timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 8_000_000_000)) {
            self.fixedOffset = timeZone.secondsFromGMT(for: probe)
        } else {
            self.fixedOffset = nil
        }
    }

    func offsets(day: Int, cursor: inout OffsetCursor) -> (Int, Int) {
        if let fixedOffset { return (fixedOffset, fixedOffset) }
        let block = day >> OffsetCache.blockShift
        if block != cursor.block {
            let (low, high) = table(block: block)
            cursor = OffsetCursor(block: block, low: low, high: high)
        }
        let index = day - (block << OffsetCache.blockShift)
        return (Int(cursor.low[index]), Int(cursor.high[index]))
    }

    private func table(block: Int) -> ([Int32], [Int32]) {
        lock.lock()
        if let cached = blocks[block] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let count = 1 << OffsetCache.blockShift
        var low = [Int32](repeating: 0, count: count)
        var high = [Int32](repeating: 0, count: count)
        for index in 0..<count {
            let midnight = ((block << OffsetCache.blockShift) + index) * 86400
            low[index] = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(midnight - 14 * 3600))))
            high[index] = Int32(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(midnight + 86400 + 12 * 3600))))
        }
        lock.lock()
        blocks[block] = (low, high)
        lock.unlock()
        return (low, high)
    }
}
