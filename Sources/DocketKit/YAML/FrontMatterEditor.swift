/// Why a front matter edit was refused. The message is lowercase, without a
/// trailing period, and says what was expected and what was found.
public struct FrontMatterEditError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Edits the top-level keys of a file's YAML front matter, changing only the
/// bytes of the entry edited.
///
/// Each edit returns the whole file anew; the byte order mark, comments, blank
/// lines, key order, the quoting of other entries and the Markdown body are kept
/// byte for byte, and a new line takes the file's line ending (CRLF stays CRLF).
/// Every result is parsed again and must read back the value written, so an edit
/// never leaves a file Docket cannot read. The editor does not write files.
///
/// ```swift
/// let editor = try FrontMatterEditor(bytes)
/// let updated = try editor.replacingValue(of: "status", with: .string("closed"))
/// ```
public struct FrontMatterEditor: Sendable {
    /// The file as given.
    public let bytes: [UInt8]
    private let yamlRange: Range<Int>
    private let firstLine: Int
    /// The top-level pairs, in source order (empty for empty front matter).
    public let pairs: [YAMLPair]
    private let lineBreak: [UInt8]

    /// Reads the front matter of `bytes` (a Markdown file).
    /// - Throws: when the front matter is missing, not closed, not valid YAML, or
    ///   not a block mapping.
    public init(_ bytes: [UInt8]) throws(FrontMatterEditError) {
        guard case .found(let yaml, let firstLine, _, _, _) = FrontMatter.locate(bytes) else {
            throw FrontMatterEditError("expected front matter between --- lines at the start of the file, found none; add it first")
        }
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(bytes, range: yaml, firstLine: firstLine)
        } catch {
            throw FrontMatterEditError("expected valid YAML front matter, found \(error.message) at line \(error.position.line), column \(error.position.column); fix it first")
        }
        self.bytes = bytes
        self.yamlRange = yaml
        self.firstLine = firstLine
        switch root?.content {
        case nil:
            pairs = []
        case .mapping(let pairs, flow: false)?:
            self.pairs = pairs
        default:
            throw FrontMatterEditError("expected the front matter to be a block mapping of keys, found \(root.map(Self.describe) ?? "nothing")")
        }
        lineBreak = Self.firstLineBreak(bytes)
    }

    /// The pair of top-level key `key`, if present.
    public func pair(_ key: String) -> YAMLPair? {
        pairs.first { $0.name == key }
    }

    /// The file with the value of top-level key `key` replaced by `value`; the
    /// key's text and a trailing comment on its line stay.
    public func replacingValue(of key: String, with value: YAMLValue) throws(FrontMatterEditError) -> [UInt8] {
        guard let pair = pair(key) else {
            throw FrontMatterEditError("expected key \"\(key)\" in the front matter, found keys \(keyList); insert it instead")
        }
        let old = pair.value
        let keyLineEnd = lineContentEnd(from: pair.key.range.end.offset)
        let ending = ownLineBreak(pair.extent) ?? []
        let indent = pair.key.range.start.column - 1
        var entry: [UInt8]
        switch rendering(value, indent: indent) {
        case .inline(let text):
            if isInline(old) && old.range.end.offset <= keyLineEnd {
                // Same line: only the value's bytes change, spacing and comment stay.
                entry = Array(bytes[pair.extent.lowerBound..<old.range.start.offset])
                entry += text.utf8
                entry += bytes[old.range.end.offset..<pair.extent.upperBound]
            } else {
                entry = keyThroughColon(pair) + Array(" \(text)".utf8) + comment(of: pair, lineEnd: keyLineEnd) + ending
            }
        case .block(let lines):
            entry = keyThroughColon(pair) + comment(of: pair, lineEnd: keyLineEnd)
            entry += block(lines, ending: ending)
        }
        var result = Array(bytes[..<pair.extent.lowerBound])
        result += entry
        result += bytes[pair.extent.upperBound...]
        return try checked(result, key: key, value: value)
    }

    /// The file with `key: value` added as a new top-level entry after the entry
    /// of `after`, or when `after` is nil after the last entry (at the end of the
    /// front matter; comment and blank lines that close it stay after the new entry).
    public func inserting(_ key: String, _ value: YAMLValue, after: String? = nil) throws(FrontMatterEditError) -> [UInt8] {
        if pair(key) != nil {
            throw FrontMatterEditError("expected key \"\(key)\" to be new, found it in the front matter; replace its value instead")
        }
        let at: Int
        if let after {
            guard let anchor = pair(after) else {
                throw FrontMatterEditError("expected key \"\(after)\" to insert \"\(key)\" after, found keys \(keyList)")
            }
            at = anchor.extent.upperBound
        } else {
            // After the last entry: comment and blank lines closing the front matter stay last.
            at = pairs.last?.extent.upperBound ?? yamlRange.upperBound
        }
        let indent = pairs.first.map { $0.key.range.start.column - 1 } ?? 0
        var entry: [UInt8] = []
        // Only a YAML file without a final line break can end mid-line.
        if at > 0 && bytes[at - 1] != UInt8(ascii: "\n") { entry += lineBreak }
        entry += Array(repeating: UInt8(ascii: " "), count: indent)
        entry += YAMLScalarWriter.render(key).utf8
        entry.append(UInt8(ascii: ":"))
        switch rendering(value, indent: indent) {
        case .inline(let text): entry += Array(" \(text)".utf8) + lineBreak
        case .block(let lines): entry += block(lines, ending: lineBreak)
        }
        var result = Array(bytes[..<at])
        result += entry
        result += bytes[at...]
        return try checked(result, key: key, value: value)
    }

    /// The file without the entry of top-level key `key` (every line of it).
    public func removing(_ key: String) throws(FrontMatterEditError) -> [UInt8] {
        guard let pair = pair(key) else {
            throw FrontMatterEditError("expected key \"\(key)\" in the front matter, found keys \(keyList)")
        }
        var result = Array(bytes[..<pair.extent.lowerBound])
        result += bytes[pair.extent.upperBound...]
        return try checked(result, key: key, value: nil)
    }

    // MARK: Rendering

    private enum Rendering {
        /// Text that follows `key: ` on the key's line.
        case inline(String)
        /// Lines (without line breaks, already indented) after `key:`.
        case block([String])
    }

    /// Scalars and collections of scalars fit on the key's line (flow style);
    /// a sequence holding collections becomes a block sequence of flow items, as
    /// the sample's `escalations` are written; a mapping holding collections a block mapping.
    private func rendering(_ value: YAMLValue, indent: Int) -> Rendering {
        switch value {
        case .sequence(let items) where items.contains(where: \.isCollection):
            let pad = String(repeating: " ", count: indent + 2)
            return .block(items.map { pad + "- " + Self.flow($0) })
        case .mapping(let entries) where entries.contains(where: { $0.value.isCollection }):
            var lines: [String] = []
            for entry in entries {
                let head = String(repeating: " ", count: indent + 2) + YAMLScalarWriter.render(entry.key) + ":"
                switch rendering(entry.value, indent: indent + 2) {
                case .inline(let text): lines.append(head + " " + text)
                case .block(let nested): lines.append(head); lines += nested
                }
            }
            return .block(lines)
        default:
            return .inline(Self.flow(value, inFlow: false))
        }
    }

    /// `value` on one line: a scalar, or a flow collection.
    static func flow(_ value: YAMLValue, inFlow: Bool = true) -> String {
        switch value {
        case .string(let text): return YAMLScalarWriter.render(text, flow: inFlow)
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .null: return "null"
        case .sequence(let items): return "[" + items.map { flow($0) }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { YAMLScalarWriter.render($0.key, flow: true) + ": " + flow($0.value) }
                .joined(separator: ", ") + "}"
        }
    }

    /// `lines` after `key:`, each on its own line; the last ends with `ending`
    /// (empty when the entry ended the input without a line break).
    private func block(_ lines: [String], ending: [UInt8]) -> [UInt8] {
        let eol = ending.isEmpty ? lineBreak : ending
        var out: [UInt8] = eol
        for (index, line) in lines.enumerated() {
            out += line.utf8
            out += index == lines.count - 1 ? ending : eol
        }
        return out
    }

    // MARK: Source positions

    /// True for a value written on the key's line only (a scalar other than a
    /// block scalar, or a flow collection); false for an empty value.
    private func isInline(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar(_, .literal), .scalar(_, .folded): return false
        case .scalar: return node.range.end.offset > node.range.start.offset
        case .sequence(_, let flow), .mapping(_, let flow): return flow
        }
    }

    /// The offset of the `:` after the key.
    private func colon(of pair: YAMLPair) -> Int {
        var i = pair.key.range.end.offset
        while bytes[i] != UInt8(ascii: ":") { i += 1 }
        return i
    }

    /// The bytes of the key through its `:` (the key's quoting kept).
    private func keyThroughColon(_ pair: YAMLPair) -> [UInt8] {
        Array(bytes[pair.extent.lowerBound...colon(of: pair)])
    }

    /// The comment ending the key's line, with the blanks before it, or nothing.
    private func comment(of pair: YAMLPair, lineEnd: Int) -> [UInt8] {
        var start = colon(of: pair) + 1
        let value = pair.value.range
        if value.start.offset < lineEnd && value.end.offset > value.start.offset {
            switch pair.value.content {
            case .scalar(_, .literal), .scalar(_, .folded):
                start = value.start.offset  // the header (`|`, `>-`) holds no `#`
            default:
                // A value continuing on the next line leaves no room for a comment.
                guard value.end.offset <= lineEnd else { return [] }
                start = value.end.offset
            }
        }
        for j in start..<max(start, lineEnd) where bytes[j] == UInt8(ascii: "#") && isYAMLBlank(bytes[j - 1]) {
            var k = j
            while k > start && isYAMLBlank(bytes[k - 1]) { k -= 1 }
            return Array(bytes[k..<lineEnd])
        }
        return []
    }

    /// The offset where the line holding `offset` ends, before its line break.
    private func lineContentEnd(from offset: Int) -> Int {
        var i = offset
        while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
        if i < bytes.count && i > offset && bytes[i - 1] == UInt8(ascii: "\r") { return i - 1 }
        return i
    }

    /// The line break ending `extent`, or nil when it ends the input without one.
    private func ownLineBreak(_ extent: Range<Int>) -> [UInt8]? {
        guard extent.upperBound > extent.lowerBound, bytes[extent.upperBound - 1] == UInt8(ascii: "\n") else { return nil }
        if extent.upperBound - 2 >= extent.lowerBound && bytes[extent.upperBound - 2] == UInt8(ascii: "\r") {
            return [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        return [UInt8(ascii: "\n")]
    }

    static func firstLineBreak(_ bytes: [UInt8]) -> [UInt8] {
        guard let i = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [UInt8(ascii: "\n")] }
        return i > 0 && bytes[i - 1] == UInt8(ascii: "\r") ? [UInt8(ascii: "\r"), UInt8(ascii: "\n")] : [UInt8(ascii: "\n")]
    }

    private var keyList: String {
        pairs.isEmpty ? "none" : pairs.map(\.name).joined(separator: ", ")
    }

    private static func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .scalar: return "a scalar"
        case .sequence: return "a sequence"
        case .mapping: return "a flow mapping"
        }
    }

    /// Parses `result` again: `key` must read back as `value` (or be gone for nil).
    func checked(_ result: [UInt8], key: String, value: YAMLValue?) throws(FrontMatterEditError) -> [UInt8] {
        let edited: FrontMatterEditor
        do {
            edited = try FrontMatterEditor(result)
        } catch {
            throw FrontMatterEditError("expected the edit of \"\(key)\" to leave readable front matter, found: \(error.message)")
        }
        let readBack = edited.pair(key).flatMap { YAMLValue($0.value) }
        guard readBack == value else {
            throw FrontMatterEditError("expected \"\(key)\" to read back as written, found \(readBack.map { String(describing: $0) } ?? "no value")")
        }
        return result
    }
}

extension YAMLValue {
    /// True for a sequence or mapping.
    var isCollection: Bool {
        switch self {
        case .sequence, .mapping: return true
        default: return false
        }
    }
}
