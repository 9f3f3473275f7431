#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Writes to files in a repository so that a reader, a crash or a kill at any moment
/// sees the old file whole or the new one whole, never a part.
///
/// Every write goes to a temporary file in the target's folder, is fsynced, then
/// renamed over the target (or hard-linked to a new name for `create`), and the
/// folder is fsynced so the rename itself survives a power cut. Targets must lie
/// inside the repository root: a symbolic link, a FIFO, socket, device or folder at
/// the target, or a folder outside the root, is refused before anything is written.
public enum AtomicFile {
    /// Why a write was refused or failed; the old file, if any, is whole.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case outsideRoot(String)
        case notRegular(String, FileSystem.Kind)
        case missing(String)
        case exists(String)
        case system(String, step: String, errno: Int32)

        public var description: String { message }

        /// Lowercase, what was expected and what was found.
        public var message: String {
            switch self {
            case .outsideRoot(let path):
                "expected a file inside the repository, found \(path) outside it; nothing was written"
            case .notRegular(let path, let kind):
                "expected a regular file at \(path), found \(kind.phrase); it was not written"
            case .missing(let path):
                "expected an existing file at \(path), found none"
            case .exists(let path):
                "expected no file at \(path), found one; it was not overwritten"
            case .system(let path, let step, let code):
                "expected to write \(path), found \(step) failed: \(FileSystem.describe(errorCode: code)); the old file is unchanged"
            }
        }
    }

    /// A step after which tests make the write fail, to prove the old file stays whole.
    enum Step: Sendable { case temporaryWritten, synced }

    /// Replaces the regular file at `path` (absolute, inside the canonical `root`) with
    /// `bytes`, keeping its permission bits.
    public static func replace(_ path: String, with bytes: [UInt8], root: String) throws(Failure) {
        try replace(path, with: bytes, root: root, failAfter: nil)
    }

    static func replace(_ path: String, with bytes: [UInt8], root: String, failAfter: Step?) throws(Failure) {
        let (folder, name, mode) = try existingFile(path, root: root)
        let target = folder + "/" + name
        let temporary = try writeTemporary(bytes, folder: folder, name: name, mode: mode, failAfter: failAfter)
        try install(temporary, at: target, folder: folder, path: path)
    }

    /// Renames the complete `temporary` over `target` in `folder` (removing it when the rename
    /// fails), then flushes the folder and clears old leftovers: the last step of `replace`
    /// and `createOrReplace`. `path` is the name errors give.
    private static func install(_ temporary: String, at target: String, folder: String, path: String) throws(Failure) {
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system(path, step: "rename", errno: code)
        }
        syncFolder(folder)
        removeLeftovers(in: folder)
    }

    /// Writes `bytes` to `path` (absolute, inside the canonical `root`) with `mode`, whether or
    /// not a file is there: for a cache Docket owns (`.docket/index-v1`). What is there is
    /// replaced, a symbolic link included (replaced, not followed); a folder, FIFO, socket or
    /// device there, or a folder outside the root, is refused before anything is written.
    static func createOrReplace(_ path: String, with bytes: [UInt8], mode: mode_t, root: String) throws(Failure) {
        let (folder, name) = try place(path, root: root)
        let target = folder + "/" + name
        var info = stat()
        if lstat(target, &info) == 0 {
            let kind = FileSystem.kind(mode: info.st_mode)
            guard kind == .file || kind == .symlink else { throw .notRegular(path, kind) }
        }
        let temporary = try writeTemporary(bytes, folder: folder, name: name, mode: mode, failAfter: nil)
        try install(temporary, at: target, folder: folder, path: path)
    }

    /// Writes `bytes` to `path` (absolute, or relative to the working directory) anywhere:
    /// for output files the user names (`-o FILE`), not for records. A regular file there
    /// keeps its mode; a symbolic link there is replaced by the file, not followed.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temporary = try self.temporary(bytes, beside: path, newFileMode: newFileMode(), sync: true)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .system(path, step: "rename", errno: code)
        }
        syncFolder(FileSystem.folder(of: path))
    }

    /// A new hidden temporary file beside `path` (absolute, or relative to the working
    /// directory) holding `bytes`: the mode of a regular file at `path`, else
    /// `newFileMode`; fsynced when `sync` (`FileSystem.AtomicBatch` flushes once for all).
    static func temporary(_ bytes: [UInt8], beside path: String, newFileMode: mode_t, sync: Bool) throws(Failure) -> String {
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var info = stat()
        let mode = lstat(path, &info) == 0 && FileSystem.kind(mode: info.st_mode) == .file ? info.st_mode & 0o7777 : newFileMode
        return try writeTemporary(bytes, folder: FileSystem.folder(of: path), name: name, mode: mode, failAfter: nil, sync: sync)
    }

    /// 0666 less the umask: the mode of a new file. Sets the umask and back, so read it
    /// once before work on several threads.
    static func newFileMode() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }

    /// Creates the file at `path` with `bytes` (mode 0644 less the umask), never
    /// replacing one: the complete file appears under its name at once, or, when the
    /// name is taken (by a colleague's process at the same moment, say), `.exists` is
    /// thrown and nothing is left behind. Missing folders are created.
    public static func create(_ path: String, with bytes: [UInt8], root: String) throws(Failure) {
        let (folder, name) = try place(path, root: root, createFolders: true)
        let target = folder + "/" + name
        let temporary = try writeTemporary(bytes, folder: folder, name: name, mode: newFileMode(), failAfter: nil)
        defer { unlink(temporary) }
        // link(2) is the exclusive create (like O_CREAT|O_EXCL) of a file already complete.
        guard link(temporary, target) == 0 else {
            let code = errno
            if code == EEXIST { throw .exists(path) }
            throw .system(path, step: "link", errno: code)
        }
        syncFolder(folder)
        removeLeftovers(in: folder)
    }

    /// Removes the regular file at `path` (absolute, inside the canonical `root`) and
    /// flushes its folder: the old name of a renamed record. A symbolic link, special file
    /// or folder there is refused and left.
    public static func remove(_ path: String, root: String) throws(Failure) {
        let (folder, name, _) = try existingFile(path, root: root)
        guard unlink(folder + "/" + name) == 0 else { throw .system(path, step: "unlink", errno: errno) }
        syncFolder(folder)
    }

    /// The canonical folder, the name and the permission bits of the regular file at `path`;
    /// a symbolic link, special file or folder there, or a folder outside `root`, is refused.
    private static func existingFile(_ path: String, root: String) throws(Failure) -> (String, String, mode_t) {
        let (folder, name) = try place(path, root: root)
        var info = stat()
        guard lstat(folder + "/" + name, &info) == 0 else {
            if errno == ENOENT { throw .missing(path) }
            throw .system(path, step: "lstat", errno: errno)
        }
        let kind = FileSystem.kind(mode: info.st_mode)
        guard kind == .file else { throw .notRegular(path, kind) }
        return (folder, name, info.st_mode & 0o7777)
    }

    /// The canonical folder and the name of `path`, refused when the folder lies outside `root`.
    static func place(_ path: String, root: String, createFolders: Bool = false) throws(Failure) -> (String, String) {
        guard let slash = path.lastIndex(of: "/"), path.hasPrefix("/") else { throw .outsideRoot(path) }
        let name = String(path[path.index(after: slash)...])
        let folderPath = slash == path.startIndex ? "/" : String(path[..<slash])
        guard !name.isEmpty, name != ".", name != ".." else { throw .notRegular(path, .directory) }
        if createFolders, FileSystem.kind(folderPath) == nil {
            // Only folders below an existing folder inside the root are made.
            let (parent, own) = try place(folderPath, root: root, createFolders: true)
            if mkdir(parent + "/" + own, 0o777) != 0, errno != EEXIST { throw .system(folderPath, step: "mkdir", errno: errno) }
        }
        guard let folder = FileSystem.realPath(folderPath) else { throw .missing(folderPath) }
        guard folder == root || folder.hasPrefix(root == "/" ? "/" : root + "/") else { throw .outsideRoot(path) }
        return (folder, name)
    }

    /// Writes `bytes` to a new hidden file in `folder` with `mode`, fsynced unless `sync`
    /// is false; returns its path.
    static func writeTemporary(_ bytes: [UInt8], folder: String, name: String, mode: mode_t, failAfter: Step?,
                               sync: Bool = true) throws(Failure) -> String {
        let (fd, temporary) = try openTemporary(folder: folder, name: name)
        func fail(_ step: String, _ code: Int32) -> Failure {
            close(fd)
            unlink(temporary)
            return .system(folder + "/" + name, step: step, errno: code)
        }
        if let code = writeAll(fd, bytes) { throw fail("write", code) }
        if failAfter == .temporaryWritten { throw fail("write", EIO) }
        // fchmod, not the open mode: the umask must not narrow a mode being kept.
        guard fchmod(fd, mode) == 0 else { throw fail("fchmod", errno) }
        guard !sync || fsync(fd) == 0 else { throw fail("fsync", errno) }
        if failAfter == .synced { throw fail("rename", EIO) }
        close(fd)
        return temporary
    }

    /// A new hidden file `.NAME.docket-tmp-PID-N` in `folder`, open for writing.
    static func openTemporary(folder: String, name: String) throws(Failure) -> (fd: Int32, path: String) {
        var temporary = ""
        var fd: Int32 = -1
        for attempt in 0..<100 {
            temporary = folder + "/." + name + temporaryMarker + "\(getpid())-\(attempt)"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw .system(folder + "/" + name, step: "creating a temporary file", errno: errno) }
        return (fd, temporary)
    }

    /// Writes every byte of `bytes` to `fd`; the errno of a failed write, else nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32? {
        var written = 0
        while written < buffer.count {
            let count = systemWrite(fd, buffer.baseAddress! + written, buffer.count - written)
            if count < 0 { if errno == EINTR { continue }; return errno }
            written += count
        }
        return nil
    }

    /// A file the user names (`-o FILE`, as `write(_:to:)` writes it) written piece by
    /// piece as its text is produced, so that a large output is never held whole: the
    /// pieces go to a temporary file beside `path`, which `commit()` fsyncs and renames
    /// over `path`; `discard()` (or an error) leaves `path` as it was.
    public final class Stream {
        let path: String
        let mode: mode_t
        private let fd: Int32
        private let temporary: String
        private var open = true

        /// Creates the temporary file beside `path` (absolute, or relative to the working directory).
        public init(to path: String) throws(Failure) {
            self.path = path
            let slash = path.lastIndex(of: "/")
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            var info = stat()
            mode = lstat(path, &info) == 0 && FileSystem.kind(mode: info.st_mode) == .file ? info.st_mode & 0o7777 : AtomicFile.newFileMode()
            (fd, temporary) = try AtomicFile.openTemporary(folder: FileSystem.folder(of: path), name: name)
        }

        deinit { discard() }

        /// Appends `bytes` to the temporary file.
        public func write(_ bytes: [UInt8]) throws(Failure) {
            if let code = AtomicFile.writeAll(fd, bytes) { throw fail("write", code) }
        }

        /// Appends the UTF-8 bytes of `text`.
        public func write(_ text: String) throws(Failure) {
            var text = text
            if let code = text.withUTF8({ AtomicFile.writeAll(fd, UnsafeRawBufferPointer($0)) }) { throw fail("write", code) }
        }

        /// Makes the written bytes the file at `path`: fsync, rename, fsync of the folder.
        public func commit() throws(Failure) {
            // fchmod, not the open mode: the umask must not narrow a mode being kept.
            guard fchmod(fd, mode) == 0 else { throw fail("fchmod", errno) }
            guard fsync(fd) == 0 else { throw fail("fsync", errno) }
            close(fd)
            open = false
            guard rename(temporary, path) == 0 else {
                let code = errno
                unlink(temporary)
                throw .system(path, step: "rename", errno: code)
            }
            AtomicFile.syncFolder(FileSystem.folder(of: path))
        }

        /// Removes the temporary file; `path` stays as it was.
        public func discard() {
            guard open else { return }
            open = false
            close(fd)
            unlink(temporary)
        }

        private func fail(_ step: String, _ code: Int32) -> Failure {
            discard()
            return .system(path, step: step, errno: code)
        }
    }

    /// What every temporary file's name holds after its leading `.` and target name.
    static let temporaryMarker = ".docket-tmp-"

    /// Seconds after which a temporary file is a leftover: no write takes this long, so its
    /// writer was killed (SIGKILL, a power cut) between creating it and the rename.
    static let leftoverAge = 60

    /// Removes the temporary files in `folder` that a killed write left behind: hidden
    /// regular files whose name holds `temporaryMarker`, last changed over `leftoverAge`
    /// seconds before `now`. A younger one may belong to a write still running in
    /// another process, and is left. Returns the names removed.
    @discardableResult
    static func removeLeftovers(in folder: String, now: time_t = time(nil)) -> [String] {
        var removed: [String] = []
        for entry in FileSystem.list(folder) where entry.kind == .file && entry.name.hasPrefix(".")
            && entry.name.utf8.count > temporaryMarker.utf8.count && entry.name.contains(temporaryMarker) {
            let path = folder + "/" + entry.name
            var info = stat()
            guard lstat(path, &info) == 0, FileSystem.kind(mode: info.st_mode) == .file else { continue }
            #if canImport(Darwin)
            let changed = info.st_mtimespec.tv_sec
            #else
            let changed = info.st_mtim.tv_sec
            #endif
            guard now - changed > leftoverAge, unlink(path) == 0 else { continue }
            removed.append(entry.name)
        }
        return removed
    }

    /// Makes a rename or link in `folder` durable.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
