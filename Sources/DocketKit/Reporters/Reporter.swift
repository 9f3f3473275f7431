/// Turns sorted diagnostics into one output format.
public protocol Reporter: Sendable {
    /// The `--format` name.
    static var name: String { get }
    static func render(_ result: ValidationResult, color: Bool) -> String
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
