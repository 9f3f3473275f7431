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
    static let magic: [UInt8] = Array("DOCKET-INDEX\n".utf8) + [2]
    /// The file's name inside `.docket/`.
    static let name = "index-v1"

    /// - Parameter quick: the quick-check section (`QuickIndex.section`); empty when the folder
    ///   stamps cannot tell every change (`show` then compares every entry).
    static func encode(fingerprint: UInt64, entries: [RecordIndex.Entry], quick: [UInt8] = []) -> [UInt8] {
        var writer = Writer()
        writer.bytes.reserveCapacity(entries.count * 160 + quick.count + 64)
        writer.bytes += magic
        writer.u64(fingerprint)
        writer.u64(UInt64(quick.count))
        writer.bytes += quick
        writer.u64(QuickIndex.checksum(writer.bytes))
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

    /// Where one entry's parts lie in the index bytes: what `show` compares and looks up in
    /// place, without making a String or an object of every entry.
    struct Slot {
        /// The whole entry (written back unchanged while its file is unchanged).
        var bytes: Range<Int>
        var path: Range<Int>
        var stamp: RecordIndex.Stamp
        var kind: Range<Int>
        /// The id's bytes; nil for a file that could not be read as a record.
        var id: Range<Int>?
        /// Where the row fields start (just after the id).
        var row = 0
        /// Where the first link starts, and how many there are.
        var links = 0
        var linkCount = 0
    }

    /// The entries of an index written for `fingerprint`, as places in `bytes`; nil when the bytes
    /// are truncated, damaged (checksum), of another version or written for other procedures or
    /// another docket. Every part is checked here: reading a slot's parts afterwards cannot fail.
    static func slots(_ bytes: [UInt8], fingerprint: UInt64) -> [Slot]? {
        guard bytes.count >= magic.count + 24, bytes.starts(with: magic) else { return nil }
        let body = bytes[..<(bytes.count - 8)]
        var reader = Reader(bytes: bytes, offset: body.endIndex)
        guard let stored = reader.u64(), stored == checksum(body) else { return nil }
        reader = Reader(bytes: bytes, offset: magic.count, end: body.endIndex)
        // The quick section and its own checksum are covered by the whole file's checksum.
        guard reader.u64() == fingerprint, let quick = reader.u64(), quick <= UInt64(body.endIndex - reader.offset) else { return nil }
        reader.offset += Int(quick)
        guard reader.u64() != nil, let count = reader.u64(), count <= UInt64(bytes.count) else { return nil }
        var slots: [Slot] = []
        slots.reserveCapacity(Int(count))
        for _ in 0..<count {
            let start = reader.offset
            guard let path = reader.range(), let size = reader.u64(), let modified = reader.u64(), let inode = reader.u64(),
                  let kind = reader.range(), let readable = reader.byte() else { return nil }
            var slot = Slot(bytes: start..<start, path: path,
                            stamp: .init(size: Int64(bitPattern: size), modified: Int64(bitPattern: modified), inode: inode), kind: kind, id: nil)
            if readable == 1 {
                guard let id = reader.range() else { return nil }
                slot.id = id
                slot.row = reader.offset
                for _ in 0..<4 { guard reader.skipOptional() else { return nil } }
                guard let hasOpened = reader.byte(), hasOpened == 0 || (hasOpened == 1 && reader.u64() != nil), reader.skipOptional(),
                      let linkCount = reader.u64(), linkCount <= UInt64(bytes.count) else { return nil }
                slot.links = reader.offset
                slot.linkCount = Int(linkCount)
                for _ in 0..<linkCount { guard reader.range() != nil, reader.range() != nil else { return nil } }
            } else if readable != 0 {
                return nil
            }
            slot.bytes = start..<reader.offset
            slots.append(slot)
        }
        guard reader.offset == body.endIndex else { return nil }
        return slots
    }

    /// The entries of an index written for `fingerprint` (nil as `slots` says).
    /// - Parameter rows: false to skip the `list` row fields (ids, links and stamps only), for `show`.
    static func decode(_ bytes: [UInt8], fingerprint: UInt64, rows: Bool = true) -> [RecordIndex.Entry]? {
        slots(bytes, fingerprint: fingerprint)?.map { entry($0, in: bytes, rows: rows) }
    }

    /// The entry a checked slot holds.
    static func entry(_ slot: Slot, in bytes: [UInt8], rows: Bool) -> RecordIndex.Entry {
        let kind = text(slot.kind, in: bytes)
        let entry = RecordIndex.Entry(path: text(slot.path, in: bytes), stamp: slot.stamp, kind: kind, id: nil, row: nil, links: links(slot, in: bytes))
        if let id = slot.id.map({ text($0, in: bytes) }) {
            entry.id = id
            if rows {
                var reader = Reader(bytes: bytes, offset: slot.row, end: slot.bytes.upperBound)
                // Checked by `slots`: every part is there.
                let status = reader.optional() ?? nil, priority = reader.optional() ?? nil
                let person = reader.optional() ?? nil, personName = reader.optional() ?? nil
                let opened = reader.byte() == 1 ? reader.u64().map { Int64(bitPattern: $0) } : nil
                let title = reader.optional() ?? nil
                entry.row = ListCommand.Row(id: id, kind: kind, status: status, priority: priority, person: person,
                                            personName: personName, opened: opened, title: title)
            }
        }
        entry.raw = bytes[slot.bytes]
        return entry
    }

    /// The links of a checked slot, in their order.
    static func links(_ slot: Slot, in bytes: [UInt8]) -> [RecordIndex.Link] {
        var reader = Reader(bytes: bytes, offset: slot.links, end: slot.bytes.upperBound)
        return (0..<slot.linkCount).map { _ in
            RecordIndex.Link(field: reader.range().map { text($0, in: bytes) } ?? "", target: reader.range().map { text($0, in: bytes) } ?? "")
        }
    }

    /// True when some link of a checked slot leads to the record `id`.
    static func links(_ slot: Slot, in bytes: [UInt8], to id: String) -> Bool {
        var reader = Reader(bytes: bytes, offset: slot.links, end: slot.bytes.upperBound)
        for _ in 0..<slot.linkCount {
            guard reader.range() != nil, let target = reader.range() else { return false }
            if equal(target, in: bytes, id) { return true }
        }
        return false
    }

    /// The UTF-8 text at `range`.
    static func text(_ range: Range<Int>, in bytes: [UInt8]) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// True when the bytes at `range` are those of `text` (`memcmp`, no String made).
    static func equal(_ range: Range<Int>, in bytes: [UInt8], _ text: String) -> Bool {
        guard range.count == text.utf8.count else { return false }
        guard !range.isEmpty else { return true }
        var text = text
        return text.withUTF8 { other in
            bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + range.lowerBound, other.baseAddress!, range.count) == 0 }
        }
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
            range().map { String(decoding: bytes[$0], as: UTF8.self) }
        }

        /// Where the next string's bytes lie; nil for damaged bytes.
        mutating func range() -> Range<Int>? {
            guard let length = u64(), length <= UInt64(end - offset) else { return nil }
            let start = offset
            offset += Int(length)
            return start..<offset
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
