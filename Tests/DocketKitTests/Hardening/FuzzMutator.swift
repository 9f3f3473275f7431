/// The ways `FuzzTests` breaks a record's bytes: each mutation is one kind of damage
/// a file in a ticket repository meets in practice (an editor, a bad merge, a wrong
/// encoding, a cut-off copy) or one a parser's limits must hold against.
enum FuzzMutation: String, CaseIterable {
    case deleteRange = "delete"
    case duplicateRange = "duplicate"
    case randomBytes = "random-bytes"
    case nul = "nul"
    case invalidUTF8 = "invalid-utf8"
    case longLine = "long-line"
    case deepFlow = "deep-flow"
    case deepBlock = "deep-block"
    case crOnly = "cr-only"
    case crlf = "crlf"
    case truncate = "truncate"
    case bomInside = "bom-inside"
    case conflictMarkers = "conflict-markers"
    case fullWidth = "full-width"
    case tabIndent = "tab-indent"
    case swapLines = "swap-lines"
    case oversize = "oversize"

    /// Beyond the YAML parser's 64 levels of nesting.
    static let deepLevels = 65...400
    /// A long line: 100 KB.
    static let longLineBytes = 100 * 1024
    /// Past the default `max_file_size` (1 MiB).
    static let oversizeBytes = (1 << 20) + 1

    /// Damages `bytes` in place; returns what was done, for the case's report.
    func apply(to bytes: inout [UInt8], _ random: inout SeededGenerator) -> String {
        switch self {
        case .deleteRange:
            guard !bytes.isEmpty else { return rawValue + " (empty)" }
            let range = Self.range(in: bytes.count, maxLength: Bool.random(using: &random) ? 64 : bytes.count / 2 + 1, &random)
            bytes.removeSubrange(range)
            return "\(rawValue) \(range)"
        case .duplicateRange:
            guard !bytes.isEmpty else { return rawValue + " (empty)" }
            let range = Self.range(in: bytes.count, maxLength: 512, &random)
            let at = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(contentsOf: bytes[range], at: at)
            return "\(rawValue) \(range) at \(at)"
        case .randomBytes:
            let count = Int.random(in: 1...16, using: &random)
            let noise = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            let at = Int.random(in: 0...bytes.count, using: &random)
            if Bool.random(using: &random), at + count <= bytes.count {
                bytes.replaceSubrange(at..<at + count, with: noise)
                return "\(rawValue) \(count) overwritten at \(at)"
            }
            bytes.insert(contentsOf: noise, at: at)
            return "\(rawValue) \(count) inserted at \(at)"
        case .nul:
            let at = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(0, at: at)
            return "\(rawValue) at \(at)"
        case .invalidUTF8:
            // A stray lead byte, an overlong form, a cut sequence, a lone continuation,
            // an encoded surrogate, a scalar past U+10FFFF, a GBK pair.
            let sequences: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xE6, 0x96], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xD5, 0xC5]]
            let sequence = sequences.randomElement(using: &random)!
            let at = Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(contentsOf: sequence, at: at)
            return "\(rawValue) \(sequence) at \(at)"
        case .longLine:
            let patterns: [[UInt8]] = [Array("a".utf8), Array("事".utf8), Array(" ".utf8), Array("- ".utf8), Array("[".utf8), Array("#".utf8), Array("\\\"".utf8)]
            let pattern = patterns.randomElement(using: &random)!
            var line: [UInt8] = []
            line.reserveCapacity(Self.longLineBytes + pattern.count)
            while line.count < Self.longLineBytes { line += pattern }
            let at = Self.lineStart(in: bytes, &random)
            if Bool.random(using: &random) {
                bytes.insert(contentsOf: Array("title: ".utf8) + line + [0x0A], at: at)
                return "\(rawValue) title of \(pattern) at \(at)"
            }
            bytes.insert(contentsOf: line, at: at)
            return "\(rawValue) of \(pattern) at \(at)"
        case .deepFlow:
            let depth = Int.random(in: Self.deepLevels, using: &random)
            let (open, close): (String, String) = Bool.random(using: &random) ? ("[", "]") : ("{a: ", "}")
            let balanced = Bool.random(using: &random)
            let value = String(repeating: open, count: depth) + "x" + (balanced ? String(repeating: close, count: depth) : "")
            let at = Self.frontMatterLineStart(in: bytes, &random)
            bytes.insert(contentsOf: Array("nested: \(value)\n".utf8), at: at)
            return "\(rawValue) \(depth) levels\(balanced ? "" : " unclosed") at \(at)"
        case .deepBlock:
            let depth = Int.random(in: Self.deepLevels, using: &random)
            var text = ""
            if Bool.random(using: &random) {
                for level in 0..<depth { text += String(repeating: " ", count: level) + "k:\n" }
                text += String(repeating: " ", count: depth) + "v\n"
            } else {
                text = "nested:\n" + String(repeating: "- ", count: depth) + "x\n"
            }
            let at = Self.frontMatterLineStart(in: bytes, &random)
            bytes.insert(contentsOf: Array(text.utf8), at: at)
            return "\(rawValue) \(depth) levels at \(at)"
        case .crOnly, .crlf:
            // The whole file, or from one of its line ends on.
            let from = bytes.indices.filter { bytes[$0] == 0x0A }.randomElement(using: &random) ?? 0
            let range = Bool.random(using: &random) ? 0..<bytes.count : from..<Int.random(in: from...bytes.count, using: &random)
            var out: [UInt8] = Array(bytes[..<range.lowerBound])
            for byte in bytes[range] {
                if byte == 0x0A { out += self == .crOnly ? [0x0D] : [0x0D, 0x0A] } else { out.append(byte) }
            }
            out += bytes[range.upperBound...]
            bytes = out
            return "\(rawValue) in \(range)"
        case .truncate:
            let at = Int.random(in: 0...bytes.count, using: &random)
            bytes.removeSubrange(at...)
            return "\(rawValue) at \(at)"
        case .bomInside:
            let at = Bool.random(using: &random) ? Self.lineStart(in: bytes, &random) : Int.random(in: 0...bytes.count, using: &random)
            bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: at)
            return "\(rawValue) at \(at)"
        case .conflictMarkers:
            let at = Self.lineStart(in: bytes, &random)
            let end = Self.lineEnd(in: bytes, from: at)
            let ours = Array(bytes[at..<end])
            let theirs = Array("- 2026-11-03 10:35 lisi: 远程查看服务器日志\n".utf8)
            let whole = Bool.random(using: &random)
            let block = Array("<<<<<<< HEAD\n".utf8) + ours + Array("=======\n".utf8) + theirs + Array(">>>>>>> origin/main\n".utf8)
            // Half of them only an opening marker: must not be read as a conflict.
            bytes.replaceSubrange(at..<end, with: whole ? block : Array("<<<<<<< HEAD\n".utf8) + ours)
            return "\(rawValue)\(whole ? "" : " (opening only)") at \(at)"
        case .fullWidth:
            let table: [UInt8: String] = [0x3A: "：", 0x2C: "，", 0x2D: "－", 0x5B: "［", 0x5D: "］", 0x28: "（", 0x29: "）", 0x20: "\u{3000}", 0x23: "＃", 0x7C: "｜", 0x22: "＂"]
            // The whole file, or up to 400 bytes from one of the characters replaced; that one always, the others by chance.
            let from = bytes.indices.filter { table[bytes[$0]] != nil }.randomElement(using: &random) ?? 0
            let range = Bool.random(using: &random) ? 0..<bytes.count : from..<min(bytes.count, from + 400)
            var out: [UInt8] = Array(bytes[..<range.lowerBound])
            var changed = 0
            for index in range {
                if let wide = table[bytes[index]], index == from || Int.random(in: 0..<3, using: &random) == 0 {
                    out += Array(wide.utf8)
                    changed += 1
                } else {
                    out.append(bytes[index])
                }
            }
            out += bytes[range.upperBound...]
            bytes = out
            return "\(rawValue) \(changed) in \(range)"
        case .tabIndent:
            var out: [UInt8] = []
            var lineStart = true
            for byte in bytes {
                if lineStart, byte == 0x20 { out.append(0x09); lineStart = false; continue }
                out.append(byte)
                lineStart = byte == 0x0A
            }
            bytes = out
            return rawValue
        case .swapLines:
            var lines = Self.lines(of: bytes)
            guard lines.count > 1 else { return rawValue + " (one line)" }
            let a = Int.random(in: 0..<lines.count, using: &random), b = Int.random(in: 0..<lines.count, using: &random)
            lines.swapAt(a, b)
            bytes = Array(lines.joined())
            return "\(rawValue) \(a + 1) and \(b + 1)"
        case .oversize:
            let at = Self.lineStart(in: bytes, &random)
            bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "x"), count: Self.oversizeBytes) + [0x0A], at: at)
            return "\(rawValue) at \(at)"
        }
    }

    /// A mutation drawn with `oversize` rare (each such file costs a mebibyte written and refused).
    static func random(_ random: inout SeededGenerator) -> FuzzMutation {
        let common = allCases.filter { $0 != .oversize }
        return Int.random(in: 0..<100, using: &random) == 0 ? .oversize : common.randomElement(using: &random)!
    }

    // MARK: positions

    private static func range(in count: Int, maxLength: Int, _ random: inout SeededGenerator) -> Range<Int> {
        guard count > 0 else { return 0..<0 }
        let start = Int.random(in: 0..<count, using: &random)
        let length = Int.random(in: 1...max(1, min(maxLength, count - start)), using: &random)
        return start..<start + length
    }

    /// Lines with their line ends (the last one may have none).
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start...index])
            start = index + 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    private static func lineStarts(in bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A && index + 1 < bytes.count { starts.append(index + 1) }
        return starts
    }

    private static func lineStart(in bytes: [UInt8], _ random: inout SeededGenerator) -> Int {
        lineStarts(in: bytes).randomElement(using: &random)!
    }

    /// The offset just past the line starting at `start` (its line end included).
    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return min(end + 1, bytes.count)
    }

    /// A line start inside the front matter (after the opening `---`), or anywhere when there is none.
    private static func frontMatterLineStart(in bytes: [UInt8], _ random: inout SeededGenerator) -> Int {
        let starts = lineStarts(in: bytes)
        let fence = Array("---".utf8)
        let fences = starts.filter { start in bytes[start...].starts(with: fence) }
        guard fences.count >= 2 else { return starts.randomElement(using: &random)! }
        let inside = starts.filter { $0 > fences[0] && $0 <= fences[1] }
        return inside.randomElement(using: &random) ?? fences[1]
    }
}
