/// An array of `{path, line, column, severity, rule, message}`, keys in that order.
public enum JSONReporter: Reporter {
    public static let name = "json"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        if result.diagnostics.isEmpty { return "[]\n" }
        var text = "[\n"
        for (index, d) in result.diagnostics.enumerated() {
            text += "  {\"path\": \(JSON.quote(d.path)), \"line\": \(d.line), \"column\": \(d.column), "
            text += "\"severity\": \(JSON.quote(d.severity.rawValue)), \"rule\": \(JSON.quote(d.rule)), \"message\": \(JSON.quote(d.message))}"
            text += index == result.diagnostics.count - 1 ? "\n" : ",\n"
        }
        return text + "]\n"
    }
}

/// JSON text helpers shared by every JSON writer.
public enum JSON {
    /// A JSON string literal with every control character escaped.
    public static func quote(_ text: String) -> String {
        // Fast path: nothing to escape (the common case), one copy.
        var clean = true
        var utf8 = text.utf8.makeIterator()
        var previous: (UInt8, UInt8) = (0, 0)
        while let byte = utf8.next() {
            // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || ((byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80)) {
                clean = false
                break
            }
            previous = (previous.1, byte)
        }
        if clean { return "\"" + text + "\"" }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
