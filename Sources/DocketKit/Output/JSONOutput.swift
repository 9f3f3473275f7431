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
            // (`docket sla` prints one per record), each as `appendLine` lays it out.
            let lines = parallelMap(items.count) { index -> [UInt8] in
                var line: [UInt8] = []
                JSONOutput.appendLine(items[index], breakFrom: breakFrom, to: &line)
                return line
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(lines.reduce(4) { $0 + $1.count + 2 })
            bytes.append(literal: "[\n")
            for (index, line) in lines.enumerated() {
                bytes.append(contentsOf: line)
                bytes.append(literal: index == lines.count - 1 ? "\n" : ",\n")
            }
            bytes.append(UInt8(ascii: "]"))
            out = String(decoding: bytes, as: UTF8.self)
        }
        return out
    }
}

/// JSON text: the one string escaper and the writers behind `OutputValue.json(_:)`.
///
/// Every writer appends UTF-8 bytes to a `[UInt8]` (`write(_:indent:inlineScalars:into:drain:)`):
/// a year's report is 80 MB of JSON, and appending to a `String` piece by piece went at
/// about 55 MB/s. The `String` forms wrap the byte forms.
public enum JSONOutput {
    /// A JSON string literal with every control character, U+2028 and U+2029 escaped.
    public static func quote(_ text: String) -> String {
        var out = ""
        quote(text, into: &out)
        return out
    }

    /// Appends `text` as a JSON string literal.
    public static func quote(_ text: String, into out: inout String) {
        var text = text
        // Fast path: nothing to escape (the common case), one copy.
        if text.withUTF8({ !needsEscaping($0) }) {
            out.append("\"")
            out.append(text)
            out.append("\"")
            return
        }
        var bytes: [UInt8] = []
        quote(text, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

    /// True when the UTF-8 text `bytes` holds a byte `quote` escapes.
    private static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = plainPrefix(bytes, from: 0)
        while index < bytes.count {
            if escape(bytes, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// The index of the first 8-byte word from `start` on that may hold a byte `escape(_:at:)`
    /// looks at (below 0x20, `"`, `\`, or 0xE2, the lead of U+2028/U+2029); the end when no
    /// whole word is left. A word is judged without a branch per byte; the bytes from the
    /// index on are judged one by one, so a word flagged wrongly would only cost time.
    @inline(__always)
    static func plainPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        var index = start
        let count = bytes.count
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // A byte below 0x20 (bytes from 0x80 on are not counted), `"`, `\` or 0xE2.
            if Lines.has(below: 0x20, in: word) || Lines.has(0x22, in: word) || Lines.has(0x5C, in: word)
                || Lines.has(0xE2, in: word) {
                return index
            }
            index += 8
        }
        return index
    }

    /// The escape of the character at `index` and how many bytes it replaces; nil when the
    /// byte is written as it is. `"` and `\`, the control characters as `\n \r \t \b \f` or
    /// `\u00XX`, U+2028 and U+2029 (E2 80 A8 / E2 80 A9) as `\u2028 \u2029`.
    @inline(__always)
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (text: [UInt8], length: Int)? {
        let byte = bytes[index]
        if byte < 0x20 { return (controlEscapes[Int(byte)], 1) }
        if byte == quoteMark { return (escapedQuote, 1) }
        if byte == backslash { return (escapedBackslash, 1) }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
            return (bytes[index + 2] == 0xA8 ? lineSeparator : paragraphSeparator, 3)
        }
        return nil
    }

    /// Appends `text` as a JSON string literal, as UTF-8 bytes.
    public static func quote(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { quote($0, into: &out) }
    }

    /// Appends the UTF-8 text `bytes` as a JSON string literal (the escapes of `escape(_:at:)`).
    static func quote(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(quoteMark)
        var clean = 0
        var index = plainPrefix(bytes, from: 0)
        let count = bytes.count
        while index < count {
            if let escape = escape(bytes, at: index) {
                if clean < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<index])) }
                out.append(contentsOf: escape.text)
                index += escape.length
                clean = index
                index = plainPrefix(bytes, from: index)
            } else {
                index += 1
            }
        }
        if clean < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[clean..<count])) }
        out.append(quoteMark)
    }

    static let quoteMark = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let escapedQuote = Array("\\\"".utf8), escapedBackslash = Array("\\\\".utf8)
    static let lineSeparator = Array("\\u2028".utf8), paragraphSeparator = Array("\\u2029".utf8)
    /// The escape of each byte below 0x20.
    static let controlEscapes: [[UInt8]] = (0..<0x20).map { (byte: Int) -> [UInt8] in
        switch byte {
        case 0x0A: return Array("\\n".utf8)
        case 0x0D: return Array("\\r".utf8)
        case 0x09: return Array("\\t".utf8)
        case 0x08: return Array("\\b".utf8)
        case 0x0C: return Array("\\f".utf8)
        default:
            let hex = String(byte, radix: 16)
            return Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
        }
    }

    /// A finite number in its shortest exact form (`2`, `0.5`, `1e+30`); `null` otherwise.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        return value.description
    }

    /// Appends the decimal digits of `value`.
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 { out.append(UInt8(ascii: "0") + UInt8(value)); return }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // At most 19 digits (Int.min's magnitude), written from the end of a stack buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    static func writeScalar(_ value: OutputValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(literal: "null")
        case .bool(let value): out.append(literal: value ? "true" : "false")
        case .int(let value): append(value, to: &out)
        case .double(let value): out.append(contentsOf: number(value).utf8)
        case .string(let text): quote(text, into: &out)
        case .array, .object: writeCompact(value, into: &out)
        }
    }

    /// Appends the compact text of an array of scalars when it is at most `limit` characters
    /// and returns true; else leaves `out` as it was and returns false.
    ///
    /// Stops as soon as the text is longer: a list of 10^5 ids is not written out only to be
    /// measured. Appending never lowers a string's character count, so stopping early
    /// decides as the whole text would.
    static func appendCompactLine(_ items: [OutputValue], limit: Int, to out: inout [UInt8]) -> Bool {
        let start = out.count
        // Characters are counted only past the limit in bytes (a character is at least one byte).
        func fits() -> Bool {
            out.count - start <= limit || String(decoding: out[start...], as: UTF8.self).count <= limit
        }
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(literal: ", ") }
            writeScalar(item, into: &out)
            if !fits() { out.removeSubrange(start...); return false }
        }
        out.append(UInt8(ascii: "]"))
        if !fits() { out.removeSubrange(start...); return false }
        return true
    }

    /// The compact text of an array of scalars when it is at most `limit` characters, else nil.
    static func compactLine(_ items: [OutputValue], limit: Int) -> String? {
        var bytes: [UInt8] = []
        return appendCompactLine(items, limit: limit, to: &bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    static func writeCompact(_ value: OutputValue, into out: inout String) {
        var bytes: [UInt8] = []
        writeCompact(value, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

    static func writeCompact(_ value: OutputValue, into out: inout [UInt8]) {
        switch value {
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(literal: ", ") }
                writeCompact(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            out.append(UInt8(ascii: "{"))
            for (index, (key, item)) in entries.enumerated() {
                if index > 0 { out.append(literal: ", ") }
                quote(key, into: &out)
                out.append(literal: ": ")
                writeCompact(item, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &out)
        }
    }

    /// Writes `value` indented, appended to `out` as text.
    static func write(_ value: OutputValue, indent: Int, inlineScalars: Bool, into out: inout String) {
        var bytes: [UInt8] = []
        write(value, indent: indent, inlineScalars: inlineScalars, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

    /// Writes `value` indented as UTF-8 bytes; with `drain`, the bytes so far are handed to it
    /// after each element (it may take them and empty `out`), so a large tree is written as it
    /// is laid out instead of being held whole. A drain never splits a character.
    static func write(_ value: OutputValue, indent: Int, inlineScalars: Bool, into out: inout [UInt8],
                      drain: ((inout [UInt8]) -> Void)? = nil) {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            for _ in 0..<level { out.append(literal: "  ") }
        }
        switch value {
        case .array(let items):
            if items.isEmpty { out.append(literal: "[]"); return }
            if inlineScalars, items.allSatisfy(\.isScalar), appendCompactLine(items, limit: 100, to: &out) {
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(item, indent: indent + 1, inlineScalars: inlineScalars, into: &out, drain: drain)
                drain?(&out)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            if entries.isEmpty { out.append(literal: "{}"); return }
            out.append(UInt8(ascii: "{"))
            for (index, (key, item)) in entries.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                quote(key, into: &out)
                out.append(literal: ": ")
                write(item, indent: indent + 1, inlineScalars: inlineScalars, into: &out, drain: drain)
                drain?(&out)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        default:
            writeScalar(value, into: &out)
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends the bytes of a literal, without making a String of it.
    mutating func append(literal text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

extension JSONOutput {
    /// Appends one element of a `.lines(breakFrom:)` array as UTF-8 bytes: two spaces, the
    /// element compact, each key from `breakFrom` on starting a line of its own; no separator
    /// after it. The one layout of such an element, for `OutputValue.json(.lines(breakFrom:))`
    /// and for a verb whose workers render the elements they make (`docket sla`).
    static func appendLine(_ item: OutputValue, breakFrom: String?, to out: inout [UInt8]) {
        out.append(literal: "  ")
        guard case .object(let entries) = item, let breakFrom, let split = entries.firstIndex(where: { $0.0 == breakFrom }) else {
            writeCompact(item, into: &out)
            return
        }
        out.append(UInt8(ascii: "{"))
        for (position, (key, value)) in entries.enumerated() {
            if position > 0 { out.append(literal: position >= split ? ",\n   " : ", ") }
            quote(key, into: &out)
            out.append(literal: ": ")
            writeCompact(value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
