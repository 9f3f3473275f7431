/// HTML escaping of text, shared by templates (`{{name}}`) and the Markdown renderer.
public enum HTMLEscape {
    /// Appends the UTF-8 bytes of `text` to `output` with `& " < > '` escaped
    /// (`&amp; &quot; &lt; &gt; &#39;`), so the text is safe in element content and
    /// in quoted attribute values.
    public static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, to: &output) }
    }

    /// Appends `bytes` (UTF-8) to `output`, escaped as `append(_:to:)` does.
    public static func append<Bytes: Collection>(_ bytes: Bytes, to output: inout [UInt8]) where Bytes.Element == UInt8 {
        // Most text (ids, dates, numbers) has nothing to escape: copied at once.
        if !bytes.contains(where: needsEscape) {
            output.append(contentsOf: bytes)
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: ampersand)
            case UInt8(ascii: "\""): output.append(contentsOf: quote)
            case UInt8(ascii: "<"): output.append(contentsOf: lessThan)
            case UInt8(ascii: ">"): output.append(contentsOf: greaterThan)
            case UInt8(ascii: "'"): output.append(contentsOf: apostrophe)
            default: output.append(byte)
            }
        }
    }

    /// `text` escaped as `append(_:to:)` does.
    public static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        append(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "'")
    }

    static let ampersand = Array("&amp;".utf8)
    static let quote = Array("&quot;".utf8)
    static let lessThan = Array("&lt;".utf8)
    static let greaterThan = Array("&gt;".utf8)
    static let apostrophe = Array("&#39;".utf8)
}
