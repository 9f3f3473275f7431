/// Line and column arithmetic over a byte buffer.
enum Lines {
    /// The position of byte `offset`, counting lines from the start of `bytes`.
    /// - Complexity: O(offset); used only on the error path.
    static func position(of offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var lineStart = 0
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == 0x0A { line += 1; lineStart = index + 1 }
            index += 1
        }
        return SourcePosition(offset: offset, line: line, column: offset - lineStart + 1)
    }

    /// The offset of the first line feed in `bytes[start..<end]`, nil when there is none.
    /// `memchr` looks at many bytes a step: the one way the readers find a line's end.
    @inline(__always)
    static func lineFeed(in bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        guard start < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base + start, 0x0A, end - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
    }

    /// True when one of the eight bytes of `word` is `byte` (the word-at-a-time scans).
    @inline(__always)
    static func has(_ byte: UInt8, in word: UInt64) -> Bool { matches(byte, in: word) != 0 }

    /// The high bit of the bytes of `word` that are `byte`, exact up to the first (lowest) one:
    /// `trailingZeroBitCount >> 3` of the mask is the offset of the first such byte. Nonzero
    /// exactly when `has(_:in:)`.
    @inline(__always)
    static func matches(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let diff = word ^ (ones &* UInt64(byte))
        return (diff &- ones) & ~diff & (ones &* 0x80)
    }

    /// True when one of the eight bytes of `word` is below `limit` (at most 0x80; a byte of
    /// 0x80 or more is never below it).
    @inline(__always)
    static func has(below limit: UInt8, in word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return (word &- ones &* UInt64(limit)) & ~word & (ones &* 0x80) != 0
    }

    /// The first offset where `bytes` is not valid UTF-8 or holds a NUL byte, with the reason.
    /// - Complexity: O(n), one pass; ASCII runs cost one comparison a byte.
    static func encodingProblem(in bytes: [UInt8]) -> (offset: Int, message: String)? {
        bytes.withUnsafeBufferPointer { check($0).problem }
    }

    /// `encodingProblem(in:)`, and in the same pass whether the file is plain text: true when it
    /// holds no byte `FieldSlotDecoder.isPlainText` refuses anywhere (no control character but
    /// the line feed, no carriage return, no DEL, no byte order mark), so the front-matter
    /// decoder need not look at its bytes again. False tells nothing: then `isPlainText` decides.
    static func check(_ bytes: [UInt8]) -> (problem: (offset: Int, message: String)?, plainText: Bool) {
        bytes.withUnsafeBufferPointer { check($0) }
    }

    /// Exact byte masks of a word of ASCII bytes (no byte of 0x80 or more): the high bit of
    /// each byte that is below `limit` (at most 0x80), or equal to `byte`. Exact because no
    /// subtraction borrows from the next byte when every byte has its high bit set first.
    @inline(__always)
    static func asciiBelow(_ limit: UInt8, in word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        return ~((word | high) &- 0x0101_0101_0101_0101 &* UInt64(limit)) & high
    }

    @inline(__always)
    static func asciiEqual(_ byte: UInt8, in word: UInt64) -> UInt64 {
        asciiBelow(1, in: word ^ (0x0101_0101_0101_0101 &* UInt64(byte)))
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (problem: (offset: Int, message: String)?, plainText: Bool) {
        var index = 0
        let count = bytes.count
        let raw = UnsafeRawPointer(bytes.baseAddress)
        var plain = true
        while index < count {
            // Eight ASCII bytes at a time: most of a record is ASCII. Control characters but
            // line feeds (a NUL, a tab, a carriage return) and DEL are looked at byte by byte.
            if let raw, index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    let control = asciiBelow(0x20, in: word) | asciiEqual(0x7F, in: word)
                    if control == 0 || control == asciiEqual(0x0A, in: word) {
                        index += 8
                        continue
                    }
                }
            }
            // Then the characters of the next eight bytes (CJK text, a NUL), and words again.
            let stop = min(index + 8, count)
            while index < stop {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0 { return ((index, "expected UTF-8 text, found a NUL byte"), false) }
                    if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { plain = false }
                    index += 1
                    continue
                }
                // A run of well-formed three-byte characters (CJK text and its punctuation):
                // E1–EC and EE–EF take any two continuation bytes; E0 (overlong) and ED
                // (surrogates) are left to the full check. EF BB BF is a byte order mark.
                let runStart = index
                // Four bytes a load while at least four are left: the lead's range, the two
                // continuation bytes' top bits and the byte order mark in three comparisons.
                if let raw {
                    // Two characters a load first: both leads E1–EC or EE (by their low nibble, a
                    // bit of `allowed`) and the four continuation bytes' top bits, in one mask.
                    // E0, ED and EF (which may begin a byte order mark) go on one at a time below.
                    let allowed: UInt64 = 0x5FFE
                    while index + 8 <= count {
                        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian
                        guard word & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0,
                              (allowed >> (word & 0x0F)) & (allowed >> (word >> 24 & 0x0F)) & 1 != 0 else { break }
                        index += 6
                    }
                    while index + 4 <= count {
                        let word = raw.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian
                        let lead = UInt8(truncatingIfNeeded: word)
                        guard lead &- 0xE1 < 0x0F, lead != 0xED, word & 0x00C0_C000 == 0x0080_8000 else { break }
                        if word & 0x00FF_FFFF == 0x00BF_BBEF { plain = false }
                        index += 3
                    }
                }
                var lead = index < count ? bytes[index] : 0
                while lead &- 0xE1 < 0x0F && lead != 0xED && index + 3 <= count,
                      bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 {
                    if lead == 0xEF && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF { plain = false }
                    index += 3
                    guard index < count else { break }
                    lead = bytes[index]
                }
                if index != runStart { continue }
                let length: Int
                var minimum: UInt32
                var scalar: UInt32
                switch byte {
                case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
                case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
                case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
                default: return ((index, String(format: "expected UTF-8 text, found the byte 0x%02X", byte)), false)
                }
                guard index + length <= count else { return ((index, "expected UTF-8 text, found a truncated character at the end of the file"), false) }
                for next in 1..<length {
                    let continuation = bytes[index + next]
                    guard continuation & 0xC0 == 0x80 else { return ((index, String(format: "expected UTF-8 text, found the byte 0x%02X", byte)), false) }
                    scalar = scalar << 6 | UInt32(continuation & 0x3F)
                }
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                    return ((index, String(format: "expected UTF-8 text, found the byte 0x%02X", byte)), false)
                }
                index += length
            }
        }
        return (nil, plain)
    }
}
import Foundation
