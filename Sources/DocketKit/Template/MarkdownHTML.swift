/// Renders the Markdown of a record section as HTML, for forms.
///
/// A small, exact subset: paragraphs, hard line breaks (two spaces or `\` at the
/// end of a line), `-`/`*`/`1.` lists nested by indentation, `*emphasis*`,
/// `**strong**` (also with `_`), `` `code` ``, fenced code blocks (```` ``` ```` or
/// `~~~`), GFM pipe tables, `[text](url)` links, `<url>` and bare `http(s)://`
/// autolinks, and `###`–`######` headings (`#` and `##` delimit record sections, so
/// inside one they stay text). Everything else is text.
///
/// Safety: every piece of text is HTML-escaped, so raw HTML in a record shows as
/// text and never reaches the page; a link is kept only when its URL starts with
/// `http://`, `https://` or `mailto:` (any letter case), otherwise its text is kept
/// without an anchor — `javascript:`, `data:`, relative and entity-encoded URLs included.
/// Images (`![alt](url)`) render as their alt text.
///
/// - Complexity: O(n) in the bytes for blocks; emphasis matching is O(d²) in the
///   delimiter runs of one paragraph.
public enum MarkdownHTML {
    /// The HTML for `markdown` (UTF-8 bytes); each block ends with a line end.
    public static func render(_ markdown: [UInt8]) -> [UInt8] {
        var renderer = BlockRenderer(lines: splitLines(markdown))
        renderer.renderBlocks()
        return renderer.output
    }

    /// The HTML for `markdown`, as text.
    public static func render(_ markdown: String) -> String {
        String(decoding: render(Array(markdown.utf8)), as: UTF8.self)
    }

    /// True when `url` may become a link: it starts with `http://`, `https://` or
    /// `mailto:`, ignoring letter case.
    public static func isSafeURL<Bytes: Collection>(_ url: Bytes) -> Bool where Bytes.Element == UInt8 {
        for scheme in safeSchemes where url.count > scheme.count {
            if zip(url, scheme).allSatisfy({ lowercased($0) == $1 }) { return true }
        }
        return false
    }

    static let safeSchemes = ["http://", "https://", "mailto:"].map { Array($0.utf8) }

    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == newline {
            var end = index
            if end > start, bytes[end - 1] == carriageReturn { end -= 1 }
            lines.append(bytes[start..<end])
            start = index + 1
        }
        if start < bytes.count { lines.append(bytes[start..<bytes.count]) }
        return lines
    }
}

private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let pipe = UInt8(ascii: "|")
private let backslash = UInt8(ascii: "\\")

@inline(__always) private func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
}

@inline(__always) private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == space || byte == tab || byte == newline || byte == carriageReturn
}

@inline(__always) private func isPunctuation(_ byte: UInt8) -> Bool {
    (byte >= 0x21 && byte <= 0x2F) || (byte >= 0x3A && byte <= 0x40) || (byte >= 0x5B && byte <= 0x60) || (byte >= 0x7B && byte <= 0x7E)
}

private extension ArraySlice where Element == UInt8 {
    var indentation: Int {
        var count = 0
        for byte in self {
            if byte == space { count += 1 } else if byte == tab { count += 4 - count % 4 } else { break }
        }
        return count
    }

    var isBlank: Bool { allSatisfy { $0 == space || $0 == tab } }

    func trimmed() -> ArraySlice<UInt8> {
        var slice = self
        while let first = slice.first, first == space || first == tab { slice = slice.dropFirst() }
        while let last = slice.last, last == space || last == tab { slice = slice.dropLast() }
        return slice
    }

    func appending(_ text: String) -> [UInt8] { Array(self) + Array(text.utf8) }
}

/// A list item's marker: where it stands and where its text starts.
private struct ListMarker {
    var indent: Int
    var ordered: Bool
    var number: Int
    /// `-`, `*`, `+`, or `.`, `)` after a number: another character starts another list.
    var character: UInt8
    var content: ArraySlice<UInt8>
}

private struct BlockRenderer {
    let lines: [ArraySlice<UInt8>]
    var index = 0
    var output: [UInt8] = []

    init(lines: [ArraySlice<UInt8>]) { self.lines = lines }

    mutating func emit(_ text: String) { output.append(contentsOf: text.utf8) }

    mutating func renderBlocks() {
        while index < lines.count {
            let line = lines[index]
            if line.isBlank { index += 1; continue }
            if let fence = fence(line) { renderCode(fence); continue }
            if let level = headingLevel(line) { renderHeading(line, level: level); continue }
            if let marker = listMarker(line) { renderList(indent: marker.indent); continue }
            if isTableStart(index) { renderTable(); continue }
            renderParagraph()
        }
    }

    // MARK: fenced code

    func fence(_ line: ArraySlice<UInt8>) -> (character: UInt8, length: Int, info: ArraySlice<UInt8>)? {
        guard line.indentation <= 3 else { return nil }
        let body = line.trimmed()
        guard let first = body.first, first == UInt8(ascii: "`") || first == UInt8(ascii: "~") else { return nil }
        let length = body.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        let info = body.dropFirst(length).trimmed()
        if first == UInt8(ascii: "`"), info.contains(UInt8(ascii: "`")) { return nil }
        return (first, length, info)
    }

    mutating func renderCode(_ fence: (character: UInt8, length: Int, info: ArraySlice<UInt8>)) {
        let language = fence.info.prefix { !isWhitespace($0) }
        if language.isEmpty { emit("<pre><code>") } else {
            emit("<pre><code class=\"language-")
            HTMLEscape.append(language, to: &output)
            emit("\">")
        }
        index += 1
        while index < lines.count {
            let line = lines[index]
            index += 1
            let body = line.trimmed()
            if line.indentation <= 3, body.count >= fence.length, body.allSatisfy({ $0 == fence.character }) { break }
            HTMLEscape.append(line, to: &output)
            output.append(newline)
        }
        emit("</code></pre>\n")
    }

    // MARK: headings

    func headingLevel(_ line: ArraySlice<UInt8>) -> Int? {
        guard line.indentation <= 3 else { return nil }
        let body = line.trimmed()
        let hashes = body.prefix { $0 == UInt8(ascii: "#") }.count
        guard (3...6).contains(hashes) else { return nil }
        guard body.count == hashes || body[body.startIndex + hashes] == space || body[body.startIndex + hashes] == tab else { return nil }
        return hashes
    }

    mutating func renderHeading(_ line: ArraySlice<UInt8>, level: Int) {
        var text = line.trimmed().dropFirst(level).trimmed()
        // A closing run of # preceded by a space is not part of the heading.
        let closing = text.reversed().prefix { $0 == UInt8(ascii: "#") }.count
        if closing == text.count { text = text.dropLast(closing) } else if closing > 0,
           text[text.endIndex - closing - 1] == space || text[text.endIndex - closing - 1] == tab {
            text = text.dropLast(closing).trimmed()
        }
        emit("<h\(level)>")
        InlineRenderer.render(text, to: &output)
        emit("</h\(level)>\n")
        index += 1
    }

    // MARK: paragraphs

    func startsOtherBlock(_ line: ArraySlice<UInt8>, at position: Int) -> Bool {
        fence(line) != nil || headingLevel(line) != nil || isTableStart(position)
            || listMarker(line).map { !$0.ordered || $0.number == 1 } == true
    }

    mutating func renderParagraph() {
        var paragraph: [ArraySlice<UInt8>] = [lines[index]]
        index += 1
        while index < lines.count, !lines[index].isBlank, !startsOtherBlock(lines[index], at: index) {
            paragraph.append(lines[index])
            index += 1
        }
        emit("<p>")
        InlineRenderer.render(lines: paragraph, to: &output)
        emit("</p>\n")
    }

    // MARK: lists

    func listMarker(_ line: ArraySlice<UInt8>) -> ListMarker? {
        let indent = line.indentation
        var body = line
        while let first = body.first, first == space || first == tab { body = body.dropFirst() }
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            let rest = body.dropFirst()
            guard let next = rest.first, next == space || next == tab else { return nil }
            // `* * *` and `- - -` are rules in CommonMark, not items: keep them text.
            if rest.allSatisfy({ $0 == first || $0 == space || $0 == tab }) { return nil }
            return ListMarker(indent: indent, ordered: false, number: 0, character: first, content: rest.trimmed())
        }
        let digits = body.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard (1...9).contains(digits.count) else { return nil }
        let rest = body.dropFirst(digits.count)
        guard let delimiter = rest.first, delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
        let afterDelimiter = rest.dropFirst()
        guard let next = afterDelimiter.first, next == space || next == tab else { return nil }
        return ListMarker(indent: indent, ordered: true, number: Int(String(decoding: digits, as: UTF8.self)) ?? 1, character: delimiter,
                          content: afterDelimiter.trimmed())
    }

    /// A list whose items stand at `indent` (one space more or less is the same level);
    /// an item indented two or more columns deeper opens a list inside the item above.
    mutating func renderList(indent: Int) {
        guard let first = listMarker(lines[index]) else { return }
        let ordered = first.ordered
        if ordered {
            emit(first.number == 1 ? "<ol>\n" : "<ol start=\"\(first.number)\">\n")
        } else {
            emit("<ul>\n")
        }
        var itemOpen = false
        while index < lines.count {
            let line = lines[index]
            if line.isBlank { break }
            if let marker = listMarker(line) {
                if marker.indent >= indent + 2, itemOpen {
                    output.append(newline)
                    renderList(indent: marker.indent)
                    continue
                }
                if marker.indent < indent - 1 || marker.character != first.character { break }
                if itemOpen { emit("</li>\n") }
                emit("<li>")
                itemOpen = true
                var text: [ArraySlice<UInt8>] = [marker.content]
                index += 1
                // Indented lines that start no block continue the item's text.
                while index < lines.count, !lines[index].isBlank, lines[index].indentation > indent,
                      listMarker(lines[index]) == nil, fence(lines[index]) == nil {
                    text.append(lines[index].trimmed())
                    index += 1
                }
                InlineRenderer.render(lines: text, to: &output)
                continue
            }
            break
        }
        if itemOpen { emit("</li>\n") }
        emit(ordered ? "</ol>\n" : "</ul>\n")
    }

    // MARK: tables

    func cells(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var body = line.trimmed()
        if body.first == pipe { body = body.dropFirst() }
        if body.last == pipe, body.count >= 2 ? body[body.endIndex - 2] != backslash : true { body = body.dropLast() }
        var result: [ArraySlice<UInt8>] = []
        var start = body.startIndex
        var position = body.startIndex
        var inCode = false
        while position < body.endIndex {
            let byte = body[position]
            if byte == backslash, position + 1 < body.endIndex { position += 2; continue }
            if byte == UInt8(ascii: "`") { inCode.toggle() }
            if byte == pipe, !inCode {
                result.append(body[start..<position].trimmed())
                start = position + 1
            }
            position += 1
        }
        result.append(body[start..<body.endIndex].trimmed())
        return result
    }

    /// The alignments of a delimiter row (`|:---|:--:|---:|`), or nil when it is none.
    func alignments(_ line: ArraySlice<UInt8>) -> [String?]? {
        guard line.contains(pipe) || line.contains(UInt8(ascii: "-")) else { return nil }
        var result: [String?] = []
        for cell in cells(line) {
            let left = cell.first == UInt8(ascii: ":"), right = cell.last == UInt8(ascii: ":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right && cell.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == UInt8(ascii: "-") }) else { return nil }
            result.append(left && right ? "center" : left ? "left" : right ? "right" : nil)
        }
        return result
    }

    func isTableStart(_ position: Int) -> Bool {
        guard position + 1 < lines.count, lines[position].contains(pipe), lines[position + 1].contains(pipe),
              let aligns = alignments(lines[position + 1]) else { return false }
        return cells(lines[position]).count == aligns.count
    }

    mutating func renderTable() {
        let aligns = alignments(lines[index + 1]) ?? []
        emit("<table>\n<thead>\n")
        renderRow(cells(lines[index]), aligns: aligns, tag: "th")
        emit("</thead>\n")
        index += 2
        var bodyOpen = false
        while index < lines.count, !lines[index].isBlank, lines[index].contains(pipe) {
            if !bodyOpen { emit("<tbody>\n"); bodyOpen = true }
            renderRow(cells(lines[index]), aligns: aligns, tag: "td")
            index += 1
        }
        if bodyOpen { emit("</tbody>\n") }
        emit("</table>\n")
    }

    mutating func renderRow(_ row: [ArraySlice<UInt8>], aligns: [String?], tag: String) {
        emit("<tr>\n")
        for (column, align) in aligns.enumerated() {
            emit(align.map { "<\(tag) align=\"\($0)\">" } ?? "<\(tag)>")
            if column < row.count { InlineRenderer.render(row[column], to: &output) }
            emit("</\(tag)>\n")
        }
        emit("</tr>\n")
    }
}

/// Inline Markdown: code spans, links, autolinks, emphasis, escapes, line breaks.
private struct InlineRenderer {
    /// A piece of output, or a run of `*` or `_` that may become emphasis.
    enum Piece {
        case html([UInt8])
        case delimiter(Delimiter)
    }

    struct Delimiter {
        var character: UInt8
        var count: Int
        var canOpen: Bool
        var canClose: Bool
        var openTags: [UInt8] = []
        var closeTags: [UInt8] = []
    }

    let text: ArraySlice<UInt8>
    var pieces: [Piece] = []
    var pending: [UInt8] = []

    static func render(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var renderer = InlineRenderer(text: text)
        renderer.scan()
        renderer.resolveEmphasis()
        for piece in renderer.pieces {
            switch piece {
            case .html(let bytes): output.append(contentsOf: bytes)
            case .delimiter(let run):
                // A closer uses the first characters of its run, an opener the last ones.
                output.append(contentsOf: run.closeTags)
                output.append(contentsOf: repeatElement(run.character, count: run.count))
                output.append(contentsOf: run.openTags)
            }
        }
    }

    /// The lines of a paragraph or list item: joined by line ends, a line ending in
    /// two spaces or a backslash is a hard break.
    static func render(lines: [ArraySlice<UInt8>], to output: inout [UInt8]) {
        var joined: [UInt8] = []
        for (number, line) in lines.enumerated() {
            var body = line
            while let first = body.first, first == space || first == tab { body = body.dropFirst() }
            let last = number == lines.count - 1
            let trailingSpaces = body.reversed().prefix { $0 == space }.count
            var content = body.trimmed()
            var hardBreak = false
            if !last, trailingSpaces >= 2 { hardBreak = true }
            if !last, content.last == backslash, content.reversed().prefix(while: { $0 == backslash }).count % 2 == 1 {
                content = content.dropLast()
                hardBreak = true
            }
            for byte in content {
                if byte == 0xFF { joined.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { joined.append(byte) }
            }
            if !last { joined.append(contentsOf: hardBreak ? hardBreakMarker : [newline]) }
        }
        render(joined[...], to: &output)
    }

    /// Stands for a hard break while scanning (a byte no UTF-8 text contains).
    static let hardBreakMarker: [UInt8] = [0xFF]

    init(text: ArraySlice<UInt8>) { self.text = text }

    mutating func flush() {
        if !pending.isEmpty { pieces.append(.html(pending)); pending = [] }
    }

    mutating func scan() {
        var position = text.startIndex
        while position < text.endIndex {
            let byte = text[position]
            switch byte {
            case 0xFF:
                pending.append(contentsOf: "<br>\n".utf8)
                position += 1
            case backslash:
                if position + 1 < text.endIndex, isPunctuation(text[position + 1]) {
                    HTMLEscape.append(CollectionOfOne(text[position + 1]), to: &pending)
                    position += 2
                } else {
                    pending.append(contentsOf: "\\".utf8)
                    position += 1
                }
            case UInt8(ascii: "`"):
                position = codeSpan(at: position)
            case UInt8(ascii: "<"):
                position = angleAutolink(at: position)
            case UInt8(ascii: "["):
                position = link(at: position, image: false)
            case UInt8(ascii: "!") where position + 1 < text.endIndex && text[position + 1] == UInt8(ascii: "["):
                position = link(at: position + 1, image: true)
            case UInt8(ascii: "*"), UInt8(ascii: "_"):
                position = delimiterRun(at: position)
            case UInt8(ascii: "h"), UInt8(ascii: "H"):
                position = bareAutolink(at: position)
            default:
                HTMLEscape.append(CollectionOfOne(byte), to: &pending)
                position += 1
            }
        }
        flush()
    }

    mutating func codeSpan(at start: Int) -> Int {
        let length = text[start...].prefix { $0 == UInt8(ascii: "`") }.count
        var search = start + length
        while search < text.endIndex {
            if text[search] == UInt8(ascii: "`") {
                let run = text[search...].prefix { $0 == UInt8(ascii: "`") }.count
                if run == length {
                    var content = text[(start + length)..<search].map { $0 == newline || $0 == 0xFF ? space : $0 }[...]
                    if content.count >= 2, content.first == space, content.last == space, !content.allSatisfy({ $0 == space }) {
                        content = content.dropFirst().dropLast()
                    }
                    pending.append(contentsOf: "<code>".utf8)
                    HTMLEscape.append(content, to: &pending)
                    pending.append(contentsOf: "</code>".utf8)
                    return search + run
                }
                search += run
            } else {
                search += 1
            }
        }
        pending.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: length))
        return start + length
    }

    mutating func appendLink(url: ArraySlice<UInt8>, label: ArraySlice<UInt8>, renderLabel: Bool) {
        let safe = MarkdownHTML.isSafeURL(url)
        if safe {
            pending.append(contentsOf: "<a href=\"".utf8)
            HTMLEscape.append(url, to: &pending)
            pending.append(contentsOf: "\">".utf8)
        }
        if renderLabel { InlineRenderer.render(label, to: &pending) } else { HTMLEscape.append(label, to: &pending) }
        if safe { pending.append(contentsOf: "</a>".utf8) }
    }

    /// `<https://…>` or `<mailto:…>`; anything else after `<` is text (so raw HTML shows escaped).
    mutating func angleAutolink(at start: Int) -> Int {
        var end = start + 1
        while end < text.endIndex, text[end] != UInt8(ascii: ">"), text[end] != UInt8(ascii: "<"), !isWhitespace(text[end]), text[end] != 0xFF {
            end += 1
        }
        let url = text[(start + 1)..<min(end, text.endIndex)]
        if end < text.endIndex, text[end] == UInt8(ascii: ">"), MarkdownHTML.isSafeURL(url) {
            appendLink(url: url, label: url, renderLabel: false)
            return end + 1
        }
        pending.append(contentsOf: "&lt;".utf8)
        return start + 1
    }

    /// A bare `http://` or `https://` URL up to whitespace or `<`, without trailing punctuation.
    mutating func bareAutolink(at start: Int) -> Int {
        let atWordStart = start == text.startIndex || !(isLetterOrDigit(text[start - 1]))
        let rest = text[start...]
        guard atWordStart, MarkdownHTML.isSafeURL(rest), !rest.starts(with: "mailto:".utf8) else {
            HTMLEscape.append(CollectionOfOne(text[start]), to: &pending)
            return start + 1
        }
        var end = start
        while end < text.endIndex, !isWhitespace(text[end]), text[end] != UInt8(ascii: "<"), text[end] != 0xFF { end += 1 }
        while end > start, let last = Optional(text[end - 1]),
              [UInt8]("?!.,:*_~'\")".utf8).contains(last) { end -= 1 }
        appendLink(url: text[start..<end], label: text[start..<end], renderLabel: false)
        return end
    }

    func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// `[label](url)` or `[label](url "title")`; `image` for `![alt](url)`, which shows its alt text.
    mutating func link(at start: Int, image: Bool) -> Int {
        var depth = 0
        var close = start
        while close < text.endIndex {
            let byte = text[close]
            if byte == backslash { close += 2; continue }
            if byte == UInt8(ascii: "`") {
                let run = text[close...].prefix { $0 == UInt8(ascii: "`") }.count
                close += run
                continue
            }
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") { depth -= 1; if depth == 0 { break } }
            close += 1
        }
        guard close + 1 < text.endIndex, text[close] == UInt8(ascii: "]"), text[close + 1] == UInt8(ascii: "(") else {
            if image { pending.append(contentsOf: "!".utf8) }
            pending.append(contentsOf: "[".utf8)
            return start + 1
        }
        var position = close + 2
        while position < text.endIndex, isWhitespace(text[position]) { position += 1 }
        let urlStart = position
        var parens = 0
        while position < text.endIndex, !isWhitespace(text[position]), text[position] != 0xFF {
            if text[position] == UInt8(ascii: "(") { parens += 1 }
            if text[position] == UInt8(ascii: ")") { if parens == 0 { break }; parens -= 1 }
            position += 1
        }
        let url = text[urlStart..<position]
        while position < text.endIndex, isWhitespace(text[position]) { position += 1 }
        if position < text.endIndex, let quote = Optional(text[position]), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            var end = position + 1
            while end < text.endIndex, text[end] != quote { end += 1 }
            position = end + 1
            while position < text.endIndex, isWhitespace(text[position]) { position += 1 }
        }
        guard position < text.endIndex, text[position] == UInt8(ascii: ")") else {
            if image { pending.append(contentsOf: "!".utf8) }
            pending.append(contentsOf: "[".utf8)
            return start + 1
        }
        let label = text[(start + 1)..<close]
        if image {
            HTMLEscape.append(label, to: &pending)
        } else {
            appendLink(url: url, label: label, renderLabel: true)
        }
        return position + 1
    }

    mutating func delimiterRun(at start: Int) -> Int {
        let character = text[start]
        let count = text[start...].prefix { $0 == character }.count
        let before = start > text.startIndex ? text[start - 1] : space
        let after = start + count < text.endIndex ? text[start + count] : space
        let beforeSpace = isWhitespace(before) || before == 0xFF, afterSpace = isWhitespace(after) || after == 0xFF
        let leftFlanking = !afterSpace && (!isPunctuation(after) || beforeSpace || isPunctuation(before))
        let rightFlanking = !beforeSpace && (!isPunctuation(before) || afterSpace || isPunctuation(after))
        let canOpen = character == UInt8(ascii: "*") ? leftFlanking : leftFlanking && (!rightFlanking || isPunctuation(before))
        let canClose = character == UInt8(ascii: "*") ? rightFlanking : rightFlanking && (!leftFlanking || isPunctuation(after))
        flush()
        pieces.append(.delimiter(Delimiter(character: character, count: count, canOpen: canOpen, canClose: canClose)))
        return start + count
    }

    /// Pairs closers with the nearest opener of the same character (two characters
    /// make `<strong>` when both runs have them, one `<em>`); runs between a matched
    /// pair can no longer open.
    mutating func resolveEmphasis() {
        var closerIndex = 0
        while closerIndex < pieces.count {
            guard case .delimiter(var closer) = pieces[closerIndex], closer.canClose, closer.count > 0 else { closerIndex += 1; continue }
            var openerIndex = closerIndex - 1
            var matched = false
            while openerIndex >= 0 {
                if case .delimiter(var opener) = pieces[openerIndex], opener.character == closer.character,
                   opener.canOpen, opener.count > 0 {
                    let used = opener.count >= 2 && closer.count >= 2 ? 2 : 1
                    let tag = used == 2 ? "strong" : "em"
                    opener.count -= used
                    closer.count -= used
                    opener.openTags = Array("<\(tag)>".utf8) + opener.openTags
                    closer.closeTags += Array("</\(tag)>".utf8)
                    pieces[openerIndex] = .delimiter(opener)
                    for between in (openerIndex + 1)..<closerIndex {
                        if case .delimiter(var run) = pieces[between] { run.canOpen = false; run.canClose = false; pieces[between] = .delimiter(run) }
                    }
                    pieces[closerIndex] = .delimiter(closer)
                    matched = true
                    break
                }
                openerIndex -= 1
            }
            if !matched || closer.count == 0 { closerIndex += 1 }
        }
    }
}
