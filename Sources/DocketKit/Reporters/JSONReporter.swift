/// An array of `{path, line, column, severity, rule, message}`, keys in that order,
/// one finding a line.
public enum JSONReporter: Reporter {
    public static let name = "json"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        value(result).json(.lines(breakFrom: nil)) + "\n"
    }

    /// The findings as the output value tree.
    public static func value(_ result: ValidationResult) -> OutputValue {
        .array(result.diagnostics.map { d in
            .object([
                ("path", .string(d.path)), ("line", .int(d.line)), ("column", .int(d.column)),
                ("severity", .string(d.severity.rawValue)), ("rule", .string(d.rule)), ("message", .string(d.message)),
            ])
        })
    }
}
