/// CSV as spreadsheets read it: UTF-8 with a byte order mark (so Excel takes the
/// text as UTF-8), CRLF line ends, RFC 4180 quoting.
public enum CSVOutput {
    /// A header row and data rows.
    public static func render(header: [String], rows: [[String]]) -> String {
        var out = "\u{FEFF}"
        append(header, to: &out)
        for row in rows { append(row, to: &out) }
        return out
    }

    /// An array of objects as CSV: the header is `columns`, else the keys of the
    /// first object; each cell is the value's `cellText` (null is an empty cell).
    public static func render(_ value: OutputValue, columns: [String]? = nil) -> String {
        guard case .array(let items) = value else { return render(header: columns ?? [], rows: []) }
        let header = columns ?? items.first?.keys ?? []
        let rows = items.map { item in header.map { item[$0]?.cellText ?? "" } }
        return render(header: header, rows: rows)
    }

    /// One field: in double quotes (and inner quotes doubled) when it holds a comma,
    /// a quote or a line break.
    public static func field(_ text: String) -> String {
        guard needsQuotes(text.utf8) else { return text }
        var bytes: [UInt8] = []
        appendField(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when a field's bytes hold a comma, a quote or a line break.
    static func needsQuotes<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    }

    /// Appends one field's UTF-8 `bytes`, in double quotes (inner quotes doubled) when they
    /// hold a comma, a quote or a line break, as `field(_:)` does.
    static func appendField(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        guard needsQuotes(bytes) else { out.append(contentsOf: bytes); return }
        out.append(quote)
        for byte in bytes {
            out.append(byte)
            if byte == quote { out.append(quote) }
        }
        out.append(quote)
    }

    /// Appends one field (see `appendField(_:to:)`).
    static func appendField(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendField($0, to: &out) }
    }

    /// Appends a row as UTF-8 bytes: the fields separated by commas, then CRLF.
    static func append(_ row: [String], to out: inout [UInt8]) {
        for (index, cell) in row.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendField(cell, to: &out)
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    static func append(_ row: [String], to out: inout String) {
        for (index, cell) in row.enumerated() {
            if index > 0 { out.append(",") }
            out.append(field(cell))
        }
        out.append("\r\n")
    }
}
