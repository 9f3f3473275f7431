/// A value to write into YAML: what ``FrontMatterEditor`` puts under a key.
///
/// Strings read back as strings whatever their text (`"true"`, `"123"` and
/// `"null"` are quoted); `bool`, `int` and `null` are written plain so they read
/// back as those types under the YAML 1.2 core schema.
public indirect enum YAMLValue: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int(Int)
    case null
    case sequence([YAMLValue])
    /// Keys in the order they are written.
    case mapping([YAMLMappingEntry])

    /// The value a parsed node holds, plain scalars resolved by the core schema;
    /// nil for a plain scalar that reads as a float, which ``YAMLValue`` does not hold.
    public init?(_ node: YAMLNode) {
        switch node.content {
        case .scalar(let text, let style):
            switch YAMLScalarResolver.resolve(text, style: style) {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .int(let value): self = .int(value)
            case .string(let value): self = .string(value)
            case .float: return nil
            }
        case .sequence(let nodes, _):
            var items: [YAMLValue] = []
            for node in nodes {
                guard let item = YAMLValue(node) else { return nil }
                items.append(item)
            }
            self = .sequence(items)
        case .mapping(let pairs, _):
            var entries: [YAMLMappingEntry] = []
            for pair in pairs {
                guard let value = YAMLValue(pair.value) else { return nil }
                entries.append(YAMLMappingEntry(pair.name, value))
            }
            self = .mapping(entries)
        }
    }
}

/// One key and value of a ``YAMLValue/mapping(_:)``.
public struct YAMLMappingEntry: Sendable, Equatable {
    public var key: String
    public var value: YAMLValue

    public init(_ key: String, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}

/// Writes scalars in the style that reads back as the same string.
///
/// Plain when the text is safe plain (it cannot read as another type — `true`,
/// `null`, `123`, `1.5` — and holds no indicator that would change its parse);
/// dates such as `2026-11-03` stay plain, since the core schema reads them as
/// strings. Otherwise single-quoted when every character is printable on one
/// line, else double-quoted with escapes.
public enum YAMLScalarWriter {
    /// `text` as a scalar that reads back as the string `text`.
    /// - Parameter flow: the scalar stands inside a flow collection (`[…]`, `{…}`),
    ///   where `,`, `[`, `]`, `{` and `}` also need quoting.
    public static func render(_ text: String, flow: Bool = false) -> String {
        if isPlainSafe(text, flow: flow) { return text }
        return singleQuoted(text) ?? doubleQuoted(text)
    }

    /// True when `text` written plain reads back as the string `text`.
    public static func isPlainSafe(_ text: String, flow: Bool = false) -> Bool {
        let b = Array(text.utf8)
        guard let first = b.first, let last = b.last else { return false }
        if first == cSpace || last == cSpace || last == cColon { return false }
        switch first {
        case cComma, cLBracket, cRBracket, cLBrace, cRBrace, cHash, cAmp, cStar, cBang, cPipe, cGreater,
             cSQuote, cDQuote, cPercent, cAt, cBacktick:
            return false
        case cDash, cQuestion, cColon:
            // An indicator only when a blank (or, in flow, a flow indicator) follows.
            guard b.count > 1, !isYAMLBlank(b[1]), !(flow && isYAMLFlowIndicator(b[1])) else { return false }
        default:
            break
        }
        for i in 0..<b.count {
            let c = b[i]
            if c < 0x20 || c == 0x7F { return false }  // also tabs: legal, but easy to misread
            if !isPrintableLead(b, i) { return false }
            if flow && isYAMLFlowIndicator(c) { return false }
            if c == cColon && i + 1 < b.count && (isYAMLBlank(b[i + 1]) || flow && isYAMLFlowIndicator(b[i + 1])) { return false }
            if c == cHash && i > 0 && isYAMLBlank(b[i - 1]) { return false }
        }
        if case .string = YAMLScalarResolver.resolve(text, style: .plain) { return true }
        return false
    }

    /// `text` single-quoted, or nil when it holds a character a single-quoted
    /// scalar cannot carry on one line (a control character other than tab, a
    /// line break, a non-printable code point).
    public static func singleQuoted(_ text: String) -> String? {
        let b = Array(text.utf8)
        for i in 0..<b.count {
            let c = b[i]
            if c < 0x20 && c != cTab || c == 0x7F || !isPrintableLead(b, i) { return nil }
        }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `text` double-quoted, with escapes for `"`, `\`, control characters,
    /// line breaks and non-printable code points.
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x00: out += "\\0"
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x85: out += "\\N"
            case 0x2028: out += "\\L"
            case 0x2029: out += "\\P"
            case 0x01...0x1F, 0x7F...0x9F, 0xFEFF, 0xFFFE, 0xFFFF:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// False at the first byte of a code point YAML does not allow unescaped:
    /// C1 controls (U+0080–U+009F, U+0085 being a YAML 1.1 line break), the byte
    /// order mark U+FEFF, U+FFFE, U+FFFF, and the line and paragraph separators.
    private static func isPrintableLead(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        if c == 0xC2, i + 1 < b.count, b[i + 1] >= 0x80 && b[i + 1] <= 0x9F { return false }
        if c == 0xEF, i + 2 < b.count, b[i + 1] == 0xBB && b[i + 2] == 0xBF || b[i + 1] == 0xBF && b[i + 2] >= 0xBE {
            return false
        }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return false }
        return true
    }
}
