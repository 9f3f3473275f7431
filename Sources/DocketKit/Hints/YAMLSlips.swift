/// Turns a YAML syntax error in a record's front matter into what a person typing Chinese in
/// an editor can act on: the slip that caused it (a full-width colon, a missing space, a value
/// that needs quotes, a key indented off its siblings) and the line to write instead.
///
/// Works on the text around the error only, after the parser failed: the parser and valid
/// files pay nothing for it.
enum YAMLSlips {
    /// One line of the front matter.
    struct Line {
        var number: Int
        var offset: Int
        var bytes: [UInt8]
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Where `error` is and what to say of it: the slip's explanation when `explain` knows one,
    /// else the parser's own message — what `validate` and `docket yaml` both print.
    static func message(for error: YAMLError, in bytes: [UInt8], range: Range<Int>, firstLine: Int) -> (position: SourcePosition, message: String) {
        explain(error, in: bytes, range: range, firstLine: firstLine) ?? (error.position, error.message)
    }

    /// The slip behind `error`, with where it is and the message to give; nil when the error
    /// is no slip recognised here (its own message stands).
    static func explain(_ error: YAMLError, in bytes: [UInt8], range: Range<Int>, firstLine: Int) -> (position: SourcePosition, message: String)? {
        let lines = split(bytes, range: range, firstLine: firstLine)
        guard let at = lines.firstIndex(where: { $0.number == error.position.line }) else { return nil }
        if error.message.hasPrefix("expected indentation with spaces, found tab") {
            return (error.position, "expected indentation with spaces, found a tab (an editor's tab key); replace the tab with spaces")
        }
        if error.kind == .unsupported {
            // `&`, `*`, `!` start anchors, aliases and tags: unsupported as such, but mostly text that needs quotes.
            guard let (_, message) = slip(on: lines[at]), let fix = message.range(of: "quote the value: "),
                  error.position.offset < bytes.count else { return nil }
            let names: [UInt8: String] = [UInt8(ascii: "&"): "an anchor", UInt8(ascii: "*"): "an alias", UInt8(ascii: "!"): "a tag"]
            guard let name = names[bytes[error.position.offset]] else { return nil }
            return (error.position, "expected a value, found \"\(Character(Unicode.Scalar(bytes[error.position.offset])))\", which starts \(name) (not supported); if it is text, quote the value: \(message[fix.upperBound...])")
        }
        // Only errors a slip leads to: an unclosed quote or bracket is what it says it is.
        guard slipErrors.contains(where: { error.message.hasPrefix($0) }) else { return nil }
        // The slip is on the error's line, or, for a first key, on the line before (its plain value ran on).
        var candidates = [at]
        if error.message.hasPrefix("expected end of line after plain scalar, found ':'"),
           let previous = lines[..<at].lastIndex(where: { !isBlankOrComment($0.bytes) }) { candidates.append(previous) }
        for index in candidates {
            if let found = slip(on: lines[index]) { return found }
        }
        return indentation(lines, at)
    }

    /// The parser's messages a keyboard slip leads to.
    static let slipErrors = [
        "expected ':' after mapping key", "expected end of line after", "expected a value, found",
        "expected mapping key at column", "expected block sequence entry at column", "expected whitespace",
        "expected end of document", "expected ',' or",
    ]

    static let fullWidthColon: [UInt8] = [0xEF, 0xBC, 0x9A]
    static let ideographicSpace: [UInt8] = [0xE3, 0x80, 0x80]
    static let quoteIndicators: Set<UInt8> = Set("[{#&*!|>'\"%@`".utf8)

    /// A slip in one `key: value` line (or `- key: value` list item).
    static func slip(on line: Line) -> (SourcePosition, String)? {
        let b = line.bytes
        var index = 0
        while index < b.count, b[index] == UInt8(ascii: " ") { index += 1 }
        if index < b.count, b[index] == UInt8(ascii: "\t") {
            return (position(line, index), "expected indentation with spaces, found a tab (an editor's tab key); replace the tab with spaces")
        }
        if starts(b, index, ideographicSpace) {
            return (position(line, index), "expected indentation with spaces, found an ideographic space \"　\" (U+3000); replace it with spaces")
        }
        if index + 1 < b.count, b[index] == UInt8(ascii: "-"), b[index + 1] == UInt8(ascii: " ") { index += 2 }
        let keyStart = index
        while index < b.count, b[index] != UInt8(ascii: ":"), b[index] != UInt8(ascii: " "), !starts(b, index, fullWidthColon) { index += 1 }
        // Flow collections (`- {at: …}`) and comments are no `key: value` lines.
        guard index > keyStart, index < b.count, !"{[#".utf8.contains(b[keyStart]) else { return nil }
        let key = String(decoding: b[keyStart..<index], as: UTF8.self)
        let prefix = String(decoding: b[0..<keyStart], as: UTF8.self)
        if starts(b, index, fullWidthColon) {
            let value = String(decoding: b[(index + 3)...], as: UTF8.self).trimmingCharacters(in: spaces)
            return (position(line, index), "expected \":\" after \(key), found a full-width colon \"：\"; write \"\(prefix)\(key): \(value)\"")
        }
        guard b[index] == UInt8(ascii: ":") else { return nil }
        let afterColon = index + 1
        if afterColon == b.count { return nil }
        if starts(b, afterColon, ideographicSpace) {
            let value = ValueSlips.withoutInvisibleSpaces(String(decoding: b[afterColon...], as: UTF8.self))
            return (position(line, afterColon), "expected a space after \"\(key):\", found an ideographic space \"　\" (U+3000); write \"\(prefix)\(key): \(value)\"")
        }
        if b[afterColon] != UInt8(ascii: " ") && b[afterColon] != UInt8(ascii: "\t") {
            let value = String(decoding: b[afterColon...], as: UTF8.self).trimmingCharacters(in: spaces)
            return (position(line, afterColon), "expected a space after \"\(key):\", found \"\(key):\(value)\"; write \"\(prefix)\(key): \(value)\"")
        }
        var valueStart = afterColon
        while valueStart < b.count, b[valueStart] == UInt8(ascii: " ") || b[valueStart] == UInt8(ascii: "\t") { valueStart += 1 }
        guard valueStart < b.count else { return nil }
        let value = String(decoding: b[valueStart...], as: UTF8.self).trimmingCharacters(in: spaces)
        if let curly = ValueSlips.unwrapCurlyQuotes(value) {
            return (position(line, valueStart), "expected straight quotes around the value of \(key), found curly quotes \(curly.open)\(curly.close); write \(prefix)\(key): \(quoted(curly.inner))")
        }
        if quoteIndicators.contains(b[valueStart]) || value.contains(": ") || value.contains(" #") {
            let first = b[valueStart]
            let what = !quoteIndicators.contains(first) ? (value.contains(": ") ? "\": \" in it" : "\" #\" in it")
                : first == UInt8(ascii: "\"") ? "a double quote at its start" : first == UInt8(ascii: "'") ? "a single quote at its start"
                : "\"\(Character(Unicode.Scalar(first)))\" at its start"
            return (position(line, valueStart), "expected the value of \(key) in quotes, as it has \(what), found it plain; quote the value: \(prefix)\(key): \(quoted(value))")
        }
        return nil
    }

    /// A key indented off the keys of its mapping (`reason:` one space too far in an escalation).
    static func indentation(_ lines: [Line], _ at: Int) -> (SourcePosition, String)? {
        guard let column = keyColumn(lines[at].bytes), let key = keyName(lines[at].bytes, column) else { return nil }
        for previous in lines[..<at].reversed() where !isBlankOrComment(previous.bytes) {
            guard let siblingColumn = keyColumn(previous.bytes), let sibling = keyName(previous.bytes, siblingColumn) else { return nil }
            // A parent key (nothing after its colon) owns more indented lines: no sibling to line up with.
            if siblingColumn < column && endsWithColon(previous.bytes) { return nil }
            guard siblingColumn != column, abs(siblingColumn - column) <= 3 else { return nil }
            return (position(lines[at], column), "expected the key \(key) at column \(siblingColumn + 1) like \(sibling) above it, found it at column \(column + 1); move it to column \(siblingColumn + 1)")
        }
        return nil
    }

    /// The column (0-based) of a line's key, after its indentation and a `- ` of a list item.
    static func keyColumn(_ b: [UInt8]) -> Int? {
        var index = 0
        while index < b.count, b[index] == UInt8(ascii: " ") { index += 1 }
        if index + 1 < b.count, b[index] == UInt8(ascii: "-"), b[index + 1] == UInt8(ascii: " ") { index += 2 }
        return keyName(b, index) == nil ? nil : index
    }

    static func keyName(_ b: [UInt8], _ start: Int) -> String? {
        guard start < b.count, !"{[#".utf8.contains(b[start]) else { return nil }
        var index = start
        while index < b.count, b[index] != UInt8(ascii: ":"), b[index] != UInt8(ascii: " ") { index += 1 }
        guard index > start, index < b.count, b[index] == UInt8(ascii: ":"), index + 1 == b.count || b[index + 1] == UInt8(ascii: " ") else { return nil }
        return String(decoding: b[start..<index], as: UTF8.self)
    }

    static func endsWithColon(_ b: [UInt8]) -> Bool {
        let text = String(decoding: b, as: UTF8.self).trimmingCharacters(in: spaces)
        return text.hasSuffix(":")
    }

    /// `value` in double quotes, or single quotes when it holds a double quote or backslash
    /// (the quoting itself is `YAMLScalarWriter`'s, the one that writes records).
    static func quoted(_ value: String) -> String {
        if !value.contains("\"") && !value.contains("\\") { return YAMLScalarWriter.doubleQuoted(value) }
        return YAMLScalarWriter.singleQuoted(value) ?? YAMLScalarWriter.doubleQuoted(value)
    }

    static let spaces = CharacterSet(charactersIn: " \t\r")

    static func starts(_ b: [UInt8], _ index: Int, _ needle: [UInt8]) -> Bool {
        index + needle.count <= b.count && b[index..<(index + needle.count)].elementsEqual(needle)
    }

    static func isBlankOrComment(_ b: [UInt8]) -> Bool {
        let text = String(decoding: b, as: UTF8.self).trimmingCharacters(in: spaces)
        return text.isEmpty || text.hasPrefix("#")
    }

    static func position(_ line: Line, _ index: Int) -> SourcePosition {
        SourcePosition(offset: line.offset + index, line: line.number, column: index + 1)
    }

    static func split(_ bytes: [UInt8], range: Range<Int>, firstLine: Int) -> [Line] {
        var lines: [Line] = []
        var start = range.lowerBound, number = firstLine
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            lines.append(Line(number: number, offset: start, bytes: Array(bytes[start..<contentEnd])))
            start = end + 1
            number += 1
        }
        return lines
    }
}

import Foundation
