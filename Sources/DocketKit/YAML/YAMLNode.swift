/// How a scalar was written in the source.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One node of a parsed YAML document, with the source range it came from.
///
/// Mappings keep their keys in source order; duplicate keys are rejected by the
/// parser, so a key occurs at most once.
public struct YAMLNode: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        /// A scalar's value after unescaping and folding, and how it was written.
        case scalar(String, ScalarStyle)
        /// A block (`flow == false`) or flow (`[a, b]`) sequence.
        case sequence([YAMLNode], flow: Bool)
        /// A block or flow (`{a: 1}`) mapping, pairs in source order.
        case mapping([YAMLPair], flow: Bool)
    }

    public var content: Content
    /// The node's source range; for an empty value (`key:`) an empty range
    /// where the value would start.
    public var range: SourceRange

    public init(content: Content, range: SourceRange) {
        self.content = content
        self.range = range
    }
}

/// A key and its value in a mapping. Keys are scalars (complex keys are rejected).
public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
    /// The byte offsets of the whole entry, the bytes an edit of this entry may change.
    ///
    /// In a block mapping: from the key's first byte through the line break that
    /// ends the value's last line, the trailing comment included (every line of a
    /// block collection or block scalar value; up to the end of input when no line
    /// break follows). Comment and blank lines after the value belong to no entry.
    /// In a flow mapping: from the key's first byte to the value's end.
    public var extent: Range<Int>

    /// A pair whose extent runs from the key's start to the value's end unless given.
    public init(key: YAMLNode, value: YAMLNode, extent: Range<Int>? = nil) {
        self.key = key
        self.value = value
        self.extent = extent ?? key.range.start.offset..<max(key.range.end.offset, value.range.end.offset)
    }

    /// The key's text.
    public var name: String {
        if case .scalar(let text, _) = key.content { return text }
        return ""
    }
}

extension YAMLNode {
    /// The scalar text, or nil for a sequence or mapping.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// True for a plain scalar that the YAML 1.2 core schema reads as null
    /// (empty, `~`, `null`, `Null`, `NULL`).
    public var isNull: Bool {
        guard case .scalar(let text, .plain) = content else { return false }
        // Asked several times per field of every record: decided by the byte count first,
        // so record text (titles, names) is never compared as Unicode against the literals.
        switch text.utf8.count {
        case 0: return true
        case 1: return text.utf8.first == UInt8(ascii: "~")
        case 4: return text == "null" || text == "Null" || text == "NULL"
        default: return false
        }
    }

    /// The pairs of a mapping, or nil.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs, _) = content { return pairs }
        return nil
    }

    /// The items of a sequence, or nil.
    public var items: [YAMLNode]? {
        if case .sequence(let items, _) = content { return items }
        return nil
    }

    /// The pair with key `key` in a mapping.
    public func pair(_ key: String) -> YAMLPair? {
        guard case .mapping(let pairs, _) = content else { return nil }
        return pairs.first { $0.name == key }
    }

    /// The value for `key` in a mapping.
    public subscript(key: String) -> YAMLNode? {
        pair(key)?.value
    }
}

/// Why a YAML document was rejected.
public struct YAMLError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Malformed input (also duplicate keys, tab indentation, nesting too deep).
        case syntax
        /// Valid YAML that Docket deliberately does not support (anchors,
        /// aliases, tags, directives other than `%YAML 1.2`, a second document, complex keys).
        case unsupported
    }

    public var kind: Kind
    /// Lowercase, no trailing period: what was expected and what was found.
    public var message: String
    public var position: SourcePosition

    public init(_ kind: Kind, _ message: String, at position: SourcePosition) {
        self.kind = kind
        self.message = message
        self.position = position
    }
}
