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

    /// The kind of the record with `id`, judged by its file's folder.
    public func kind(of id: String) -> String? {
        byID[id].flatMap { $0.first.flatMap { files[$0].kind } }
    }
}

/// Walks `tickets/` with `readdir`, following symlinks only inside the root.
public enum RepositoryScanner {
    public static func scan(root: String, procedures: ProcedureSet) -> RepositoryIndex {
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
                            index.diagnostics.append(Diagnostic(path: childRelative, line: 1, column: 1, severity: .error, rule: "path-unsafe",
                                                                message: "expected a file inside the repository, found a symbolic link that leads outside it; it was not read"))
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
                        index.diagnostics.append(Diagnostic(path: childRelative, line: 1, column: 1, severity: .error, rule: "id-format",
                                                            message: "expected a record inside a kind's folder (tickets/ \(folders)), found a Markdown file outside them"))
                        index.unreadable.insert(childRelative)
                        continue
                    }
                    if !kind.idPattern.matches(stem) {
                        index.diagnostics.append(Diagnostic(path: childRelative, line: 1, column: 1, severity: .error, rule: "id-format",
                                                            message: "expected a file name like \(IDFormatRule.example(kind.idPattern)).md in the \(kind.folder) folder, found \(entry.name)"))
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
                index.diagnostics.append(Diagnostic(path: childRelative, line: 1, column: 1, severity: .error, rule: "id-format",
                                                    message: "expected a record inside a kind's folder (tickets/ \(folders)), found a Markdown file outside them"))
            }
        }

        if FileSystem.isDirectory(root + "/tickets") {
            walk("tickets", kind: nil, depth: 0)
        }
        return index
    }
}
