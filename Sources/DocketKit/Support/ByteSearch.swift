#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

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

#if os(Linux)
// Glibc declares memmem only under _GNU_SOURCE, which the Swift module does not define.
@_silgen_name("memmem") private func systemMemmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int,
                                                  _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer?
#else
private func systemMemmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer? {
    memmem(haystack, haystackLength, needle, needleLength)
}
#endif
