/// Turns template bytes into `TemplateNode`s in three passes: tokens (tags found
/// with the delimiters in force, sections matched), standalone lines (a line holding
/// only whitespace and one tag, or one of the tag pairs inheritance allows, is
/// removed), and the node tree (with line-start markers and block dedent).
///
/// - Complexity: O(n) in the template's bytes.
struct TemplateParser {
    enum Kind: Equatable {
        case text, variable, raw, section, inverted, close, comment, partial, delimiters, parent, block
    }

    /// How a standalone tag removes its line.
    enum Standalone: Equatable {
        case no
        /// The whole line goes: whitespace from `lineStart`, the line end up to `lineEnd`.
        case full(lineStart: Int, lineEnd: Int)
        /// Only the whitespace before the tag goes (a block opened and closed on one line).
        case leading(lineStart: Int)
    }

    struct Token {
        var kind: Kind
        var start: Int
        var end: Int
        var name = ""
        /// For an opening tag, the index of its closing tag; for a closing tag, its opener.
        var match = -1
        var standalone = Standalone.no
    }

    let bytes: [UInt8]
    let path: String
    var tokens: [Token] = []
    var lineStarts: [Int] = [0]

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        for (index, byte) in bytes.enumerated() where byte == newline { lineStarts.append(index + 1) }
    }

    mutating func parse() throws(TemplateError) -> [TemplateNode] {
        try tokenize()
        markStandalone()
        var builder = TreeBuilder(parser: self)
        return builder.nodes(from: 0, to: tokens.count)
    }

    // MARK: positions

    func location(_ offset: Int) -> TemplateLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return TemplateLocation(path: path, line: low + 1, column: offset - lineStarts[low] + 1)
    }

    func error(_ message: String, at offset: Int) -> TemplateError {
        TemplateError(message, at: location(offset))
    }

    func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    // MARK: pass 1, tokens

    mutating func tokenize() throws(TemplateError) {
        var open: [UInt8] = Array("{{".utf8), close: [UInt8] = Array("}}".utf8)
        var openSections: [Int] = []
        var position = 0, textStart = 0
        let count = bytes.count
        while position < count {
            guard bytes[position] == open[0], starts(open, at: position) else { position += 1; continue }
            if position > textStart { tokens.append(Token(kind: .text, start: textStart, end: position)) }
            let tagStart = position
            var contentStart = position + open.count
            let sigil = contentStart < count ? bytes[contentStart] : 0
            var kind = Kind.variable
            var closing = close
            switch sigil {
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .inverted
            case UInt8(ascii: "/"): kind = .close
            case UInt8(ascii: "!"): kind = .comment
            case UInt8(ascii: ">"): kind = .partial
            case UInt8(ascii: "<"): kind = .parent
            case UInt8(ascii: "$"): kind = .block
            case UInt8(ascii: "&"): kind = .raw
            case UInt8(ascii: "{"): kind = .raw; closing = [UInt8(ascii: "}")] + close
            case UInt8(ascii: "="): kind = .delimiters; closing = [UInt8(ascii: "=")] + close
            default: break
            }
            if kind != .variable { contentStart += 1 }
            guard let contentEnd = find(closing, from: contentStart) else {
                throw error("unclosed tag: expected \"\(String(decoding: closing, as: UTF8.self))\" to close the tag opened here, found the end of the template", at: tagStart)
            }
            position = contentEnd + closing.count
            textStart = position
            var token = Token(kind: kind, start: tagStart, end: position)
            let tagText = text(tagStart, position)
            switch kind {
            case .comment: break
            case .delimiters:
                let parts = text(contentStart, contentEnd).split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    throw error("expected two delimiters without \"=\" such as {{=<% %>=}}, found \(tagText)", at: tagStart)
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            default:
                token.name = try name(contentStart, contentEnd, tag: tagText, kind: kind)
            }
            switch kind {
            case .section, .inverted, .parent, .block:
                openSections.append(tokens.count)
            case .close:
                guard let opener = openSections.popLast() else {
                    throw error("expected a section to close, found \(tagText) with no section \"\(token.name)\" open", at: tagStart)
                }
                guard tokens[opener].name == token.name else {
                    let openedAt = location(tokens[opener].start)
                    throw error("expected the end of section \"\(tokens[opener].name)\" opened at \(openedAt.line):\(openedAt.column), found \(tagText)", at: tagStart)
                }
                token.match = opener
                tokens[opener].match = tokens.count
            default: break
            }
            tokens.append(token)
        }
        if count > textStart { tokens.append(Token(kind: .text, start: textStart, end: count)) }
        if let opener = openSections.last {
            let name = tokens[opener].name
            throw error("unclosed section \"\(name)\" opened here: expected {{/\(name)}}, found the end of the template", at: tokens[opener].start)
        }
    }

    func name(_ start: Int, _ end: Int, tag: String, kind: Kind) throws(TemplateError) -> String {
        var low = start, high = end
        while low < high, isBlank(bytes[low]) { low += 1 }
        while high > low, isBlank(bytes[high - 1]) { high -= 1 }
        guard low < high else { throw error("expected a name in the tag, found \(tag)", at: start) }
        for index in low..<high where isBlank(bytes[index]) || bytes[index] == newline {
            throw error("expected a name without spaces, found \(tag)", at: start)
        }
        let name = text(low, high)
        if kind != .partial, kind != .parent, name != ".",
           name.hasPrefix(".") || name.hasSuffix(".") || name.contains("..") {
            throw error("expected a name such as a or a.b, found \(tag)", at: start)
        }
        return name
    }

    func starts(_ pattern: [UInt8], at position: Int) -> Bool {
        guard position + pattern.count <= bytes.count else { return false }
        for index in 0..<pattern.count where bytes[position + index] != pattern[index] { return false }
        return true
    }

    func find(_ pattern: [UInt8], from start: Int) -> Int? {
        var position = start
        while position + pattern.count <= bytes.count {
            if bytes[position] == pattern[0], starts(pattern, at: position) { return position }
            position += 1
        }
        return nil
    }

    // MARK: pass 2, standalone lines

    /// The start of the line when only spaces and tabs stand between it and token `index`.
    func lineStart(before index: Int) -> Int? {
        guard index > 0 else { return 0 }
        let previous = tokens[index - 1]
        guard previous.kind == .text else { return nil }
        var position = previous.end
        while position > previous.start, isBlank(bytes[position - 1]) { position -= 1 }
        if position == previous.start { return index == 1 ? 0 : nil }
        return bytes[position - 1] == newline ? position : nil
    }

    /// The offset after the line end (or the end of the template) when only spaces
    /// and tabs follow token `index` on its line.
    func lineEnd(after index: Int) -> Int? {
        guard index + 1 < tokens.count else { return bytes.count }
        let next = tokens[index + 1]
        guard next.kind == .text else { return nil }
        var position = next.start
        while position < next.end, isBlank(bytes[position]) { position += 1 }
        if position == next.end { return index + 2 == tokens.count ? position : nil }
        if bytes[position] == newline { return position + 1 }
        if bytes[position] == carriageReturn, position + 1 < next.end, bytes[position + 1] == newline { return position + 2 }
        return nil
    }

    mutating func markStandalone() {
        var index = 0
        while index < tokens.count {
            let kind = tokens[index].kind
            guard kind != .text, kind != .variable, kind != .raw else { index += 1; continue }
            if index + 1 < tokens.count, let pair = pairKind(index), let start = lineStart(before: index),
               let end = lineEnd(after: index + 1) {
                if pair == .full {
                    tokens[index].standalone = .full(lineStart: start, lineEnd: tokens[index].end)
                    tokens[index + 1].standalone = .full(lineStart: tokens[index + 1].start, lineEnd: end)
                } else {
                    tokens[index].standalone = .leading(lineStart: start)
                }
                index += 2
                continue
            }
            if let start = lineStart(before: index), let end = lineEnd(after: index) {
                tokens[index].standalone = .full(lineStart: start, lineEnd: end)
            }
            index += 1
        }
        for index in tokens.indices {
            let first: Int, last: Int
            switch tokens[index].standalone {
            case .no: continue
            case .full(let start, let end): (first, last) = (start, end)
            case .leading(let start): (first, last) = (start, -1)
            }
            if index > 0, tokens[index - 1].kind == .text, first < tokens[index].start {
                tokens[index - 1].end = max(tokens[index - 1].start, first)
            }
            if last >= 0, index + 1 < tokens.count, tokens[index + 1].kind == .text, last > tokens[index].end {
                tokens[index + 1].start = min(last, tokens[index + 1].end)
            }
        }
    }

    enum Pair { case full, leadingOnly }

    /// The tag pairs that stand alone on one line together: `{{<p}}{{/p}}`,
    /// `{{<p}}{{$b}}`, `{{/b}}{{/p}}` (the whole line goes) and `{{$b}}{{/b}}`
    /// (the whitespace before goes, the line end stays).
    func pairKind(_ index: Int) -> Pair? {
        let first = tokens[index], second = tokens[index + 1]
        switch (first.kind, second.kind) {
        case (.parent, .close) where second.match == index: return .full
        case (.parent, .block): return .full
        case (.close, .close) where tokens[first.match].kind == .block && tokens[second.match].kind == .parent: return .full
        case (.block, .close) where second.match == index: return .leadingOnly
        default: return nil
        }
    }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

@inline(__always) private func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

/// Pass 3: the node tree. Tracks whether the next output starts a source line (then
/// a `lineStart` marker goes first) and how much indentation the innermost
/// standalone block strips from its lines.
struct TreeBuilder {
    let parser: TemplateParser
    var atLineStart = true
    var stripBudget = 0
    var dedents: [Int] = [0]

    init(parser: TemplateParser) { self.parser = parser }

    var bytes: [UInt8] { parser.bytes }

    mutating func startContent(_ nodes: inout [TemplateNode]) {
        if atLineStart { nodes.append(.lineStart); atLineStart = false }
        stripBudget = 0
    }

    func isStandalone(_ index: Int) -> Bool {
        if case .full = parser.tokens[index].standalone { return true }
        return false
    }

    /// The whitespace before a standalone tag, less what the enclosing block strips.
    func leadingIndent(_ index: Int) -> [UInt8] {
        let token = parser.tokens[index]
        let lineStart: Int
        switch token.standalone {
        case .full(let start, _), .leading(let start): lineStart = start
        case .no: return []
        }
        return Array(bytes[min(lineStart + dedents.last!, token.start)..<token.start])
    }

    mutating func nodes(from start: Int, to end: Int) -> [TemplateNode] {
        var result: [TemplateNode] = []
        var index = start
        while index < end {
            let token = parser.tokens[index]
            switch token.kind {
            case .text:
                appendText(token.start, token.end, to: &result)
            case .variable, .raw:
                startContent(&result)
                result.append(.variable(templateName(token.name), escaped: token.kind == .variable))
            case .comment, .delimiters:
                if !isStandalone(index) { startContent(&result) }
            case .partial:
                if isStandalone(index) {
                    result.append(.partial(token.name, indent: leadingIndent(index), parser.location(token.start)))
                } else {
                    startContent(&result)
                    result.append(.partial(token.name, indent: nil, parser.location(token.start)))
                }
            case .section, .inverted:
                if !isStandalone(index) { startContent(&result) }
                let children = sectionContent(index)
                result.append(.section(templateName(token.name), inverted: token.kind == .inverted, children))
                index = token.match
            case .parent:
                let indent: [UInt8]? = isStandalone(index) ? leadingIndent(index) : nil
                if indent == nil { startContent(&result) }
                var blocks: [String: [TemplateNode]] = [:]
                for child in sectionContent(index) {
                    if case .block(let name, _, let content) = child { blocks[name] = content }
                }
                result.append(.parent(token.name, indent: indent, blocks: blocks, parser.location(token.start)))
                index = token.match
            case .block:
                let node = block(index, into: &result)
                result.append(node)
                index = token.match
            case .close:
                break
            }
            index += 1
        }
        return result
    }

    /// The nodes between an opening tag and its closing tag; leaves `atLineStart` as
    /// it is after the closing tag.
    mutating func sectionContent(_ index: Int) -> [TemplateNode] {
        let closing = parser.tokens[index].match
        var children = nodes(from: index + 1, to: closing)
        if isStandalone(closing) {
            atLineStart = true
        } else {
            // The line's indentation belongs inside the section, before the closing tag.
            startContent(&children)
        }
        return children
    }

    mutating func block(_ index: Int, into result: inout [TemplateNode]) -> TemplateNode {
        let token = parser.tokens[index]
        switch token.standalone {
        case .full(_, let contentStart):
            let closing = parser.tokens[token.match]
            let contentEnd: Int
            if case .full(let lineStart, _) = closing.standalone { contentEnd = lineStart } else { contentEnd = closing.start }
            let margin = commonIndent(contentStart, contentEnd)
            let enclosing = dedents.last!
            let indent = margin > 0
                ? Array(bytes[(contentStart + min(enclosing, margin))..<(contentStart + margin)])
                : leadingIndent(index)
            dedents.append(margin)
            let content = sectionContent(index)
            dedents.removeLast()
            return .block(token.name, indent: indent, content)
        case .leading:
            atLineStart = false
            let indent = leadingIndent(index)
            return .block(token.name, indent: indent, sectionContent(index))
        case .no:
            startContent(&result)
            return .block(token.name, indent: nil, sectionContent(index))
        }
    }

    /// The least indentation (spaces and tabs) of the lines in `start..<end` that hold
    /// more than whitespace; the first such line's indentation is what `indent` copies.
    func commonIndent(_ start: Int, _ end: Int) -> Int {
        var least = Int.max
        var lineStart = start
        while lineStart < end {
            var position = lineStart
            while position < end, isBlank(bytes[position]) { position += 1 }
            if position < end, bytes[position] != newline, bytes[position] != carriageReturn {
                least = min(least, position - lineStart)
            }
            while position < end, bytes[position] != newline { position += 1 }
            lineStart = position + 1
        }
        return least == Int.max ? 0 : least
    }

    mutating func appendText(_ start: Int, _ end: Int, to result: inout [TemplateNode]) {
        var chunkStart = start
        while chunkStart < end {
            var chunkEnd = chunkStart
            while chunkEnd < end, bytes[chunkEnd] != newline { chunkEnd += 1 }
            if chunkEnd < end { chunkEnd += 1 }
            var from = chunkStart
            if atLineStart {
                result.append(.lineStart)
                atLineStart = false
                stripBudget = dedents.last!
            }
            while stripBudget > 0, from < chunkEnd, isBlank(bytes[from]) { from += 1; stripBudget -= 1 }
            stripBudget = 0
            if from < chunkEnd { result.append(.text(Array(bytes[from..<chunkEnd]))) }
            if bytes[chunkEnd - 1] == newline { atLineStart = true }
            chunkStart = chunkEnd
        }
    }

    func templateName(_ name: String) -> TemplateName {
        name == "." ? .implicit : .path(name.split(separator: ".").map(String.init))
    }
}
