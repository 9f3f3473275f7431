/// A scalar's value under the YAML 1.2 core schema, as JSON would hold it.
public enum JSONScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    /// An integer that fits in `Int`; larger integers resolve to ``float(_:)``.
    case int(Int)
    /// A float; `.inf`, `-.inf` and `.nan` resolve to infinite and NaN values.
    case float(Double)
    case string(String)
}

/// Resolves scalars by the YAML 1.2 core schema.
///
/// Only plain scalars are resolved; quoted and block scalars are always strings.
public enum YAMLScalarResolver {
    /// The value of a scalar written as `text` in `style`.
    public static func resolve(_ text: String, style: ScalarStyle) -> JSONScalar {
        guard style == .plain else { return .string(text) }
        var utf8 = text.utf8
        if let value = utf8.withContiguousStorageIfAvailable({ resolvePlain(text, $0) }) {
            return value
        }
        var copy = text
        copy.makeContiguousUTF8()
        utf8 = copy.utf8
        return utf8.withContiguousStorageIfAvailable({ resolvePlain(copy, $0) }) ?? .string(text)
    }

    /// The value of a scalar node, or nil for a collection.
    public static func resolve(_ node: YAMLNode) -> JSONScalar? {
        guard case .scalar(let text, let style) = node.content else { return nil }
        return resolve(text, style: style)
    }

    private static func resolvePlain(_ text: String, _ b: UnsafeBufferPointer<UInt8>) -> JSONScalar {
        let n = b.count
        if n == 0 { return .null }
        let first = b[0]
        // Fast path: most strings start with a letter that cannot begin a special value.
        switch first {
        case UInt8(ascii: "~"):
            return n == 1 ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return text == "null" || text == "Null" || text == "NULL" ? .null : .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return text == "true" || text == "True" || text == "TRUE" ? .bool(true) : .string(text)
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return text == "false" || text == "False" || text == "FALSE" ? .bool(false) : .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return resolveNumber(text, b)
        default:
            return .string(text)
        }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func resolveNumber(_ text: String, _ b: UnsafeBufferPointer<UInt8>) -> JSONScalar {
        let n = b.count
        // 0o and 0x forms.
        if n > 2 && b[0] == UInt8(ascii: "0") && (b[1] == UInt8(ascii: "o") || b[1] == UInt8(ascii: "x")) {
            let octal = b[1] == UInt8(ascii: "o")
            for i in 2..<n {
                let c = b[i]
                let ok = octal ? (c >= 48 && c <= 55)
                    : isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
                if !ok { return .string(text) }
            }
            let digits = String(decoding: UnsafeBufferPointer(rebasing: b[2...]), as: UTF8.self)
            if let v = Int(digits, radix: octal ? 8 : 16) { return .int(v) }
            var d = 0.0
            for c in digits.utf8 {
                let v: UInt8 = isDigit(c) ? c - 48 : (c | 0x20) - 87
                d = d * (octal ? 8 : 16) + Double(v)
            }
            return .float(d)
        }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
            negative = b[0] == UInt8(ascii: "-")
            i = 1
        }
        // .inf / .nan
        if i < n && b[i] == UInt8(ascii: ".") {
            let rest = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)...]), as: UTF8.self)
            if rest == "inf" || rest == "Inf" || rest == "INF" {
                return .float(negative ? -.infinity : .infinity)
            }
            if i == 0 && (rest == "nan" || rest == "NaN" || rest == "NAN") { return .float(.nan) }
        }
        // [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE][-+]?[0-9]+ )?
        let intStart = i
        while i < n && isDigit(b[i]) { i += 1 }
        let intDigits = i - intStart
        var isFloat = false
        var fracDigits = 0
        if i < n && b[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            let fs = i
            while i < n && isDigit(b[i]) { i += 1 }
            fracDigits = i - fs
        }
        if intDigits == 0 && fracDigits == 0 { return .string(text) }
        if i < n && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            isFloat = true
            i += 1
            if i < n && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i += 1 }
            let es = i
            while i < n && isDigit(b[i]) { i += 1 }
            if i == es { return .string(text) }
        }
        if i != n { return .string(text) }
        if !isFloat, let v = Int(text) { return .int(v) }
        // Normalize for Double's parser: "1." -> "1.0", ".5" -> "0.5".
        var s = ""
        s.reserveCapacity(n + 2)
        var prev: UInt8 = 0
        for (k, c) in b.enumerated() {
            if c == UInt8(ascii: ".") && !isDigit(prev) { s.append("0") }
            if c == UInt8(ascii: "+") && k == 0 { prev = c; continue }
            if (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && prev == UInt8(ascii: ".") { s.append("0") }
            s.unicodeScalars.append(Unicode.Scalar(c))
            prev = c
        }
        if prev == UInt8(ascii: ".") { s.append("0") }
        return .float(Double(s) ?? 0)
    }
}

/// Renders YAML nodes as JSON text.
///
/// Pretty-printed with a 2-space indent, keys in source order. Plain scalars are
/// resolved by the YAML 1.2 core schema (``YAMLScalarResolver``); quoted and
/// block scalars are strings; mapping keys are always strings (their text).
/// JSON has no infinity or NaN, so `.inf`, `-.inf` and `.nan` render as the
/// strings `".inf"`, `"-.inf"` and `".nan"`. An empty document renders as `null`.
public enum YAMLJSON {
    /// The JSON text of `node` (no trailing newline).
    public static func render(_ node: YAMLNode?) -> String {
        var out = ""
        guard let node else { return "null" }
        write(node, indent: 0, into: &out)
        return out
    }

    /// The JSON text of a resolved scalar.
    public static func render(_ scalar: JSONScalar) -> String {
        var out = ""
        write(scalar, into: &out)
        return out
    }

    private static func newline(_ indent: Int, _ out: inout String) {
        out.append("\n")
        for _ in 0..<indent { out.append("  ") }
    }

    private static func write(_ node: YAMLNode, indent: Int, into out: inout String) {
        switch node.content {
        case .scalar(let text, let style):
            write(YAMLScalarResolver.resolve(text, style: style), into: &out)
        case .sequence(let items, _):
            if items.isEmpty { out.append("[]"); return }
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(",") }
                newline(indent + 1, &out)
                write(item, indent: indent + 1, into: &out)
            }
            newline(indent, &out)
            out.append("]")
        case .mapping(let pairs, _):
            if pairs.isEmpty { out.append("{}"); return }
            out.append("{")
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out.append(",") }
                newline(indent + 1, &out)
                writeString(pair.name, into: &out)
                out.append(": ")
                write(pair.value, indent: indent + 1, into: &out)
            }
            newline(indent, &out)
            out.append("}")
        }
    }

    private static func write(_ scalar: JSONScalar, into out: inout String) {
        switch scalar {
        case .null: out.append("null")
        case .bool(let v): out.append(v ? "true" : "false")
        case .int(let v): out.append(String(v))
        case .float(let v):
            if v.isNaN { writeString(".nan", into: &out) }
            else if v.isInfinite { writeString(v < 0 ? "-.inf" : ".inf", into: &out) }
            else { out.append(v.description) }
        case .string(let s): writeString(s, into: &out)
        }
    }

    /// Appends `s` as a JSON string literal.
    public static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        var needsEscape = false
        for c in s.utf8 where c < 0x20 || c == 0x22 || c == 0x5C { needsEscape = true; break }
        if !needsEscape {
            out.append(s)
            out.append("\"")
            return
        }
        let hex: [Character] = Array("0123456789abcdef")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\t": out.append("\\t")
            case "\r": out.append("\\r")
            default:
                if scalar.value < 0x20 {
                    out.append("\\u00")
                    out.append(hex[Int(scalar.value >> 4)])
                    out.append(hex[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
