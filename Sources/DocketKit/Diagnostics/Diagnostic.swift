/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about one place in one file, under a stable rule id.
///
/// Checks raise diagnostics through `DiagnosticSink`, which applies the procedure's
/// severities; reporters turn a sorted array of them into text, JSON or CI annotations.
public struct Diagnostic: Sendable, Hashable, Codable, Comparable {
    /// Path relative to the repository root, `/`-separated.
    public var path: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    /// A `RuleID`'s raw value, as written in the output.
    public var rule: String
    /// Lowercase, no trailing period.
    public var message: String

    /// Made by `DiagnosticSink` (and by tests); checks report through a sink.
    init(path: String, line: Int, column: Int, severity: Severity, rule: RuleID, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.rule = rule.rawValue
        self.message = message
    }

    init(path: String, at position: SourcePosition, severity: Severity, rule: RuleID, message: String) {
        self.init(path: path, line: position.line, column: position.column, severity: severity, rule: rule, message: message)
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.line != rhs.line { return lhs.line < rhs.line }
        if lhs.column != rhs.column { return lhs.column < rhs.column }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}
