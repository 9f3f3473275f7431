/// A run of whole local days named the way people name report periods:
/// a year `2026`, a quarter `2026-Q4`, a month `2026-11`, a day `2026-11-03`,
/// or `FROM..TO` with any of these on either side (both ends included:
/// `2026-01..2026-03` is the first quarter).
public struct Period: Sendable, Hashable, CustomStringConvertible {
    /// The first day of the period.
    public let first: LocalDate
    /// The last day of the period (included).
    public let last: LocalDate

    /// What `init?(parsing:)` accepts, for error messages.
    public static let expected = "a period like 2026, 2026-Q4, 2026-11, 2026-11-03 or FROM..TO (2026-11-01..2026-11-30)"

    /// A period from its first and last day; nil when `last` is before `first`.
    public init?(first: LocalDate, last: LocalDate) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    /// Parses a period; nil for anything else, for a day that does not exist
    /// and for a range that ends before it starts.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, parts[1].isEmpty {
            guard let from = Period.single(String(parts[0])), let to = Period.single(String(parts[2])) else { return nil }
            self.init(first: from.first, last: to.last)
        } else {
            guard !text.contains("."), let single = Period.single(text) else { return nil }
            self = single
        }
    }

    /// Reads the value of `option` as a period, or throws the usage error that
    /// says what is wrong with it: a range that ends before it starts is named
    /// as such, with the two ends the other way round as the fix.
    static func parse(_ text: String, option: String) throws(UsageError) -> Period {
        if let period = Period(parsing: text) { return period }
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, parts[1].isEmpty, Period.single(String(parts[0])) != nil, Period.single(String(parts[2])) != nil {
            throw UsageError("expected \(option) FROM..TO that ends no earlier than it starts, found \"\(text)\": \(parts[0]) starts after \(parts[2]) ends; "
                             + "write \(parts[2])..\(parts[0])")
        }
        throw UsageError.badValue(option, expected: Period.expected, found: text)
    }

    /// The instants of the period in `dates`' zone: from the first day's local
    /// midnight up to (not including) the midnight after the last day.
    public func instants(in dates: DateTimeParser) -> Range<Int64> {
        dates.instant(first)..<dates.instant(LocalDate(dayNumber: last.dayNumber + 1))
    }

    /// `2026-11-01..2026-11-30`.
    public var description: String { "\(first)..\(last)" }

    /// `2026`, `2026-Q4`, `2026-11` or `2026-11-03`.
    private static func single(_ text: String) -> Period? {
        var text = text
        return text.withUTF8 { bytes -> Period? in
            guard let year = TimeText.number(bytes, 0, 4) else { return nil }
            if bytes.count == 4 {
                return Period(first: LocalDate(year: year, month: 1, day: 1), last: LocalDate(year: year, month: 12, day: 31))
            }
            guard bytes.count >= 7, bytes[4] == UInt8(ascii: "-") else { return nil }
            if bytes.count == 7, bytes[5] == UInt8(ascii: "Q") || bytes[5] == UInt8(ascii: "q") {
                guard let quarter = TimeText.number(bytes, 6, 1), (1...4).contains(quarter) else { return nil }
                return month(year, quarter * 3 - 2, through: quarter * 3)
            }
            if bytes.count == 7 {
                guard let month = TimeText.number(bytes, 5, 2), (1...12).contains(month) else { return nil }
                return self.month(year, month, through: month)
            }
            guard bytes.count == 10, let day = LocalDate.dayNumber(bytes, at: 0) else { return nil }
            let date = LocalDate(dayNumber: day)
            return Period(first: date, last: date)
        }
    }

    private static func month(_ year: Int, _ first: Int, through last: Int) -> Period? {
        Period(first: LocalDate(year: year, month: first, day: 1),
               last: LocalDate(year: year, month: last, day: LocalDate.daysInMonth(year: year, month: last)))
    }
}
