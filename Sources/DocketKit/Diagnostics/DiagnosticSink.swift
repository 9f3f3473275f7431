/// Collects the diagnostics of one file: the only way a finding is raised.
///
/// Every check — the repository walk, the reader, the record rules, the
/// procedure's declared constraints, the cross-record pass and the history rules —
/// reports here under a `RuleID`, so the procedure's `severity:` applies to a rule
/// wherever it is raised, and a rule that is `off` is never reported.
public struct DiagnosticSink: Sendable {
    public let path: String
    public let severities: RuleSeverities
    public private(set) var diagnostics: [Diagnostic] = []

    public init(path: String, severities: RuleSeverities = .defaults) {
        self.path = path
        self.severities = severities
    }

    /// Reports a finding under `rule` at `position`, at the rule's effective severity;
    /// nothing when the procedure turned the rule off.
    public mutating func report(_ rule: RuleID, at position: SourcePosition, _ message: String) {
        guard let severity = severities.effective(rule) else { return }
        diagnostics.append(Diagnostic(path: path, at: position, severity: severity, rule: rule, message: message))
    }

    /// False when the procedure turned `rule` off: a check that only exists to
    /// raise it (or that stops reading a file when it fires) can be skipped.
    public func isEnabled(_ rule: RuleID) -> Bool { severities.effective(rule) != nil }

    /// The findings of one report, for checks that raise a single finding outside a file's sink.
    static func finding(_ rule: RuleID, path: String, at position: SourcePosition = .start,
                        severities: RuleSeverities = .defaults, _ message: String) -> [Diagnostic] {
        var sink = DiagnosticSink(path: path, severities: severities)
        sink.report(rule, at: position, message)
        return sink.diagnostics
    }
}
