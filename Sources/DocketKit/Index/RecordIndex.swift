#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// The `.docket/index-v1` cache of `list` rows and links, checked against the tree on every use.
///
/// Never trusted blindly: each use walks `tickets/` as every verb does, compares each file's
/// size, modification time (ns) and inode with the index's and re-reads only the files that
/// are new or changed (removed ones drop out), then rewrites the index atomically when anything
/// moved. An index that is truncated, damaged, of another version or written for other procedure
/// documents or another docket is ignored and rebuilt; deleting `.docket/` is always safe.
/// `validate` never reads it. Layout: docs/index-format.md.
struct RecordIndex: Sendable {
    /// What identifies a version of a file without reading it.
    struct Stamp: Sendable, Equatable {
        var size: Int64
        /// Modification time in nanoseconds since 1970.
        var modified: Int64
        var inode: UInt64

        /// Matches no file: the entry is read again on the next use.
        static let unknown = Stamp(size: -1, modified: 0, inode: 0)

        /// The stamp of what `path` leads to (symbolic links followed, as the walk follows them).
        init?(of path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            self.init(info)
        }

        /// The stamp of a `stat` result.
        init(_ info: stat) {
            #if canImport(Darwin)
            let time = info.st_mtimespec
            #else
            let time = info.st_mtim
            #endif
            self.init(size: Int64(info.st_size), modified: Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec), inode: UInt64(info.st_ino))
        }

        /// The stamps of `files` (symbolic links followed, as `init(of:)`), on all cores: each
        /// folder is opened once and its files are looked at by name relative to it (`fstatat`),
        /// not by absolute path; a folder that cannot be opened falls back to `init(of:)`.
        static func of(_ files: [TicketFile], root: String) -> [Stamp?] {
            // Files are in path order: those of one folder are neighbours.
            var folderOf = [Int32](repeating: -1, count: files.count)
            var nameStart = [Int](repeating: 0, count: files.count)
            var descriptors: [Int32] = []
            var previous: Substring? = nil
            for (position, file) in files.enumerated() {
                var path = file.path
                // The last `/`, found over the bytes (the generic search walks String indices).
                let cut = path.withUTF8 { bytes -> Int in
                    var index = bytes.count - 1
                    while index >= 0, bytes[index] != UInt8(ascii: "/") { index -= 1 }
                    return index
                }
                guard cut >= 0 else { continue }
                let slash = path.utf8.index(path.utf8.startIndex, offsetBy: cut)
                let folder = path[..<slash]
                if folder != previous {
                    previous = folder
                    #if os(Linux)
                    // O_PATH (0o10000000; Glibc's module leaves it out): search permission is enough, as for stat.
                    let flags = 0o10000000 | O_DIRECTORY | O_CLOEXEC
                    #else
                    let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
                    #endif
                    descriptors.append(open(root + "/" + folder, flags))
                }
                folderOf[position] = descriptors[descriptors.count - 1] >= 0 ? Int32(descriptors.count - 1) : -1
                nameStart[position] = cut + 1
            }
            defer { for descriptor in descriptors where descriptor >= 0 { close(descriptor) } }
            let folders = descriptors
            let folderIndex = folderOf
            let starts = nameStart
            return parallelMap(files.count) { position -> Stamp? in
                let file = files[position]
                guard folderIndex[position] >= 0 else { return Stamp(of: file.fullPath) }
                let descriptor = folders[Int(folderIndex[position])]
                var path = file.path
                return path.withUTF8 { bytes -> Stamp? in
                    let name = UnsafeBufferPointer(rebasing: bytes[starts[position]...])
                    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: name.count + 1) { buffer -> Stamp? in
                        for index in 0..<name.count { buffer[index] = CChar(bitPattern: name[index]) }
                        buffer[name.count] = 0
                        var info = stat()
                        guard fstatat(descriptor, buffer.baseAddress!, &info, 0) == 0 else { return nil }
                        return Stamp(info)
                    }
                }
            }
        }

        init(size: Int64, modified: Int64, inode: UInt64) {
            self.size = size
            self.modified = modified
            self.inode = inode
        }
    }

    /// A link written in a record's front matter.
    struct Link: Sendable, Equatable {
        var field: String
        var target: String
    }

    /// One record file of the walk.
    ///
    /// A class: the 10^5 entries of an index are shared between the old index, the walk's
    /// results and the new index instead of copied (three copies were most of `list`'s memory).
    /// `@unchecked Sendable`: an entry is changed only by the code that makes it, before any
    /// other thread sees it.
    final class Entry: @unchecked Sendable {
        /// Relative to the root, as the walk lists it.
        var path: String
        var stamp: Stamp
        var kind: String
        /// The record's id (`ListCommand.Row.id`); nil when the file could not be read as a record.
        var id: String?
        /// The file's `list` row (its `links` left empty); nil when it could not be read as a
        /// record, or when the index was read without rows (`show`).
        var row: ListCommand.Row?
        /// The links written in the record, in front-matter order (`Record.references`).
        var links: [Link]
        /// The entry's bytes in the index file it was read from: written back unchanged while the
        /// file is unchanged; nil for an entry made from the file.
        var raw: ArraySlice<UInt8>? = nil

        init(path: String, stamp: Stamp, kind: String, id: String?, row: ListCommand.Row?, links: [Link]) {
            self.path = path
            self.stamp = stamp
            self.kind = kind
            self.id = id
            self.row = row
            self.links = links
        }
    }

    /// The walk the entries were checked against.
    let scan: RepositoryIndex
    /// One per file of `scan.files`, in the same order, each as fresh as the file.
    let entries: [Entry]
    /// How many files were read because the index did not hold them as they are.
    let reread: Int

    /// Whether a verb may build an index that is missing or unusable.
    enum Use {
        /// Build it: the verb would read every record anyway (`list`).
        case build
        /// Only refresh one that exists: without it the verb has a cheaper way (`show`).
        case existing
    }

    /// `--no-index` or `DOCKET_NO_INDEX=1`: the user asked for the files alone.
    static func disabled(_ context: CommandContext) -> Bool {
        context.arguments.has("--no-index") || context.console.environment["DOCKET_NO_INDEX"].map { !$0.isEmpty && $0 != "0" } == true
    }

    /// The option `show` and `list` take.
    static let option = OptionSpec.flag("--no-index", "read the record files only, not the .docket/ index (also DOCKET_NO_INDEX=1)")

    /// A modification this close to the refresh (ns) may be followed by another within the
    /// file system's time granularity that keeps size and time: such files are not trusted
    /// next time (stored with the `unknown` stamp).
    static let racyWindow: Int64 = 2_000_000_000

    /// The index of the repository at `root` (canonical), fresh against the tree, written back
    /// when it changed; nil when `.docket` is unusable (a link out of the root, a file) or,
    /// with `.existing`, when there is no usable index file.
    /// - Parameter walked: the walk and stamps `inPlace` made, so as not to make them again.
    /// - Parameter rewrite: write the index even when every entry is fresh, when the quick section
    ///   can stamp every folder (`show`, when that section did not match).
    static func refresh(root: String, procedures: ProcedureSet, use: Use, walked: Walk? = nil, rewrite: Bool = false) -> RecordIndex? {
        guard let folder = folder(root: root) else { return nil }
        let fingerprint = fingerprint(root: root)
        // `show` needs no row: what it leaves undecoded is copied back as it was.
        let path = folder + "/" + IndexFile.name
        // The index itself is never a link: one would be replaced by the next write, not followed.
        let stored: [UInt8]? = if FileSystem.kind(path) == .file, case .bytes(let bytes) = FileSystem.read(path, limit: nil) { bytes } else { nil }
        let previous = stored.flatMap { IndexFile.decode($0, fingerprint: fingerprint, rows: use == .build) }
        Phases.mark("index read")
        if previous == nil, use == .existing { return nil }
        let old = previous ?? []
        let scan = walked?.scan ?? RepositoryScanner.scan(root: root, procedures: procedures)
        let files = scan.files
        Phases.mark("walk")
        // The usual case: the same files as last time, in the same order.
        let aligned = old.count == files.count && zip(old, files).allSatisfy { $0.path == $1.path }
        var byPath: [String: Int] = [:]
        if !aligned {
            byPath.reserveCapacity(old.count)
            for (position, entry) in old.enumerated() { byPath[entry.path] = position }
        }
        let lookup = byPath
        let loader = RecordLoader(root: root, procedures: procedures)
        let started = walked?.started ?? Self.clock()
        let stamps = walked?.stamps ?? Stamp.of(files, root: root)
        Phases.mark("stamps")
        let entries = parallelMap(files.count) { position -> Entry in
            let file = files[position]
            let stamp = stamps[position]
            if let stamp, let before = aligned ? position : lookup[file.path], old[before].stamp == stamp, old[before].kind == file.kind {
                return old[before]
            }
            let entry = Entry(path: file.path, stamp: stamp ?? .unknown, kind: file.kind ?? "", id: nil, row: nil, links: [])
            if let procedure = file.kind.flatMap({ procedures.procedure(kind: $0) }) {
                var sink = DiagnosticSink(path: file.path)
                if let record = loader.record(file, procedure: procedure, sink: &sink, body: false) {
                    entry.row = ListCommand.makeRow(record.id ?? file.stem, record, procedure, procedures)
                    entry.id = entry.row?.id
                    entry.links = record.references.map { Link(field: $0.field, target: $0.reference.id) }
                }
            }
            if entry.stamp.modified > started - racyWindow { entry.stamp = .unknown }
            return entry
        }
        let reread = entries.reduce(0) { $0 + ($1.raw == nil ? 1 : 0) }
        Phases.mark("check")
        // Also when the quick section can now stamp every folder and the stored one could not.
        if reread > 0 || !aligned || (QuickIndex.complete(scan, started: started) && (rewrite || !(stored.map(QuickIndex.complete) ?? false))) {
            let quick = QuickIndex.section(scan: scan, entries: entries, started: started)
            write(IndexFile.encode(fingerprint: fingerprint, entries: entries, quick: quick), folder: folder, root: root)
            Phases.mark("index write")
        }
        return RecordIndex(scan: scan, entries: entries, reread: reread)
    }

    /// A walk of the tree with the stamps of its files, and when the stamps were taken.
    struct Walk {
        var scan: RepositoryIndex
        var stamps: [Stamp?]
        var started: Int64
    }

    /// An index file as `show` uses it: read in place, its entries compared with the walk.
    enum InPlace {
        /// No usable index file (`.docket` unusable, no file, damaged, another version, docket or procedures).
        case none
        /// Every file is as the index holds it, in its order: look rows up in the bytes.
        case fresh(bytes: [UInt8], slots: [IndexFile.Slot], scan: RepositoryIndex)
        /// A file changed, came or went: `refresh` brings the index up to date from this walk.
        case stale(Walk)
    }

    /// The index file at `root`, checked against the tree as `refresh` checks it (same walk,
    /// paths, kinds and stamps) but without making an object of any entry: for `show`, which
    /// looks up a few rows. Anything short of every entry matching is `stale`.
    static func inPlace(root: String, procedures: ProcedureSet) -> InPlace {
        guard let folder = folder(root: root) else { return .none }
        let path = folder + "/" + IndexFile.name
        // The index itself is never a link (see `refresh`).
        guard FileSystem.kind(path) == .file else { return .none }
        let fingerprint = fingerprint(root: root)
        // The index is read and checked on one core while the tree is walked on the other: at
        // 10^5 files neither waits for the other (a damaged index wastes the walk, which is rare).
        let halves = parallelMap(2) { half -> (index: (bytes: [UInt8], slots: [IndexFile.Slot])?, scan: RepositoryIndex?) in
            if half == 1 { return (nil, RepositoryScanner.scan(root: root, procedures: procedures)) }
            guard case .bytes(let bytes) = FileSystem.read(path, limit: nil),
                  let slots = IndexFile.slots(bytes, fingerprint: fingerprint) else { return (nil, nil) }
            return ((bytes, slots), nil)
        }
        Phases.mark("index read beside the walk")
        guard let (bytes, slots) = halves[0].index, let scan = halves[1].scan else { return .none }
        let files = scan.files
        let started = clock()
        let stamps = Stamp.of(files, root: root)
        Phases.mark("stamps")
        let walk = Walk(scan: scan, stamps: stamps, started: started)
        guard slots.count == files.count else { return .stale(walk) }
        for position in files.indices {
            let file = files[position], slot = slots[position]
            guard let stamp = stamps[position], stamp == slot.stamp, let kind = file.kind, IndexFile.equal(slot.kind, in: bytes, kind),
                  IndexFile.equal(slot.path, in: bytes, file.path) else { return .stale(walk) }
        }
        Phases.mark("check")
        return .fresh(bytes: bytes, slots: slots, scan: scan)
    }

    /// `root/.docket` when it is a folder inside the root or absent (made on write); nil when
    /// it is anything else, a symbolic link that leads out of the root included.
    static func folder(root: String) -> String? {
        let path = root + "/.docket"
        switch FileSystem.kind(path) {
        case nil: return path
        case .directory?: return path
        case .symlink?:
            if case .inside(_, .directory) = FileSystem.resolve(path, root: root) { return path }
            return nil
        default: return nil
        }
    }

    /// What the entries depend on besides the files: the procedure documents (kinds, fields,
    /// aliases, people, time zone, size limit), the index layout and the docket that wrote it.
    static func fingerprint(root: String) -> UInt64 {
        var bytes = IndexFile.magic + Array("docket \(Docket.version) \(BuildInfo.commit)\n".utf8)
        let directory = root + "/procedures"
        for entry in FileSystem.list(directory) where entry.name.hasSuffix(".md") {
            bytes += Array(entry.name.utf8) + [0]
            if case .bytes(let content) = FileSystem.read(directory + "/" + entry.name, limit: RepositorySettings.standard.maxFileSize) {
                bytes += Array(String(content.count).utf8) + [0] + content
            }
        }
        return IndexFile.checksum(bytes[...])
    }

    /// True when the index at `root` could be written: `.docket` usable and writable (or absent
    /// in a writable root), for a rewrite that only speeds up later uses.
    static func writable(root: String) -> Bool {
        guard let folder = folder(root: root) else { return false }
        return access(FileSystem.kind(folder) == nil ? root : folder, W_OK) == 0
    }

    /// Replaces the index file atomically (temporary file, fsync, rename) inside the root; a
    /// failure (a read-only checkout) leaves the old file, if any, and is not reported: the
    /// verb's answer does not depend on it.
    static func write(_ bytes: [UInt8], folder: String, root: String) {
        if FileSystem.kind(folder) == nil, mkdir(folder, 0o777) != 0, errno != EEXIST { return }
        try? AtomicFile.createOrReplace(folder + "/" + IndexFile.name, with: bytes, mode: 0o644, root: root)
    }

    /// Nanoseconds since 1970: only to tell files modified just now, never in any output.
    static func clock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
    }
}
