/// Why a record could not be formatted: its front matter is missing or does not parse,
/// or the canonical layout would change a value. The file is left as it is.
public struct FrontMatterLayoutError: Error, Sendable, Equatable {
    /// Lowercase, no trailing period: what was expected, what was found, the fix.
    public var message: String
    public var position: SourcePosition
}

/// The canonical layout of a record's front matter (`docket fmt`).
///
/// - `---` fences; keys at column 1, nested entries indented by 2 spaces; no trailing
///   blanks (except inside a block scalar, where they are part of the value); at most one
///   blank line in a row, none at the start or end of the front matter.
/// - Known keys in the order of the procedure's `fields`, unknown keys after them in
///   their own order.
/// - A list of scalars is a flow list `[a, b]`; a list holding a mapping is a block list,
///   one `- {key: value, …}` item a line. A list with comments inside stays a block list
///   so the comments keep their place.
/// - Comment lines go with the entry they precede; a comment ending an entry's line stays
///   there. Scalar text is copied byte for byte; a plain scalar that moves into a flow
///   list or mapping and holds `,[]{}` is quoted by `YAMLScalarWriter`, which keeps its
///   meaning.
/// - The file's line end (that of its first line) is used throughout the front matter;
///   the byte order mark and the body are kept, a missing final line break is added.
///
/// Anything the formatter has no canonical form for (a block scalar, a scalar over several
/// lines, a list inside a list) keeps its lines. Every result is parsed again and must
/// hold the same values as the input; otherwise `format` throws and nothing changes.
public struct FrontMatterLayout: Sendable {
    /// The procedure's field keys in their order; empty keeps the source order.
    public let keyOrder: [String]

    public init(keyOrder: [String]) { self.keyOrder = keyOrder }

    /// The formatter of `procedure`'s records (nil: no known keys).
    public init(procedure: Procedure?) { self.init(keyOrder: procedure?.fields.map(\.key) ?? []) }

    /// `bytes` in the canonical layout (equal to `bytes` when already formatted).
    public func format(_ bytes: [UInt8]) throws(FrontMatterLayoutError) -> [UInt8] {
        let located = FrontMatter.locate(bytes)
        guard case .found(let yaml, let firstLine, let bodyStart, _, _) = located else {
            if case .unclosed(let line) = located {
                throw FrontMatterLayoutError(message: "expected a closing --- line after the front matter, found none; add it after the last key",
                                        position: SourcePosition(offset: 0, line: line, column: 1))
            }
            throw FrontMatterLayoutError(message: "expected front matter between --- lines at the start of the file, found none; add it first", position: .start)
        }
        let root = try parse(bytes, yaml, firstLine)
        let pairs: [YAMLPair]
        switch root?.content {
        case nil: pairs = []
        case .mapping(let found, flow: false)?: pairs = found
        default:
            throw FrontMatterLayoutError(message: "expected the front matter to be a block mapping of keys, found another structure; write one key: value a line",
                                    position: root?.range.start ?? .start)
        }
        let text = Text(bytes: bytes)
        let lineEnd = RecordEdit.lineEnd(of: bytes)

        // Entries with the comment and blank lines before them; what follows the last entry.
        var entries: [(pair: YAMLPair, leading: [[UInt8]?], lines: [[UInt8]])] = []
        var gapStart = yaml.lowerBound
        for pair in pairs {
            let keyLine = text.lineStart(pair.extent.lowerBound)
            entries.append((pair, text.gapLines(gapStart..<keyLine), render(pair, text)))
            gapStart = max(pair.extent.upperBound, keyLine)
        }
        let trailer = text.gapLines(gapStart..<yaml.upperBound)

        let rank = Dictionary(keyOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = entries.enumerated().sorted { a, b in
            let ra = rank[a.element.pair.name] ?? Int.max, rb = rank[b.element.pair.name] ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)

        var lines: [[UInt8]] = []
        func add(_ gap: [[UInt8]?]) {
            for line in gap {
                if let line { lines.append(line) } else if let last = lines.last, !last.isEmpty { lines.append([]) }
            }
        }
        for entry in ordered {
            add(entry.leading)
            lines += entry.lines
        }
        add(trailer)
        while lines.last?.isEmpty == true { lines.removeLast() }

        var out: [UInt8] = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? [0xEF, 0xBB, 0xBF] : []
        out += Array("---".utf8) + lineEnd
        for line in lines { out += line; out += lineEnd }
        out += Array("---".utf8) + lineEnd
        out += bytes[bodyStart...]
        if out.last != UInt8(ascii: "\n") { out += lineEnd }

        try checkSameValues(before: root, after: out)
        return out
    }

    private func parse(_ bytes: [UInt8], _ yaml: Range<Int>, _ firstLine: Int) throws(FrontMatterLayoutError) -> YAMLNode? {
        do {
            return try YAMLParser.parse(bytes, range: yaml, firstLine: firstLine)
        } catch {
            throw FrontMatterLayoutError(message: "\(error.message) in the front matter; fix it, then run docket fmt again", position: error.position)
        }
    }

    /// The formatted file must read as the same values, key by key.
    private func checkSameValues(before: YAMLNode?, after: [UInt8]) throws(FrontMatterLayoutError) {
        guard case .found(let yaml, let firstLine, _, _, _) = FrontMatter.locate(after) else {
            throw FrontMatterLayoutError(message: "expected the formatted file to keep its front matter, found none; the file was left as it is", position: .start)
        }
        let reread = try parse(after, yaml, firstLine)
        for pair in before?.pairs ?? [] where Self.meaning(reread?[pair.name]) != Self.meaning(pair.value) {
            throw FrontMatterLayoutError(message: "expected the canonical layout to keep the value of \(pair.name), found it would change; the file was left as it is, format this entry by hand",
                                    position: pair.key.range.start)
        }
    }

    /// A node's value as the YAML core schema reads it, layout and quoting aside.
    static func meaning(_ node: YAMLNode?) -> String {
        guard let node else { return "absent" }
        switch node.content {
        case .scalar(let text, let style): return "\(YAMLScalarResolver.resolve(text, style: style))"
        case .sequence(let items, _): return "[" + items.map { meaning($0) }.joined(separator: ",") + "]"
        case .mapping(let pairs, _): return "{" + pairs.map { "\($0.name.debugDescription):\(meaning($0.value))" }.joined(separator: ",") + "}"
        }
    }

    // MARK: Entries

    /// The canonical lines of one top-level entry, or its own lines (key moved to column 1,
    /// trailing blanks removed outside block scalars) when it has no canonical form.
    private func render(_ pair: YAMLPair, _ text: Text) -> [[UInt8]] {
        if let lines = canonical(pair, indent: 0, text) { return lines }
        var protected: [Range<Int>] = []
        Self.blockScalars(pair.value, into: &protected)
        var lines: [[UInt8]] = []
        var start = text.lineStart(pair.extent.lowerBound)
        var first = true
        while start < pair.extent.upperBound {
            let end = text.contentEnd(start)
            var line = Array(text.bytes[(first ? pair.extent.lowerBound : start)..<end])
            if !protected.contains(where: { $0.contains(start) }) { line = Text.trimmingTrailingBlanks(line) }
            lines.append(line)
            first = false
            start = text.nextLine(end)
        }
        return lines
    }

    /// Offsets of the content lines of every block scalar in `node`, whose trailing blanks are text.
    private static func blockScalars(_ node: YAMLNode, into ranges: inout [Range<Int>]) {
        switch node.content {
        case .scalar(_, .literal), .scalar(_, .folded):
            ranges.append((node.range.start.offset + 1)..<max(node.range.start.offset + 1, node.range.end.offset))
        case .scalar: break
        case .sequence(let items, _): for item in items { blockScalars(item, into: &ranges) }
        case .mapping(let pairs, _): for pair in pairs { blockScalars(pair.value, into: &ranges) }
        }
    }

    /// The entry's lines with its key at column `indent + 1`, or nil when it has no canonical form.
    private func canonical(_ pair: YAMLPair, indent: Int, _ text: Text) -> [[UInt8]]? {
        let bytes = text.bytes
        let key = [UInt8](repeating: UInt8(ascii: " "), count: indent) + bytes[pair.key.range.start.offset..<pair.key.range.end.offset]
        let keyLineEnd = text.contentEnd(pair.key.range.end.offset)
        let value = pair.value
        let entryEnd = text.contentEnd(max(pair.extent.upperBound - 1, pair.key.range.end.offset))
        switch value.content {
        case .scalar(_, .literal), .scalar(_, .folded):
            return nil
        case .scalar, .sequence(_, flow: true), .mapping(_, flow: true):
            // On the key's line, or not canonical here.
            guard value.range.end.offset <= keyLineEnd, entryEnd == keyLineEnd, let flow = flowText(value, text) else { return nil }
            let comment = text.comment(value.range.end.offset..<keyLineEnd, after: value.range.end.offset > value.range.start.offset)
            let empty = value.range.end.offset == value.range.start.offset
            return [key + Array(":".utf8) + (empty ? [] : [UInt8(ascii: " ")] + flow) + comment]
        case .mapping(let pairs, flow: false):
            return blockMapping(key: key, pairs: pairs, indent: indent, keyLineEnd: keyLineEnd, extentEnd: pair.extent.upperBound, text)
        case .sequence(let items, flow: false):
            return blockList(key: key, items: items, indent: indent, keyLineEnd: keyLineEnd, extentEnd: pair.extent.upperBound, text)
        }
    }

    /// A nested block mapping, each entry in its canonical form 2 spaces deeper; comment
    /// lines between entries go with the entry below them.
    private func blockMapping(key: [UInt8], pairs: [YAMLPair], indent: Int, keyLineEnd: Int, extentEnd: Int, _ text: Text) -> [[UInt8]]? {
        let pad = [UInt8](repeating: UInt8(ascii: " "), count: indent + 2)
        var lines: [[UInt8]] = [key + Array(":".utf8) + text.lineComment(keyLineEnd)]
        var cursor = text.nextLine(keyLineEnd)
        for pair in pairs {
            let keyLine = text.lineStart(pair.extent.lowerBound)
            guard keyLine >= cursor, let entry = canonical(pair, indent: indent + 2, text) else { return nil }
            for case let comment? in text.gapLines(cursor..<keyLine) { lines.append(pad + comment) }
            lines += entry
            cursor = max(pair.extent.upperBound, keyLine)
        }
        guard cursor >= extentEnd || text.gapLines(cursor..<extentEnd).allSatisfy({ $0 == nil }) else { return nil }
        return lines
    }

    /// A block list: `[a, b]` when it holds scalars only and no comment, else one `- item` a line.
    private func blockList(key: [UInt8], items: [YAMLNode], indent: Int, keyLineEnd: Int, extentEnd: Int, _ text: Text) -> [[UInt8]]? {
        let pad = [UInt8](repeating: UInt8(ascii: " "), count: indent + 2)
        let headComment = text.lineComment(keyLineEnd)
        var rendered: [(leading: [[UInt8]], item: [UInt8], comment: [UInt8])] = []
        var hasComments = !headComment.isEmpty
        var lineStart = text.nextLine(keyLineEnd)
        var pendingComments: [[UInt8]] = []
        var index = 0
        while lineStart < extentEnd {
            let end = text.contentEnd(lineStart)
            let content = Text.trimmingBlanks(Array(text.bytes[lineStart..<end]))
            if index < items.count, items[index].range.start.offset >= lineStart, items[index].range.start.offset <= end {
                let item = items[index]
                guard text.dash(before: item.range.start.offset, lineStart: lineStart) != nil else { return nil }
                let itemEnd = item.range.end.offset
                guard itemEnd >= item.range.start.offset else { return nil }
                let lastLineEnd = text.contentEnd(max(itemEnd - 1, item.range.start.offset))
                let flow: [UInt8]?
                switch item.content {
                case .mapping(let pairs, flow: false):
                    flow = text.onePairALine(pairs, from: lineStart, through: lastLineEnd) ? blockMappingAsFlow(pairs, text) : nil
                case .scalar where item.range.end.offset == item.range.start.offset: flow = nil
                default: flow = itemEnd <= end ? flowText(item, text) : nil
                }
                guard let flow else { return nil }
                let comment = text.comment(min(itemEnd, lastLineEnd)..<lastLineEnd, after: true)
                if !comment.isEmpty || !pendingComments.isEmpty { hasComments = true }
                rendered.append((pendingComments, flow, comment))
                pendingComments = []
                index += 1
                lineStart = text.nextLine(lastLineEnd)
                continue
            }
            if content.first == UInt8(ascii: "#") {
                pendingComments.append(content)
                hasComments = true
            } else if !content.isEmpty {
                return nil
            }
            lineStart = text.nextLine(end)
        }
        guard index == items.count else { return nil }
        let scalarsOnly = items.allSatisfy { if case .scalar = $0.content { true } else { false } }
        if scalarsOnly && !hasComments && pendingComments.isEmpty {
            let list = rendered.map { String(decoding: $0.item, as: UTF8.self) }.joined(separator: ", ")
            return [key + Array(": [\(list)]".utf8)]
        }
        var lines: [[UInt8]] = [key + Array(":".utf8) + headComment]
        for entry in rendered {
            for comment in entry.leading { lines.append(pad + comment) }
            lines.append(pad + Array("- ".utf8) + entry.item + entry.comment)
        }
        for comment in pendingComments { lines.append(pad + comment) }
        return lines
    }

    /// A block mapping item `- a: 1\n  b: 2` as `{a: 1, b: 2}`: each entry a scalar or a
    /// flow collection on its own line, and no comment inside; nil otherwise.
    private func blockMappingAsFlow(_ pairs: [YAMLPair], _ text: Text) -> [UInt8]? {
        var parts: [String] = []
        for pair in pairs {
            let lineEnd = text.contentEnd(pair.key.range.end.offset)
            guard pair.value.range.end.offset <= lineEnd,
                  text.comment(pair.value.range.end.offset..<lineEnd, after: true).isEmpty,
                  let key = flowText(pair.key, text), let value = flowText(pair.value, text) else { return nil }
            parts.append(String(decoding: key, as: UTF8.self) + (value.isEmpty ? ":" : ": " + String(decoding: value, as: UTF8.self)))
        }
        return Array(("{" + parts.joined(separator: ", ") + "}").utf8)
    }

    /// A node on one line as it stands inside a flow collection: scalars as written
    /// (a plain one with a flow indicator quoted), collections `[a, b]` and `{k: v}`.
    private func flowText(_ node: YAMLNode, _ text: Text) -> [UInt8]? {
        switch node.content {
        case .scalar(let value, let style):
            let source = Array(text.bytes[node.range.start.offset..<node.range.end.offset])
            guard !source.contains(UInt8(ascii: "\n")) else { return nil }
            switch style {
            case .literal, .folded: return nil
            case .plain where source.contains(where: isYAMLFlowIndicator): return Array(YAMLScalarWriter.render(value, flow: true).utf8)
            default: return source
            }
        case .sequence(let items, _):
            var parts: [String] = []
            for item in items {
                guard let part = flowText(item, text), !part.isEmpty else { return nil }
                parts.append(String(decoding: part, as: UTF8.self))
            }
            return Array(("[" + parts.joined(separator: ", ") + "]").utf8)
        case .mapping(let pairs, _):
            var parts: [String] = []
            for pair in pairs {
                guard let key = flowText(pair.key, text), let value = flowText(pair.value, text) else { return nil }
                parts.append(String(decoding: key, as: UTF8.self) + (value.isEmpty ? ":" : ": " + String(decoding: value, as: UTF8.self)))
            }
            return Array(("{" + parts.joined(separator: ", ") + "}").utf8)
        }
    }
}

/// Line arithmetic over a file's bytes.
private struct Text {
    let bytes: [UInt8]

    /// The offset of the start of the line holding `offset`.
    func lineStart(_ offset: Int) -> Int {
        var i = min(offset, bytes.count)
        while i > 0 && bytes[i - 1] != UInt8(ascii: "\n") { i -= 1 }
        return i
    }

    /// Where the line holding `offset` ends, before its `\r\n` or `\n`.
    func contentEnd(_ offset: Int) -> Int {
        var i = min(offset, bytes.count)
        while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
        if i < bytes.count && i > offset && bytes[i - 1] == UInt8(ascii: "\r") { return i - 1 }
        return i
    }

    /// True when every line from `start` through `end` holds the key of one of `pairs`
    /// (no comment or other line among a list item's entries).
    func onePairALine(_ pairs: [YAMLPair], from start: Int, through end: Int) -> Bool {
        let keyLines = Set(pairs.map { lineStart($0.key.range.start.offset) })
        var line = start
        while line <= end && line < bytes.count {
            guard keyLines.contains(line) else { return false }
            line = nextLine(contentEnd(line))
        }
        return keyLines.count == pairs.count
    }

    /// The start of the line after the one whose content ends at `contentEnd`.
    func nextLine(_ contentEnd: Int) -> Int {
        var i = contentEnd
        if i < bytes.count && bytes[i] == UInt8(ascii: "\r") { i += 1 }
        if i < bytes.count && bytes[i] == UInt8(ascii: "\n") { i += 1 }
        return i == contentEnd ? bytes.count : i
    }

    /// Comment and blank lines in `range` (whole lines): a comment as its trimmed text,
    /// a blank line as nil.
    func gapLines(_ range: Range<Int>) -> [[UInt8]?] {
        var result: [[UInt8]?] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = contentEnd(start)
            let content = Text.trimmingBlanks(Array(bytes[start..<end]))
            result.append(content.isEmpty ? nil : content)
            start = nextLine(end)
        }
        return result
    }

    /// The comment in `range` (what follows a value on its line) with the blanks before
    /// it, trailing blanks removed; empty when there is none. `after`: a value precedes it,
    /// so at least one blank stays before `#`.
    func comment(_ range: Range<Int>, after: Bool) -> [UInt8] {
        guard range.lowerBound < range.upperBound else { return [] }
        let part = Text.trimmingTrailingBlanks(Array(bytes[range]))
        guard let hash = part.firstIndex(of: UInt8(ascii: "#")) else { return [] }
        let blanks = Array(part[..<hash])
        return (blanks.isEmpty ? [UInt8(ascii: " ")] : blanks) + part[hash...]
    }

    /// The comment on the key line of a block collection (`key:  # note`), or empty.
    func lineComment(_ keyLineEnd: Int) -> [UInt8] {
        let start = lineStart(keyLineEnd)
        let line = Array(bytes[start..<keyLineEnd])
        guard let colon = colonIndex(line) else { return [] }
        return comment((start + colon + 1)..<keyLineEnd, after: true)
    }

    /// The offset of the first `:` followed by a blank or the line's end (the key's).
    private func colonIndex(_ line: [UInt8]) -> Int? {
        var quote: UInt8? = nil
        for (i, c) in line.enumerated() {
            if let q = quote { if c == q { quote = nil }; continue }
            if (c == UInt8(ascii: "'") || c == UInt8(ascii: "\"")) && (i == 0 || isYAMLBlank(line[i - 1])) { quote = c; continue }
            if c == UInt8(ascii: ":") && (i + 1 == line.count || isYAMLBlank(line[i + 1])) { return i }
        }
        return nil
    }

    /// The offset of the `-` of the list item starting at `itemStart`, when only blanks
    /// and that dash stand before it on its line.
    func dash(before itemStart: Int, lineStart: Int) -> Int? {
        var i = lineStart
        while i < itemStart && isYAMLBlank(bytes[i]) { i += 1 }
        guard i < itemStart, bytes[i] == UInt8(ascii: "-") else { return nil }
        var j = i + 1
        while j < itemStart && isYAMLBlank(bytes[j]) { j += 1 }
        return j == itemStart ? i : nil
    }

    static func trimmingTrailingBlanks(_ line: [UInt8]) -> [UInt8] {
        var end = line.count
        while end > 0 && isYAMLBlank(line[end - 1]) { end -= 1 }
        return Array(line[..<end])
    }

    static func trimmingBlanks(_ line: [UInt8]) -> [UInt8] {
        var start = 0
        while start < line.count && isYAMLBlank(line[start]) { start += 1 }
        return trimmingTrailingBlanks(Array(line[start...]))
    }
}
