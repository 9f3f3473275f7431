/// Finds the YAML front matter of a Markdown file.
///
/// The first line (after an optional UTF-8 byte order mark) must be exactly
/// `---` (optionally followed by `\r`); the front matter ends at the next line
/// that is exactly `---` or `...`.
public enum FrontMatter {
    /// Where a file's front matter is.
    public enum Location: Sendable, Equatable {
        /// Front matter found.
        /// - yaml: the bytes between the opening and closing lines.
        /// - firstLine: the line number of `yaml.lowerBound` (2).
        /// - bodyStart: the offset of the first byte after the closing line.
        /// - bodyFirstLine: the line number at `bodyStart`.
        /// - closingLine: the line number of the closing `---` or `...`.
        case found(yaml: Range<Int>, firstLine: Int, bodyStart: Int, bodyFirstLine: Int, closingLine: Int)
        /// The file does not start with a `---` line (or is empty).
        case missing
        /// The opening `---` has no closing line.
        case unclosed(openingLine: Int)
    }

    /// Locates the front matter in `bytes`.
    public static func locate(_ bytes: [UInt8]) -> Location {
        var pos = 0
        let n = bytes.count
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
        guard let first = markerLine(bytes, pos), first.dashes else { return .missing }
        guard first.next < n || bytes[n - 1] == UInt8(ascii: "\n") else {
            return .unclosed(openingLine: 1)
        }
        let yamlStart = first.next
        var lineStart = yamlStart
        var line = 2
        while lineStart < n {
            if let marker = markerLine(bytes, lineStart) {
                return .found(yaml: yamlStart..<lineStart, firstLine: 2, bodyStart: marker.next,
                              bodyFirstLine: line + 1, closingLine: line)
            }
            guard let i = Lines.lineFeed(in: bytes, from: lineStart, to: n) else { break }
            lineStart = i + 1
            line += 1
        }
        return .unclosed(openingLine: 1)
    }

    /// If the line at `start` is exactly `---` or `...` (optionally with `\r`),
    /// whether it is dashes and where the next line starts.
    private static func markerLine(_ b: [UInt8], _ start: Int) -> (dashes: Bool, next: Int)? {
        let n = b.count
        guard start + 3 <= n else { return nil }
        let c = b[start]
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return nil }
        guard b[start + 1] == c && b[start + 2] == c else { return nil }
        var i = start + 3
        if i < n && b[i] == UInt8(ascii: "\r") { i += 1 }
        if i == n { return (c == UInt8(ascii: "-"), n) }
        guard b[i] == UInt8(ascii: "\n") else { return nil }
        return (c == UInt8(ascii: "-"), i + 1)
    }
}
