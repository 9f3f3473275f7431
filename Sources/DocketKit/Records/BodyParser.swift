/// Splits a record body into level-2 sections and reads the work log.
///
/// Headings inside fenced code blocks are not headings. A section runs until
/// the next level-1 or level-2 heading.
struct BodyParser {
    let procedure: Procedure

    private static let hash = UInt8(ascii: "#"), space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r"), backtick = UInt8(ascii: "`"), tilde = UInt8(ascii: "~")

    /// - Complexity: O(n) in the body's length.
    func sections(_ bytes: [UInt8], from start: Int, firstLine: Int) -> [BodySection] {
        var sections: [BodySection] = []
        // Room for the procedure's sections at once (growing from one cost three allocations a record).
        sections.reserveCapacity(procedure.sections.count)
        var index = start
        var line = firstLine
        var fence: UInt8? = nil
        // The section being read, in plain variables (`openStart` < 0: none): an optional tuple
        // of them was copied and destroyed through outlined value operations at every heading.
        var openTitle = ""
        var openID: String?
        var openHeading = SourcePosition.start
        var openStart = -1
        var openLine = 0

        func close(at end: Int) {
            guard openStart >= 0 else { return }
            let empty = Self.isBlank(bytes, openStart, end)
            sections.append(BodySection(title: openTitle, sectionID: openID, headingPosition: openHeading, isEmpty: empty,
                                        contentRange: openStart..<end, contentFirstLine: openLine))
            openStart = -1
        }

        while index < bytes.count {
            let lineEnd = Lines.lineFeed(in: bytes, from: index, to: bytes.count) ?? bytes.count
            let next = lineEnd < bytes.count ? lineEnd + 1 : lineEnd
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == Self.carriageReturn { contentEnd -= 1 }

            // Fences: ``` or ~~~ at the start of a line (up to 3 spaces of indent).
            var first = index
            while first < contentEnd, first - index < 3, bytes[first] == Self.space { first += 1 }
            if first + 2 < contentEnd, bytes[first] == Self.backtick || bytes[first] == Self.tilde,
               bytes[first + 1] == bytes[first], bytes[first + 2] == bytes[first] {
                if fence == nil { fence = bytes[first] } else if fence == bytes[first] { fence = nil }
            } else if fence == nil, first == index, index < contentEnd, bytes[index] == Self.hash {
                var level = 0
                while index + level < contentEnd, bytes[index + level] == Self.hash { level += 1 }
                let afterHashes = index + level
                if level <= 2, afterHashes == contentEnd || bytes[afterHashes] == Self.space {
                    close(at: index)
                    if level == 2 {
                        var titleEnd = contentEnd
                        while titleEnd > afterHashes, bytes[titleEnd - 1] == Self.space || bytes[titleEnd - 1] == Self.hash { titleEnd -= 1 }
                        var titleStart = afterHashes
                        while titleStart < titleEnd, bytes[titleStart] == Self.space || bytes[titleStart] == UInt8(ascii: "\t") { titleStart += 1 }
                        if let known = knownTitle(bytes, titleStart..<titleEnd) {
                            (openTitle, openID) = known
                        } else {
                            openTitle = String(decoding: bytes[titleStart..<titleEnd], as: UTF8.self)
                            openID = sectionID(for: openTitle)
                        }
                        openHeading = SourcePosition(offset: index, line: line, column: 1)
                        openStart = next
                        openLine = line + 1
                    }
                }
            }
            index = next
            line += 1
        }
        close(at: bytes.count)
        return sections
    }

    /// The procedure's title (zh or en) whose bytes a heading's are, with its section id: what
    /// `sectionID(for:)` finds for that heading when the titles are inert (`isInert`), found
    /// before any `String` of the heading is made (the title is the procedure's own). Nil
    /// when no title is these bytes, or the titles are not inert.
    func knownTitle(_ bytes: [UInt8], _ range: Range<Int>) -> (title: String, id: String)? {
        guard procedure.sectionTitlesAreInert, !range.isEmpty else { return nil }
        // The first section (zh before en) whose title is these bytes, as the walk over the sections found it.
        guard let found = bytes.withUnsafeBufferPointer({ procedure.sectionTitles.index(utf8: UnsafeBufferPointer(rebasing: $0[range])) }) else {
            return nil
        }
        return (procedure.sectionTitles.key(at: found), procedure.sections[found / 2].id)
    }

    /// The procedure's section whose zh or en title matches, ignoring case and surrounding spaces.
    func sectionID(for title: String) -> String? {
        if procedure.sectionTitlesAreInert && Self.isInert(title) {
            // No normalisation can make such texts equal with other bytes: compare bytes (no
            // `String` comparison of Chinese text, which is a call into Unicode tables).
            if let exact = procedure.sections.first(where: { Self.sameBytes($0.zh, title) || Self.sameBytes($0.en, title) }) { return exact.id }
        } else if let exact = procedure.sections.first(where: { $0.zh == title || $0.en == title }) {
            return exact.id
        }
        let lower = title.lowercased()
        return procedure.sections.first { $0.zh == title || $0.en.lowercased() == lower || $0.zh.lowercased() == lower }?.id
    }

    /// True when every scalar of `text` is ASCII or a CJK unified ideograph (U+4E00–U+9FFF):
    /// characters without a canonical decomposition that combine with nothing, so two such
    /// texts are equal `String`s exactly when their UTF-8 bytes are equal.
    static func isInert(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            guard value < 0x80 || (value >= 0x4E00 && value <= 0x9FFF) else { return false }
        }
        return true
    }

    /// True when `a` and `b` have the same UTF-8 bytes.
    @inline(__always)
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return b.utf8.withContiguousStorageIfAvailable { FieldSlotDecoder.same(a, $0) } ?? a.utf8.elementsEqual(b.utf8)
    }

    /// True when the range holds only whitespace and HTML comments.
    static func isBlank(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == space || byte == newline || byte == carriageReturn || byte == UInt8(ascii: "\t") { index += 1; continue }
            if byte == UInt8(ascii: "<"), index + 3 < end, bytes[index + 1] == UInt8(ascii: "!"), bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-") {
                var close = index + 4
                while close + 2 < end, !(bytes[close] == UInt8(ascii: "-") && bytes[close + 1] == UInt8(ascii: "-") && bytes[close + 2] == UInt8(ascii: ">")) { close += 1 }
                if close + 2 >= end { return false }
                index = close + 3
                continue
            }
            return false
        }
        return true
    }

    /// Reads the entries of a work-log section; lines that are not entries are
    /// reported under `worklog-format`. Indented lines continue the previous entry.
    func worklog(_ section: BodySection, bytes: [UInt8], dates: DateTimeParser, roles: Roles, sink: inout DiagnosticSink) -> [WorklogEntry] {
        var entries: [WorklogEntry] = []
        // Room for a few entries at once (growing from one cost an allocation an entry).
        entries.reserveCapacity(4)
        var index = section.contentRange.lowerBound
        var line = section.contentFirstLine
        let end = section.contentRange.upperBound
        var fence = false
        while index < end {
            let lineEnd = Lines.lineFeed(in: bytes, from: index, to: end) ?? end
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == Self.carriageReturn { contentEnd -= 1 }
            defer { index = lineEnd + 1; line += 1 }
            let position = SourcePosition(offset: index, line: line, column: 1)
            if Self.isBlank(bytes, index, contentEnd) { continue }
            if contentEnd - index >= 3, bytes[index] == Self.backtick, bytes[index + 1] == Self.backtick, bytes[index + 2] == Self.backtick { fence.toggle(); continue }
            if fence { continue }
            let first = bytes[index]
            if first == Self.space || first == UInt8(ascii: "\t") {
                if entries.isEmpty { sink.report(.worklogFormat, at: position, Self.formatMessage) }
                continue
            }
            guard (first == UInt8(ascii: "-") || first == UInt8(ascii: "*")), index + 1 < contentEnd, bytes[index + 1] == Self.space else {
                sink.report(.worklogFormat, at: position, Self.formatMessage)
                continue
            }
            if let entry = parseEntry(bytes, index + 2, contentEnd, line: line, lineStart: index, dates: dates, roles: roles) {
                if !roles.knows(person: entry.person) {
                    sink.report(.personUnknown, at: entry.personPosition, Hints.personMessage(entry.person, in: "the work-log author", roles: roles))
                }
                if let mark = entry.stateMark, procedure.resolveState(mark) == nil {
                    sink.report(.statusUnknown, at: entry.position, "expected the work-log mark [\(mark)] to name a state of \(procedure.kind) (\(Hints.states(procedure))), found none named \"\(mark)\"\(Hints.didYouMean(Hints.state(mark, in: procedure)))")
                }
                entries.append(entry)
            } else {
                sink.report(.worklogFormat, at: position, Self.formatMessage(bytes[(index + 2)..<contentEnd]))
            }
        }
        return entries
    }

    /// The message for an entry line that did not read, with the fix when its time was written
    /// in a local shape (`2026/11/03 09:20`) or its person has no colon after it.
    static func formatMessage(_ rest: ArraySlice<UInt8>) -> String {
        let words = String(decoding: rest, as: UTF8.self).split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 3 else { return formatMessage }
        let time = words[0] + " " + words[1]
        if let loose = LooseDateTime.accepted(time), loose.hasTime, loose.text != time {
            return "expected a work-log entry \"- 2026-11-03 09:15 person: text\", found the time \"\(time)\"; write \(loose.text)"
        }
        if LooseDateTime.accepted(time)?.text == time, !words[2].contains(":"), !words[2].contains("："), words.count == 4 {
            return "expected a work-log entry \"- 2026-11-03 09:15 person: text\", found no \":\" after \(words[2]); write \"- \(time) \(words[2]): \(words[3])\""
        }
        return formatMessage
    }

    static let formatMessage = "expected a work-log entry \"- 2026-11-03 09:15 person: text\", found a line that is not one"

    /// `<datetime> <person>: <text>` starting at `start`.
    /// - Parameter roles: when given, a person id written as `roles` holds it is that id's
    ///   `String` (shared), not a new one.
    func parseEntry(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int, lineStart: Int, dates: DateTimeParser,
                    roles: Roles? = nil) -> WorklogEntry? {
        guard end - start >= 16 else { return nil }
        // The datetime is `YYYY-MM-DD HH:MM[:SS]` or an ISO form without spaces.
        var timeEnd: Int
        if bytes[start + 10] == UInt8(ascii: "T") {
            timeEnd = start
            while timeEnd < end, bytes[timeEnd] != Self.space { timeEnd += 1 }
        } else {
            timeEnd = start + 16
            if timeEnd + 2 < end, bytes[timeEnd] == UInt8(ascii: ":") { timeEnd += 3 }
        }
        // The time read from the bytes where they lie (the file passed the UTF-8 check: a `String` of them has the same bytes).
        guard timeEnd < end, bytes[timeEnd] == Self.space,
              let time = bytes.withUnsafeBufferPointer({ dates.datetime(utf8: UnsafeBufferPointer(rebasing: $0[start..<timeEnd])) }) else { return nil }
        var personStart = timeEnd
        while personStart < end, bytes[personStart] == Self.space { personStart += 1 }
        // The person runs to a colon, ASCII or full-width (：, a common slip that is accepted);
        // a space first means no person was written. The text after the colon may hold spaces.
        var colon = personStart
        var textStart = end
        while colon < end {
            if bytes[colon] == UInt8(ascii: ":") { textStart = colon + 1; break }
            if Self.isFullWidthColon(bytes, colon, end) { textStart = colon + 3; break }
            if bytes[colon] == Self.space { return nil }
            colon += 1
        }
        guard colon < end, colon > personStart else { return nil }
        let person = roles.flatMap { roles in bytes.withUnsafeBufferPointer { roles.personID(utf8: UnsafeBufferPointer(rebasing: $0[personStart..<colon])) } }
            ?? String(decoding: bytes[personStart..<colon], as: UTF8.self)
        var textFrom = min(textStart, end), textTo = end
        while textFrom < textTo, bytes[textFrom] == Self.space { textFrom += 1 }
        while textTo > textFrom, bytes[textTo - 1] == Self.space { textTo -= 1 }
        var mark: String?
        // `hasPrefix("[")` compares characters (a call into Unicode tables): it can hold only when the
        // first byte is `[`, and then surely when the next byte is ASCII (nothing combines with it).
        // The text is made a `String` only then; the entry keeps its bytes' range.
        if textFrom < textTo && bytes[textFrom] == UInt8(ascii: "[") {
            let text = String(decoding: bytes[textFrom..<textTo], as: UTF8.self)
            let bracket = textFrom + 1 == textTo || bytes[textFrom + 1] < 0x80 ? true : text.hasPrefix("[")
            if bracket, let close = text.firstIndex(of: "]") {
                mark = String(text[text.index(after: text.startIndex)..<close])
            }
        }
        return WorklogEntry(time: time, person: person, source: bytes, textRange: textFrom..<textTo, stateMark: mark,
                            position: SourcePosition(offset: lineStart, line: line, column: 1),
                            personPosition: SourcePosition(offset: personStart, line: line, column: personStart - lineStart + 1))
    }

    /// True at the UTF-8 bytes of the full-width colon U+FF1A (：).
    static func isFullWidthColon(_ bytes: [UInt8], _ index: Int, _ end: Int) -> Bool {
        index + 2 < end && bytes[index] == 0xEF && bytes[index + 1] == 0xBC && bytes[index + 2] == 0x9A
    }
}

import Foundation
