#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

extension UnsafeRawBufferPointer {
    /// True when `needle` occurs in the bytes (an empty needle always does): `memmem`.
    func occurs(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        return needle.withUnsafeBytes { systemMemmem(baseAddress!, count, $0.baseAddress!, $0.count) != nil }
    }

    /// True when `byte` occurs in the bytes (`memchr`).
    func occurs(_ byte: UInt8) -> Bool {
        isEmpty ? false : memchr(baseAddress!, Int32(byte), count) != nil
    }
}

extension Array where Element == UInt8 {
    /// True when `needle` occurs in the bytes (an empty needle always does): `memmem`, which
    /// skips through the bytes with the C library's vector code rather than a byte loop.
    func occurs(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { systemMemmem(haystack.baseAddress!, haystack.count, $0.baseAddress!, $0.count) != nil }
        }
    }

    /// True when `byte` occurs in the bytes (`memchr`).
    func occurs(_ byte: UInt8) -> Bool {
        withUnsafeBytes { $0.isEmpty ? false : memchr($0.baseAddress!, Int32(byte), $0.count) != nil }
    }
}

/// Many needles looked for at once (the ids of every record that links to a CI, 10^4 of them):
/// each position whose byte may start a needle is looked up by a hash of the shortest needle's
/// length of bytes, so a file is gone through once whatever the number of needles. A few needles
/// are searched one by one with `memmem`, which is faster for them.
struct NeedleSearch: Sendable {
    private let needles: [[UInt8]]
    /// The length every needle has at least: the part hashed.
    private let shortest: Int
    /// Bytes that start some needle.
    private let starts: [Bool]
    /// Hash of a needle's first `shortest` bytes → the needles that begin so.
    private let byPrefix: [UInt64: [Int]]
    private let hashed: Bool

    init(_ needles: [[UInt8]]) {
        self.needles = needles
        hashed = needles.count > 8 && !needles.contains(where: \.isEmpty)
        shortest = needles.map(\.count).min() ?? 0
        var starts = [Bool](repeating: false, count: 256)
        var byPrefix: [UInt64: [Int]] = [:]
        if hashed {
            for (index, needle) in needles.enumerated() {
                starts[Int(needle[0])] = true
                byPrefix[Self.hash(needle, from: 0, count: shortest), default: []].append(index)
            }
        }
        self.starts = starts
        self.byPrefix = byPrefix
    }

    /// True when some needle occurs in `bytes`: what `needles.contains { bytes.occurs($0) }` says.
    func occurs(in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { occurs(in: $0) }
    }

    /// True when some needle occurs in `raw` (bytes read in place, `FileSystem.withBytes`).
    func occurs(in raw: UnsafeRawBufferPointer) -> Bool {
        guard hashed else { return needles.contains { raw.occurs($0) } }
        guard raw.count >= shortest else { return false }
        let buffer = raw.bindMemory(to: UInt8.self)
        for position in 0...(buffer.count - shortest) where starts[Int(buffer[position])] {
            guard let candidates = byPrefix[Self.hash(buffer, from: position, count: shortest)] else { continue }
            for index in candidates {
                let needle = needles[index]
                guard position + needle.count <= buffer.count else { continue }
                let same = needle.withUnsafeBufferPointer { memcmp(buffer.baseAddress! + position, $0.baseAddress!, needle.count) == 0 }
                if same { return true }
            }
        }
        return false
    }

    /// FNV-1a of `count` bytes from `start`.
    private static func hash<Bytes: RandomAccessCollection>(_ bytes: Bytes, from start: Int, count: Int) -> UInt64 where Bytes.Element == UInt8, Bytes.Index == Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in start..<(start + count) { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}

#if os(Linux)
// Glibc declares memmem only under _GNU_SOURCE, which the Swift module does not define.
@_silgen_name("memmem") private func systemMemmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int,
                                                  _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer?
#else
private func systemMemmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer? {
    memmem(haystack, haystackLength, needle, needleLength)
}
#endif
