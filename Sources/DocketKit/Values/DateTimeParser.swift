import Foundation

/// Reads the contract's datetime, date and duration forms from text.
///
/// Datetimes become seconds since 1970 (UTC). A local form (`2026-11-03 09:12`)
/// is read in the repository's time zone. Parsing works on UTF-8 bytes.
public struct DateTimeParser: Sendable {
    public let timeZone: TimeZone
    private let offsets: OffsetTable

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.offsets = OffsetTable.shared(timeZone)
    }

    /// The zone's UTC offset in seconds at an instant (seconds since 1970).
    public func offset(at seconds: Int64) -> Int { offsets.offset(at: seconds) }

    /// Seconds since 1970 for `2026-11-03T09:12:00+08:00`, `…Z`, `2026-11-03 09:12`,
    /// `2026-11-03 09:12:00` or `2026-11-03T09:12`; nil for anything else.
    public func datetime(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            guard bytes.count >= 16, let days = Self.days(bytes, 0) else { return nil }
            let separator = bytes[10]
            guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "t") else { return nil }
            guard let hour = Self.number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let minute = Self.number(bytes, 14, 2),
                  hour < 24, minute < 60 else { return nil }
            var index = 16
            var second = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard let value = Self.number(bytes, index + 1, 2), value < 60 else { return nil }
                second = value
                index += 3
            }
            let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            if index == bytes.count { return localToUTC(local) }
            let sign = bytes[index]
            if (sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z")) && index + 1 == bytes.count { return local }
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
            guard let offsetHours = Self.number(bytes, index + 1, 2) else { return nil }
            var offsetMinutes = 0
            if index + 3 == bytes.count {
            } else if index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"), let value = Self.number(bytes, index + 4, 2) {
                offsetMinutes = value
            } else if index + 5 == bytes.count, let value = Self.number(bytes, index + 3, 2) {
                offsetMinutes = value
            } else {
                return nil
            }
            guard offsetHours < 24, offsetMinutes < 60 else { return nil }
            let offset = Int64(offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
            return local - offset
        }
    }

    /// Days since 1970-01-01 for `2026-11-03`; nil for anything else or an impossible date.
    public static func date(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes in bytes.count == 10 ? days(bytes, 0) : nil }
    }

    /// Seconds for `15m`, `4h`, `1h30m`, `2d` (d = 24 h); nil for anything else.
    public static func duration(_ text: String) -> Int? {
        var total = 0
        var current = 0
        var hasDigits = false
        var sawUnit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                current = current * 10 + Int(byte - 0x30)
                hasDigits = true
                if current > 10_000_000 { return nil }
            case UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "m"), UInt8(ascii: "s"):
                guard hasDigits else { return nil }
                let unit = byte == UInt8(ascii: "d") ? 86_400 : byte == UInt8(ascii: "h") ? 3600 : byte == UInt8(ascii: "m") ? 60 : 1
                total += current * unit
                current = 0
                hasDigits = false
                sawUnit = true
            default:
                return nil
            }
        }
        return sawUnit && !hasDigits ? total : nil
    }

    /// Converts local wall-clock seconds to UTC seconds in `timeZone`.
    /// In a gap (spring forward) the later offset applies; in an overlap the earlier instant.
    func localToUTC(_ local: Int64) -> Int64 {
        let firstGuess = Int64(offsets.offset(at: local))
        let offset = Int64(offsets.offset(at: local - firstGuess))
        return local - offset
    }

    /// Local wall-clock text `2026-11-03 09:12` for an instant, in `timeZone`.
    public func localText(_ seconds: Int64) -> String {
        let offset = Int64(offsets.offset(at: seconds))
        return Self.format(seconds + offset, offsetSeconds: nil)
    }

    /// ISO 8601 with offset: `2026-11-03T09:12:00+08:00`.
    public func iso8601(_ seconds: Int64) -> String {
        let offset = offsets.offset(at: seconds)
        return Self.format(seconds + Int64(offset), offsetSeconds: offset)
    }

    static func format(_ local: Int64, offsetSeconds: Int?) -> String {
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let secondsOfDay = Int(local - Int64(days) * 86_400)
        let (year, month, day) = civil(fromDays: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        let hh = two(secondsOfDay / 3600), mm = two(secondsOfDay / 60 % 60), ss = two(secondsOfDay % 60)
        guard let offsetSeconds else { return "\(date) \(hh):\(mm)" }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        return "\(date)T\(hh):\(mm):\(ss)\(sign)\(two(magnitude / 3600)):\(two(magnitude / 60 % 60))"
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    /// Days since 1970-01-01 of a civil date.
    public static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    static func days(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        guard let year = number(bytes, start, 4), bytes[start + 4] == UInt8(ascii: "-"),
              let month = number(bytes, start + 5, 2), bytes[start + 7] == UInt8(ascii: "-"),
              let day = number(bytes, start + 8, 2), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        return daysFromCivil(year, month, day)
    }
}


/// A time zone's offset changes from 1970 to 2100, looked up by binary search:
/// Foundation's `secondsFromGMT(for:)` costs microseconds and is called for every
/// local datetime of 10^5 records.
struct OffsetTable: Sendable {
    /// Instants (seconds since 1970) at which the offset changes, ascending.
    private var instants: [Int64] = []
    /// The offset from each instant on; `offsets[0]` holds before the first change.
    private var offsets: [Int] = []

    private static let cache = OffsetTableCache()

    /// The table of `zone`, built once per zone identifier and process: building
    /// walks every transition to 2100 through ICU, which costs far more than a record.
    static func shared(_ zone: TimeZone) -> OffsetTable {
        cache.table(for: zone)
    }

    init(_ zone: TimeZone) {
        var date = Date(timeIntervalSince1970: 0)
        offsets.append(zone.secondsFromGMT(for: date))
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        while instants.count < 2000, let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            instants.append(Int64(next.timeIntervalSince1970))
            offsets.append(zone.secondsFromGMT(for: next))
            date = next
        }
        // Zones whose standard offset changed without a DST transition are caught by a yearly probe.
        if instants.isEmpty {
            var year = Date(timeIntervalSince1970: 0)
            var last = offsets[0]
            while year < end {
                let offset = zone.secondsFromGMT(for: year)
                if offset != last { instants.append(Int64(year.timeIntervalSince1970)); offsets.append(offset); last = offset }
                year = year.addingTimeInterval(86_400 * 30)
            }
        }
    }

    func offset(at seconds: Int64) -> Int {
        var low = 0, high = instants.count
        while low < high {
            let middle = (low + high) / 2
            if instants[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return offsets[low]
    }
}

/// Offset tables by time-zone identifier, shared by every `DateTimeParser`.
private final class OffsetTableCache: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [String: OffsetTable] = [:]

    func table(for zone: TimeZone) -> OffsetTable {
        lock.lock()
        if let table = tables[zone.identifier] {
            lock.unlock()
            return table
        }
        lock.unlock()
        let table = OffsetTable(zone)
        lock.lock()
        tables[zone.identifier] = table
        lock.unlock()
        return table
    }
}
