/// Durations as written in records, in `procedures/sla.md` and in output:
/// one grammar and one formatter.
///
/// Grammar: one or more `<digits><unit>` parts, units `d` (24 h), `h`, `m`,
/// `s` in that order, each at most once, at most nine digits each: `15m`,
/// `4h`, `1h30m`, `2d`, `1d2h3m4s`. `30m1h` and `1h1h` are not durations.
public enum DurationText {
    /// The largest unit `format` writes.
    public enum LargestUnit: Sendable {
        /// `1d2h`: for durations of the clock, a day is 24 hours.
        case day
        /// `26h`: for working time, where a working day is not 24 hours.
        case hour
    }

    /// Seconds of a duration in the grammar; nil for anything else.
    public static func parse(_ text: String) -> Int? {
        var total = 0
        var nextUnit = 0
        var number = 0
        var digits = 0
        for byte in text.utf8 {
            if byte >= 0x30, byte <= 0x39 {
                digits += 1
                guard digits <= 9 else { return nil }
                number = number * 10 + Int(byte - 0x30)
                continue
            }
            guard digits > 0, let index = unitIndex(byte), index >= nextUnit else { return nil }
            total += number * units[index].seconds
            nextUnit = index + 1
            number = 0
            digits = 0
        }
        return digits == 0 && nextUnit > 0 ? total : nil
    }

    /// The text of `seconds` in the grammar (negative values with a leading `-`):
    /// each unit from `largestUnit` down to seconds that is not zero, `0m` for zero.
    /// `parse(format(x)) == x` for every `x >= 0`.
    public static func format(_ seconds: Int, largestUnit: LargestUnit = .day) -> String {
        withText(seconds, largestUnit: largestUnit) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of `format(seconds, largestUnit:)`, written in a stack buffer.
    static func withText<Result>(_ seconds: Int, largestUnit: LargestUnit,
                                         _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // At most a sign, four units of at most 17 digits (Int.max seconds in hours) and their letters.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 80) { buffer in
            var count = 0
            func put(_ byte: UInt8) { buffer[count] = byte; count += 1 }
            if seconds == 0 {
                put(UInt8(ascii: "0")); put(UInt8(ascii: "m"))
            } else {
                if seconds < 0 { put(UInt8(ascii: "-")) }
                var rest = seconds.magnitude
                for unit in (largestUnit == .day ? 0 : 1)..<units.count where rest >= UInt(units[unit].seconds) {
                    let size = UInt(units[unit].seconds)
                    var value = rest / size
                    rest %= size
                    let start = count
                    repeat { put(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)); value /= 10 } while value > 0
                    buffer[start..<count].reverse()
                    put(units[unit].letter)
                }
            }
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    private static let units: [(letter: UInt8, seconds: Int)] = [
        (UInt8(ascii: "d"), 86_400), (UInt8(ascii: "h"), 3600), (UInt8(ascii: "m"), 60), (UInt8(ascii: "s"), 1),
    ]

    @inline(__always)
    private static func unitIndex(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "d"): 0
        case UInt8(ascii: "h"): 1
        case UInt8(ascii: "m"): 2
        case UInt8(ascii: "s"): 3
        default: nil
        }
    }
}
