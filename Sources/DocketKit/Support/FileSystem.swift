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
/// Reads go through `open`/`read` into `[UInt8]` (no `Data`, no `String`), and
/// directory walks through `readdir`, because both run 10^5 times per validation.
public enum FileSystem {
    public enum Kind { case file, directory, symlink, other }

    public struct Entry {
        public var name: String
        public var kind: Kind
    }

    /// The bytes of a file, or nil when it cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        guard case .bytes(let bytes)? = read(path, limit: nil) else { return nil }
        return bytes
    }

    /// What `read(_:limit:)` found.
    public enum ReadResult {
        case bytes([UInt8])
        /// The file is larger than the limit (its size in bytes); it was not read.
        case tooLarge(Int)
    }

    /// The bytes of a file, or `.tooLarge` without reading it when its size
    /// exceeds `limit`; nil when it cannot be read.
    public static func read(_ path: String, limit: Int?) -> ReadResult? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        if let limit, size > limit { return .tooLarge(size) }
        // One byte more than the size says, uninitialised: a read that fills it
        // means the file grew while we read it (rare; then read on in chunks).
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
            var total = 0
            while total < buffer.count {
                let count = POSIX.read(fd, buffer.baseAddress! + total, buffer.count - total)
                if count < 0 { if errno == EINTR { continue }; failed = true; break }
                if count == 0 { break }
                total += count
            }
            initialized = total
        }
        if failed { return nil }
        if bytes.count > size {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = chunk.withUnsafeMutableBytes { POSIX.read(fd, $0.baseAddress!, 65_536) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 { return nil }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[0..<count])
            }
        }
        return .bytes(bytes)
    }

    /// The size of a file (following symlinks), or nil.
    public static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
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
        default: .other
        }
    }

    /// True when `path` exists and is a directory (following symlinks).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Entries of a directory, sorted by the UTF-8 bytes of their names; `.` and `..` left out.
    public static func list(_ path: String) -> [Entry] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            default: kind = Self.kind(path + "/" + name) ?? .other
            }
            entries.append(Entry(name: name, kind: kind))
        }
        // Byte order: the same on every machine, and cheaper than String's Unicode ordering.
        entries.sort { FileSystem.bytesPrecede($0.name, $1.name) }
        return entries
    }

    /// True when the UTF-8 bytes of `a` sort before those of `b`.
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        if let result = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = Swift.min(x.count, y.count)
                if common > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }), let result { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
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
        guard let real = realPath(path) else { return false }
        return real == root || real.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The current directory.
    public static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }

    /// Writes `bytes` to `path` atomically: a temporary file beside it, fsync, rename.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".docket-tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { POSIX.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 { if errno == EINTR { continue }; close(fd); unlink(temporary); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            written += count
        }
        guard fsync(fd) == 0 else { close(fd); unlink(temporary); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        close(fd)
        guard rename(temporary, path) == 0 else { unlink(temporary); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}
