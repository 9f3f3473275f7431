/// How a value tree is laid out as JSON text.
public enum JSONStyle: Sendable {
    /// Two-space indentation; an array of scalars that fits in 100 columns stays on one line.
    case pretty
    /// Two-space indentation, every array element on a line of its own (`docket yaml`).
    case expanded
    /// One line: `{"a": 1, "b": [true, null]}`.
    case compact
    /// A top-level array with one compact element per line; from the key `breakFrom`
    /// on, each key of an element object starts a line of its own (`docket sla`).
    case lines(breakFrom: String?)
}

extension OutputValue {
    /// The JSON text of the tree, without a final line end.
    public func json(_ style: JSONStyle = .pretty) -> String {
        var out = ""
        switch style {
        case .pretty: JSONOutput.write(self, indent: 0, inlineScalars: true, into: &out)
        case .expanded: JSONOutput.write(self, indent: 0, inlineScalars: false, into: &out)
        case .compact: JSONOutput.writeCompact(self, into: &out)
        case .lines(let breakFrom):
            guard case .array(let items) = self, !items.isEmpty else {
                JSONOutput.writeCompact(self, into: &out)
                return out
            }
            // One element per line, each independent of the others: rendered on all cores
            // (`docket sla` prints one per record).
            let lines = parallelMap(items.count) { index -> String in
                var line = "  "
                if case .object(let entries) = items[index], let breakFrom, let split = entries.firstIndex(where: { $0.0 == breakFrom }) {
                    line.append("{")
                    for (position, (key, value)) in entries.enumerated() {
                        if position > 0 { line.append(position >= split ? ",\n   " : ", ") }
                        JSONOutput.quote(key, into: &line)
                        line.append(": ")
                        JSONOutput.writeCompact(value, into: &line)
                    }
                    line.append("}")
                } else {
                    JSONOutput.writeCompact(items[index], into: &line)
                }
                return line
            }
            out.reserveCapacity(lines.reduce(4) { $0 + $1.utf8.count + 2 })
            out.append("[\n")
            for (index, line) in lines.enumerated() {
                out.append(line)
                out.append(index == lines.count - 1 ? "\n" : ",\n")
            }
            out.append("]")
        }
        return out
    }
}

/// JSON text: the one string escaper and the writers behind `OutputValue.json(_:)`.
public enum JSONOutput {
    /// A JSON string literal with every control character, U+2028 and U+2029 escaped.
    public static func quote(_ text: String) -> String {
        var out = ""
        quote(text, into: &out)
        return out
    }

    /// Appends `text` as a JSON string literal.
    public static func quote(_ text: String, into out: inout String) {
        // Fast path: nothing to escape (the common case), one copy.
        let clean = text.utf8.withContiguousStorageIfAvailable(isClean) ?? isClean(text.utf8)
        out.append("\"")
        if clean {
            out.append(text)
            out.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    /// True when `bytes` (a text's UTF-8) hold nothing `quote` escapes.
    @inline(__always)
    private static func isClean<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || ((byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80)) {
                return false
            }
            previous = (previous.1, byte)
        }
        return true
    }

    /// A finite number in its shortest exact form (`2`, `0.5`, `1e+30`); `null` otherwise.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    static func writeScalar(_ value: OutputValue, into out: inout String) {
        switch value {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .double(let value): out.append(number(value))
        case .string(let text): quote(text, into: &out)
        case .array, .object: writeCompact(value, into: &out)
        }
    }

    /// The compact text of an array of scalars when it is at most `limit` characters, else nil.
    ///
    /// Stops as soon as the text is longer: a list of 10^5 ids is not written out only to be
    /// measured. Appending never lowers a string's character count, so stopping early
    /// decides as the whole text would.
    static func compactLine(_ items: [OutputValue], limit: Int) -> String? {
        var line = "["
        for (index, item) in items.enumerated() {
            if index > 0 { line.append(", ") }
            writeScalar(item, into: &line)
            // The character count is at most the byte count: count characters only past the limit in bytes.
            if line.utf8.count > limit, line.count > limit { return nil }
        }
        line.append("]")
        return line.count <= limit ? line : nil
    }

    static func writeCompact(_ value: OutputValue, into out: inout String) {
        switch value {
        case .array(let items):
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(", ") }
                writeCompact(item, into: &out)
            }
            out.append("]")
        case .object(let entries):
            out.append("{")
            for (index, (key, item)) in entries.enumerated() {
                if index > 0 { out.append(", ") }
                quote(key, into: &out)
                out.append(": ")
                writeCompact(item, into: &out)
            }
            out.append("}")
        default:
            writeScalar(value, into: &out)
        }
    }

    /// Writes `value` indented; with `drain`, the text so far is handed to it after each
    /// element (it may take the text and empty `out`), so a large tree is written as it is
    /// laid out instead of being held whole.
    static func write(_ value: OutputValue, indent: Int, inlineScalars: Bool, into out: inout String,
                      drain: ((inout String) -> Void)? = nil) {
        func newline(_ level: Int) {
            out.append("\n")
            for _ in 0..<level { out.append("  ") }
        }
        switch value {
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            if inlineScalars, items.allSatisfy(\.isScalar), let line = compactLine(items, limit: 100) {
                out.append(line)
                return
            }
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(",") }
                newline(indent + 1)
                write(item, indent: indent + 1, inlineScalars: inlineScalars, into: &out, drain: drain)
                drain?(&out)
            }
            newline(indent)
            out.append("]")
        case .object(let entries):
            if entries.isEmpty { out.append("{}"); return }
            out.append("{")
            for (index, (key, item)) in entries.enumerated() {
                if index > 0 { out.append(",") }
                newline(indent + 1)
                quote(key, into: &out)
                out.append(": ")
                write(item, indent: indent + 1, inlineScalars: inlineScalars, into: &out, drain: drain)
                drain?(&out)
            }
            newline(indent)
            out.append("}")
        default:
            writeScalar(value, into: &out)
        }
    }
}
