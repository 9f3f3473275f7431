/// A YAML 1.2 parser for one document of the subset Docket supports.
///
/// Supported: block mappings and sequences (including compact nested forms),
/// flow sequences and mappings, plain, single-quoted, double-quoted, literal and
/// folded scalars, comments, an optional leading `---` and trailing `...`.
///
/// Rejected with ``YAMLError/Kind/unsupported``: anchors, aliases, tags,
/// directives (all but `%YAML 1.2`, which declares the version read here and
/// changes nothing), a second document, complex (`?`) keys, collections used as keys,
/// empty keys and single-pair mappings inside flow sequences (`[a: b]`).
///
/// The parser works on UTF-8 bytes with integer indices; it never recurses
/// deeper than `maxDepth` nested collections.
public enum YAMLParser {
    /// Parses the one document in `bytes[range]`.
    ///
    /// `range.lowerBound` must be the start of a line whose line number is
    /// `firstLine`; all reported positions are positions in the whole `bytes`
    /// array. A UTF-8 byte order mark at offset 0 is skipped.
    ///
    /// - Returns: the root node, or nil for an empty document (only blank lines,
    ///   comments and document markers).
    public static func parse(
        _ bytes: [UInt8], range: Range<Int>, firstLine: Int = 1, maxDepth: Int = 64
    ) throws(YAMLError) -> YAMLNode? {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        let result: Result<YAMLNode?, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = YAMLScanner(
                buffer: buffer, start: lower, end: upper, firstLine: firstLine, maxDepth: maxDepth)
            do throws(YAMLError) {
                return .success(try scanner.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses a whole file holding one YAML document.
    public static func parse(_ bytes: [UInt8]) throws(YAMLError) -> YAMLNode? {
        try parse(bytes, range: 0..<bytes.count)
    }

    /// Parses a string holding one YAML document.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        try parse(Array(text.utf8))
    }
}

/// A readable description of a byte for messages.
private func describe(_ c: UInt8) -> String {
    switch c {
    case cTab: return "tab"
    case cCR: return "carriage return"
    case 0..<0x20, 0x7F: return "control character"
    case 0x80...: return "non-ascii character"
    default: return "'\(Character(Unicode.Scalar(c)))'"
    }
}

// MARK: - Scanner

/// The saved state of a scanner, to look ahead and come back.
private struct ScanState {
    var pos: Int
    var line: Int
    var lineStart: Int
}

/// Why a plain scalar's line segment stopped.
private enum PlainStop {
    case endOfLine, colon, comment, flowIndicator
}

/// The recursive-descent scanner and parser over a byte buffer.
private struct YAMLScanner {
    let b: UnsafeBufferPointer<UInt8>
    let end: Int
    let maxDepth: Int
    var pos: Int
    var line: Int
    var lineStart: Int
    /// Reused buffer for building scalar text.
    var scratch: [UInt8] = []
    /// The offset of a tab in the indentation of the line starting at
    /// `tabLineStart` (tabs may separate flow content but never indent block
    /// structure).
    var tabOffset = -1
    var tabLineStart = -1

    init(buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, firstLine: Int, maxDepth: Int) {
        self.b = buffer
        self.end = end
        self.maxDepth = maxDepth
        self.pos = start
        self.line = firstLine
        self.lineStart = start
        if start == 0, end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
        scratch.reserveCapacity(256)
    }

    // MARK: Low-level helpers

    @inline(__always) func peek(_ k: Int = 0) -> UInt8 {
        let i = pos + k
        return i < end ? b[i] : 0
    }

    @inline(__always) var atEnd: Bool { pos >= end }

    /// True at a line break (`\n` or `\r\n`) or the end of input.
    @inline(__always) func isEOL(_ i: Int) -> Bool {
        if i >= end { return true }
        let c = b[i]
        return c == cNL || (c == cCR && i + 1 < end && b[i + 1] == cNL)
    }

    @inline(__always) func isBlankOrEOL(_ i: Int) -> Bool {
        i >= end || isYAMLBlank(b[i]) || isEOL(i)
    }

    var position: SourcePosition {
        SourcePosition(offset: pos, line: line, column: pos - lineStart + 1)
    }

    func position(at offset: Int) -> SourcePosition {
        // Only valid for offsets on the current line.
        SourcePosition(offset: offset, line: line, column: offset - lineStart + 1)
    }

    var state: ScanState { ScanState(pos: pos, line: line, lineStart: lineStart) }

    mutating func restore(_ s: ScanState) {
        pos = s.pos
        line = s.line
        lineStart = s.lineStart
    }

    /// Consumes the line break at `pos` (which must be at one).
    @inline(__always) mutating func consumeBreak() {
        if pos < end && b[pos] == cCR { pos += 1 }
        if pos < end { pos += 1 }
        line += 1
        lineStart = pos
    }

    func foundDescription(_ i: Int) -> String {
        if i >= end { return "end of input" }
        if isEOL(i) { return "end of line" }
        return describe(b[i])
    }

    var found: String { foundDescription(pos) }

    func syntax(_ message: String) -> YAMLError {
        YAMLError(.syntax, message, at: position)
    }

    func syntax(_ message: String, at p: SourcePosition) -> YAMLError {
        YAMLError(.syntax, message, at: p)
    }

    func unsupported(_ message: String) -> YAMLError {
        YAMLError(.unsupported, message, at: position)
    }

    /// Rejects a control character (other than tab) or a lone carriage return at `pos`.
    @inline(__always) func checkPrintable(_ c: UInt8) throws(YAMLError) {
        if c < 0x20 && c != cTab || c == 0x7F {
            if c == cCR { throw syntax("unexpected carriage return without line feed") }
            throw syntax("unexpected control character 0x\(String(c, radix: 16, uppercase: true))")
        }
    }

    /// Rejects a byte order mark at `i`: YAML allows one only before a document,
    /// and the one at the start of the stream was skipped by `init`.
    @inline(__always) func checkNoByteOrderMark(_ i: Int) throws(YAMLError) {
        if i + 2 < end && b[i + 1] == 0xBB && b[i + 2] == 0xBF {
            throw syntax("expected no byte order mark inside the document, found U+FEFF; remove it (only the start of the file may carry one)")
        }
    }

    /// True at `---` or `...` in column 1 followed by a blank or line end.
    func isDocumentMarker(_ i: Int) -> Bool {
        guard i == lineStart, i + 2 < end else { return false }
        let c = b[i]
        guard (c == cDash || c == cDot), b[i + 1] == c, b[i + 2] == c else { return false }
        return isBlankOrEOL(i + 3)
    }

    /// Skips spaces and tabs on the current line.
    @inline(__always) mutating func skipInlineBlanks() {
        while pos < end && isYAMLBlank(b[pos]) { pos += 1 }
    }

    /// Skips a comment (at `#`) to the end of the line, checking its characters.
    mutating func skipComment() throws(YAMLError) {
        while !isEOL(pos) {
            let c = b[pos]
            if c < 0x20 && c != cTab { try checkPrintable(c) } else if c == 0xEF { try checkNoByteOrderMark(pos) }
            pos += 1
        }
    }

    /// After a node that ends on this line: allows blanks and a comment, then
    /// requires the end of the line, then moves to the next content line.
    mutating func finishLine(after what: String) throws(YAMLError) {
        let before = pos
        skipInlineBlanks()
        if pos < end && b[pos] == cHash {
            if pos == before && pos != lineStart && !isYAMLBlank(b[pos - 1]) {
                throw syntax("expected whitespace before comment, found '#'")
            }
            try skipComment()
        }
        if !isEOL(pos) {
            throw syntax("expected end of line after \(what), found \(found)")
        }
        try skipToNextContent()
    }

    /// From the end of a line (or a line start), skips line breaks, blank lines and
    /// comment lines; stops at the first non-space character of the next content
    /// line, or at the end of input. Rejects tabs used as indentation.
    mutating func skipToNextContent() throws(YAMLError) {
        while true {
            if pos >= end { return }
            if isEOL(pos) {
                consumeBreak()
                continue
            }
            if pos == lineStart {
                while pos < end && b[pos] == cSpace { pos += 1 }
                if pos < end && b[pos] == cTab {
                    tabOffset = pos
                    tabLineStart = lineStart
                    skipInlineBlanks()
                }
                if pos < end && b[pos] == cHash { try skipComment() }
                if isEOL(pos) { continue }
                return
            }
            // Mid-line: only blanks and a comment may remain.
            skipInlineBlanks()
            if pos < end && b[pos] == cHash { try skipComment() }
            if isEOL(pos) { continue }
            return
        }
    }

    /// Rejects block structure on a line indented with a tab.
    func checkNoIndentTab() throws(YAMLError) {
        if tabLineStart == lineStart && tabOffset >= lineStart && tabOffset < pos {
            throw syntax("expected indentation with spaces, found tab", at: position(at: tabOffset))
        }
    }

    /// The indentation of the content at `pos` (set by ``skipToNextContent()``),
    /// or -1 at the end of input or at a document marker.
    var contentIndent: Int {
        if pos >= end || isDocumentMarker(lineStart) && pos == lineStart { return -1 }
        return pos - lineStart
    }

    func checkDepth(_ depth: Int) throws(YAMLError) {
        if depth > maxDepth { throw syntax("nesting deeper than \(maxDepth) levels") }
    }

    mutating func makeString(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
    }

    // MARK: Document

    mutating func parseDocument() throws(YAMLError) -> YAMLNode? {
        try skipToNextContent()
        if pos < end && pos == lineStart && b[pos] == cPercent {
            try skipVersionDirective()
        }
        var root: YAMLNode?
        if pos >= end { return nil }
        if isDocumentMarker(pos) && b[pos] == cDash {
            let afterMarker = position(at: pos + 3)
            pos += 3
            root = try parseBlockNode(parent: -1, compact: false, seqAtParent: false,
                                      emptyAt: afterMarker, depth: 1)
        } else if isDocumentMarker(pos) && b[pos] == cDot {
            root = nil
        } else {
            root = try parseBlockNodeHere(parent: -1, newLine: true, compact: false, depth: 1)
        }
        try finishDocument()
        if let node = root, case .scalar("", .plain) = node.content,
           node.range.start.offset == node.range.end.offset {
            return nil
        }
        return root
    }

    /// `%YAML 1.2`, the version this parser reads, changes nothing and is skipped;
    /// it must be followed by `---`. Every other directive (`%TAG`, another
    /// version, a reserved one, a second directive) is rejected with its position.
    mutating func skipVersionDirective() throws(YAMLError) {
        let directive = pos
        var index = pos + 1
        while index < end && !isYAMLBlank(b[index]) && !isEOL(index) { index += 1 }
        let name = makeString(pos + 1, index)
        guard name == "YAML" else {
            throw unsupported("directives other than %YAML 1.2 are not supported, found %\(name)")
        }
        pos = index
        skipInlineBlanks()
        let versionStart = pos
        while pos < end && !isYAMLBlank(b[pos]) && !isEOL(pos) { pos += 1 }
        let version = makeString(versionStart, pos)
        guard version == "1.2" else {
            pos = directive
            throw unsupported("directives other than %YAML 1.2 are not supported, found %YAML \(version.isEmpty ? "without a version" : version)")
        }
        try finishLine(after: "the %YAML directive")
        if pos < end && pos == lineStart && b[pos] == cPercent {
            throw unsupported("directives other than one %YAML 1.2 are not supported, found a second directive")
        }
        guard pos < end, pos == lineStart, isDocumentMarker(pos), b[pos] == cDash else {
            throw syntax("expected the document start marker --- after the %YAML directive, found \(found)")
        }
    }

    /// After the root node: allows `...` and trailing comments; rejects a second document.
    mutating func finishDocument() throws(YAMLError) {
        if pos >= end { return }
        if isDocumentMarker(pos) && pos == lineStart {
            if b[pos] == cDash {
                throw unsupported("multiple documents are not supported")
            }
            pos += 3
            try finishLine(after: "document end marker")
            if pos >= end { return }
            if b[pos] == cPercent && pos == lineStart {
                throw unsupported("directives are not supported")
            }
            throw unsupported("multiple documents are not supported")
        }
        throw syntax("expected end of document, found \(found)")
    }

    // MARK: Block nodes

    /// Parses a block node that follows an indicator (`key:`, `- `, `---`).
    ///
    /// - Parameters:
    ///   - parent: the indentation of the parent collection (-1 at top level).
    ///   - compact: a block collection may start on this line (after `- `).
    ///   - seqAtParent: a block sequence may sit at the parent's indentation (a mapping value).
    ///   - emptyAt: where an empty value is.
    mutating func parseBlockNode(
        parent: Int, compact: Bool, seqAtParent: Bool, emptyAt: SourcePosition, depth: Int
    ) throws(YAMLError) -> YAMLNode {
        let before = pos
        skipInlineBlanks()
        let sawTab = b[before..<pos].contains(cTab)
        if pos < end && b[pos] == cHash && pos == before {
            throw syntax("expected whitespace before comment, found '#'")
        }
        if pos < end && b[pos] == cHash { try skipComment() }
        if isEOL(pos) {
            try skipToNextContent()
            let indent = contentIndent
            if indent > parent {
                return try parseBlockNodeHere(parent: parent, newLine: true, compact: false, depth: depth)
            }
            if seqAtParent && indent == parent && indent >= 0 && b[pos] == cDash && isBlankOrEOL(pos + 1) {
                return try parseBlockSequence(indent: indent, depth: depth)
            }
            return YAMLNode(content: .scalar("", .plain), range: SourceRange(at: emptyAt))
        }
        if pos == before && !atEnd {
            throw syntax("expected whitespace, found \(found)")
        }
        return try parseBlockNodeHere(parent: parent, newLine: false, compact: compact && !sawTab, depth: depth)
    }

    /// Parses the block node whose first character is at `pos`.
    mutating func parseBlockNodeHere(
        parent: Int, newLine: Bool, compact: Bool, depth: Int
    ) throws(YAMLError) -> YAMLNode {
        let c = b[pos]
        let column = pos - lineStart
        let canCollect = newLine || compact
        switch c {
        case cDash where isBlankOrEOL(pos + 1):
            guard canCollect else {
                throw syntax("expected a value, found block sequence entry '-'")
            }
            try checkNoIndentTab()
            return try parseBlockSequence(indent: column, depth: depth)
        case cQuestion where isBlankOrEOL(pos + 1):
            throw unsupported("complex keys are not supported")
        case cColon where isBlankOrEOL(pos + 1):
            throw unsupported("empty mapping keys are not supported")
        case cPipe, cGreater:
            return try parseBlockScalar(parent: parent)
        case cLBracket, cLBrace:
            let node = try parseFlowCollection(parent: parent, depth: depth)
            skipInlineBlanks()
            if pos < end && b[pos] == cColon {
                throw unsupported("complex keys are not supported")
            }
            try finishLine(after: "flow collection")
            return node
        case cDQuote, cSQuote:
            let startLine = line
            let node = try parseQuoted(parent: parent, flow: false)
            let afterScalar = pos
            skipInlineBlanks()
            if pos < end && b[pos] == cColon && isBlankOrEOL(pos + 1) {
                guard canCollect else { throw syntax("expected end of line after value, found ':'") }
                if line != startLine { throw syntax("implicit keys must be on a single line", at: node.range.start) }
                try checkNoIndentTab()
                return try parseBlockMapping(indent: column, firstKey: node, depth: depth)
            }
            pos = afterScalar
            try finishLine(after: "quoted scalar")
            return node
        default:
            try rejectIndicator(c)
            let start = position
            let (segEnd, stop) = try scanPlainSegment(flow: false)
            if stop == .colon {
                guard canCollect else {
                    throw syntax("expected end of line after value, found ':'")
                }
                let key = YAMLNode(content: .scalar(makeString(start.offset, segEnd), .plain),
                                   range: SourceRange(start: start, end: position(at: segEnd)))
                try checkNoIndentTab()
                return try parseBlockMapping(indent: column, firstKey: key, depth: depth)
            }
            let node = try finishPlain(start: start, firstEnd: segEnd, stop: stop, parent: parent, flow: false)
            try finishLine(after: "plain scalar")
            return node
        }
    }

    /// Throws for characters that cannot start a plain scalar.
    func rejectIndicator(_ c: UInt8) throws(YAMLError) {
        switch c {
        case cAmp: throw unsupported("anchors are not supported")
        case cStar: throw unsupported("aliases are not supported")
        case cBang: throw unsupported("tags are not supported")
        case cPercent, cAt, cBacktick:
            throw syntax("expected a value, found reserved indicator \(describe(c))")
        case cComma, cRBracket, cRBrace, cHash, cPipe, cGreater, cSQuote, cDQuote, cLBracket, cLBrace:
            throw syntax("expected a value, found \(describe(c))")
        case cDash, cQuestion, cColon:
            let n = peek(1)
            if pos + 1 >= end || isYAMLBlank(n) || isEOL(pos + 1) {
                throw syntax("expected a value, found \(describe(c))")
            }
        default:
            if c < 0x20 || c == 0x7F { try checkPrintable(c) }
        }
    }

    mutating func parseBlockSequence(indent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        let start = position
        var items: [YAMLNode] = []
        var endPos = start
        while true {
            // At '-' in column `indent`.
            pos += 1
            let afterDash = position
            let item = try parseBlockNode(parent: indent, compact: true, seqAtParent: false,
                                          emptyAt: afterDash, depth: depth + 1)
            endPos = max(item.range.end, afterDash)
            items.append(item)
            let next = contentIndent
            if next < indent { break }
            if next > indent {
                throw syntax("expected block sequence entry at column \(indent + 1), found more indented content")
            }
            guard b[pos] == cDash && isBlankOrEOL(pos + 1) else { break }
            try checkNoIndentTab()
        }
        return YAMLNode(content: .sequence(items, flow: false), range: SourceRange(start: start, end: endPos))
    }

    mutating func parseBlockMapping(indent: Int, firstKey: YAMLNode, depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        var pairs: [YAMLPair] = []
        var seen = KeyIndex()
        var key = firstKey
        var endPos = key.range.end
        while true {
            // At ':' after `key`.
            pos += 1
            let afterColon = position
            let value = try parseBlockNode(parent: indent, compact: false, seqAtParent: true,
                                           emptyAt: afterColon, depth: depth + 1)
            endPos = max(value.range.end, afterColon)
            try addPair(&pairs, &seen, key: key, value: value,
                        extent: key.range.start.offset..<lineEnd(after: endPos.offset))
            let next = contentIndent
            if next < indent { break }
            if next > indent {
                throw syntax("expected mapping key at column \(indent + 1), found more indented content")
            }
            key = try parseBlockKey()
        }
        return YAMLNode(content: .mapping(pairs, flow: false),
                        range: SourceRange(start: firstKey.range.start, end: endPos))
    }

    /// Appends a pair, rejecting a duplicate key.
    func addPair(
        _ pairs: inout [YAMLPair], _ keys: inout KeyIndex, key: YAMLNode, value: YAMLNode, extent: Range<Int>? = nil
    ) throws(YAMLError) {
        let name = key.scalar ?? ""
        if !keys.insert(name, index: pairs.count, pairs: pairs) {
            throw syntax("duplicate key \"\(name)\"", at: key.range.start)
        }
        pairs.append(YAMLPair(key: key, value: value, extent: extent))
    }

    /// The offset just past the line break that ends the line holding `offset`
    /// (only blanks and a comment can lie between), or the end of input.
    func lineEnd(after offset: Int) -> Int {
        var i = offset
        while i < end && b[i] != cNL { i += 1 }
        return i < end ? i + 1 : end
    }

    /// Parses an implicit key at `pos` and stops at its ':'.
    mutating func parseBlockKey() throws(YAMLError) -> YAMLNode {
        try checkNoIndentTab()
        let c = b[pos]
        switch c {
        case cQuestion where isBlankOrEOL(pos + 1):
            throw unsupported("complex keys are not supported")
        case cColon where isBlankOrEOL(pos + 1):
            throw unsupported("empty mapping keys are not supported")
        case cDash where isBlankOrEOL(pos + 1):
            throw syntax("expected mapping key, found block sequence entry '-'")
        case cLBracket, cLBrace:
            throw unsupported("complex keys are not supported")
        case cDQuote, cSQuote:
            let startLine = line
            let key = try parseQuoted(parent: -1, flow: false)
            if line != startLine { throw syntax("implicit keys must be on a single line", at: key.range.start) }
            skipInlineBlanks()
            guard pos < end && b[pos] == cColon && isBlankOrEOL(pos + 1) else {
                throw syntax("expected ':' after mapping key, found \(found)")
            }
            return key
        default:
            try rejectIndicator(c)
            let start = position
            let (segEnd, stop) = try scanPlainSegment(flow: false)
            guard stop == .colon else {
                throw syntax("expected ':' after mapping key, found \(stop == .comment ? "comment" : found)")
            }
            return YAMLNode(content: .scalar(makeString(start.offset, segEnd), .plain),
                            range: SourceRange(start: start, end: position(at: segEnd)))
        }
    }

    // MARK: Plain scalars

    /// Scans one line of a plain scalar from `pos`; returns the end of its last
    /// non-blank character and why it stopped (`pos` is left at the stop).
    mutating func scanPlainSegment(flow: Bool) throws(YAMLError) -> (Int, PlainStop) {
        var lastEnd = pos
        while pos < end {
            let c = b[pos]
            // Fast path: letters, digits, '-', '.', '/', and non-ASCII bytes.
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x2D && c <= 0x39) || c >= 0x80 {
                if c == 0xEF { try checkNoByteOrderMark(pos) }
                pos += 1
                lastEnd = pos
                continue
            }
            if c == cSpace || c == cTab {
                pos += 1
                continue
            }
            if c == cNL || c == cCR && pos + 1 < end && b[pos + 1] == cNL {
                return (lastEnd, .endOfLine)
            }
            if c == cColon {
                let i = pos + 1
                if i >= end || isYAMLBlank(b[i]) || isEOL(i) || (flow && isYAMLFlowIndicator(b[i])) {
                    return (lastEnd, .colon)
                }
            } else if c == cHash {
                if pos > lineStart && isYAMLBlank(b[pos - 1]) { return (lastEnd, .comment) }
            } else if flow && isYAMLFlowIndicator(c) {
                return (lastEnd, .flowIndicator)
            } else if c < 0x20 || c == 0x7F {
                try checkPrintable(c)
            }
            pos += 1
            lastEnd = pos
        }
        return (lastEnd, .endOfLine)
    }

    /// Completes a plain scalar whose first line ended at `firstEnd`, folding
    /// continuation lines indented more than `parent`.
    mutating func finishPlain(
        start: SourcePosition, firstEnd: Int, stop: PlainStop, parent: Int, flow: Bool
    ) throws(YAMLError) -> YAMLNode {
        var endPos = position(at: firstEnd)
        guard stop == .endOfLine else {
            return YAMLNode(content: .scalar(makeString(start.offset, firstEnd), .plain),
                            range: SourceRange(start: start, end: endPos))
        }
        var text: [UInt8]? = nil
        var segEnd = firstEnd
        while true {
            // At a line break (or end) after a segment ending at segEnd.
            let saved = ScanState(pos: segEnd, line: line, lineStart: lineStart)
            var breaks = 0
            var continues = false
            while pos < end && isEOL(pos) {
                consumeBreak()
                breaks += 1
                var spaces = 0
                while pos < end && b[pos] == cSpace { pos += 1; spaces += 1 }
                if isEOL(pos) { continue }
                if isDocumentMarker(lineStart) { break }
                if spaces <= parent {
                    // Less indented; may be a whitespace-only line with tabs.
                    skipInlineBlanks()
                    if isEOL(pos) && pos < end { continue }
                    break
                }
                skipInlineBlanks()
                if isEOL(pos) { continue }
                let c = b[pos]
                if c == cHash { break }
                if c == cColon && (isBlankOrEOL(pos + 1) || flow && isYAMLFlowIndicator(peek(1))) { break }
                if flow && isYAMLFlowIndicator(c) { break }
                if !flow && c == cDash && isDocumentMarker(lineStart) { break }
                continues = true
                break
            }
            if !continues {
                restore(saved)
                break
            }
            if text == nil { text = Array(b[start.offset..<firstEnd]) }
            if breaks == 1 {
                text!.append(cSpace)
            } else {
                for _ in 1..<breaks { text!.append(cNL) }
            }
            let segStart = pos
            let (e, s) = try scanPlainSegment(flow: flow)
            text!.append(contentsOf: UnsafeBufferPointer(rebasing: b[segStart..<e]))
            segEnd = e
            endPos = position(at: e)
            if s != .endOfLine { break }
        }
        let string: String
        if let text { string = String(decoding: text, as: UTF8.self) } else { string = makeString(start.offset, firstEnd) }
        return YAMLNode(content: .scalar(string, .plain), range: SourceRange(start: start, end: endPos))
    }

    // MARK: Quoted scalars

    /// Parses a single- or double-quoted scalar at `pos`; continuation lines must
    /// be indented more than `parent`.
    mutating func parseQuoted(parent: Int, flow: Bool) throws(YAMLError) -> YAMLNode {
        let quote = b[pos]
        let double = quote == cDQuote
        let start = position
        pos += 1
        scratch.removeAll(keepingCapacity: true)
        // Index in scratch where trailing raw whitespace began.
        var wsStart = 0
        while true {
            guard pos < end else {
                throw syntax("expected closing quote, found end of input")
            }
            let c = b[pos]
            if c == quote {
                if !double && peek(1) == cSQuote {
                    scratch.append(cSQuote)
                    pos += 2
                    wsStart = scratch.count
                    continue
                }
                pos += 1
                break
            }
            if c == cSpace || c == cTab {
                scratch.append(c)
                pos += 1
                continue
            }
            if isEOL(pos) {
                // Fold: drop trailing raw whitespace, then count empty lines.
                scratch.removeSubrange(wsStart..<scratch.count)
                try foldQuotedBreaks(parent: parent, escaped: false)
                wsStart = scratch.count
                continue
            }
            if double && c == cBackslash {
                pos += 1
                if isEOL(pos) && pos < end {
                    try foldQuotedBreaks(parent: parent, escaped: true)
                    wsStart = scratch.count
                    continue
                }
                try scanEscape()
                wsStart = scratch.count
                continue
            }
            if c < 0x20 || c == 0x7F { try checkPrintable(c) } else if c == 0xEF { try checkNoByteOrderMark(pos) }
            scratch.append(c)
            pos += 1
            wsStart = scratch.count
        }
        let text = String(decoding: scratch, as: UTF8.self)
        return YAMLNode(content: .scalar(text, double ? .doubleQuoted : .singleQuoted),
                        range: SourceRange(start: start, end: position))
    }

    /// At a line break inside a quoted scalar: consumes it, the empty lines after
    /// it and the next line's indentation, appending the folded text.
    mutating func foldQuotedBreaks(parent: Int, escaped: Bool) throws(YAMLError) {
        var breaks = 0
        while true {
            consumeBreak()
            breaks += 1
            var spaces = 0
            while pos < end && b[pos] == cSpace { pos += 1; spaces += 1 }
            if isDocumentMarker(lineStart) {
                throw syntax("expected closing quote, found document marker", at: position(at: lineStart))
            }
            skipInlineBlanks()
            if pos >= end { throw syntax("expected closing quote, found end of input") }
            if isEOL(pos) { continue }
            if spaces <= parent {
                throw syntax("expected continuation line indented more than \(parent) spaces, found \(found)")
            }
            break
        }
        if escaped {
            for _ in 1..<max(breaks, 1) { scratch.append(cNL) }
        } else if breaks == 1 {
            scratch.append(cSpace)
        } else {
            for _ in 1..<breaks { scratch.append(cNL) }
        }
    }

    /// Scans the escape after a backslash at `pos`.
    mutating func scanEscape() throws(YAMLError) {
        guard pos < end else { throw syntax("expected escape character, found end of input") }
        let c = b[pos]
        var simple: UInt8? = nil
        switch c {
        case UInt8(ascii: "0"): simple = 0
        case UInt8(ascii: "a"): simple = 7
        case UInt8(ascii: "b"): simple = 8
        case UInt8(ascii: "t"), cTab: simple = 9
        case UInt8(ascii: "n"): simple = 10
        case UInt8(ascii: "v"): simple = 11
        case UInt8(ascii: "f"): simple = 12
        case UInt8(ascii: "r"): simple = 13
        case UInt8(ascii: "e"): simple = 0x1B
        case cSpace: simple = cSpace
        case cDQuote: simple = cDQuote
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case cBackslash: simple = cBackslash
        case UInt8(ascii: "N"): pos += 1; appendScalar(0x85); return
        case UInt8(ascii: "_"): pos += 1; appendScalar(0xA0); return
        case UInt8(ascii: "L"): pos += 1; appendScalar(0x2028); return
        case UInt8(ascii: "P"): pos += 1; appendScalar(0x2029); return
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let escapeStart = position(at: pos - 1)
            let digits = c == UInt8(ascii: "x") ? 2 : c == UInt8(ascii: "u") ? 4 : 8
            pos += 1
            var value = try scanHex(digits)
            if value >= 0xD800 && value <= 0xDBFF && digits == 4
                && peek() == cBackslash && peek(1) == UInt8(ascii: "u") {
                let save = pos
                pos += 2
                let low = try scanHex(4)
                if low >= 0xDC00 && low <= 0xDFFF {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    pos = save
                }
            }
            guard value <= 0x10FFFF, !(value >= 0xD800 && value <= 0xDFFF) else {
                throw syntax("expected a valid unicode code point in escape, found \(String(value, radix: 16))", at: escapeStart)
            }
            appendScalar(value)
            return
        default:
            throw syntax("expected escape character, found \(found)")
        }
        scratch.append(simple!)
        pos += 1
    }

    mutating func scanHex(_ digits: Int) throws(YAMLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard pos < end else { throw syntax("expected hexadecimal digit, found end of input") }
            let c = b[pos]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw syntax("expected hexadecimal digit, found \(found)")
            }
            value = value << 4 | UInt32(d)
            pos += 1
        }
        return value
    }

    mutating func appendScalar(_ v: UInt32) {
        if v < 0x80 {
            scratch.append(UInt8(v))
        } else if v < 0x800 {
            scratch.append(UInt8(0xC0 | (v >> 6)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            scratch.append(UInt8(0xE0 | (v >> 12)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (v >> 18)))
            scratch.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    // MARK: Block scalars

    /// Parses a literal (`|`) or folded (`>`) block scalar at `pos`.
    mutating func parseBlockScalar(parent: Int) throws(YAMLError) -> YAMLNode {
        let start = position
        let folded = b[pos] == cGreater
        pos += 1
        // Header: chomping and indentation indicators in either order.
        var chomp: Int = 0  // -1 strip, 0 clip, 1 keep
        var explicit = 0
        for _ in 0..<2 {
            guard pos < end else { break }
            let c = b[pos]
            if (c == cDash || c == cPlus) && chomp == 0 {
                chomp = c == cDash ? -1 : 1
                pos += 1
            } else if c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") && explicit == 0 {
                explicit = Int(c - UInt8(ascii: "0"))
                pos += 1
            } else if c == UInt8(ascii: "0") {
                throw syntax("expected indentation indicator 1-9, found '0'")
            }
        }
        let headerEnd = pos
        skipInlineBlanks()
        if pos < end && b[pos] == cHash {
            if pos == headerEnd { throw syntax("expected whitespace before comment, found '#'") }
            try skipComment()
        }
        if !isEOL(pos) {
            throw syntax("expected end of line after block scalar header, found \(found)")
        }
        var endPos = position
        if pos < end { consumeBreak() }

        // Determine the content indentation.
        var indent: Int
        let base = max(parent, -1)
        if explicit > 0 {
            indent = base + explicit
            if indent < 0 { indent = 0 }
        } else {
            // Auto-detect from the first non-empty line.
            let saved = state
            var maxBlank = 0
            var detected = -1
            var blankLine = line
            while pos < end {
                var spaces = 0
                while pos < end && b[pos] == cSpace { pos += 1; spaces += 1 }
                if isEOL(pos) {
                    if spaces > maxBlank { maxBlank = spaces; blankLine = line }
                    if pos >= end { break }
                    consumeBreak()
                    continue
                }
                detected = spaces
                break
            }
            let blankPos = SourcePosition(offset: pos, line: blankLine, column: 1)
            restore(saved)
            if detected > base {
                if maxBlank > detected {
                    throw syntax("expected leading empty lines of block scalar to be indented at most \(detected) spaces, found \(maxBlank)", at: blankPos)
                }
                indent = detected
            } else {
                indent = max(base + 1, maxBlank)
            }
        }

        scratch.removeAll(keepingCapacity: true)
        var breaks = 0  // pending line breaks
        var hadContent = false
        var lastWasMoreIndented = false
        while pos < end {
            // At the start of a line.
            let ls = pos
            var spaces = 0
            while pos < end && b[pos] == cSpace && spaces < indent { pos += 1; spaces += 1 }
            if isDocumentMarker(ls) {
                pos = ls
                break
            }
            if isEOL(pos) {
                if pos >= end {
                    // A line of spaces ending the input counts as a line, as the YAML test suite expects (JEF9).
                    if pos > ls { breaks += 1 }
                    break
                }
                breaks += 1
                consumeBreak()
                continue
            }
            if spaces < indent && b[pos] == cTab {
                throw syntax("expected indentation with spaces, found tab")
            }
            if spaces < indent {
                // Less indented content ends the scalar.
                pos = ls
                break
            }
            // A content line.
            let contentStart = pos
            let moreIndented = isYAMLBlank(b[pos])
            while !isEOL(pos) {
                let c = b[pos]
                if c < 0x20 && c != cTab || c == 0x7F { try checkPrintable(c) } else if c == 0xEF { try checkNoByteOrderMark(pos) }
                pos += 1
            }
            if hadContent {
                if folded && !moreIndented && !lastWasMoreIndented {
                    if breaks == 1 { scratch.append(cSpace) } else { for _ in 1..<breaks { scratch.append(cNL) } }
                } else {
                    for _ in 0..<breaks { scratch.append(cNL) }
                }
            } else {
                for _ in 0..<breaks { scratch.append(cNL) }
            }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[contentStart..<pos]))
            hadContent = true
            lastWasMoreIndented = moreIndented
            endPos = position
            if pos >= end {
                // Clip and keep chomping keep the final line break only if there is one
                // (YAML 1.2, 8.1.1.2); a line of blanks ending the input still counts
                // as a line, as the YAML test suite expects (L24T).
                breaks = b[contentStart..<pos].allSatisfy(isYAMLBlank) ? 1 : 0
                break
            }
            breaks = 1
            consumeBreak()
        }
        // Chomping.
        if hadContent {
            if chomp == 0 { if breaks > 0 { scratch.append(cNL) } }
            else if chomp == 1 { for _ in 0..<breaks { scratch.append(cNL) } }
        } else if chomp == 1 {
            for _ in 0..<breaks { scratch.append(cNL) }
        }
        let text = String(decoding: scratch, as: UTF8.self)
        let node = YAMLNode(content: .scalar(text, folded ? .folded : .literal),
                            range: SourceRange(start: start, end: endPos))
        try skipToNextContent()
        return node
    }

    // MARK: Flow collections

    /// Skips whitespace, line breaks and comments inside a flow collection;
    /// content on new lines must be indented more than `parent`.
    mutating func skipFlowSpace(parent: Int) throws(YAMLError) {
        while pos < end {
            let c = b[pos]
            if c == cSpace || c == cTab {
                pos += 1
            } else if c == cHash && (pos == lineStart || isYAMLBlank(b[pos - 1])) {
                try skipComment()
            } else if isEOL(pos) {
                consumeBreak()
                var spaces = 0
                while pos < end && b[pos] == cSpace { pos += 1; spaces += 1 }
                if isDocumentMarker(lineStart) {
                    throw syntax("expected end of flow collection, found document marker", at: position(at: lineStart))
                }
                let afterSpaces = pos
                skipInlineBlanks()
                if !isEOL(pos) && b[pos] != cHash && spaces <= parent {
                    pos = afterSpaces
                    throw syntax("expected flow content indented more than \(parent) spaces, found \(found)")
                }
            } else {
                return
            }
        }
    }

    /// Parses a flow node at `pos`.
    mutating func parseFlowNode(parent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        guard pos < end else { throw syntax("expected a flow value, found end of input") }
        let c = b[pos]
        switch c {
        case cLBracket, cLBrace:
            return try parseFlowCollection(parent: parent, depth: depth)
        case cDQuote, cSQuote:
            return try parseQuoted(parent: parent, flow: true)
        case cQuestion where isBlankOrEOL(pos + 1) || isYAMLFlowIndicator(peek(1)):
            throw unsupported("complex keys are not supported")
        case cPipe, cGreater:
            throw syntax("expected a flow value, found block scalar indicator \(describe(c))")
        case cDash where isBlankOrEOL(pos + 1) || isYAMLFlowIndicator(peek(1)):
            throw syntax("expected a flow value, found block sequence entry '-'")
        case cColon where isBlankOrEOL(pos + 1) || isYAMLFlowIndicator(peek(1)):
            throw unsupported("empty mapping keys are not supported")
        default:
            try rejectIndicator(c)
            let start = position
            let (segEnd, stop) = try scanPlainSegment(flow: true)
            return try finishPlain(start: start, firstEnd: segEnd, stop: stop, parent: parent, flow: true)
        }
    }

    /// Parses a flow sequence or mapping at `pos` (`[` or `{`).
    mutating func parseFlowCollection(parent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        let start = position
        let isMap = b[pos] == cLBrace
        let close = isMap ? cRBrace : cRBracket
        pos += 1
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var seen = KeyIndex()
        while true {
            try skipFlowSpace(parent: parent)
            guard pos < end else {
                throw syntax("expected \(describe(close)) to close flow collection, found end of input")
            }
            if b[pos] == close { pos += 1; break }
            if isMap {
                try parseFlowPair(parent: parent, depth: depth, pairs: &pairs, seen: &seen)
            } else {
                let jsonLike = b[pos] == cDQuote || b[pos] == cSQuote
                let item = try parseFlowNode(parent: parent, depth: depth + 1)
                let itemLine = line
                try skipFlowSpace(parent: parent)
                if pos < end && b[pos] == cColon {
                    items.append(try parseSinglePair(key: item, jsonLike: jsonLike, keyLine: itemLine,
                                                     parent: parent, depth: depth))
                } else {
                    items.append(item)
                }
            }
            try skipFlowSpace(parent: parent)
            guard pos < end else {
                throw syntax("expected ',' or \(describe(close)), found end of input")
            }
            if b[pos] == cComma { pos += 1; continue }
            if b[pos] == close { pos += 1; break }
            throw syntax("expected ',' or \(describe(close)) in flow \(isMap ? "mapping" : "sequence"), found \(found)")
        }
        let range = SourceRange(start: start, end: position)
        return YAMLNode(content: isMap ? .mapping(pairs, flow: true) : .sequence(items, flow: true), range: range)
    }

    /// Parses `key: value` inside a flow sequence, at the ':'.
    mutating func parseSinglePair(key: YAMLNode, jsonLike: Bool, keyLine: Int, parent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        guard key.scalar != nil else { throw unsupported("complex keys are not supported") }
        guard key.range.start.line == line && keyLine == line else {
            throw syntax("implicit keys must be on a single line", at: key.range.start)
        }
        try checkDepth(depth + 1)
        pos += 1
        let afterColon = position
        if !jsonLike && !(isBlankOrEOL(pos) || isYAMLFlowIndicator(peek())) {
            throw syntax("expected whitespace after ':', found \(found)")
        }
        try skipFlowSpace(parent: parent)
        let value: YAMLNode
        if pos < end && (b[pos] == cComma || b[pos] == cRBracket) {
            value = YAMLNode(content: .scalar("", .plain), range: SourceRange(at: afterColon))
        } else {
            value = try parseFlowNode(parent: parent, depth: depth + 2)
        }
        return YAMLNode(content: .mapping([YAMLPair(key: key, value: value)], flow: true),
                        range: SourceRange(start: key.range.start, end: max(value.range.end, afterColon)))
    }

    mutating func parseFlowPair(parent: Int, depth: Int, pairs: inout [YAMLPair], seen: inout KeyIndex) throws(YAMLError) {
        let c = b[pos]
        if c == cColon && (isBlankOrEOL(pos + 1) || isYAMLFlowIndicator(peek(1))) {
            throw unsupported("empty mapping keys are not supported")
        }
        if c == cLBracket || c == cLBrace {
            throw unsupported("complex keys are not supported")
        }
        let jsonLike = c == cDQuote || c == cSQuote
        let key = try parseFlowNode(parent: parent, depth: depth + 1)
        let keyEnd = key.range.end
        try skipFlowSpace(parent: parent)
        var value: YAMLNode
        if pos < end && b[pos] == cColon {
            pos += 1
            let afterColon = position
            if !jsonLike && !(isBlankOrEOL(pos) || isYAMLFlowIndicator(peek())) {
                throw syntax("expected whitespace after ':', found \(found)")
            }
            try skipFlowSpace(parent: parent)
            if pos < end && (b[pos] == cComma || b[pos] == cRBrace) {
                value = YAMLNode(content: .scalar("", .plain), range: SourceRange(at: afterColon))
            } else {
                value = try parseFlowNode(parent: parent, depth: depth + 1)
            }
        } else {
            value = YAMLNode(content: .scalar("", .plain), range: SourceRange(at: keyEnd))
        }
        try addPair(&pairs, &seen, key: key, value: value)
    }
}

/// The keys of one mapping, to find duplicates: an FNV-1a hash per key, scanned
/// linearly for small mappings and through an open-addressing table for large ones.
private struct KeyIndex {
    var hashes: [UInt64] = []
    var table: [Int32] = []

    /// Adds the key of pair `index`; false if `pairs` already has it.
    mutating func insert(_ name: String, index: Int, pairs: [YAMLPair]) -> Bool {
        let h = name.utf8.withContiguousStorageIfAvailable { bytes in
            var h: UInt64 = 0xcbf29ce484222325
            for c in bytes { h = (h ^ UInt64(c)) &* 0x100000001b3 }
            return h
        } ?? {
            var h: UInt64 = 0xcbf29ce484222325
            for c in name.utf8 { h = (h ^ UInt64(c)) &* 0x100000001b3 }
            return h
        }()
        if table.isEmpty {
            for i in 0..<hashes.count where hashes[i] == h && pairs[i].name == name { return false }
            hashes.append(h)
            if hashes.count == 16 { rebuild(size: 64) }
            return true
        }
        let mask = UInt64(table.count - 1)
        var slot = Int(h & mask)
        while true {
            let t = Int(table[slot])
            if t < 0 { break }
            if hashes[t] == h && pairs[t].name == name { return false }
            slot = (slot + 1) & Int(mask)
        }
        table[slot] = Int32(index)
        hashes.append(h)
        if hashes.count * 2 > table.count { rebuild(size: table.count * 2) }
        return true
    }

    mutating func rebuild(size: Int) {
        table = Array(repeating: -1, count: size)
        let mask = size - 1
        for (i, h) in hashes.enumerated() {
            var slot = Int(h & UInt64(mask))
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(i)
        }
    }
}
