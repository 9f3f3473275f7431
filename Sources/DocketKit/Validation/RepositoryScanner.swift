import Foundation

/// A Markdown file under `tickets/`.
public struct TicketFile: Sendable {
    /// Path relative to the root, `/`-separated.
    public var path: String
    /// The repository root the path is relative to (one string shared by every file of a walk).
    public var root: String
    /// Absolute path. Made when asked, not stored: at 10^6 files a stored copy was about 80 MB
    /// of the walk's memory.
    public var fullPath: String {
        // One allocation, the bytes copied in place: `root + "/" + path` made two strings per
        // file read (a twentieth of the walk-and-check's work outside the checks at 10^4 files).
        var root = root, path = path
        let count = root.utf8.count + 1 + path.utf8.count
        return root.withUTF8 { rootBytes in
            path.withUTF8 { pathBytes in
                String(unsafeUninitializedCapacity: count) { buffer in
                    var at = buffer.initialize(fromContentsOf: rootBytes)
                    buffer[at] = UInt8(ascii: "/")
                    at += 1
                    at = UnsafeMutableBufferPointer(rebasing: buffer[at...]).initialize(fromContentsOf: pathBytes) + at
                    return at
                }
            }
        }
    }
    /// The kind whose folder holds the file; nil outside every kind's folder.
    public var kind: String?
    /// The file name without `.md`: the record's id when the file is well named.
    public var stem: String
}

/// The files of a repository and what their names say, without reading them.
public struct RepositoryIndex: Sendable {
    public var root: String
    /// Record files, sorted by path.
    public var files: [TicketFile]
    /// File stem → files with that stem (an id occurs once unless duplicated).
    public var byID: IDTable
    /// Findings made while walking: `path-unsafe`, files outside any kind's folder, badly named files.
    public var diagnostics: [Diagnostic]
    /// Paths of files that are reported by the walk and must not be parsed.
    public var unreadable: Set<String>

    /// Looks up ids outside `files` when only some files were scanned.
    var resolver: LazyResolver?
    /// Every folder the walk listed, in the order it listed them, each stamped just before its
    /// listing (the index's quick check: a folder whose entries change gets a new stamp).
    var folders: [WalkedFolder] = []
    /// False when the walk met a symbolic link (its target may change while every folder
    /// stays as it was) or could not stamp a folder: the folder stamps then say nothing.
    var foldersTellChanges = true

    /// The kind of the record with `id`, judged by its file's folder.
    public func kind(of id: String) -> String? {
        // Read in place: no copy of the file's four strings per link resolved.
        if let first = byID.firstPosition(of: id), let found = files[first].kind { return found }
        return resolver?.kind(of: id)
    }

    /// Every record file of `kind`: from the scan, or listed on demand after a partial scan.
    public func files(ofKind kind: String) -> [TicketFile] {
        if let resolver { return resolver.files(ofKind: kind) }
        return files.filter { $0.kind == kind }
    }
}

/// A folder of the walk and its stamp (`stat`, links followed, as the walk lists it),
/// taken before its entries were listed.
struct WalkedFolder: Sendable {
    /// Relative to the root (`tickets`, `tickets/incidents/2026`).
    var path: String
    /// st_mtim and st_ctim in nanoseconds since 1970.
    var modified: Int64
    var changed: Int64
    var inode: UInt64
}

/// Answers "does record ID exist, and of which kind" without walking the whole
/// repository: it looks at the file where the id belongs (`tickets/<folder>/<year>/<id>.md`)
/// and lists a kind's folder only when that fails.
/// `@unchecked Sendable`: its only mutable state, `listed`, is read and written with `lock` held.
final class LazyResolver: @unchecked Sendable {
    let root: String
    let procedures: ProcedureSet
    /// Listings by kind, made on first use; guarded by `lock` (links are
    /// resolved from several threads).
    private var listed: [String: RepositoryIndex] = [:]
    private let lock = NSLock()

    init(root: String, procedures: ProcedureSet) {
        self.root = root
        self.procedures = procedures
    }

    func kind(of id: String) -> String? {
        guard let procedure = procedures.procedure(forID: id) else {
            // An id of no known pattern may still be a file somewhere: search every kind.
            return procedures.procedures.first { listing($0.kind).byID.firstPosition(of: id) != nil }?.kind
        }
        var candidate = root + "/tickets/" + procedure.folder + "/"
        if procedure.yearFolders, let year = procedure.idPattern.year(of: id) { candidate += String(year) + "/" }
        candidate += id + ".md"
        if FileSystem.kind(candidate) == .file, FileSystem.isInside(candidate, root: FileSystem.realPath(root) ?? root) { return procedure.kind }
        if listing(procedure.kind).byID.firstPosition(of: id) != nil { return procedure.kind }
        return procedures.procedures.first { $0.kind != procedure.kind && listing($0.kind).byID.firstPosition(of: id) != nil }?.kind
    }

    func files(ofKind kind: String) -> [TicketFile] { listing(kind).files }

    /// The files named `<id>.md` in the folder of the id's kind and in each of its year
    /// folders, without listing the records: to find a duplicate of a named file cheaply.
    func files(namedBy id: String) -> [TicketFile] {
        guard let procedure = procedures.procedure(forID: id) else { return [] }
        let folder = "tickets/" + procedure.folder
        var folders = [folder]
        if procedure.yearFolders {
            folders += FileSystem.list(root + "/" + folder).filter { $0.name.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
                .map { folder + "/" + $0.name }.sorted()
        }
        let realRoot = FileSystem.realPath(root) ?? root
        return folders.compactMap { folder in
            let path = folder + "/" + id + ".md"
            let full = root + "/" + path
            guard FileSystem.kind(full) == .file, FileSystem.isInside(full, root: realRoot) else { return nil }
            return TicketFile(path: path, root: root, kind: procedure.kind, stem: id)
        }
    }

    private func listing(_ kind: String) -> RepositoryIndex {
        lock.lock()
        defer { lock.unlock() }
        if let cached = listed[kind] { return cached }
        guard let procedure = procedures.procedure(kind: kind) else { return RepositoryIndex(root: root, files: [], byID: [:], diagnostics: [], unreadable: []) }
        let index = RepositoryScanner.scan(root: root, procedures: procedures, only: ["tickets/" + procedure.folder])
        listed[kind] = index
        return index
    }
}

/// Walks `tickets/` with `readdir`, following symlinks only inside the root.
///
/// Every entry gets either checked or a diagnostic: a name ending in `.md` in any
/// letter case, or `.markdown`, is a record candidate; a candidate that is hidden,
/// lies in a hidden folder or has another extension than `.md` is `id-format`; a FIFO,
/// socket, device, or a folder named like a record, and every symbolic link that leads
/// outside the root, in a loop or to nothing, is `path-unsafe`. Other names are no
/// records and are ignored (the contract ignores files that are not `.md`). Nothing
/// is opened here: entries are judged by `readdir`'s type, `lstat` and `realpath`.
public enum RepositoryScanner {
    /// Where an entry lies.
    private enum Place {
        /// In a kind's folder.
        case kind(Procedure)
        /// Directly in `tickets/` or in a folder no procedure declares.
        case outside
        /// In a hidden folder (its path relative to the root).
        case hidden(String)
    }

    /// True for a name that may hold a record: `.md` in any letter case, or `.markdown`.
    /// - Complexity: O(1): compares the last bytes, ASCII letters folded (runs once per entry of 10^5).
    static func isRecordCandidate(_ name: String) -> Bool {
        func endsWith(_ suffix: StaticString) -> Bool {
            let utf8 = name.utf8
            guard utf8.count >= suffix.utf8CodeUnitCount else { return false }
            var index = utf8.endIndex
            var offset = suffix.utf8CodeUnitCount
            while offset > 0 {
                offset -= 1
                index = utf8.index(before: index)
                        let byte = utf8[index]
                // Upper-case ASCII folded: `.MD` is a candidate; the suffixes are written in lower case.
                let folded = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                if folded != suffix.utf8Start[offset] { return false }
            }
            return true
        }
        return endsWith(".md") || endsWith(".markdown")
    }

    /// Scans `tickets/`, or only the given files and folders (paths relative to the root).
    public static func scan(root: String, procedures: ProcedureSet, only: [String]? = nil) -> RepositoryIndex {
        scan(root: root, procedures: procedures, only: only, onFile: { _ in })
    }

    /// Scans as `scan(root:procedures:only:)` does, and hands every record file to `onFile`
    /// as it is listed, in the order of the index's `files`.
    static func scan(root: String, procedures: ProcedureSet, only: [String]?, onFile: (TicketFile) -> Void) -> RepositoryIndex {
        let realRoot = FileSystem.realPath(root) ?? root
        var index = RepositoryIndex(root: root, files: [], byID: [:], diagnostics: [], unreadable: [])
        var visited: Set<String> = []
        let folders = procedures.procedures.map(\.folder).sorted().joined(separator: ", ")

        // Findings take the severities of the kind whose folder holds the path (the
        // defaults outside every kind's folder), as the record's own findings do.
        func refuse(_ relative: String, _ refusal: FileRefusal, procedure: Procedure? = nil) {
            var sink = DiagnosticSink(path: relative, severities: procedure?.severities ?? .defaults)
            refusal.report(into: &sink)
            index.diagnostics += sink.diagnostics
            index.unreadable.insert(relative)
        }
        func misnamed(_ relative: String, _ message: String, procedure: Procedure?) {
            var sink = DiagnosticSink(path: relative, severities: procedure?.severities ?? .defaults)
            sink.report(.idFormat, at: .start, message)
            index.diagnostics += sink.diagnostics
            index.unreadable.insert(relative)
        }

        func walk(_ relative: String, place: Place, depth: Int) {
            let full = root + "/" + relative
            if let real = FileSystem.realPath(full) { if !visited.insert(real).inserted { return } }
            var info = stat()
            if stat(full, &info) == 0 {
                #if canImport(Darwin)
                let modified = info.st_mtimespec, changed = info.st_ctimespec
                #else
                let modified = info.st_mtim, changed = info.st_ctim
                #endif
                index.folders.append(WalkedFolder(path: relative,
                                                  modified: Int64(modified.tv_sec) &* 1_000_000_000 &+ Int64(modified.tv_nsec),
                                                  changed: Int64(changed.tv_sec) &* 1_000_000_000 &+ Int64(changed.tv_nsec),
                                                  inode: UInt64(info.st_ino)))
            } else {
                index.foldersTellChanges = false
            }
            let listing = FileSystem.listing(full)
            // Room for every entry being a record: no regrowth while 10^5 files are added.
            index.files.reserveCapacity(index.files.count + listing.entries.count)
            index.byID.reserveCapacity(index.byID.count + listing.entries.count)
            // Each entry's path made from bytes: `relative/` once, then the name. The name's
            // String lives while its entry is visited, not while the whole folder is.
            var path = Array(relative.utf8) + [UInt8(ascii: "/")]
            let folderLength = path.count
            let owner: Procedure?
            if case .kind(let procedure) = place { owner = procedure } else { owner = nil }
            for position in listing.entries.indices {
                let entry = listing.entries[position]
                path.removeSubrange(folderLength...)
                path.append(contentsOf: listing.bytes[entry.start..<entry.start + entry.count])
                if let owner, entry.kind == .file, let stem = recordStem(listing.bytes, entry.start, entry.count),
                   owner.idPattern.matches(stem) {
                    add(String(decoding: path, as: UTF8.self), stem: stem, procedure: owner)
                    continue
                }
                visit(listing.name(at: position), String(decoding: path, as: UTF8.self), entry.kind, in: place, depth: depth)
            }
        }

        /// The stem of a plain record file's name, judged on its bytes: `<stem>.md` in lower case, not
        /// hidden, its stem ending in an ASCII byte (a name `visit` then also takes as a record, without
        /// a `String` of the name or its checks); nil for any other name, which `visit` judges.
        func recordStem(_ bytes: [UInt8], _ start: Int, _ count: Int) -> String? {
            guard count > 3, bytes[start] != UInt8(ascii: "."), bytes[start + count - 4] < 0x80,
                  bytes[start + count - 3] == UInt8(ascii: "."), bytes[start + count - 2] == UInt8(ascii: "m"),
                  bytes[start + count - 1] == UInt8(ascii: "d") else { return nil }
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + count - 3]), as: UTF8.self) }
        }

        /// A record file of `procedure`'s folder whose stem matches its id pattern.
        func add(_ relative: String, stem: String, procedure: Procedure) {
            index.byID.append(index.files.count, for: stem)
            let file = TicketFile(path: relative, root: root, kind: procedure.kind, stem: stem)
            index.files.append(file)
            onFile(file)
        }

        /// One entry of a folder at `depth` (0: `tickets/` itself), judged without opening it.
        func visit(_ name: String, _ relative: String, _ listed: FileSystem.Kind, in place: Place, depth: Int) {
            let owner: Procedure?
            if case .kind(let procedure) = place { owner = procedure } else { owner = depth == 0 ? procedures.procedure(folder: name) : nil }
            var kind = listed
            if kind == .symlink {
                index.foldersTellChanges = false
                switch FileSystem.resolve(root + "/" + relative, root: realRoot) {
                case .loop: refuse(relative, .linkLoop, procedure: owner); return
                case .dangling: refuse(relative, .linkDangling, procedure: owner); return
                case .outside: refuse(relative, .linkOutside, procedure: owner); return
                case .inside(_, let target): kind = target
                }
            }
            let hidden = name.hasPrefix(".")
            switch kind {
            case .directory:
                if isRecordCandidate(name) { refuse(relative, .notRegular(.directory), procedure: owner) }
                let inner: Place
                if case .hidden = place { inner = place } else if hidden { inner = .hidden(relative) } else if depth == 0 {
                    inner = procedures.procedure(folder: name).map(Place.kind) ?? .outside
                } else { inner = place }
                walk(relative, place: inner, depth: depth + 1)
            case .file:
                guard isRecordCandidate(name) else { return }
                if case .hidden(let folder) = place {
                    misnamed(relative, "expected records outside hidden folders, found \(name) in \(folder); hidden folders are not checked: move the file out", procedure: owner)
                    return
                }
                if hidden {
                    misnamed(relative, "expected a record name without a leading dot, found \(name); hidden files are not checked: rename it to \(name.drop { $0 == "." })", procedure: owner)
                    return
                }
                guard name.hasSuffix(".md") else {
                    let dot = name.lastIndex(of: ".")!
                    misnamed(relative, "expected the extension .md, found \(name[dot...]); rename the file to \(name[..<dot]).md", procedure: owner)
                    return
                }
                guard case .kind(let procedure) = place else {
                    misnamed(relative, "expected a record inside a kind's folder (tickets/ \(folders)), found a Markdown file outside them", procedure: owner)
                    return
                }
                // `hasSuffix(".md")` held: the last three characters are those three bytes.
                var named = name
                let stem = named.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0.dropLast(3)), as: UTF8.self) }
                guard procedure.idPattern.matches(stem) else {
                    misnamed(relative, "expected a file name like \(IDFormatRule.example(procedure.idPattern)).md in the \(procedure.folder) folder, found \(name)", procedure: owner)
                    return
                }
                add(relative, stem: stem, procedure: procedure)
            case .symlink:
                return
            case .fifo, .socket, .device, .other:
                refuse(relative, .notRegular(kind), procedure: owner)
            }
        }

        /// The place of a folder given by its path parts (`["tickets", "incidents", "2026"]`).
        func place(of parts: ArraySlice<String>) -> Place {
            guard parts.count >= 2 else { return .outside }
            if let hidden = parts.dropFirst().firstIndex(where: { $0.hasPrefix(".") }) {
                return .hidden(parts[...hidden].joined(separator: "/"))
            }
            return procedures.procedure(folder: parts[parts.startIndex + 1]).map(Place.kind) ?? .outside
        }

        /// `tickets/` itself, which may be a symbolic link too.
        func scanTickets() {
            switch FileSystem.kind(root + "/tickets") {
            case .directory?:
                walk("tickets", place: .outside, depth: 0)
            case .symlink?:
                index.foldersTellChanges = false
                switch FileSystem.resolve(root + "/tickets", root: realRoot) {
                case .loop: refuse("tickets", .linkLoop)
                case .dangling: refuse("tickets", .linkDangling)
                case .outside: refuse("tickets", .linkOutside)
                case .inside(_, let kind): if kind == .directory { walk("tickets", place: .outside, depth: 0) }
                }
            default:
                return
            }
        }

        if let only {
            // Only some paths: the folders listed are not the whole tree.
            index.foldersTellChanges = false
            for path in only.sorted() {
                var relative = Substring(path)
                while relative.hasSuffix("/") { relative = relative.dropLast() }
                if relative.isEmpty || relative == "tickets" { scanTickets(); continue }
                let parts = relative.split(separator: "/").map(String.init)
                guard let name = parts.last, let kind = FileSystem.kind(root + "/" + relative) else { continue }
                if parts[0] == "tickets" {
                    visit(name, String(relative), kind, in: place(of: parts.dropLast()), depth: parts.count - 2)
                } else if FileSystem.status(root + "/" + relative) != .directory {
                    // Outside tickets/: a named Markdown file is reported; folders are not walked.
                    visit(name, String(relative), kind, in: .outside, depth: 1)
                }
            }
        } else {
            scanTickets()
        }
        return index
    }
}
