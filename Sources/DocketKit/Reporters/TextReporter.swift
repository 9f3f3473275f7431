/// `path:line:col: severity: message [rule-id]`, the form compilers use and
/// editors jump to, then a closing count line.
public enum TextReporter: Reporter {
    public static let name = "text"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        // Each line stands alone: laid out on all cores, then joined in order.
        let diagnostics = result.diagnostics
        return joinedLines(parallelMap(diagnostics.count) { line(diagnostics[$0], color: color) }, then: summaryLine(result))
    }

    /// One finding's line, with its line end.
    static func line(_ diagnostic: Diagnostic, color: Bool) -> String {
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
        return "\(VisibleText.escape(diagnostic.path)):\(diagnostic.line):\(diagnostic.column): \(label): \(VisibleText.escape(diagnostic.message)) [\(diagnostic.rule)]\n"
    }

    /// `lines` (each with its line end) and the summary line, as one text, allocated once.
    static func joinedLines(_ lines: [String], then summary: String) -> String {
        var text = ""
        text.reserveCapacity(lines.reduce(summary.utf8.count + 1) { $0 + $1.utf8.count })
        for line in lines { text += line }
        text += summary + "\n"
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
