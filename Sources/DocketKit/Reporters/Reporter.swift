/// Turns sorted diagnostics into one output format.
public protocol Reporter: Sendable {
    /// The `--format` name.
    static var name: String { get }
    static func render(_ result: ValidationResult, color: Bool) -> String
    /// The same text as `render(_:color:)`, handed to `write` in pieces (each a whole number of
    /// lines): a reporter that lays out one line per finding never holds the whole text.
    static func render(_ result: ValidationResult, color: Bool, into write: (String) -> Void)
}

extension Reporter {
    /// One piece: the whole text.
    public static func render(_ result: ValidationResult, color: Bool, into write: (String) -> Void) {
        write(render(result, color: color))
    }
}

/// The reporters `docket validate --format` offers.
public enum ReporterRegistry {
    public static let all: [any Reporter.Type] = [
        TextReporter.self, JSONReporter.self, GitHubReporter.self,
        SARIFReporter.self, JUnitReporter.self, GitLabReporter.self, CheckstyleReporter.self,
    ]

    public static func reporter(named name: String) -> (any Reporter.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }
}
