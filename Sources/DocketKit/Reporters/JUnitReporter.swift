/// JUnit XML as GitLab (`artifacts:reports:junit`) and Jenkins read it: one test
/// suite, one test case per file checked (and per other file with a finding, such
/// as a procedure document), one `<failure>` per error finding of the file, and the
/// file's warnings and notes as the case's `<system-out>` (a file with only
/// warnings passes, as `docket validate` without `--strict` does).
public enum JUnitReporter: Reporter {
    public static let name = "junit"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        let files = result.findingsByFile()
        let failedCases = files.filter { $0.findings.contains { $0.severity == .error } }.count
        let counts = "tests=\"\(files.count)\" failures=\"\(failedCases)\" errors=\"0\""
        var text = XML.declaration
        text += "<testsuites name=\"docket\" \(counts)>\n"
        text += "  <testsuite name=\"docket validate\" \(counts) skipped=\"0\">\n"
        for (path, findings) in files {
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            let attributes = "classname=\"\(XML.escape(folder.isEmpty ? "." : folder))\" name=\"\(XML.escape(path))\" file=\"\(XML.escape(path))\""
            if findings.isEmpty { text += "    <testcase \(attributes)/>\n"; continue }
            text += "    <testcase \(attributes)>\n"
            for d in findings where d.severity == .error {
                text += "      <failure type=\"\(XML.escape(d.rule))\" message=\"\(XML.escape(d.message + " [" + d.rule + "]"))\">"
                text += XML.escape(line(d)) + "</failure>\n"
            }
            let others = findings.filter { $0.severity != .error }
            if !others.isEmpty {
                text += "      <system-out>" + others.map { XML.escape(line($0)) }.joined(separator: "&#10;") + "</system-out>\n"
            }
            text += "    </testcase>\n"
        }
        text += "  </testsuite>\n</testsuites>\n"
        return text
    }

    /// The text reporter's line for a finding.
    private static func line(_ d: Diagnostic) -> String {
        "\(d.path):\(d.line):\(d.column): \(d.severity.rawValue): \(d.message) [\(d.rule)]"
    }
}
