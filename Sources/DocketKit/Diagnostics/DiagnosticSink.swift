/// Collects the diagnostics of one file, applying the procedure's severity overrides.
public struct DiagnosticSink: Sendable {
    public let path: String
    var severities: [String: Severity]
    public private(set) var diagnostics: [Diagnostic] = []

    public init(path: String, severities: [String: Severity] = [:]) {
        self.path = path
        self.severities = severities
    }

    /// Reports a finding under `rule` at `position`.
    public mutating func report(_ rule: String, at position: SourcePosition, _ message: String) {
        let severity = severities[rule] ?? RuleCatalog.defaultSeverity(rule)
        diagnostics.append(Diagnostic(path: path, at: position, severity: severity, rule: rule, message: message))
    }

    mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }
}
