#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// The few file-system calls Docket makes, over POSIX, in one place.
///
/// Reads go through `open`/`read` into a buffer each thread reuses (`withBytes`), then
/// `[UInt8]` when kept (no `Data`, no `String`), and
/// directory walks through `readdir`, because both run 10^5 times per validation.
public enum FileSystem {
    /// What a directory entry is. Only `.file` is ever opened for reading.
    public enum Kind: Sendable, Equatable {
        case file, directory, symlink, fifo, socket, device, other

        /// How a message names it: "a FIFO (named pipe)", "a folder", ….
        public var phrase: String {
            switch self {
            case .file: "a regular file"
            case .directory: "a folder"
            case .symlink: "a symbolic link"
            case .fifo: "a FIFO (named pipe)"
            case .socket: "a socket"
            case .device: "a device"
            case .other: "a special file"
            }
        }
    }

    public struct Entry {
        public var name: String
        public var kind: Kind
    }

    /// The bytes of a regular file, or nil when it cannot be read or is no regular file
    /// (a FIFO, socket, device or folder is never opened).
    public static func read(_ path: String) -> [UInt8]? {
        guard status(path) == .file, case .bytes(let bytes) = read(path, limit: nil) else { return nil }
        return bytes
    }

    /// What `read(_:limit:)` found: the bytes, or what `withBytes(_:limit:_:)` made of them.
    public enum ReadResult<Bytes> {
        case bytes(Bytes)
        /// The file is larger than the limit (its size in bytes); not a byte was read.
        case tooLarge(Int)
        /// The path is no regular file; it was opened without blocking and not read.
        case notRegular(Kind)
        /// `open` or `read` failed with this `errno`.
        case failed(Int32)
    }

    /// The bytes of a regular file, refused when it is larger than `limit` or no regular file.
    ///
    /// Reads through `withBytes(_:limit:_:)` (open, read until end of file, close: no `fstat`
    /// for a file under 64 KiB) and copies the bytes out of the thread's buffer.
    public static func read(_ path: String, limit: Int?) -> ReadResult<[UInt8]> {
        let result = withBytes(path, limit: limit) { [UInt8]($0) }
        ReadBuffer.current.shrinkIfLarge()
        return result
    }

    /// Hands the bytes of a regular file to `body`, in a buffer the calling thread reuses for
    /// every file it reads (valid only during `body`, which must not read another file through
    /// this routine): no allocation for a file whose bytes are looked at and dropped (`show`'s search).
    ///
    /// The one way Docket reads a file's bytes. The file is opened with `O_NONBLOCK`, so an
    /// entry swapped for a FIFO after the walk listed it cannot make the open or a read wait.
    /// A file under 64 KiB (every record) costs open, read, read (0: end of file) and close;
    /// `fstat` is called only when its answer is needed: when the first read fills 64 KiB (the
    /// size, checked against `limit` before reading on, and the kind: a device is refused), when
    /// the file is empty or a read fails (a FIFO without a writer reads as empty, a folder fails
    /// with `EISDIR`: both refused as no regular file, as before). At most 64 KiB of a file over
    /// the limit is read; its size is reported from `fstat`.
    public static func withBytes<T>(_ path: String, limit: Int?, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> ReadResult<T> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return .failed(errno) }
        defer { close(fd) }
        let buffer = ReadBuffer.current
        // Never more than one byte past the limit: that byte says the file is over it.
        let most = limit.map { $0 &+ 1 } ?? Int.max
        var total = 0
        var checked = false
        /// `fstat`: the kind (refused unless a regular file) and the size (refused over the limit,
        /// else room made for all of it and the byte that says it grew).
        func check() -> ReadResult<T>? {
            checked = true
            var info = stat()
            guard fstat(fd, &info) == 0 else { return .failed(errno) }
            let kind = kind(mode: info.st_mode)
            guard kind == .file else { return .notRegular(kind) }
            let size = Int(info.st_size)
            if let limit, size > limit { return .tooLarge(size) }
            buffer.reserve(Swift.min(most, size &+ 1), keeping: total)
            return nil
        }
        while true {
            let room = Swift.min(buffer.capacity, most) - total
            if room == 0 {
                if !checked {
                    if let refused = check() { return refused }
                    continue
                }
                if let limit, total > limit { return .tooLarge(total) }
                // The file grew while it was read: read on with twice the room.
                buffer.reserve(Swift.min(most, buffer.capacity &* 2), keeping: total)
                continue
            }
            let count = systemRead(fd, buffer.base + total, room)
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if !checked, let refused = check() { return refused }
                return .failed(code)
            }
            if count == 0 {
                if total == 0, !checked, let refused = check() { return refused }
                break
            }
            total += count
        }
        return .bytes(try body(UnsafeRawBufferPointer(start: buffer.base, count: total)))
    }

    /// The kind of what `path` leads to (following symlinks), or nil when nothing is there.
    public static func status(_ path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return kind(mode: info.st_mode)
    }

    /// Where a path leads once every symbolic link on the way is followed.
    public enum Resolution: Sendable, Equatable {
        /// Inside the root: the canonical path and the kind found there.
        case inside(String, Kind)
        /// Outside the root; nothing there was looked at beyond the path.
        case outside
        /// A link on the way leads to itself, directly or through others (`ELOOP`).
        case loop
        /// A link on the way leads to nothing (`ENOENT`, `ENOTDIR`).
        case dangling
    }

    /// Resolves `path` with `realpath` and says whether it stays inside `root`,
    /// which must itself be canonical.
    public static func resolve(_ path: String, root: String) -> Resolution {
        guard let resolved = realpath(path, nil) else {
            return errno == ELOOP ? .loop : .dangling
        }
        defer { free(resolved) }
        let real = String(cString: resolved)
        guard real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return .outside }
        return .inside(real, status(real) ?? .other)
    }

    /// The kind of `path` without following a final symlink.
    public static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return kind(mode: info.st_mode)
    }

    static func kind(mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .directory
        case S_IFLNK: .symlink
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        case S_IFCHR, S_IFBLK: .device
        default: .other
        }
    }

    /// True when `path` exists and is a directory (following symlinks).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Entries of a directory, sorted by the UTF-8 bytes of their names (the same on every
    /// machine, and cheaper than String's Unicode ordering); `.` and `..` left out.
    ///
    /// A name that is not UTF-8 keeps its bytes visible (`\\xff`, `VisibleText.fileName`),
    /// never U+FFFD: such an entry cannot be a record name, and it is reported with the bytes
    /// it has. The walk of `tickets/` lists 10^5 names in one folder, so an ASCII name becomes
    /// its String without UTF-8 validation and the order is decided over one buffer holding
    /// every name's bytes rather than by comparing Strings.
    public static func list(_ path: String) -> [Entry] {
        let listing = listing(path)
        return listing.entries.indices.map { Entry(name: listing.name(at: $0), kind: listing.entries[$0].kind) }
    }

    /// The entries `list` gives, with their names' bytes in one buffer instead of a String a
    /// name: a folder of 10^6 records listed holds no String per entry while it is walked.
    public struct Listing {
        /// Every name's UTF-8 bytes, one after another (a name that is not UTF-8 as `list` shows it).
        public var bytes: [UInt8]
        /// In the byte order of the names: where each name's bytes are, and the entry's kind.
        public var entries: [(start: Int, count: Int, kind: Kind)]

        /// The name of entry `position`, as `list` names it.
        public func name(at position: Int) -> String {
            let entry = entries[position]
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[entry.start..<entry.start + entry.count]), as: UTF8.self) }
        }
    }

    /// `list(_:)` as a `Listing`.
    public static func listing(_ path: String) -> Listing {
        guard let folder = opendir(path) else { return Listing(bytes: [], entries: []) }
        defer { closedir(folder) }
        var entries: [(start: Int, count: Int, kind: Kind)] = []
        // Each name's bytes (as the entry names it), one after another.
        var names: [UInt8] = []
        while let entry = readdir(folder) {
            let start = names.count
            let listed = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { pointer -> Bool in
                    let bytes = UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
                    let dot = UInt8(ascii: ".")
                    if bytes.count == 1, bytes[0] == dot { return false }
                    if bytes.count == 2, bytes[0] == dot, bytes[1] == dot { return false }
                    if bytes.allSatisfy({ $0 < 0x80 }) {
                        names.append(contentsOf: bytes)
                    } else {
                        names.append(contentsOf: VisibleText.fileName(bytes).utf8)
                    }
                    return true
                }
            }
            guard listed else { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_FIFO): kind = .fifo
            case Int32(DT_SOCK): kind = .socket
            case Int32(DT_CHR), Int32(DT_BLK): kind = .device
            default: kind = Self.kind(path + "/" + String(decoding: names[start...], as: UTF8.self)) ?? .other
            }
            entries.append((start, names.count - start, kind))
        }
        guard entries.count > 1 else { return Listing(bytes: names, entries: entries) }
        let order = names.withUnsafeBufferPointer { bytes in byteOrder(of: entries.map { (start: $0.start, count: $0.count) }, in: bytes) }
        return Listing(bytes: names, entries: order.map { entries[$0] })
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

    /// The canonical absolute path (symlinks resolved), or nil.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `path` resolves (through every symlink) to a place inside `root`,
    /// which must itself be canonical.
    public static func isInside(_ path: String, root: String) -> Bool {
        if case .inside = resolve(path, root: root) { return true }
        return false
    }

    /// The system's words for an `errno` value ("permission denied").
    public static func describe(errorCode: Int32) -> String {
        String(cString: strerror(errorCode)).lowercased()
    }

    /// The current directory.
    public static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }

    /// Writes `bytes` to `path` atomically (see `AtomicFile.write`): a temporary file
    /// beside it, fsync, rename over `path`, fsync of the folder. A reader sees the old
    /// file or the new one, never a part; a symbolic link at `path` is replaced, not
    /// followed. The one writer of files for every verb (`-o FILE`).
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try AtomicFile.write(bytes, to: path)
    }

    /// The folder `path` is in (`.` for a bare name, `/` for a top-level path).
    static func folder(of path: String) -> String {
        let slash = path.lastIndex(of: "/")
        return slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    }

    /// Many files written atomically with one flush to disk for all of them: each is
    /// staged as a temporary file beside its path, `commit()` flushes the file systems
    /// they are on once (`syncfs`) and renames every temporary file into place. Thousands
    /// of forms are written this way in the time of a few `fsync` calls; a reader sees
    /// each file either absent, as before, or whole. Temporary files are made as by
    /// `writeAtomically` (`AtomicFile`: hidden, `O_EXCL`, never through a link), not
    /// fsynced one by one. Staging is safe from several threads.
    public final class AtomicBatch: @unchecked Sendable {
        private var staged: [(temporary: String, path: String)] = []
        private let lock = NSLock()
        /// The mode of a new file, read once: the umask cannot be read without setting it.
        private let newFileMode = AtomicFile.newFileMode()

        public init() {}

        /// Writes `bytes` to a temporary file beside `path`; `commit()` puts it in place.
        public func stage(_ bytes: [UInt8], to path: String) throws {
            let temporary = try AtomicFile.temporary(bytes, beside: path, newFileMode: newFileMode, sync: false)
            lock.lock()
            staged.append((temporary, path))
            lock.unlock()
        }

        /// Flushes the staged files to disk, renames each into place (replacing, not
        /// following, a symbolic link there) and flushes their folders; on a failure the
        /// files not yet renamed are removed.
        public func commit() throws {
            lock.lock()
            defer { lock.unlock() }
            let folders = Set(staged.map { FileSystem.folder(of: $0.path) })
            for folder in folders.sorted() {
                let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                guard fd >= 0, FileSystem.flushFileSystem(fd) else {
                    if fd >= 0 { close(fd) }
                    discardLocked()
                    throw POSIXError(.init(rawValue: errno) ?? .EIO)
                }
                close(fd)
            }
            while let item = staged.popLast() {
                guard rename(item.temporary, item.path) == 0 else {
                    let code = errno
                    unlink(item.temporary)
                    discardLocked()
                    throw POSIXError(.init(rawValue: code) ?? .EIO)
                }
            }
            // The renames are durable once the folders' entries are on disk.
            for folder in folders.sorted() {
                AtomicFile.syncFolder(folder)
                AtomicFile.removeLeftovers(in: folder)
            }
        }

        /// Removes every staged file.
        public func discard() {
            lock.lock()
            defer { lock.unlock() }
            discardLocked()
        }

        private func discardLocked() {
            for item in staged { unlink(item.temporary) }
            staged.removeAll()
        }
    }

    /// Flushes the file system that holds the open descriptor `fd` to disk.
    static func flushFileSystem(_ fd: Int32) -> Bool {
        #if os(Linux)
        return linuxSyncFS(fd) == 0
        #else
        sync()
        return true
        #endif
    }
}

extension FileSystem.ReadResult: Sendable where Bytes: Sendable {}

#if os(Linux)
// Glibc declares syncfs only under _GNU_SOURCE, which the Swift module does not define.
@_silgen_name("syncfs") private func linuxSyncFS(_ fd: Int32) -> Int32
#endif

// read(2) and write(2) under names of their own (Swift has its own `read`/`write`);
// `systemWrite` serves `AtomicFile` too.
#if canImport(Glibc)
private let systemRead = Glibc.read
let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemRead = Darwin.read
let systemWrite = Darwin.write
#elseif canImport(Musl)
private let systemRead = Musl.read
let systemWrite = Musl.write
#endif
