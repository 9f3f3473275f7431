/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
public enum GitHubReporter: Reporter {
    public static let name = "github"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        var text = ""
        for d in result.diagnostics {
            let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
            text += "::\(command) file=\(property(d.path)),line=\(d.line),col=\(d.column),title=\(property(d.rule))::\(data(d.message + " [" + d.rule + "]"))\n"
        }
        text += TextReporter.summaryLine(result) + "\n"
        return text
    }

    /// Escaping of a workflow command's message.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escaping of a workflow command's property value.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

import Foundation
