/// Adds a line to a record's work log (or another section) touching no other byte of the file.
public enum WorklogText {
    /// The entry line `- 2026-11-30 10:00 wangwu: TEXT` (no line end).
    public static func entry(at time: Int64, person: String, text: String, dates: DateTimeParser) -> String {
        "- \(dates.localText(time)) \(person): \(text)"
    }

    /// `bytes` with `line` added after the last non-blank line of the work-log section;
    /// without such a section, a new one (`## TITLE`) is added at the end of the file.
    /// The file's own line end (CRLF or LF) is used; a file without a final line end
    /// keeps having none.
    public static func append(_ line: String, to bytes: [UInt8], record: Record, procedure: Procedure) -> [UInt8] {
        guard let spec = procedure.sections.first(where: \.isWorklog) else { return bytes }
        return append(line, to: bytes, record: record, section: spec)
    }

    /// `bytes` with `line` added after the last non-blank line of `spec`'s section, or a
    /// new section at the end of the file holding it.
    public static func append(_ line: String, to bytes: [UInt8], record: Record, section spec: SectionSpec) -> [UInt8] {
        let newline = RecordEdit.lineEnd(of: bytes)
        let entry = Array(line.utf8)
        let endsWithNewline = bytes.last == UInt8(ascii: "\n")
        guard let section = record.section(spec.id) else {
            var result = bytes
            if !bytes.isEmpty && !endsWithNewline { result += newline }
            result += newline + Array("## \(spec.zh)".utf8) + newline + newline + entry + newline
            return result
        }
        let range = section.contentRange
        var last = range.upperBound
        while last > range.lowerBound, isBlank(bytes[last - 1]) { last -= 1 }
        if last == range.lowerBound {
            // An empty section: the entry goes after the heading's blank line, or right below it.
            var insert = range.lowerBound
            let prefix = insert == bytes.count && !endsWithNewline ? newline : []
            var separator = newline
            if insert < range.upperBound, bytes[insert] == UInt8(ascii: "\r") || bytes[insert] == UInt8(ascii: "\n") {
                insert = bytes[insert] == UInt8(ascii: "\r") ? insert + 2 : insert + 1
                separator = []
            }
            let tail = insert == bytes.count && !endsWithNewline && prefix.isEmpty ? [] : newline
            return Array(bytes[..<insert]) + prefix + separator + entry + tail + Array(bytes[insert...])
        }
        // After the line end of the last non-blank line (none at the end of a file without one).
        var insert = last
        while insert < bytes.count, bytes[insert] != UInt8(ascii: "\n") { insert += 1 }
        if insert == bytes.count {
            return bytes + newline + entry
        }
        insert += 1
        return Array(bytes[..<insert]) + entry + newline + Array(bytes[insert...])
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
