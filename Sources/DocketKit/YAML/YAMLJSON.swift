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

/// YAML nodes as the output value tree, and as JSON text.
///
/// Keys in source order. Plain scalars are resolved by the YAML 1.2 core schema
/// (``YAMLScalarResolver``); quoted and block scalars are strings; mapping keys are
/// always strings (their text). JSON has no infinity or NaN, so `.inf`, `-.inf` and
/// `.nan` become the strings `".inf"`, `"-.inf"` and `".nan"`. An empty document is `null`.
public enum YAMLJSON {
    /// The JSON text of `node` (no trailing newline), every array element on a line of its own.
    public static func render(_ node: YAMLNode?) -> String {
        value(node).json(.expanded)
    }

    /// The JSON text of a resolved scalar.
    public static func render(_ scalar: JSONScalar) -> String {
        value(scalar).json(.compact)
    }

    /// The value tree of `node`; `.null` for an empty document.
    public static func value(_ node: YAMLNode?) -> OutputValue {
        guard let node else { return .null }
        switch node.content {
        case .scalar(let text, let style):
            return value(YAMLScalarResolver.resolve(text, style: style))
        case .sequence(let items, _):
            return .array(items.map { value($0) })
        case .mapping(let pairs, _):
            return .object(pairs.map { ($0.name, value($0.value)) })
        }
    }

    /// The value tree of a resolved scalar.
    public static func value(_ scalar: JSONScalar) -> OutputValue {
        switch scalar {
        case .null: .null
        case .bool(let v): .bool(v)
        case .int(let v): .int(v)
        case .float(let v):
            v.isNaN ? .string(".nan") : v.isInfinite ? .string(v < 0 ? "-.inf" : ".inf") : .double(v)
        case .string(let s): .string(s)
        }
    }
}
