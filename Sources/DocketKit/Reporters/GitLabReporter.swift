/// GitLab Code Quality JSON (`artifacts:reports:codequality`): an array of
/// `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`.
///
/// The fingerprint is `FindingFingerprint`: stable across runs and independent of
/// line numbers, so GitLab's merge-request widget compares findings correctly.
/// Severity: `procedure-invalid` → `blocker` (nothing else could be checked);
/// errors of the history rules and `path-unsafe` → `critical` (the audit trail or
/// the repository's containment); other errors → `major`; warnings → `minor`;
/// notes → `info`.
public enum GitLabReporter: Reporter {
    public static let name = "gitlab"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        if result.diagnostics.isEmpty { return "[]\n" }
        let fingerprints = FindingFingerprint.fingerprints(result.diagnostics)
        var text = "[\n"
        for (index, d) in result.diagnostics.enumerated() {
            text += "  {\"description\": \(JSONOutput.quote(d.message)), \"check_name\": \(JSONOutput.quote(d.rule)), "
            text += "\"fingerprint\": \(JSONOutput.quote(fingerprints[index])), \"severity\": \(JSONOutput.quote(severity(d))), "
            text += "\"location\": {\"path\": \(JSONOutput.quote(d.path)), \"lines\": {\"begin\": \(max(d.line, 1))}}}"
            text += index == result.diagnostics.count - 1 ? "\n" : ",\n"
        }
        return text + "]\n"
    }

    /// The Code Quality severity of a finding (see the type's documentation).
    static func severity(_ d: Diagnostic) -> String {
        switch d.severity {
        case .note: return "info"
        case .warning: return "minor"
        case .error:
            if d.rule == RuleID.procedureInvalid.rawValue { return "blocker" }
            if d.rule == RuleID.pathUnsafe.rawValue || RuleCatalog.rule(d.rule)?.group == "history" { return "critical" }
            return "major"
        }
    }
}
