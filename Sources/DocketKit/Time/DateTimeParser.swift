import Foundation

/// The contract's datetime forms in one time zone: reads them from text,
/// prints instants as ISO 8601 with offset or as local `yyyy-MM-dd HH:mm`,
/// and gives the local day of an instant.
///
/// Instants are whole seconds since 1970-01-01 00:00 UTC (`Int64`). A local
/// form (`2026-11-03 09:12`) is read in the zone, through the zone's one offset
/// table; a local time in a spring-forward gap is moved forward by the gap, one
/// that occurs twice means its first occurrence. Parsing works on UTF-8 bytes.
public struct DateTimeParser: Sendable {
    public let timeZone: TimeZone
    let offsets: ZoneOffsets

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        self.offsets = ZoneOffsets.shared(timeZone)
    }

    /// The zone's UTC offset in seconds at an instant.
    public func offset(at seconds: Int64) -> Int { offsets.offset(at: seconds) }

    /// Seconds since 1970 for `2026-11-03T09:12:00+08:00`, `…Z`, `2026-11-03 09:12`,
    /// `2026-11-03 09:12:00` or `2026-11-03T09:12`; nil for anything else.
    public func datetime(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { datetime(utf8: $0) }
    }

    /// `datetime(_:)` of the UTF-8 bytes of a value, read where they lie (the record decoder's fast path).
    public func datetime(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        if bytes.count == 16, let local = Self.localMinute(bytes) { return offsets.instant(local: local) }
        guard bytes.count >= 16, let days = LocalDate.dayNumber(bytes, at: 0) else { return nil }
        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "t") else { return nil }
        guard let hour = TimeText.number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"), let minute = TimeText.number(bytes, 14, 2),
              hour < 24, minute < 60 else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let value = TimeText.number(bytes, index + 1, 2), value < 60 else { return nil }
            second = value
            index += 3
        }
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        if index == bytes.count { return offsets.instant(local: local) }
        let sign = bytes[index]
        if (sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z")) && index + 1 == bytes.count { return local }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        guard let offsetHours = TimeText.number(bytes, index + 1, 2) else { return nil }
        var offsetMinutes = 0
        if index + 3 == bytes.count {
        } else if index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"), let value = TimeText.number(bytes, index + 4, 2) {
            offsetMinutes = value
        } else if index + 5 == bytes.count, let value = TimeText.number(bytes, index + 3, 2) {
            offsetMinutes = value
        } else {
            return nil
        }
        guard offsetHours < 24, offsetMinutes < 60 else { return nil }
        let offset = Int64(offsetHours * 3600 + offsetMinutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
        return local - offset
    }

    /// The local seconds of `2026-11-03 09:12` (or `T`/`t` between date and time), the form of
    /// most datetimes in records: its twelve digits checked and read from two words. Nil for any
    /// other shape (then `datetime(utf8:)` reads it byte by byte) and for an impossible value.
    @inline(__always)
    static func localMinute(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count == 16, let raw = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        let zeros: UInt64 = 0x3030_3030_3030_3030
        // `YYYY-MM-` and `DD HH:MM`, each byte less "0": a digit is then a byte 0–9.
        let date = raw.loadUnaligned(as: UInt64.self).littleEndian ^ zeros
        let time = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian ^ zeros
        // A byte is 0–9 when neither it nor it plus 6 has a bit of 0xF0 (a carry out of a byte
        // that is no digit makes the check fail anyway).
        func digits(_ word: UInt64, _ mask: UInt64) -> Bool { (word | (word &+ 0x0606_0606_0606_0606)) & 0xF0F0_F0F0_F0F0_F0F0 & mask == 0 }
        func byte(_ word: UInt64, _ index: UInt64) -> Int { Int(truncatingIfNeeded: word >> (index * 8) & 0xFF) }
        let dash = Int(UInt8(ascii: "-") ^ 0x30), colon = Int(UInt8(ascii: ":") ^ 0x30)
        let separator = byte(time, 2)
        guard digits(date, 0x00FF_FF00_FFFF_FFFF), digits(time, 0xFFFF_00FF_FF00_FFFF),
              byte(date, 4) == dash, byte(date, 7) == dash, byte(time, 5) == colon,
              separator == Int(UInt8(ascii: " ") ^ 0x30) || separator == Int(UInt8(ascii: "T") ^ 0x30) || separator == Int(UInt8(ascii: "t") ^ 0x30)
        else { return nil }
        let year = byte(date, 0) * 1000 + byte(date, 1) * 100 + byte(date, 2) * 10 + byte(date, 3)
        let month = byte(date, 5) * 10 + byte(date, 6), day = byte(time, 0) * 10 + byte(time, 1)
        let hour = byte(time, 3) * 10 + byte(time, 4), minute = byte(time, 6) * 10 + byte(time, 7)
        guard month >= 1, month <= 12, day >= 1, day <= LocalDate.daysInMonth(year: year, month: month), hour < 24, minute < 60 else { return nil }
        return Int64(LocalDate.dayNumber(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    /// Days since 1970-01-01 for `2026-11-03`; nil for anything else or an impossible date.
    public static func date(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { date(utf8: $0) }
    }

    /// `date(_:)` of the UTF-8 bytes of a value, read where they lie.
    public static func date(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        bytes.count == 10 ? LocalDate.dayNumber(bytes, at: 0) : nil
    }

    /// The instant of a local wall-clock time in the zone (gap: moved forward; repeated: the first).
    public func instant(_ date: LocalDate, hour: Int = 0, minute: Int = 0) -> Int64 {
        offsets.instant(local: Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60))
    }

    /// The day number (days since 1970-01-01) of the local date of an instant in the zone.
    public func localDay(of seconds: Int64) -> Int {
        LocalDate.dayNumber(ofLocalSeconds: seconds + Int64(offsets.offset(at: seconds)))
    }

    /// The local date of an instant in the zone.
    public func localDate(of seconds: Int64) -> LocalDate {
        LocalDate(dayNumber: localDay(of: seconds))
    }

    /// Local wall-clock text `2026-11-03 09:12` for an instant, in the zone.
    public func localText(_ seconds: Int64) -> String {
        Self.format(seconds + Int64(offsets.offset(at: seconds)), offsetSeconds: nil)
    }

    /// ISO 8601 with offset: `2026-11-03T09:12:00+08:00`.
    public func iso8601(_ seconds: Int64) -> String {
        let offset = offsets.offset(at: seconds)
        return Self.format(seconds + Int64(offset), offsetSeconds: offset)
    }

    /// Calls `body` with the UTF-8 bytes of `localText(seconds)` (of `iso8601(seconds)` `withOffset`),
    /// written in a stack buffer rather than a `String` in years 0–9999.
    func withText<Result>(_ seconds: Int64, withOffset: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let offset = offsets.offset(at: seconds)
        let local = seconds + Int64(offset)
        let day = LocalDate.dayNumber(ofLocalSeconds: local)
        let calendarDate = LocalDate(dayNumber: day)
        guard calendarDate.year >= 0, calendarDate.year <= 9999, !withOffset || abs(offset) < 360_000 else {
            var text = Self.format(local, offsetSeconds: withOffset ? offset : nil)
            return text.withUTF8(body)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 25) { buffer in
            let count = Self.write(calendarDate, Int(local - Int64(day) * 86_400), offsetSeconds: withOffset ? offset : nil, into: buffer)
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Writes the text of `format(_:offsetSeconds:)` for a year 0–9999 and an offset under 100 hours
    /// into `out` (16 bytes without an offset, 25 with one); returns the count written.
    private static func write(_ calendarDate: LocalDate, _ secondsOfDay: Int, offsetSeconds: Int?,
                              into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        func put(_ value: Int, _ width: Int, at start: Int) { TimeText.put(value, width, into: out, at: start) }
        put(calendarDate.year, 4, at: 0); out[4] = UInt8(ascii: "-")
        put(calendarDate.month, 2, at: 5); out[7] = UInt8(ascii: "-")
        put(calendarDate.day, 2, at: 8)
        out[10] = offsetSeconds == nil ? UInt8(ascii: " ") : UInt8(ascii: "T")
        put(secondsOfDay / 3600, 2, at: 11); out[13] = UInt8(ascii: ":")
        put(secondsOfDay / 60 % 60, 2, at: 14)
        guard let offsetSeconds else { return 16 }
        out[16] = UInt8(ascii: ":"); put(secondsOfDay % 60, 2, at: 17)
        out[19] = offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
        let magnitude = abs(offsetSeconds)
        put(magnitude / 3600, 2, at: 20); out[22] = UInt8(ascii: ":")
        put(magnitude / 60 % 60, 2, at: 23)
        return 25
    }

    private static func format(_ local: Int64, offsetSeconds: Int?) -> String {
        let day = LocalDate.dayNumber(ofLocalSeconds: local)
        let secondsOfDay = Int(local - Int64(day) * 86_400)
        let calendarDate = LocalDate(dayNumber: day)
        // Years 0–9999 and offsets under 100 hours (every real one): the text written as bytes, one allocation.
        if calendarDate.year >= 0, calendarDate.year <= 9999, abs(offsetSeconds ?? 0) < 360_000 {
            return String(unsafeUninitializedCapacity: offsetSeconds == nil ? 16 : 25) { out in
                write(calendarDate, secondsOfDay, offsetSeconds: offsetSeconds, into: out)
            }
        }
        let date = calendarDate.description
        let hh = TimeText.digits(secondsOfDay / 3600, 2), mm = TimeText.digits(secondsOfDay / 60 % 60, 2)
        guard let offsetSeconds else { return "\(date) \(hh):\(mm)" }
        let ss = TimeText.digits(secondsOfDay % 60, 2)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        return "\(date)T\(hh):\(mm):\(ss)\(sign)\(TimeText.digits(magnitude / 3600, 2)):\(TimeText.digits(magnitude / 60 % 60, 2))"
    }
}
