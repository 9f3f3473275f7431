/// Text made safe for a terminal or a line-based format: control characters
/// from records, commits and file names are shown as escapes (`\n`, `\t`,
/// `\x1b`, `\u{85}`), so a line break in a value cannot split a
/// `path:line:col` line and an escape sequence cannot reach the terminal.
public enum VisibleText {
    /// `text` with every C0 control character, DEL and C1 control character escaped;
    /// returns `text` itself when it holds none (the common case, checked on bytes).
    public static func escape(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            appendEscaped(scalar, to: &out)
        }
        return out
    }

    /// Like `escape`, but keeps line feeds: for multi-line text (a record section)
    /// printed as lines of its own. A carriage return is still escaped.
    public static func escapeKeepingLines(_ text: String) -> String {
        guard needsEscaping(text, allowLineFeed: true) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if scalar == "\n" { out.append("\n") } else { appendEscaped(scalar, to: &out) }
        }
        return out
    }

    /// A file name's bytes as text: valid UTF-8 as it is, each byte of an invalid
    /// sequence as `\xNN` (never U+FFFD, which would hide what the name holds).
    public static func fileName<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let array = Array(bytes)
        var out = ""
        var index = 0
        while index < array.count {
            let lead = array[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
            if length > 0, index + length <= array.count,
               let scalar = String(validating: array[index..<index + length], as: UTF8.self) {
                out += scalar
                index += length
            } else {
                out += "\\x" + hex(lead)
                index += 1
            }
        }
        return out
    }

    static func needsEscaping(_ text: String, allowLineFeed: Bool = false) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ needsEscaping(utf8: $0, allowLineFeed: allowLineFeed) }) {
            return found
        }
        return needsEscaping(utf8: text.utf8, allowLineFeed: allowLineFeed)
    }

    /// `needsEscaping(_:)` of UTF-8 bytes, read eight at a time while they are printable ASCII (a
    /// finding's path and most messages are): a word whose bytes all lie in 0x20…0x7E holds nothing
    /// to escape, and the bytes from the first other word on are judged one by one as before.
    static func needsEscaping(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte with its top bit set, below 0x20 (subtracting 0x20 borrows), or 0x7F (adding 1 reaches 0x80).
            if (word | (word &- 0x2020_2020_2020_2020) | (word &+ 0x0101_0101_0101_0101)) & high != 0 { break }
            index += 8
        }
        // The bytes before `index` are printable ASCII: none of them is a C2 lead byte.
        return needsEscaping(utf8: UnsafeBufferPointer(rebasing: bytes[index...]), allowLineFeed: false)
    }

    /// `needsEscaping(_:allowLineFeed:)` of a text's UTF-8 bytes (in place when the text is contiguous).
    @inline(__always)
    private static func needsEscaping<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes, allowLineFeed: Bool) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 {
                if !(allowLineFeed && byte == 0x0A) { return true }
            } else if byte == 0x7F {
                return true
            } else if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F {
                // U+0080…U+009F (C1 controls) are C2 80…C2 9F in UTF-8.
                return true
            }
            previous = byte
        }
        return false
    }

    static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar.value {
        case 0x0A: out.append("\\n")
        case 0x0D: out.append("\\r")
        case 0x09: out.append("\\t")
        case 0x00..<0x20, 0x7F: out.append("\\x" + hex(UInt8(scalar.value)))
        case 0x80...0x9F: out.append("\\u{" + String(scalar.value, radix: 16) + "}")
        default: out.unicodeScalars.append(scalar)
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
