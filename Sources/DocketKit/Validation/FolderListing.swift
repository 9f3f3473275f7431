#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

extension FileSystem {
    /// The entries of the folder at `path` exactly as `list(_:)` gives them (the same names,
    /// kinds and byte order), for the walk of `tickets/`, which lists 10^5 names in one folder.
    ///
    /// The cost `list` has per entry is gone: an ASCII name becomes its String without UTF-8
    /// validation (any other name goes through `VisibleText.fileName`, as in `list`), and the
    /// order is decided by `memcmp` over one buffer holding every name's bytes rather than by
    /// comparing Strings. Names that compare equal keep the order `readdir` gave them, as
    /// `list`'s stable sort keeps it.
    static func listInByteOrder(_ path: String) -> [Entry] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var entries: [Entry] = []
        // Each name's bytes (as `list` would name it), one after another; `spans` says where.
        var names: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { pointer -> String? in
                    let bytes = UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
                    let dot = UInt8(ascii: ".")
                    if bytes.count == 1, bytes[0] == dot { return nil }
                    if bytes.count == 2, bytes[0] == dot, bytes[1] == dot { return nil }
                    let start = names.count
                    let name: String
                    if bytes.allSatisfy({ $0 < 0x80 }) {
                        names.append(contentsOf: bytes)
                        name = String(decoding: bytes, as: UTF8.self)
                    } else {
                        name = VisibleText.fileName(bytes)
                        names.append(contentsOf: name.utf8)
                    }
                    spans.append((start, names.count - start))
                    return name
                }
            }
            guard let name else { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_FIFO): kind = .fifo
            case Int32(DT_SOCK): kind = .socket
            case Int32(DT_CHR), Int32(DT_BLK): kind = .device
            default: kind = Self.kind(path + "/" + name) ?? .other
            }
            entries.append(Entry(name: name, kind: kind))
        }
        guard entries.count > 1 else { return entries }
        let order = names.withUnsafeBufferPointer { bytes in byteOrder(of: spans, in: bytes) }
        return order.map { entries[$0] }
    }

    /// The positions of `spans` (names' bytes in `bytes`, none empty, none holding a zero byte)
    /// in the byte order of their names; equal names in the order given.
    ///
    /// The bytes every name starts with (`INC-2026-` in a folder of one year's incidents) tell
    /// none apart: each name's next eight bytes, as one big-endian integer (zero past its end,
    /// below every byte a name holds), decide nearly every comparison without `memcmp`.
    private static func byteOrder(of spans: [(start: Int, count: Int)], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        let base = bytes.baseAddress!
        var shared = spans[0].count
        for span in spans.dropFirst() where shared > 0 {
            let limit = Swift.min(shared, span.count)
            var offset = 0
            while offset < limit, base[span.start + offset] == base[spans[0].start + offset] { offset += 1 }
            shared = offset
        }
        var keys: [(key: UInt64, position: Int)] = []
        keys.reserveCapacity(spans.count)
        for (position, span) in spans.enumerated() {
            var key: UInt64 = 0
            for offset in shared..<(shared + 8) {
                key = key << 8 | UInt64(offset < span.count ? base[span.start + offset] : 0)
            }
            keys.append((key, position))
        }
        keys.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            let x = spans[a.position], y = spans[b.position]
            let common = Swift.min(x.count, y.count)
            if common > 0 {
                let compared = memcmp(base + x.start, base + y.start, common)
                if compared != 0 { return compared < 0 }
            }
            if x.count != y.count { return x.count < y.count }
            return a.position < b.position
        }
        return keys.map(\.position)
    }
}
