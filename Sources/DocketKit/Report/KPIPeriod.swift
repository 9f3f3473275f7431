import Foundation

/// A reporting period: the instants from `from` (included) to `to` (excluded),
/// seconds since 1970.
public struct KPIPeriod: Sendable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    /// The instants of a period of local days (`2026-11`, `2026-Q4`, `FROM..TO`) in the zone of `dates`.
    public init(_ period: Period, dates: DateTimeParser) {
        let instants = period.instants(in: dates)
        self.init(from: instants.lowerBound, to: instants.upperBound)
    }

    /// True when `instant` lies in the period.
    public func contains(_ instant: Int64) -> Bool { instant >= from && instant < to }

    /// The `count` periods of the same length right before this one, oldest first.
    ///
    /// A period of whole months in `timeZone` (a month, a quarter, a year: it starts
    /// and ends at local midnight on the first of a month) steps back by that many
    /// calendar months; one of whole local days by that many days; any other by its
    /// length in seconds. The periods are contiguous: each ends where the next begins.
    public func preceding(_ count: Int, timeZone: TimeZone) -> [KPIPeriod] {
        guard count > 0, to > from else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = Date(timeIntervalSince1970: Double(from)), end = Date(timeIntervalSince1970: Double(to))
        let startParts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: start)
        let endParts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: end)
        func isMidnight(_ parts: DateComponents) -> Bool { parts.hour == 0 && parts.minute == 0 && parts.second == 0 }
        let step: (Int) -> Int64?
        if isMidnight(startParts), isMidnight(endParts), startParts.day == 1, endParts.day == 1,
           let months = calendar.dateComponents([.month], from: start, to: end).month, months > 0 {
            step = { index in
                calendar.date(byAdding: .month, value: -months * index, to: start).map { Int64($0.timeIntervalSince1970) }
            }
        } else if isMidnight(startParts), isMidnight(endParts),
                  let days = calendar.dateComponents([.day], from: start, to: end).day, days > 0 {
            step = { index in
                calendar.date(byAdding: .day, value: -days * index, to: start).map { Int64($0.timeIntervalSince1970) }
            }
        } else {
            let length = to - from
            step = { index in from - length * Int64(index) }
        }
        var bounds: [Int64] = []
        for index in stride(from: count, through: 0, by: -1) {
            guard let bound = step(index) else { return [] }
            bounds.append(bound)
        }
        return (0..<count).map { KPIPeriod(from: bounds[$0], to: bounds[$0 + 1]) }
    }
}
