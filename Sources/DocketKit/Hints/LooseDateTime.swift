/// Dates and times written in the local shapes people type (`2026/11/03 09:12`, `2026-11-3 9:12`,
/// `2026年11月3日`, `2026.11.03`, `2026-11-03T09:12`, day first with dots `03.11.2026 09:12`,
/// full-width digits or colon), read only to show the accepted form of the same instant in a
/// `field-type` message or a `--now` usage error. Never used to accept a value.
enum LooseDateTime {
    /// The accepted form of `text` (`2026-11-03 09:12`, or `2026-11-03` when no time is given),
    /// and whether a time was given; nil when `text` is no date in a recognisable shape.
    static func accepted(_ text: String) -> (text: String, hasTime: Bool)? {
        // Full-width digits and colon (typed with a CJK input method) read as ASCII.
        var normalized = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0xFF10 && scalar.value <= 0xFF19 { normalized.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!) }
            else if scalar == "：" { normalized.append(":") }
            else { normalized.unicodeScalars.append(scalar) }
        }
        // A zone offset or a Z: an ISO form that broke elsewhere; no guess.
        if normalized.contains("+") || normalized.hasSuffix("Z") { return nil }
        var groups: [String] = []
        var current = ""
        for character in normalized {
            if character.isASCII && character.isNumber { current.append(character) }
            else {
                if !current.isEmpty { groups.append(current); current = "" }
                // Only separators people put between date and time parts.
                guard "-/.年月日号 :T时点分秒\t".contains(character) else { return nil }
            }
        }
        if !current.isEmpty { groups.append(current) }
        // Day first only with dots (`30.11.2026`), as written in much of Europe; with slashes
        // the order is a country's habit (`11/30/2026`, `30/11/2026`), so no guess.
        if groups.count >= 3, groups[0].count <= 2, groups[1].count <= 2, groups[2].count == 4,
           normalized.first(where: { !($0.isASCII && $0.isNumber) }) == "." {
            groups.swapAt(0, 2)
        }
        guard groups.count == 3 || groups.count == 5 || groups.count == 6, groups[0].count == 4,
              groups.dropFirst().allSatisfy({ $0.count <= 2 }) else { return nil }
        let numbers = groups.compactMap { Int($0) }
        let (year, month, day) = (numbers[0], numbers[1], numbers[2])
        guard (1...12).contains(month), (1...LocalDate.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(year)-\(two(month))-\(two(day))"
        guard numbers.count > 3 else { return (date, false) }
        let (hour, minute) = (numbers[3], numbers[4])
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        var time = "\(two(hour)):\(two(minute))"
        if numbers.count == 6 {
            guard (0...59).contains(numbers[5]) else { return nil }
            time += ":" + two(numbers[5])
        }
        return (date + " " + time, true)
    }
}
