/// What is one word when ids are looked for in text (renumbering, the records a change
/// names): a run of ASCII letters, digits, `-` and `_`. So `INC-2026-0001` is not found inside
/// `INC-2026-00012` or `XINC-2026-0001`, and an id written right after Chinese text
/// (`关联INC-2026-0001`) is still a word of its own.
enum IDWords {
    /// Whether `byte` continues a word.
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
    }
}
