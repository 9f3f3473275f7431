import Foundation

/// A service-level target of one priority of one record kind.
public struct SLATarget: Sendable, Hashable {
    /// Response target, in working seconds.
    public var response: Int
    /// Resolution (or fulfilment) target, in working seconds.
    public var resolution: Int
    /// Name of the calendar whose working time counts.
    public var calendar: String

    public init(response: Int, resolution: Int, calendar: String) {
        self.response = response
        self.resolution = resolution
        self.calendar = calendar
    }
}

/// A level a record must be escalated to once a share of its resolution
/// target is used.
public struct EscalationThreshold: Sendable, Hashable {
    /// The level (a role id such as `line-2` or `incident-manager`).
    public var level: String
    /// Share of the resolution target, in percent (`50%` is 50).
    public var percent: Int

    public init(level: String, percent: Int) {
        self.level = level
        self.percent = percent
    }
}

/// The service level agreement, `procedures/sla.md` (contract section 9a).
public struct SLAPolicy: Sendable {
    /// Calendars by name, always including the built-in `24x7`.
    public var calendars: [String: BusinessCalendar]
    /// Targets: record kind → priority → target.
    public var targets: [String: [String: SLATarget]]
    /// States in which the clock stops, per record kind.
    public var pause: [String: [String]]
    /// Escalation levels per record kind, in document order.
    public var escalation: [String: [EscalationThreshold]]

    public init(calendars: [String: BusinessCalendar] = [:], targets: [String: [String: SLATarget]] = [:],
                pause: [String: [String]] = [:], escalation: [String: [EscalationThreshold]] = [:]) {
        var calendars = calendars
        calendars[BusinessCalendar.twentyFourSeven.name] = BusinessCalendar.twentyFourSeven
        self.calendars = calendars
        self.targets = targets
        self.pause = pause
        self.escalation = escalation
    }

    /// The target of a kind and priority, or nil.
    public func target(kind: String, priority: String) -> SLATarget? {
        targets[kind]?[priority]
    }

    /// The calendar a target counts in (nil only for a hand-built policy with
    /// an unknown name; `load` rejects those).
    public func calendar(for target: SLATarget) -> BusinessCalendar? {
        calendars[target.calendar]
    }

    /// Reads the front matter of `procedures/sla.md`.
    ///
    /// Keys other than `calendars`, `targets`, `pause` and `escalation` at the
    /// top level are ignored (room for document metadata); unknown keys
    /// inside them are errors. A calendar without `timezone` uses
    /// `defaultTimeZone`, or is an error if it is nil.
    ///
    /// - Throws: `ProcedureError` at the offending node for: a value of the
    ///   wrong shape, an unknown or repeated day key, a malformed span or one
    ///   that ends before it starts, overlapping spans, a bad date or date
    ///   range, a date both holiday and workday, an unknown time zone, a bad
    ///   duration, a priority without both targets, a target naming an unknown
    ///   calendar, a percentage that is not `N%`.
    public static func load(from node: YAMLNode, path: String,
                            defaultTimeZone: TimeZone? = nil) throws(ProcedureError) -> SLAPolicy {
        let loader = Loader(path: path, defaultTimeZone: defaultTimeZone)
        return try loader.load(node)
    }
}

// MARK: - Loader

private struct Loader {
    let path: String
    let defaultTimeZone: TimeZone?

    init(path: String, defaultTimeZone: TimeZone?) {
        self.path = path
        self.defaultTimeZone = defaultTimeZone
    }

    func fail(_ node: YAMLNode, _ message: String) -> ProcedureError {
        ProcedureError(path: path, position: node.range.start, message: message)
    }

    func describe(_ node: YAMLNode) -> String {
        if node.isNull { return "nothing" }
        switch node.content {
        case .scalar(let text, _): return "\"\(text)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    func mapping(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> [YAMLPair] {
        if let pairs = node.pairs { return pairs }
        throw fail(node, "expected \(what), found \(describe(node))")
    }

    func scalar(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> String {
        if let text = node.scalar, !node.isNull { return text.trimmingCharacters(in: .whitespaces) }
        throw fail(node, "expected \(what), found \(describe(node))")
    }

    /// A list's items; a single scalar is a one-item list, null an empty one.
    func list(_ node: YAMLNode, _ what: String) throws(ProcedureError) -> [YAMLNode] {
        if let items = node.items { return items }
        if node.isNull { return [] }
        if node.scalar != nil { return [node] }
        throw fail(node, "expected a list of \(what), found \(describe(node))")
    }

    func load(_ root: YAMLNode) throws(ProcedureError) -> SLAPolicy {
        _ = try mapping(root, "a mapping with calendars, targets, pause and escalation")
        var calendars: [String: BusinessCalendar] = [:]
        if let node = root["calendars"], !node.isNull {
            for pair in try mapping(node, "a mapping of calendar names to calendars") {
                if pair.name == BusinessCalendar.twentyFourSeven.name {
                    throw fail(pair.key, "expected a calendar name other than the built-in 24x7, found \"24x7\"")
                }
                calendars[pair.name] = try calendar(name: pair.name, pair.value)
            }
        }
        let known = ([BusinessCalendar.twentyFourSeven.name] + calendars.keys.sorted())
        var targets: [String: [String: SLATarget]] = [:]
        if let node = root["targets"], !node.isNull {
            for kindPair in try mapping(node, "a mapping of record kinds to targets") {
                var byPriority: [String: SLATarget] = [:]
                for priorityPair in try mapping(kindPair.value, "a mapping of priorities to targets") {
                    byPriority[priorityPair.name] = try target(priorityPair.value, calendars: known)
                }
                targets[kindPair.name] = byPriority
            }
        }
        var pause: [String: [String]] = [:]
        if let node = root["pause"], !node.isNull {
            for kindPair in try mapping(node, "a mapping of record kinds to state lists") {
                var states: [String] = []
                for item in try list(kindPair.value, "state ids") {
                    states.append(try scalar(item, "a state id"))
                }
                pause[kindPair.name] = states
            }
        }
        var escalation: [String: [EscalationThreshold]] = [:]
        if let node = root["escalation"], !node.isNull {
            for kindPair in try mapping(node, "a mapping of record kinds to escalation levels") {
                var levels: [EscalationThreshold] = []
                for levelPair in try mapping(kindPair.value, "a mapping of levels to percentages") {
                    let text = try scalar(levelPair.value, "a percentage like 50%")
                    guard let percent = Loader.percent(text) else {
                        throw fail(levelPair.value, "expected a percentage like 50%, found \"\(text)\"")
                    }
                    levels.append(EscalationThreshold(level: levelPair.name, percent: percent))
                }
                escalation[kindPair.name] = levels
            }
        }
        return SLAPolicy(calendars: calendars, targets: targets, pause: pause, escalation: escalation)
    }

    static func percent(_ text: String) -> Int? {
        guard text.hasSuffix("%") else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(digits)
    }

    // MARK: Targets

    func target(_ node: YAMLNode, calendars: [String]) throws(ProcedureError) -> SLATarget {
        let pairs = try mapping(node, "a mapping with response, resolution and calendar")
        var response: Int?, resolution: Int?, calendar: String?
        for pair in pairs {
            switch pair.name {
            case "response": response = try duration(pair.value)
            case "resolution": resolution = try duration(pair.value)
            case "calendar":
                let name = try scalar(pair.value, "a calendar name")
                guard calendars.contains(name) else {
                    throw fail(pair.value, "expected a calendar (\(calendars.joined(separator: ", "))), found \"\(name)\"")
                }
                calendar = name
            default:
                throw fail(pair.key, "expected response, resolution or calendar, found \"\(pair.name)\"")
            }
        }
        guard let response, let resolution else {
            let found = response != nil ? "only response" : resolution != nil ? "only resolution" : "neither"
            throw fail(node, "expected both response and resolution targets, found \(found)")
        }
        guard let calendar else {
            throw fail(node, "expected a calendar for the target, found none")
        }
        return SLATarget(response: response, resolution: resolution, calendar: calendar)
    }

    func duration(_ node: YAMLNode) throws(ProcedureError) -> Int {
        let expected = "a duration like 15m, 4h, 1h30m or 2d"
        let text = try scalar(node, expected)
        guard let seconds = DurationText.parse(text) else {
            throw fail(node, "expected \(expected), found \"\(text)\"")
        }
        guard seconds > 0 else { throw fail(node, "expected a duration longer than zero, found \"\(text)\"") }
        return seconds
    }

    // MARK: Calendars

    func calendar(name: String, _ node: YAMLNode) throws(ProcedureError) -> BusinessCalendar {
        let pairs = try mapping(node, "a calendar mapping with timezone, hours, holidays and workdays")
        var timeZone = defaultTimeZone
        var hours: [Weekday: [WorkingSpan]] = [:]
        var holidays: [LocalDate: YAMLNode] = [:]
        var workdays: [(LocalDate, YAMLNode)] = []
        for pair in pairs {
            switch pair.name {
            case "timezone":
                let identifier = try scalar(pair.value, "a time zone like Asia/Shanghai")
                guard let zone = TimeZone(identifier: identifier) else {
                    throw fail(pair.value, "expected a time zone like Asia/Shanghai, found \"\(identifier)\"")
                }
                timeZone = zone
            case "hours":
                hours = try self.hours(pair.value)
            case "holidays":
                for item in try list(pair.value, "dates or date ranges") {
                    for date in try dates(item) { holidays[date] = item }
                }
            case "workdays":
                for item in try list(pair.value, "dates or date ranges") {
                    for date in try dates(item) { workdays.append((date, item)) }
                }
            default:
                throw fail(pair.key, "expected timezone, hours, holidays or workdays, found \"\(pair.name)\"")
            }
        }
        guard let timeZone else {
            throw fail(node, "expected a timezone for calendar \(name), found none")
        }
        for (date, item) in workdays where holidays[date] != nil {
            throw fail(item, "expected a workday that is not a holiday, found \(date) in both")
        }
        return BusinessCalendar(name: name, timeZone: timeZone, hours: hours,
                                holidays: Set(holidays.keys), workdays: Set(workdays.map(\.0)))
    }

    /// `hours`: day keys (`mon`, `mon-fri`, `mon,wed`, `mon-wed,fri`) to span lists.
    func hours(_ node: YAMLNode) throws(ProcedureError) -> [Weekday: [WorkingSpan]] {
        var result: [Weekday: [WorkingSpan]] = [:]
        for pair in try mapping(node, "a mapping of day keys to working spans") {
            let days = try dayKeys(pair.key, pair.name)
            var spans: [WorkingSpan] = []
            for item in try list(pair.value, "spans like 09:00-18:00") {
                let text = try scalar(item, "a span like 09:00-18:00")
                let parsed = try span(item, text)
                if let other = spans.first(where: { $0.startMinute < parsed.endMinute && parsed.startMinute < $0.endMinute }) {
                    throw fail(item, "expected spans that do not overlap, found \(parsed) overlapping \(other)")
                }
                spans.append(parsed)
            }
            for day in days {
                if result[day] != nil {
                    throw fail(pair.key, "expected each day once in hours, found \(day.key) again")
                }
                result[day] = spans.sorted { $0.startMinute < $1.startMinute }
            }
        }
        return result
    }

    func dayKeys(_ node: YAMLNode, _ text: String) throws(ProcedureError) -> [Weekday] {
        var days: [Weekday] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard bounds.count <= 2, let first = Weekday(key: bounds[0]),
                  let last = bounds.count == 2 ? Weekday(key: bounds[1]) : first else {
                throw fail(node, "expected day keys like mon, mon-fri or mon,wed (mon..sun), found \"\(text)\"")
            }
            guard first <= last else {
                throw fail(node, "expected a day range from an earlier to a later day (mon..sun), found \"\(item)\"")
            }
            for raw in first.rawValue...last.rawValue {
                let day = Weekday(rawValue: raw)!
                if days.contains(day) {
                    throw fail(node, "expected each day once in hours, found \(day.key) again")
                }
                days.append(day)
            }
        }
        return days
    }

    /// `HH:MM-HH:MM`, 00:00 to 24:00, ending after it starts.
    func span(_ node: YAMLNode, _ text: String) throws(ProcedureError) -> WorkingSpan {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Loader.clock(parts[0]), let end = Loader.clock(parts[1]), start < 1440 else {
            throw fail(node, "expected a span like 09:00-18:00, found \"\(text)\"")
        }
        guard end > start else {
            throw fail(node, "expected a span that ends after it starts, found \"\(text)\"")
        }
        return WorkingSpan(startMinute: start, endMinute: end)
    }

    /// `HH:MM` in minutes, 00:00 to 24:00.
    static func clock(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5 || bytes.count == 4 else { return nil }
        let colon = bytes.count - 3
        guard bytes[colon] == UInt8(ascii: ":"),
              bytes.indices.allSatisfy({ $0 == colon || (bytes[$0] >= 48 && bytes[$0] <= 57) }) else { return nil }
        let hour = bytes[0..<colon].reduce(0) { $0 * 10 + Int($1 - 48) }
        let minute = Int(bytes[colon + 1] - 48) * 10 + Int(bytes[colon + 2] - 48)
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    /// A date `2026-01-01` or an inclusive range `2026-01-01..2026-01-03`
    /// (at most 366 days).
    func dates(_ node: YAMLNode) throws(ProcedureError) -> [LocalDate] {
        let expected = "a date like 2026-01-01 or a range like 2026-01-01..2026-01-03"
        let text = try scalar(node, expected)
        if let range = text.range(of: "..") {
            let first = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let last = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard let a = LocalDate(parsing: first), let b = LocalDate(parsing: last) else {
                throw fail(node, "expected \(expected), found \"\(text)\"")
            }
            guard a <= b else {
                throw fail(node, "expected a date range that ends on or after its start, found \"\(text)\"")
            }
            let from = a.dayNumber, to = b.dayNumber
            guard to - from < 366 else {
                throw fail(node, "expected a date range of at most 366 days, found \"\(text)\"")
            }
            return (from...to).map(LocalDate.init(dayNumber:))
        }
        guard let date = LocalDate(parsing: text) else {
            throw fail(node, "expected \(expected), found \"\(text)\"")
        }
        return [date]
    }
}
