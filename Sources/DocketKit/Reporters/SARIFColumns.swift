/// SARIF 2.1.0 counts a region's columns in UTF-16 code units unless a run says otherwise
/// (`columnKind`, default `utf16CodeUnits`, which GitHub code scanning assumes); Docket's
/// diagnostics count UTF-8 bytes. Converting needs the line's text: each file with a
/// finding past column 1 is read once, through the same checks as a record (inside the
/// root, links included, at most the default `max_file_size`). A line that cannot be read
/// keeps its byte column — equal to the UTF-16 column on an ASCII line.
struct SARIFColumns {
    /// The canonical root, or nil when the findings came without one.
    private let root: String?
    /// Per path: the file's bytes and the offset each line starts at; nil when unreadable.
    private var files: [String: (bytes: [UInt8], lineStarts: [Int])?] = [:]

    init(root: String?) {
        self.root = root.map { FileSystem.realPath($0) ?? $0 }
    }

    /// The 1-based UTF-16 column of byte column `column` on `line` of `path`.
    mutating func utf16Column(path: String, line: Int, column: Int) -> Int {
        guard column > 1, line >= 1, let root else { return max(column, 1) }
        if files[path] == nil { files[path] = Self.load(root + "/" + path, root: root) }
        guard let file = files[path] ?? nil, line <= file.lineStarts.count else { return column }
        let start = file.lineStarts[line - 1]
        var end = start
        while end < file.bytes.count && end - start < column - 1 && file.bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return Self.utf16Count(file.bytes[start..<end]) + 1 + (column - 1 - (end - start))
    }

    /// UTF-16 code units of `bytes` read as UTF-8: 2 for a 4-byte sequence, 1 for any other
    /// character; only lead bytes count, so a stray continuation byte counts nothing.
    static func utf16Count(_ bytes: ArraySlice<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += byte >= 0xF0 ? 2 : 1 }
        return count
    }

    private static func load(_ full: String, root: String) -> (bytes: [UInt8], lineStarts: [Int])? {
        guard case .bytes(let bytes) = RecordLoader.readUnvetted(full, insideOf: root, limit: RepositorySettings.standard.maxFileSize) else {
            return nil
        }
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return (bytes, starts)
    }
}
