/// `path:line:col: severity: message [rule-id]`, the form compilers use and
/// editors jump to, then a closing count line.
public enum TextReporter: Reporter {
    public static let name = "text"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        whole { render(result, color: color, into: $0) }
    }

    public static func render(_ result: ValidationResult, color: Bool, into write: (String) -> Void) {
        pieces(result, into: write) { line($0, color: color) }
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

    /// The findings' lines that a piece holds: a few megabytes of text, laid out on all cores.
    static let linesPerPiece = 16_384

    /// Each finding's line (`line` adds its line end), then the summary line: handed to `write`
    /// in pieces of `linesPerPiece` lines, each laid out on all cores and joined in order, so
    /// that a million findings are never held as one text beside their lines.
    static func pieces(_ result: ValidationResult, into write: (String) -> Void, line: @Sendable (Diagnostic) -> String) {
        let diagnostics = result.diagnostics
        var start = 0
        repeat {
            let end = min(diagnostics.count, start + linesPerPiece)
            let lines = parallelMap(end - start) { [start] in line(diagnostics[start + $0]) }
            var text = ""
            text.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count } + (end == diagnostics.count ? 256 : 0))
            for line in lines { text += line }
            if end == diagnostics.count { text += summaryLine(result) + "\n" }
            write(text)
            start = end
        } while start < diagnostics.count
    }

    /// The pieces `render` hands on, as one text.
    static func whole(_ render: ((String) -> Void) -> Void) -> String {
        var text = ""
        render { piece in
            if text.isEmpty { text = piece } else { text += piece }
        }
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
