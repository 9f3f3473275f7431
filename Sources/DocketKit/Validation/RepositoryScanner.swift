import Foundation

/// A Markdown file under `tickets/`.
public struct TicketFile: Sendable {
    /// Path relative to the root, `/`-separated.
    public var path: String
    /// Absolute path.
    public var fullPath: String
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
    public var byID: [String: [Int]]
    /// Findings made while walking: `path-unsafe`, files outside any kind's folder, badly named files.
    public var diagnostics: [Diagnostic]
    /// Paths of files that are reported by the walk and must not be parsed.
    public var unreadable: Set<String>

    /// Raises a finding of the walk at the severity `procedure` gives the rule
    /// (the defaults for a file outside every kind's folder).
    mutating func report(_ rule: RuleID, path: String, procedure: Procedure?, _ message: String) {
        diagnostics += DiagnosticSink.finding(rule, path: path, severities: procedure?.severities ?? .defaults, message)
    }

    /// Looks up ids outside `files` when only some files were scanned.
    var resolver: LazyResolver?

    /// The kind of the record with `id`, judged by its file's folder.
    public func kind(of id: String) -> String? {
        if let found = byID[id].flatMap({ $0.first.flatMap { files[$0].kind } }) { return found }
        return resolver?.kind(of: id)
    }

    /// Every record file of `kind`: from the scan, or listed on demand after a partial scan.
    public func files(ofKind kind: String) -> [TicketFile] {
        if let resolver { return resolver.files(ofKind: kind) }
        return files.filter { $0.kind == kind }
    }
}

/// Answers "does record ID exist, and of which kind" without walking the whole
/// repository: it looks at the file where the id belongs (`tickets/<folder>/<year>/<id>.md`)
/// and lists a kind's folder only when that fails. Used single-threaded.
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
            return procedures.procedures.first { listing($0.kind).byID[id] != nil }?.kind
        }
        var candidate = root + "/tickets/" + procedure.folder + "/"
        if procedure.yearFolders, let year = procedure.idPattern.year(of: id) { candidate += String(year) + "/" }
        candidate += id + ".md"
        if FileSystem.kind(candidate) == .file, FileSystem.isInside(candidate, root: FileSystem.realPath(root) ?? root) { return procedure.kind }
        if listing(procedure.kind).byID[id] != nil { return procedure.kind }
        return procedures.procedures.first { $0.kind != procedure.kind && listing($0.kind).byID[id] != nil }?.kind
    }

    func files(ofKind kind: String) -> [TicketFile] { listing(kind).files }

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
public enum RepositoryScanner {
    /// Scans `tickets/`, or only the given files and folders (paths relative to the root).
    public static func scan(root: String, procedures: ProcedureSet, only: [String]? = nil) -> RepositoryIndex {
        let realRoot = FileSystem.realPath(root) ?? root
        var index = RepositoryIndex(root: root, files: [], byID: [:], diagnostics: [], unreadable: [])
        var visited: Set<String> = []
        let folders = procedures.procedures.map(\.folder).sorted().joined(separator: ", ")

        func walk(_ relative: String, kind: Procedure?, depth: Int) {
            let full = root + "/" + relative
            if let real = FileSystem.realPath(full) { if !visited.insert(real).inserted { return } }
            for entry in FileSystem.list(full) {
                if entry.name.hasPrefix(".") { continue }
                let childRelative = relative + "/" + entry.name
                let childFull = root + "/" + childRelative
                var entryKind = entry.kind
                if entryKind == .symlink {
                    guard FileSystem.isInside(childFull, root: realRoot) else {
                        if entry.name.hasSuffix(".md") || FileSystem.isDirectory(childFull) || FileSystem.realPath(childFull) == nil {
                            index.report(.pathUnsafe, path: childRelative, procedure: depth == 0 ? procedures.procedure(folder: entry.name) : kind, "expected a file inside the repository, found a symbolic link that leads outside it; it was not read")
                            index.unreadable.insert(childRelative)
                        }
                        continue
                    }
                    entryKind = FileSystem.isDirectory(childFull) ? .directory : .file
                }
                switch entryKind {
                case .directory:
                    let childKind = depth == 0 ? procedures.procedure(folder: entry.name) : kind
                    if depth == 0, childKind == nil {
                        walkForeign(childRelative)
                    } else {
                        walk(childRelative, kind: childKind, depth: depth + 1)
                    }
                case .file:
                    guard entry.name.hasSuffix(".md") else { continue }
                    let stem = String(entry.name.dropLast(3))
                    guard let kind else {
                        index.report(.idFormat, path: childRelative, procedure: nil, "expected a record inside a kind's folder (tickets/ \(folders)), found a Markdown file outside them")
                        index.unreadable.insert(childRelative)
                        continue
                    }
                    if !kind.idPattern.matches(stem) {
                        index.report(.idFormat, path: childRelative, procedure: kind, "expected a file name like \(IDFormatRule.example(kind.idPattern)).md in the \(kind.folder) folder, found \(entry.name)")
                        index.unreadable.insert(childRelative)
                        continue
                    }
                    index.byID[stem, default: []].append(index.files.count)
                    index.files.append(TicketFile(path: childRelative, fullPath: childFull, kind: kind.kind, stem: stem))
                default:
                    continue
                }
            }
        }

        /// A folder no procedure declares: every Markdown file in it is reported.
        func walkForeign(_ relative: String) {
            let full = root + "/" + relative
            if let real = FileSystem.realPath(full) { if !visited.insert(real).inserted { return } }
            for entry in FileSystem.list(full) where !entry.name.hasPrefix(".") {
                let childRelative = relative + "/" + entry.name
                if entry.kind == .directory { walkForeign(childRelative); continue }
                guard entry.name.hasSuffix(".md") else { continue }
                index.report(.idFormat, path: childRelative, procedure: nil, "expected a record inside a kind's folder (tickets/ \(folders)), found a Markdown file outside them")
            }
        }

        /// One named file, classified like the walk would, without listing its folder.
        func classify(_ relative: String) {
            let parts = relative.split(separator: "/").map(String.init)
            let full = root + "/" + relative
            let name = parts.last ?? relative
            if FileSystem.kind(full) == .symlink, !FileSystem.isInside(full, root: realRoot) {
                index.report(.pathUnsafe, path: relative, procedure: parts.count >= 2 && parts[0] == "tickets" ? procedures.procedure(folder: parts[1]) : nil, "expected a file inside the repository, found a symbolic link that leads outside it; it was not read")
                return
            }
            guard name.hasSuffix(".md") else { return }
            guard parts.count >= 3, parts[0] == "tickets", let kind = procedures.procedure(folder: parts[1]) else {
                index.report(.idFormat, path: relative, procedure: nil, "expected a record inside a kind's folder (tickets/ \(folders)), found a Markdown file outside them")
                return
            }
            let stem = String(name.dropLast(3))
            guard kind.idPattern.matches(stem) else {
                index.report(.idFormat, path: relative, procedure: kind, "expected a file name like \(IDFormatRule.example(kind.idPattern)).md in the \(kind.folder) folder, found \(name)")
                return
            }
            index.byID[stem, default: []].append(index.files.count)
            index.files.append(TicketFile(path: relative, fullPath: full, kind: kind.kind, stem: stem))
        }

        if let only {
            for relative in only.sorted() {
                let full = root + "/" + relative
                if FileSystem.isDirectory(full) {
                    let parts = relative.split(separator: "/").map(String.init)
                    if relative == "tickets" || relative.isEmpty {
                        walk("tickets", kind: nil, depth: 0)
                    } else if parts.first == "tickets", parts.count >= 2 {
                        if let kind = procedures.procedure(folder: parts[1]) { walk(relative, kind: kind, depth: parts.count - 1) } else { walkForeign(relative) }
                    }
                } else {
                    classify(relative)
                }
            }
        } else if FileSystem.isDirectory(root + "/tickets") {
            walk("tickets", kind: nil, depth: 0)
        }
        return index
    }
}
