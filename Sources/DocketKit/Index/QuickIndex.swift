#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The quick-check section of `.docket/index-v1` (layout in docs/index-format.md): what `show`
/// needs to tell that nothing changed and which files to read, without walking the tree by name
/// or reading the rest of the index.
///
/// Every folder the walk listed is stored with its stamp (modification and change times in ns,
/// inode), taken before its listing: a file added, removed or renamed in a folder changes the
/// folder's times, so equal folder stamps mean the walk would list the same files. Every record
/// file is a fixed-width row (folder, kind, name, size, modification time, inode) in the walk's
/// order, compared with `fstatat` by name in its folder on both cores; then a table of ids,
/// sorted by their bytes, gives each id's winner (the first file by path with that id), the ids
/// its winner links to and the ids of the records that link to it. The section is left empty
/// when the walk met a symbolic link (a link's target can change while every folder stays as it
/// was): `show` then checks the index entry by entry (`RecordIndex.inPlace`).
enum QuickIndex {
    /// No file: an id that only links name.
    static let none = UInt32.max
    /// Bytes of one file row: folder, kind, name offset, name length (u32 each); size, mtime, inode (u64 each).
    static let fileRow = 40
    /// Bytes of one id row: text offset, text length, winner, targets start and count, sources start and count (u32 each).
    static let idRow = 28

    /// The section for `entries`, checked against the walk `scan` that began before `started`
    /// (ns); empty when the folder stamps cannot tell every change or a count does not fit.
    static func section(scan: RepositoryIndex, entries: [RecordIndex.Entry], started: Int64) -> [UInt8] {
        guard scan.foldersTellChanges, entries.count == scan.files.count, entries.count < Int(Int32.max) else { return [] }
        var writer = ByteWriter()
        writer.u64(complete(scan, started: started) ? 1 : 0)
        var kinds: [String] = []
        var kindIndex: [String: UInt32] = [:]
        for entry in entries where kindIndex[entry.kind] == nil {
            kindIndex[entry.kind] = UInt32(kinds.count)
            kinds.append(entry.kind)
        }
        writer.u64(UInt64(kinds.count))
        for kind in kinds { writer.string(kind) }
        var folderIndex: [String: UInt32] = [:]
        writer.u64(UInt64(scan.folders.count))
        for (position, folder) in scan.folders.enumerated() {
            folderIndex[folder.path] = UInt32(position)
            writer.string(folder.path)
            // Changed just now: a change in the same clock tick would keep the stamp (stored as unknown).
            let racy = folder.modified > started - RecordIndex.racyWindow
            writer.u64(racy ? .max : UInt64(bitPattern: folder.modified))
            writer.u64(UInt64(bitPattern: folder.changed))
            writer.u64(folder.inode)
        }
        var names: [UInt8] = []
        writer.u64(UInt64(entries.count))
        for entry in entries {
            let path = Array(entry.path.utf8)
            guard let slash = path.lastIndex(of: UInt8(ascii: "/")),
                  let folder = folderIndex[String(decoding: path[..<slash], as: UTF8.self)], names.count < Int(Int32.max) else { return [] }
            let name = path[(slash + 1)...]
            writer.u32(folder)
            writer.u32(kindIndex[entry.kind]!)
            writer.u32(UInt32(names.count))
            writer.u32(UInt32(name.count))
            names += name
            names.append(0)
            writer.u64(UInt64(bitPattern: entry.stamp.size))
            writer.u64(UInt64(bitPattern: entry.stamp.modified))
            writer.u64(entry.stamp.inode)
        }
        writer.u64(UInt64(names.count))
        writer.bytes += names

        // Every id and link target once, sorted by bytes.
        var numberOf: [String: Int] = [:]
        var texts: [String] = []
        func intern(_ text: String) {
            if numberOf[text] == nil { numberOf[text] = texts.count; texts.append(text) }
        }
        for entry in entries {
            guard let id = entry.id else { continue }
            intern(id)
            for link in entry.links { intern(link.target) }
        }
        let order = texts.indices.sorted { texts[$0].utf8.lexicographicallyPrecedes(texts[$1].utf8) }
        var rank = [UInt32](repeating: 0, count: texts.count)
        for (position, number) in order.enumerated() { rank[number] = UInt32(position) }
        var winner = [UInt32](repeating: none, count: texts.count)
        var sources = [[UInt32]](repeating: [], count: texts.count)
        for (position, entry) in entries.enumerated() {
            guard let id = entry.id else { continue }
            let own = numberOf[id]!
            if winner[own] == none { winner[own] = UInt32(position) }
            for link in entry.links {
                let target = numberOf[link.target]!
                if sources[target].last != rank[own] { sources[target].append(rank[own]) }
            }
        }
        // Rows first (their lists' places in the pool), then the texts and the pool.
        var text: [UInt8] = []
        var pool: [UInt32] = []
        writer.u64(UInt64(texts.count))
        for number in order {
            let targets = winner[number] == none ? [] : entries[Int(winner[number])].links.map { rank[numberOf[$0.target]!] }
            guard text.count < Int(Int32.max), pool.count < Int(Int32.max) - targets.count - sources[number].count else { return [] }
            writer.u32(UInt32(text.count))
            writer.u32(UInt32(texts[number].utf8.count))
            text += texts[number].utf8
            writer.u32(winner[number])
            writer.u32(UInt32(pool.count))
            writer.u32(UInt32(targets.count))
            pool += targets
            writer.u32(UInt32(pool.count))
            writer.u32(UInt32(sources[number].count))
            pool += sources[number]
        }
        writer.u64(UInt64(text.count))
        writer.bytes += text
        writer.u64(UInt64(pool.count))
        for value in pool { writer.u32(value) }
        return writer.bytes
    }
    /// True when a section made from `scan` would have every folder's stamp (none changed in
    /// the racy window before `started`).
    static func complete(_ scan: RepositoryIndex, started: Int64) -> Bool {
        scan.foldersTellChanges && scan.folders.allSatisfy { $0.modified <= started - RecordIndex.racyWindow }
    }

    /// True when the index `bytes` (any version) hold a quick section with every folder's stamp:
    /// one without it is written again once the folders are no longer racy.
    static func complete(_ bytes: [UInt8]) -> Bool {
        let head = IndexFile.magic.count + 16
        guard bytes.count >= head + 8, bytes.starts(with: IndexFile.magic) else { return false }
        return bytes.withUnsafeBytes { $0.u64(IndexFile.magic.count + 8) >= 8 && $0.u64(head) == 1 }
    }

    /// What the quick check found for one record's view: the files to read, in the walk's order,
    /// with `own` and `chosen` (as `RecordStore.choose` gives them) as positions in `files`.
    struct Found {
        var files: [TicketFile]
        var own: Int
        var chosen: [String: Int]
    }

    /// The files the view of `id` needs when the quick section says that no file changed since the
    /// index was written; nil when it cannot say so (no index or no section, damage, another
    /// version or fingerprint, a folder or file stamp that differs, a racy stamp) or has no record
    /// `id`: the caller then checks the index entry by entry. Reads the index's first part only.
    static func lookup(root: String, procedures: ProcedureSet, around id: String) -> Found? {
        if case .found(let found) = check(root: root, procedures: procedures, around: id) { return found }
        return nil
    }

    /// What the quick check says.
    enum Check {
        /// Every folder and file matches; the view's files.
        case found(Found)
        /// Every folder and file matches, and no record has the id.
        case noRecord
        /// No usable section, or something in it differs from the tree.
        case unusable
    }

    /// The quick check of the index at `root` for the view of `id` (see `lookup`).
    static func check(root: String, procedures: ProcedureSet, around id: String) -> Check {
        guard let folder = RecordIndex.folder(root: root) else { return .unusable }
        let path = folder + "/" + IndexFile.name
        // The index itself is never a link (see `RecordIndex.refresh`).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return .unusable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .unusable }
        let head = IndexFile.magic.count + 16
        guard let header = readBytes(descriptor, at: 0, count: head), header.starts(with: IndexFile.magic) else { return .unusable }
        let length = header.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: IndexFile.magic.count + 8, as: UInt64.self).littleEndian }
        guard length > 0, length < UInt64(Int(info.st_size)), head + Int(length) + 8 <= Int(info.st_size),
              header.withUnsafeBytes({ $0.loadUnaligned(fromByteOffset: IndexFile.magic.count, as: UInt64.self).littleEndian })
                == RecordIndex.fingerprint(root: root),
              let rest = readBytes(descriptor, at: head, count: Int(length) + 8) else { return .unusable }
        let bytes = header + rest
        let end = bytes.count - 8
        guard bytes.withUnsafeBytes({ $0.loadUnaligned(fromByteOffset: end, as: UInt64.self).littleEndian })
                == checksum(bytes[..<end]) else { return .unusable }
        return bytes.withUnsafeBytes { raw in
            var reader = Reader(bytes: UnsafeRawBufferPointer(rebasing: raw[head..<end]))
            return lookup(&reader, root: root, id: id)
        }
    }

    private static func lookup(_ reader: inout Reader, root: String, id: String) -> Check {
        guard reader.u64() == 1, let kindCount = reader.count(atLeast: 8) else { return .unusable }
        var kinds: [String] = []
        for _ in 0..<kindCount {
            guard let kind = reader.string() else { return .unusable }
            kinds.append(kind)
        }
        // Folders: stamped again now, and opened for the files' stamps.
        guard let folderCount = reader.count(atLeast: 32) else { return .unusable }
        var folders: [String] = []
        var descriptors: [Int32] = []
        defer { for descriptor in descriptors { close(descriptor) } }
        for _ in 0..<folderCount {
            guard let path = reader.string(), safe(folder: path), let modified = reader.u64(), let changed = reader.u64(),
                  let inode = reader.u64(), modified != .max else { return .unusable }
            let full = root + "/" + path
            var info = stat()
            guard stat(full, &info) == 0 else { return .unusable }
            #if canImport(Darwin)
            let now = (info.st_mtimespec, info.st_ctimespec)
            #else
            let now = (info.st_mtim, info.st_ctim)
            #endif
            guard Int64(now.0.tv_sec) &* 1_000_000_000 &+ Int64(now.0.tv_nsec) == Int64(bitPattern: modified),
                  Int64(now.1.tv_sec) &* 1_000_000_000 &+ Int64(now.1.tv_nsec) == Int64(bitPattern: changed),
                  UInt64(info.st_ino) == inode else { return .unusable }
            #if os(Linux)
            // O_PATH (0o10000000; Glibc's module leaves it out): search permission is enough, as for stat.
            let flags: Int32 = 0o10000000 | O_DIRECTORY | O_CLOEXEC
            #else
            let flags: Int32 = O_RDONLY | O_DIRECTORY | O_CLOEXEC
            #endif
            let descriptor = open(full, flags)
            guard descriptor >= 0 else { return .unusable }
            descriptors.append(descriptor)
            folders.append(path)
        }
        guard let fileCount = reader.count(atLeast: fileRow), let rows = reader.take(fileCount * fileRow),
              let nameLength = reader.count(atLeast: 1), let names = reader.take(nameLength),
              let idCount = reader.count(atLeast: idRow), let ids = reader.take(idCount * idRow),
              let textLength = reader.count(atLeast: 1), let idText = reader.take(textLength),
              let poolCount = reader.count(atLeast: 4), let pool = reader.take(poolCount * 4), reader.atEnd else { return .unusable }
        // Every file as the index holds it: its name checked and its stamp taken, on both cores.
        let opened = descriptors, kindTotal = kinds.count
        // The buffers live until `lookup` returns; the two halves only read them.
        let shared = SharedBytes(rows: rows, names: names)
        let halves = parallelMap(2) { half -> Bool in
            let rows = shared.rows, names = shared.names
            let range = half == 0 ? 0..<(fileCount / 2) : (fileCount / 2)..<fileCount
            for position in range {
                let row = position * fileRow
                let folder = Int(rows.u32(row)), kind = Int(rows.u32(row + 4))
                let start = Int(rows.u32(row + 8)), count = Int(rows.u32(row + 12))
                guard folder < opened.count, kind < kindTotal, safe(name: names, start: start, count: count) else { return false }
                var info = stat()
                guard fstatat(opened[folder], names.baseAddress!.assumingMemoryBound(to: CChar.self) + start, &info, AT_SYMLINK_NOFOLLOW) == 0,
                      (info.st_mode & S_IFMT) == S_IFREG else { return false }
                let stamp = RecordIndex.Stamp(info)
                guard UInt64(bitPattern: stamp.size) == rows.u64(row + 16), UInt64(bitPattern: stamp.modified) == rows.u64(row + 24),
                      stamp.inode == rows.u64(row + 32) else { return false }
            }
            return true
        }
        guard halves.allSatisfy({ $0 }) else { return .unusable }
        // From here on the tree is as the index holds it.

        // The id's row, by binary search over the bytes.
        let wanted = Array(id.utf8)
        func text(of rank: Int) -> UnsafeRawBufferPointer? {
            let start = Int(ids.u32(rank * idRow)), count = Int(ids.u32(rank * idRow + 4))
            guard start <= idText.count, count <= idText.count - start else { return nil }
            return UnsafeRawBufferPointer(rebasing: idText[start..<(start + count)])
        }
        var low = 0, high = idCount
        while low < high {
            let middle = (low + high) / 2
            guard let other = text(of: middle) else { return .unusable }
            if other.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
        }
        guard low < idCount, let found = text(of: low), found.elementsEqual(wanted) else { return .noRecord }
        func list(_ rank: Int, at field: Int) -> [Int]? {
            let start = Int(ids.u32(rank * idRow + field)), count = Int(ids.u32(rank * idRow + field + 4))
            guard start <= poolCount, count <= poolCount - start else { return nil }
            return (start..<(start + count)).map { Int(pool.u32($0 * 4)) }
        }
        let own = Int(ids.u32(low * idRow + 8))
        guard own != Int(none) else { return .noRecord }
        guard own < fileCount, let targets = list(low, at: 12), let sources = list(low, at: 20) else { return .unusable }
        var chosen: [(id: String, position: Int)] = []
        for rank in Set([low] + targets + sources) {
            guard rank < idCount, let other = text(of: rank) else { return .unusable }
            let winner = ids.u32(rank * idRow + 8)
            if winner == none { continue }
            guard Int(winner) < fileCount else { return .unusable }
            chosen.append((String(decoding: other, as: UTF8.self), Int(winner)))
        }
        // The files, in the walk's order.
        let positions = Set(chosen.map(\.position)).sorted()
        var files: [TicketFile] = []
        var at: [Int: Int] = [:]
        for position in positions {
            let row = position * fileRow
            let start = Int(rows.u32(row + 8)), count = Int(rows.u32(row + 12))
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: names[start..<(start + count)]), as: UTF8.self)
            guard name.hasSuffix(".md") else { return .unusable }
            at[position] = files.count
            files.append(TicketFile(path: folders[Int(rows.u32(row))] + "/" + name, root: root, kind: kinds[Int(rows.u32(row + 4))],
                                    stem: String(name.dropLast(3))))
        }
        var byID: [String: Int] = [:]
        for (other, position) in chosen { byID[other] = at[position]! }
        return .found(Found(files: files, own: at[own]!, chosen: byID))
    }

    /// A folder path as the walk makes them: under `tickets`, no empty, `.` or `..` part.
    static func safe(folder: String) -> Bool {
        let parts = folder.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return parts.first.map { $0.elementsEqual("tickets".utf8) } == true
            && parts.allSatisfy { !$0.isEmpty && !$0.elementsEqual(".".utf8) && !$0.elementsEqual("..".utf8) && !$0.contains(0) }
    }

    /// A name as a folder lists it, followed by a zero byte: not empty, `.` or `..`, no `/` or zero inside.
    static func safe(name names: UnsafeRawBufferPointer, start: Int, count: Int) -> Bool {
        guard count > 0, start < names.count, count < names.count - start, names[start + count] == 0 else { return false }
        if names[start] == UInt8(ascii: "."), count == 1 || (count == 2 && names[start + 1] == UInt8(ascii: ".")) { return false }
        for index in start..<(start + count) where names[index] == UInt8(ascii: "/") || names[index] == 0 { return false }
        return true
    }

    /// `count` bytes of the file at `offset`; nil when it has fewer.
    private static func readBytes(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var total = 0
            while total < count {
                let read = pread(descriptor, buffer.baseAddress! + total, count - total, off_t(offset + total))
                if read < 0, errno == EINTR { continue }
                if read <= 0 { failed = true; break }
                total += read
            }
            initialized = total
        }
        return failed ? nil : bytes
    }

    /// The section's own checksum: FNV-1a's multiplier over 8-byte words (the section is read
    /// on every `show`; a byte at a time it would take as long as the stamps).
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var offset = 0
            while offset + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian) &* 0x0000_0100_0000_01b3
                hash ^= hash >> 32
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* 0x0000_0100_0000_01b3
                offset += 1
            }
            return hash
        }
    }

    static func checksum(_ bytes: [UInt8]) -> UInt64 { checksum(bytes[...]) }

    /// Little-endian integers and counted strings, as `IndexFile` writes them.
    private struct ByteWriter {
        var bytes: [UInt8] = []
        mutating func u32(_ value: UInt32) {
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        mutating func u64(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        mutating func string(_ text: String) {
            u64(UInt64(text.utf8.count))
            bytes += text.utf8
        }
    }

    /// Reads the section with every length checked against what is left.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var atEnd: Bool { offset == bytes.count }

        mutating func u64() -> UInt64? {
            guard bytes.count - offset >= 8 else { return nil }
            defer { offset += 8 }
            return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
        }

        /// A count of items of at least `size` bytes each that the rest can hold.
        mutating func count(atLeast size: Int) -> Int? {
            guard let value = u64(), value <= UInt64((bytes.count - offset) / size) else { return nil }
            return Int(value)
        }

        mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        }

        mutating func string() -> String? {
            guard let length = count(atLeast: 1), let text = take(length) else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
    }
}

/// Two buffers read by both halves of the stamp check while their owner waits.
private struct SharedBytes: @unchecked Sendable {
    let rows: UnsafeRawBufferPointer
    let names: UnsafeRawBufferPointer
}

private extension UnsafeRawBufferPointer {
    func u32(_ offset: Int) -> UInt32 { loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian }
    func u64(_ offset: Int) -> UInt64 { loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian }
}
