/// A broken procedure definition (`procedure-invalid`, exit code 2).
///
/// Procedure errors are tool failures, not findings: Docket stops before any
/// ticket is read, because every ticket would be judged against a wrong rule book.
public struct ProcedureError: Error, Sendable, Equatable {
    /// Path relative to the repository root.
    public var path: String
    public var position: SourcePosition
    /// Lowercase, no trailing period.
    public var message: String
    /// `procedure-invalid`, or the file rule (`path-unsafe`, `file-too-large`) of a
    /// procedure document that was not read.
    public var rule: RuleID

    public init(path: String, position: SourcePosition, message: String, rule: RuleID = .procedureInvalid) {
        self.path = path
        self.position = position
        self.message = message
        self.rule = rule
    }

    /// The diagnostic under `rule`.
    public var diagnostic: Diagnostic {
        // Always an error: a procedure's own `severity:` cannot soften the document that failed to load.
        Diagnostic(path: path, at: position, severity: .error, rule: rule, message: message)
    }
}
