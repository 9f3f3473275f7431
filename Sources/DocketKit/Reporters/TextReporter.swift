/// `path:line:col: severity: message [rule-id]`, the form compilers use and
/// editors jump to, then a closing count line.
public enum TextReporter: Reporter {
    public static let name = "text"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        var text = ""
        for diagnostic in result.diagnostics {
            let severity = diagnostic.severity.rawValue
            let label: String
            if color {
                let code = diagnostic.severity == .error ? "31" : diagnostic.severity == .warning ? "33" : "36"
                label = "\u{1B}[1;\(code)m\(severity)\u{1B}[0m"
            } else {
                label = severity
            }
            // Paths and messages quote record text and file names: escaped, so a line
            // break cannot forge a finding and an escape sequence cannot reach the terminal.
            text += "\(VisibleText.escape(diagnostic.path)):\(diagnostic.line):\(diagnostic.column): \(label): \(VisibleText.escape(diagnostic.message)) [\(diagnostic.rule)]\n"
        }
        text += summaryLine(result) + "\n"
        return text
    }

    /// `2 errors, 1 warning in 120 files` or `no problems in 120 files`, then
    /// `; 3 findings hidden by baseline FILE` when a baseline applied.
    public static func summaryLine(_ result: ValidationResult) -> String {
        counts(result) + (result.baselineSummary.map { "; " + $0 } ?? "")
    }

    private static func counts(_ result: ValidationResult) -> String {
        let files = "\(result.filesChecked) file\(result.filesChecked == 1 ? "" : "s")"
        let errors = result.errorCount, warnings = result.warningCount
        let notes = result.diagnostics.count - errors - warnings
        if result.diagnostics.isEmpty { return "no problems in \(files)" }
        var parts: [String] = []
        parts.append("\(errors) error\(errors == 1 ? "" : "s")")
        parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")")
        if notes > 0 { parts.append("\(notes) note\(notes == 1 ? "" : "s")") }
        return parts.joined(separator: ", ") + " in \(files)"
    }
}
