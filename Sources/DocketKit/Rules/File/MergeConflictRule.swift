import Foundation

/// `merge-conflict`: a record still holding git's conflict markers. Raised by
/// `RecordReader.read` (Records/RecordReader.swift) before anything else is read,
/// with the check below; the file gets this one diagnostic and nothing else.
struct MergeConflictRule: Rule {
    static let conflicted = Fixture.edit(Fixture.closedIncident,
        ("- 2026-11-03 10:40 lisi: 调整导出任务超时参数后重试成功\n",
         "⚑<<<<<<< HEAD\n- 2026-11-03 10:40 lisi: 调整导出任务超时参数后重试成功\n=======\n- 2026-11-03 10:35 lisi: 远程查看服务器日志\n>>>>>>> origin/main\n"))

    static let description = RuleDescription(
        id: .mergeConflict, severity: .error, group: "file",
        summary: "a record must not hold git conflict markers",
        description: """
        When two people change the same record on different branches — most often both append to \
        the work log — git writes both versions into the file between `<<<<<<< `, `=======` and \
        `>>>>>>> ` lines. Such a file is reported once, on the `<<<<<<<` line, and nothing else in \
        it is checked (its front matter or work log would only yield unrelated errors). A conflict \
        is recognised by a line starting with `<<<<<<<` (then a space or the line end), followed by \
        a line `=======` and a line starting with `>>>>>>>`; a `=======` line alone is a Markdown \
        heading underline, not a conflict. Resolve it: keep both sides' work-log entries in time \
        order, choose one value for each front-matter field, delete the three marker lines, then \
        run `docket validate` again. To show markers in a knowledge article, indent them.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("## 解决方案\n", "## 解决方案\n处理结论\n=======\n"))),
            .failing(Fixture.incidentPath, conflicted),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("closure_code: success\n", "⚑<<<<<<< HEAD\nclosure_code: success\n=======\nclosure_code: workaround\n>>>>>>> feature/INC-2026-9001\n"))),
        ])

    static let message = "expected no git conflict markers, found an unresolved merge conflict starting on this line; "
        + "keep both sides' work-log entries in time order, choose one value per field and delete the marker lines"

    private static let opener = UInt8(ascii: "<"), separator = UInt8(ascii: "="), closer = UInt8(ascii: ">")

    /// The position of the first conflict opener that is followed by a separator and
    /// a closer line; nil when the file holds no complete conflict.
    /// - Complexity: O(n) with `memchr`: `<` is rare in records, so a file without
    ///   a conflict costs a scan for one byte.
    static func conflictStart(in bytes: [UInt8]) -> SourcePosition? {
        let found: Int? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count, let hit = memchr(base + offset, Int32(opener), buffer.count - offset) {
                let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if (index == 0 || buffer[index - 1] == 0x0A) && isMarker(buffer, at: index, of: opener, labelled: true),
                   closes(buffer, after: index) {
                    return index
                }
                offset = index + 1
            }
            return nil
        }
        return found.map { Lines.position(of: $0, in: bytes) }
    }

    /// True when a `=======` line follows the line at `start`, and a `>>>>>>>` line follows that.
    private static func closes(_ buffer: UnsafeBufferPointer<UInt8>, after start: Int) -> Bool {
        var seenSeparator = false
        var index = start
        while let newline = nextLineStart(buffer, after: index) {
            index = newline
            if !seenSeparator {
                seenSeparator = isMarker(buffer, at: index, of: separator, labelled: false)
            } else if isMarker(buffer, at: index, of: closer, labelled: true) {
                return true
            }
        }
        return false
    }

    private static func nextLineStart(_ buffer: UnsafeBufferPointer<UInt8>, after index: Int) -> Int? {
        var index = index
        while index < buffer.count, buffer[index] != 0x0A { index += 1 }
        return index + 1 < buffer.count ? index + 1 : nil
    }

    /// Seven `byte`s at `index`, then the line end, or (for a `labelled` marker) a space and git's label.
    private static func isMarker(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, of byte: UInt8, labelled: Bool) -> Bool {
        guard index + 7 <= buffer.count else { return false }
        for offset in 0..<7 where buffer[index + offset] != byte { return false }
        guard index + 7 < buffer.count else { return true }
        let next = buffer[index + 7]
        return next == 0x0A || next == 0x0D || (labelled && next == 0x20)
    }
}
