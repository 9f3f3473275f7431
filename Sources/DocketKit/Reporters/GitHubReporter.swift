/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
public enum GitHubReporter: Reporter {
    public static let name = "github"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        let diagnostics = result.diagnostics
        let lines = parallelMap(diagnostics.count) { index -> String in
            let d = diagnostics[index]
            let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
            return "::\(command) file=\(property(d.path)),line=\(d.line),col=\(d.column),title=\(property(d.rule))::\(data(d.message + " [" + d.rule + "]"))\n"
        }
        return TextReporter.joinedLines(lines, then: TextReporter.summaryLine(result))
    }

    /// Escaping of a workflow command's message: `%`, CR and LF as the runner
    /// decodes them (`%25`, `%0D`, `%0A`); every other control character visibly
    /// (`\x1b`), so none reaches the log.
    static func data(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out.append("%25")
            case "\r": out.append("%0D")
            case "\n": out.append("%0A")
            default: VisibleText.appendEscaped(scalar, to: &out)
            }
        }
        return out
    }

    /// Escaping of a workflow command's property value.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
