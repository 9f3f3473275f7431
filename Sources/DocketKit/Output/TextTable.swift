/// Terminal column widths: East Asian wide and fullwidth characters take two
/// columns, combining marks and zero-width characters none.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v == 0 ? 0 : 1 }
        if v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// `text` followed by spaces up to `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let current = of(text)
        return current >= width ? text : text + String(repeating: " ", count: width - current)
    }

    /// Rows as aligned columns separated by two spaces; the last column is not padded.
    public static func table(_ rows: [[String]]) -> String {
        TextTable.render(rows)
    }
}

/// Aligned text tables, padded by display width (a CJK character is two columns).
public enum TextTable {
    /// Rows as aligned columns separated by `gap` spaces; the last cell of a row is
    /// not padded and trailing spaces are dropped. Cells are printed as given:
    /// escape record text with `VisibleText.escape` first.
    public static func render(_ rows: [[String]], gap: Int = 2) -> String {
        guard rows.contains(where: { !$0.isEmpty }) else { return "" }
        let widths = widths(rows)
        return rows.map { line($0, widths: widths, gap: gap) }.joined(separator: "\n")
    }

    /// The column widths of `rows`: each column's widest cell.
    public static func widths(_ rows: [[String]]) -> [Int] {
        var widths: [Int] = []
        for row in rows { widen(&widths, for: row) }
        return widths
    }

    /// Widens `widths` to hold `row`, for tables rendered a row at a time.
    public static func widen(_ widths: inout [Int], for row: [String]) {
        if widths.count < row.count { widths += [Int](repeating: 0, count: row.count - widths.count) }
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
    }

    /// One row of a table whose columns are `widths` wide, as `render` lays it out.
    public static func line(_ row: [String], widths: [Int], gap: Int = 2) -> String {
        let spacing = String(repeating: " ", count: gap)
        var line = ""
        for (index, cell) in row.enumerated() {
            if index == row.count - 1 { line += cell } else { line += DisplayWidth.pad(cell, to: widths[index]) + spacing }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// An array of objects as a table: a header row of `columns` (upper-cased
    /// titles unless given), one row per object; null and empty cells show `-`,
    /// every cell is escaped with `VisibleText.escape`.
    public static func render(_ value: OutputValue, columns: [String], titles: [String]? = nil) -> String {
        var rows = [titles ?? columns.map { $0.uppercased() }]
        if case .array(let items) = value {
            for item in items {
                rows.append(columns.map { key in
                    let text = item[key]?.cellText ?? ""
                    return text.isEmpty ? "-" : VisibleText.escape(text)
                })
            }
        }
        return render(rows)
    }
}
