/// A calendar date without a time or time zone, e.g. `2026-02-14`
/// (proleptic Gregorian).
///
/// The one place of day-number arithmetic: every other type turns dates into
/// day numbers (days since 1970-01-01) and back through it.
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
        var text = text
        guard let days = text.withUTF8({ $0.count == 10 ? LocalDate.dayNumber($0, at: 0) : nil }) else { return nil }
        self.init(dayNumber: days)
    }

    /// The date `dayNumber` days after 1970-01-01 (Howard Hinnant's
    /// civil-from-days: integer-only, any year).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int { LocalDate.dayNumber(year: year, month: month, day: day) }

    /// The day of the week.
    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    /// `YYYY-MM-DD`, the year always with four digits (`0999-01-01`).
    public var description: String {
        TimeText.digits(year, 4) + "-" + TimeText.digits(month, 2) + "-" + TimeText.digits(day, 2)
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

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days-from-civil).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day number of `YYYY-MM-DD` at `start` in `bytes`, checked to exist; nil otherwise.
    /// Bytes rather than a `String`: record timestamps are read with it.
    static func dayNumber(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start + 10 <= bytes.count, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
              let year = TimeText.number(bytes, start, 4), let month = TimeText.number(bytes, start + 5, 2),
              let day = TimeText.number(bytes, start + 8, 2),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return dayNumber(year: year, month: month, day: day)
    }

    /// The local day that holds `localSeconds` (wall-clock seconds since
    /// 1970-01-01 00:00 read as if UTC): division rounded towards the past.
    static func dayNumber(ofLocalSeconds localSeconds: Int64) -> Int {
        Int(floorDivide(localSeconds, 86_400))
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// `a / b` rounded towards negative infinity (`b > 0`).
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return a % b < 0 ? quotient - 1 : quotient
}

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

/// Digits in and out, shared by the time types.
enum TimeText {
    /// The decimal value of `count` ASCII digits at `start`; nil if one is not a digit or they run past the end.
    @inline(__always)
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `value` with leading zeros to at least `width` digits; a sign stays in front (`-0005`).
    static func digits(_ value: Int, _ width: Int) -> String {
        // The usual case (a year, month, hour…): exactly `width` digits written in place, without
        // the intermediate strings below (`list --format json` formats 10^5 instants).
        if value >= 0, width > 0, width <= 15 {
            var limit = 1
            for _ in 0..<width { limit *= 10 }
            if value < limit {
                return String(unsafeUninitializedCapacity: width) { buffer in
                    put(value, width, into: buffer, at: 0)
                    return width
                }
            }
        }
        let text = String(value.magnitude)
        let padded = text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        return value < 0 ? "-" + padded : padded
    }

    /// Writes the last `width` decimal digits of `value` (not negative) into `buffer` from
    /// `start`, with leading zeros.
    @inline(__always)
    static func put(_ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for position in stride(from: start + width - 1, through: start, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
