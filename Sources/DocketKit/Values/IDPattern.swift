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
    public func year(of text: String) -> Int? { match(Array(text.utf8)) ?? nil }

    /// Matches greedily; placeholders are separated by literals in every useful pattern.
    /// - Returns: nil for no match, otherwise the year if the pattern has one.
    private func match(_ bytes: [UInt8]) -> Int?? {
        var index = 0
        var year: Int?
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
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index - start >= 4 else { return nil }
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
        return index == bytes.count ? .some(year) : nil
    }
}
