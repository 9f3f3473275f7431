/// Checkstyle XML, read by Jenkins (Warnings NG), reviewdog and many code-review
/// tools: a `<file>` per file checked, an `<error>` per finding with line, column,
/// severity (`error`, `warning`, `info`), message and `source` `docket.RULE`.
public enum CheckstyleReporter: Reporter {
    public static let name = "checkstyle"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        var text = XML.declaration + "<checkstyle version=\"4.3\">\n"
        for (path, findings) in result.findingsByFile() {
            guard !findings.isEmpty else { text += "  <file name=\"\(XML.escape(path))\"/>\n"; continue }
            text += "  <file name=\"\(XML.escape(path))\">\n"
            for d in findings {
                let severity = d.severity == .note ? "info" : d.severity.rawValue
                text += "    <error line=\"\(d.line)\" column=\"\(d.column)\" severity=\"\(severity)\" "
                text += "message=\"\(XML.escape(d.message))\" source=\"docket.\(XML.escape(d.rule))\"/>\n"
            }
            text += "  </file>\n"
        }
        return text + "</checkstyle>\n"
    }
}
