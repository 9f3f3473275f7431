import Foundation

/// Instants are whole seconds since 1970-01-01 00:00 UTC (`Int64`); this is
/// where they meet `Date` and where the clock input is bounded.
public enum Instants {
    /// The earliest instant `--now` and `SOURCE_DATE_EPOCH` accept: 1970-01-01T00:00:00Z.
    public static let earliestClock: Int64 = 0
    /// The latest instant `--now` and `SOURCE_DATE_EPOCH` accept: 9999-12-30T23:59:59Z,
    /// a day short of the year 10000 so that its local date has a four-digit year in
    /// every time zone (offsets reach +14:00).
    public static let latestClock: Int64 = 253_402_214_399

    /// Nil when `seconds` lies in the accepted clock range, else the error message for
    /// the clock input `source` (`--now`, `SOURCE_DATE_EPOCH`) whose text was `found`.
    public static func clockError(_ seconds: Int64, source: String, found: String) -> String? {
        if (earliestClock...latestClock).contains(seconds) { return nil }
        return "expected \(source) from 1970-01-01T00:00:00Z to 9999-12-30T23:59:59Z "
            + "(\(earliestClock) to \(latestClock) seconds since 1970), found \(found)"
    }

    /// The `Date` of an instant.
    public static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: Double(seconds)) }

    /// The instant of a `Date`, rounded towards the past; `Int64.max` for
    /// `Date.distantFuture` itself, the business calendars' "never" (only that
    /// instant: it lies in the year 4001, inside the clock range).
    public static func seconds(_ date: Date) -> Int64 {
        if date == .distantFuture { return Int64.max }
        let value = date.timeIntervalSince1970.rounded(.down)
        return value <= -9.0e15 ? -9_000_000_000_000_000 : Int64(value)
    }
}
