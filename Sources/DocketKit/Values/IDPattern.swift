/// A record id pattern such as `INC-{year}-{seq}`.
///
/// Placeholders: `{year}` four digits, `{seq}` four or more digits, `{code}`
/// one or more upper-case ASCII letters, digits and dashes. Everything else is literal.
public struct IDPattern: Sendable, CustomStringConvertible {
    enum Part: Sendable, Equatable {
        case literal([UInt8])
        case year, sequence, code
    }

    let parts: [Part]
    public let description: String

    /// Parses a pattern; nil when a `{…}` placeholder is unknown or unclosed.
    public init?(_ text: String) {
        var parts: [Part] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{") {
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                let name = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                if !literal.isEmpty { parts.append(.literal(literal)); literal = [] }
                switch name {
                case "year": parts.append(.year)
                case "seq": parts.append(.sequence)
                case "code": parts.append(.code)
                default: return nil
                }
                index = close + 1
            } else {
                literal.append(bytes[index])
                index += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard !parts.isEmpty else { return nil }
        self.parts = parts
        self.description = text
    }

    /// The literal text before the first placeholder (`INC-`), used to guess a kind from an id.
    public var prefix: String {
        if case .literal(let bytes) = parts.first { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    /// True when `text` is an id of this pattern.
    public func matches(_ text: String) -> Bool { match(Array(text.utf8)) != nil }

    /// The `{year}` of an id, or nil when the pattern has none or `text` does not match.
    public func year(of text: String) -> Int? { match(Array(text.utf8))?.year }

    /// The `{year}` (nil without one) and `{seq}` of an id; nil when `text` does not
    /// match or the pattern has no `{seq}`.
    public func numbers(of text: String) -> (year: Int?, sequence: Int)? {
        guard let found = match(Array(text.utf8)), let sequence = found.sequence else { return nil }
        return (found.year, sequence)
    }

    /// True when ids are numbered: a `{seq}` and no `{code}`, so the next id can be made.
    public var isNumbered: Bool {
        parts.contains { if case .sequence = $0 { true } else { false } } && !parts.contains { if case .code = $0 { true } else { false } }
    }

    /// The id with `year` and `sequence` (at least four digits); nil for a pattern with `{code}`.
    public func id(year: Int, sequence: Int) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let bytes): text += String(decoding: bytes, as: UTF8.self)
            case .year: text += TimeText.digits(year, 4)
            case .sequence: text += TimeText.digits(sequence, 4)
            case .code: return nil
            }
        }
        return text
    }

    /// Matches greedily; placeholders are separated by literals in every useful pattern.
    /// - Returns: nil for no match, otherwise the year and sequence if the pattern has them.
    private func match(_ bytes: [UInt8]) -> (year: Int?, sequence: Int?)? {
        var index = 0
        var year: Int?
        var sequence: Int?
        for (partIndex, part) in parts.enumerated() {
            switch part {
            case .literal(let literal):
                guard bytes.count - index >= literal.count, bytes[index..<(index + literal.count)].elementsEqual(literal) else { return nil }
                index += literal.count
            case .year:
                guard bytes.count - index >= 4 else { return nil }
                var value = 0
                for byte in bytes[index..<(index + 4)] {
                    guard byte >= 0x30, byte <= 0x39 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                }
                year = value
                index += 4
            case .sequence:
                let start = index
                var value = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    // Saturates: a number too long for Int is still an id, just never the next one.
                    value = value > Int.max / 20 ? value : value * 10 + Int(bytes[index] - 0x30)
                    index += 1
                }
                guard index - start >= 4 else { return nil }
                sequence = value
            case .code:
                let start = index
                let isLast = partIndex == parts.count - 1
                while index < bytes.count {
                    let byte = bytes[index]
                    let ok = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || (byte == 0x2D && isLast)
                    guard ok else { break }
                    index += 1
                }
                guard index > start, bytes[index - 1] != 0x2D else { return nil }
            }
        }
        return index == bytes.count ? (year, sequence) : nil
    }
}
