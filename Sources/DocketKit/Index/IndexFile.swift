#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The bytes of `.docket/index-v1` (layout in docs/index-format.md): encoding, and a decoding
/// that answers nil for anything it does not fully understand, so a damaged index is rebuilt
/// rather than believed.
enum IndexFile {
    /// The first bytes of every index file; the last byte is the format version.
    static let magic: [UInt8] = Array("DOCKET-INDEX\n".utf8) + [1]
    /// The file's name inside `.docket/`.
    static let name = "index-v1"

    static func encode(fingerprint: UInt64, entries: [RecordIndex.Entry]) -> [UInt8] {
        var writer = Writer()
        writer.bytes.reserveCapacity(entries.count * 160 + 64)
        writer.bytes += magic
        writer.u64(fingerprint)
        writer.u64(UInt64(entries.count))
        for entry in entries {
            // An entry read from the old index and still fresh is copied as it was.
            if let raw = entry.raw { writer.bytes += raw; continue }
            writer.string(entry.path)
            writer.u64(UInt64(bitPattern: entry.stamp.size))
            writer.u64(UInt64(bitPattern: entry.stamp.modified))
            writer.u64(entry.stamp.inode)
            writer.string(entry.kind)
            guard let id = entry.id else { writer.byte(0); continue }
            let row = entry.row ?? ListCommand.Row(id: id, kind: entry.kind)
            writer.byte(1)
            writer.string(row.id)
            writer.optional(row.status)
            writer.optional(row.priority)
            writer.optional(row.person)
            writer.optional(row.personName)
            if let opened = row.opened { writer.byte(1); writer.u64(UInt64(bitPattern: opened)) } else { writer.byte(0) }
            writer.optional(row.title)
            writer.u64(UInt64(entry.links.count))
            for link in entry.links {
                writer.string(link.field)
                writer.string(link.target)
            }
        }
        writer.u64(checksum(writer.bytes[...]))
        return writer.bytes
    }

    /// The entries of an index written for `fingerprint`; nil when the bytes are truncated,
    /// damaged (checksum), of another version or written for other procedures or another docket.
    /// - Parameter rows: false to skip the `list` row fields (ids, links and stamps only), for `show`.
    static func decode(_ bytes: [UInt8], fingerprint: UInt64, rows: Bool = true) -> [RecordIndex.Entry]? {
        guard bytes.count >= magic.count + 24, bytes.starts(with: magic) else { return nil }
        let body = bytes[..<(bytes.count - 8)]
        var reader = Reader(bytes: bytes, offset: body.endIndex)
        guard let stored = reader.u64(), stored == checksum(body) else { return nil }
        reader = Reader(bytes: bytes, offset: magic.count, end: body.endIndex)
        guard reader.u64() == fingerprint, let count = reader.u64(), count <= UInt64(bytes.count) else { return nil }
        var entries: [RecordIndex.Entry] = []
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            let start = reader.offset
            guard let path = reader.string(), let size = reader.u64(), let modified = reader.u64(), let inode = reader.u64(),
                  let kind = reader.string(), let readable = reader.byte() else { return nil }
            let entry = RecordIndex.Entry(path: path, stamp: .init(size: Int64(bitPattern: size), modified: Int64(bitPattern: modified), inode: inode),
                                          kind: kind, id: nil, row: nil, links: [])
            if readable == 1 {
                guard let id = reader.string() else { return nil }
                entry.id = id
                if rows {
                    guard let status = reader.optional(), let priority = reader.optional(),
                          let person = reader.optional(), let personName = reader.optional(), let hasOpened = reader.byte() else { return nil }
                    var opened: Int64?
                    if hasOpened == 1 { guard let value = reader.u64() else { return nil }; opened = Int64(bitPattern: value) }
                    guard let title = reader.optional() else { return nil }
                    entry.row = ListCommand.Row(id: id, kind: kind, status: status, priority: priority, person: person,
                                                personName: personName, opened: opened, title: title)
                } else {
                    for _ in 0..<4 { guard reader.skipOptional() else { return nil } }
                    guard let hasOpened = reader.byte(), hasOpened == 0 || reader.u64() != nil, reader.skipOptional() else { return nil }
                }
                guard let linkCount = reader.u64(), linkCount <= UInt64(bytes.count) else { return nil }
                for _ in 0..<linkCount {
                    guard let field = reader.string(), let target = reader.string() else { return nil }
                    entry.links.append(.init(field: field, target: target))
                }
            } else if readable != 0 {
                return nil
            }
            entry.raw = bytes[start..<reader.offset]
            entries.append(entry)
        }
        guard reader.offset == body.endIndex else { return nil }
        return entries
    }

    /// FNV-1a, 64 bits: catches truncation and stray bytes, not malice (the index holds nothing a reader must trust).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    private struct Writer {
        var bytes: [UInt8] = []
        mutating func byte(_ value: UInt8) { bytes.append(value) }
        mutating func u64(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        mutating func string(_ text: String) {
            u64(UInt64(text.utf8.count))
            bytes += text.utf8
        }
        /// Absent is the length 2^64-1, which no string has.
        mutating func optional(_ text: String?) {
            guard let text else { u64(.max); return }
            string(text)
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset: Int
        var end: Int

        init(bytes: [UInt8], offset: Int, end: Int? = nil) {
            self.bytes = bytes
            self.offset = offset
            self.end = end ?? bytes.count
        }

        mutating func byte() -> UInt8? {
            guard offset < end else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u64() -> UInt64? {
            guard end - offset >= 8 else { return nil }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            offset += 8
            return value
        }

        mutating func string() -> String? {
            guard let length = u64(), length <= UInt64(end - offset) else { return nil }
            let start = offset
            offset += Int(length)
            return String(decoding: bytes[start..<offset], as: UTF8.self)
        }

        /// Steps over an optional string without making it; false for damaged bytes.
        mutating func skipOptional() -> Bool {
            guard let length = u64() else { return false }
            if length == .max { return true }
            guard length <= UInt64(end - offset) else { return false }
            offset += Int(length)
            return true
        }

        /// `.some(nil)` for an absent value, nil for damaged bytes.
        mutating func optional() -> String?? {
            guard end - offset >= 8 else { return nil }
            var peek = self
            if peek.u64() == .max { self = peek; return .some(nil) }
            guard let text = string() else { return nil }
            return .some(text)
        }
    }
}
