/// A finding's identity across runs: what it is about, never where it is.
///
/// The fingerprint hashes the rule, the path, the record id (a record file is
/// named by its id) and the message with its volatile figures masked, so a
/// finding keeps its fingerprint when lines are inserted above it, when the
/// clock moves an SLA figure, or when the same defect is found again tomorrow.
/// Identical keys in one file are told apart by their order (`#2`, `#3`, …).
/// GitLab Code Quality, SARIF and baselines all use it.
public enum FindingFingerprint {
    /// One fingerprint per diagnostic, in the same order; 32 hexadecimal digits.
    public static func fingerprints(_ diagnostics: [Diagnostic]) -> [String] {
        var seen: [String: Int] = [:]
        return diagnostics.map { diagnostic in
            let key = self.key(diagnostic)
            let occurrence = seen[key, default: 0] + 1
            seen[key] = occurrence
            return hash(occurrence == 1 ? key : key + "\u{0}#\(occurrence)")
        }
    }

    /// `rule NUL path NUL record-id NUL normalised message`.
    static func key(_ diagnostic: Diagnostic) -> String {
        diagnostic.rule + "\u{0}" + diagnostic.path + "\u{0}" + recordID(diagnostic.path) + "\u{0}" + normalised(diagnostic.message)
    }

    /// The file name without `.md` of a record under `tickets/`, else empty.
    static func recordID(_ path: String) -> String {
        guard path.hasPrefix("tickets/"), path.hasSuffix(".md") else { return "" }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return String(name.dropLast(3))
    }

    /// The message with digit runs masked as `#` in every word that is a figure
    /// (a number, date, time, percentage or duration such as `9h30m`); words that
    /// start with a letter (ids, `P2`, commit hashes with letters) are kept.
    static func normalised(_ message: String) -> String {
        var output: [UInt8] = []
        let bytes = Array(message.utf8)
        output.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: " ") { end += 1 }
            let word = bytes[start..<end]
            if isFigure(word) {
                var index = word.startIndex
                while index < word.endIndex {
                    if isDigit(word[index]) {
                        output.append(UInt8(ascii: "#"))
                        while index < word.endIndex, isDigit(word[index]) { index += 1 }
                    } else {
                        output.append(word[index])
                        index += 1
                    }
                }
            } else {
                output.append(contentsOf: word)
            }
            if end < bytes.count { output.append(UInt8(ascii: " ")) }
            start = end + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A word with a digit whose letters are at most duration units (`d h m s`), after any opening punctuation.
    private static func isFigure(_ word: ArraySlice<UInt8>) -> Bool {
        var hasDigit = false
        for byte in word {
            if isDigit(byte) { hasDigit = true; continue }
            if byte >= 0x80 { return false }
            let lower = byte | 0x20
            if lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") {
                guard hasDigit, byte == UInt8(ascii: "d") || byte == UInt8(ascii: "h") || byte == UInt8(ascii: "m") || byte == UInt8(ascii: "s") else { return false }
            }
        }
        return hasDigit
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Two FNV-1a 64-bit hashes with different offsets: stable across platforms and runs (unlike `Hasher`).
    static func hash(_ text: String) -> String {
        var first: UInt64 = 0xcbf29ce484222325
        var second: UInt64 = 0x84222325cbf29ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x100000001b3
            second = (second ^ UInt64(byte)) &* 0x100000001b3
            second ^= second >> 29
        }
        return hex(first) + hex(second)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
