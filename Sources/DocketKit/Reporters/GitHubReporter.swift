/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
public enum GitHubReporter: Reporter {
    public static let name = "github"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        TextReporter.whole { render(result, color: color, into: $0) }
    }

    public static func render(_ result: ValidationResult, color: Bool, into write: (String) -> Void) {
        TextReporter.pieces(result, into: write) { d in
            let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
            return "::\(command) file=\(property(d.path)),line=\(d.line),col=\(d.column),title=\(property(d.rule))::\(data(d.message + " [" + d.rule + "]"))\n"
        }
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
