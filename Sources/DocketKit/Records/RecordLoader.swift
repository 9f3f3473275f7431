/// Why a path was not read. The repository walk and the loader raise every such
/// finding through `report(into:)`, so the rule ids and messages live here only.
public enum FileRefusal: Sendable, Equatable {
    /// Larger than `max_file_size`; not a byte was read.
    case tooLarge(size: Int, limit: Int)
    /// A FIFO, socket, device or folder where a file is expected; never opened for reading.
    case notRegular(FileSystem.Kind)
    /// A symbolic link that leads outside the repository root.
    case linkOutside
    /// A symbolic link that leads back to itself, directly or through other links.
    case linkLoop
    /// A symbolic link whose target does not exist.
    case linkDangling
    /// Nothing is at the path.
    case missing
    /// `open` or `read` failed with this `errno` (permissions, I/O).
    case unreadable(Int32)

    /// The rule the refusal is reported under.
    public var rule: RuleID {
        switch self {
        case .tooLarge: .fileTooLarge
        case .unreadable, .missing: .encoding
        case .notRegular, .linkOutside, .linkLoop, .linkDangling: .pathUnsafe
        }
    }

    /// The diagnostic's message: what was expected, what was found, and the fix.
    public var message: String {
        switch self {
        case .tooLarge(let size, let limit):
            "expected a file of at most \(limit) bytes (max_file_size), found \(size) bytes; it was not read: move large attachments out and link to them"
        case .notRegular(.directory):
            "expected a record file, found a folder with a record's name; rename the folder (what it holds is still checked)"
        case .notRegular(let kind):
            "expected a regular file, found \(kind.phrase); it was not opened: replace it with the record or remove it"
        case .linkOutside:
            "expected a path inside the repository, found a symbolic link that leads outside it; it was not followed: remove the link or move its target into the repository"
        case .linkLoop:
            "expected a symbolic link that leads to a file, found a loop of links; it was not read: point the link at the record"
        case .linkDangling:
            "expected a symbolic link that leads to a file, found one whose target does not exist; restore the target or remove the link"
        case .missing:
            "expected a file, found nothing at this path"
        case .unreadable(let code):
            "expected a readable file, found one that cannot be read (\(FileSystem.describe(errorCode: code)))"
        }
    }

    /// Reports the refusal at the start of the file, with the sink's severities.
    public func report(into sink: inout DiagnosticSink) {
        sink.report(rule, at: .start, message)
    }
}

/// The one way Docket reads a record file from the working tree, for every verb.
///
/// Before a byte is read, a path is refused when it is larger than `max_file_size`,
/// when it is no regular file (a FIFO, socket, device or folder) or when a symbolic link
/// on the way leads outside the root, in a loop or to nothing. Files listed by
/// `RepositoryScanner` have had their kind and links looked at by the walk; they are
/// still opened with `O_NONBLOCK` (`FileSystem.withBytes`), so an entry swapped after
/// the walk cannot hang the read, and one that reads as empty or fails is checked with `fstat`.
public struct RecordLoader: Sendable {
    /// The canonical repository root.
    public let root: String
    public let procedures: ProcedureSet
    let reader: RecordReader

    public init(root: String, procedures: ProcedureSet) {
        self.root = FileSystem.realPath(root) ?? root
        self.procedures = procedures
        self.reader = RecordReader(procedures: procedures)
    }

    /// What a read gave.
    public enum Loaded: Sendable {
        case bytes([UInt8])
        case refused(FileRefusal)
    }

    var limit: Int { procedures.settings.maxFileSize }

    /// The bytes of a file the repository walk listed.
    public func bytes(of file: TicketFile) -> Loaded {
        Self.read(file.fullPath, limit: limit)
    }

    /// The bytes of `relative` (a path inside the root) that no walk has looked at:
    /// links are followed only inside the root.
    public func bytes(atPath relative: String) -> Loaded {
        Self.readUnvetted(root + "/" + relative, insideOf: root, limit: limit)
    }

    /// Reads and parses a listed file: the record, or nil with the reason in `sink`.
    /// - Parameter body: false for a verb that prints only front-matter fields (`list`): the
    ///   record's sections and work log stay empty and the body is not parsed.
    public func record(_ file: TicketFile, procedure: Procedure, sink: inout DiagnosticSink, body: Bool = true) -> Record? {
        switch bytes(of: file) {
        case .bytes(let bytes): return reader.read(path: file.path, bytes: bytes, procedure: procedure, sink: &sink, body: body)
        case .refused(let refusal): refusal.report(into: &sink); return nil
        }
    }

    /// Reads and parses a listed file as `record(_:procedure:sink:body:)` does, parsing its body
    /// only when `needsBody` is true of the bytes after the front matter (a verb that needs only
    /// the work log's state marks skips the bodies that cannot hold one).
    /// - Parameter fields: the front-matter fields the caller reads (nil: all); the others may
    ///   be left out of the record (`FieldSelection`).
    public func record(_ file: TicketFile, procedure: Procedure, sink: inout DiagnosticSink,
                       fields: FieldSelection? = nil, needsBody: (ArraySlice<UInt8>) -> Bool) -> Record? {
        switch bytes(of: file) {
        case .bytes(let bytes):
            let body: Bool
            if case .found(_, _, let bodyStart, _, _) = FrontMatter.locate(bytes) { body = needsBody(bytes[bodyStart...]) } else { body = true }
            return reader.read(path: file.path, bytes: bytes, procedure: procedure, sink: &sink, body: body, selection: fields)
        case .refused(let refusal): refusal.report(into: &sink); return nil
        }
    }

    /// Reads a file whose kind the caller has seen; refuses without reading when it is
    /// no regular file or larger than `limit`.
    static func read(_ full: String, limit: Int) -> Loaded {
        switch FileSystem.read(full, limit: limit) {
        case .bytes(let bytes): .bytes(bytes)
        case .tooLarge(let size): .refused(.tooLarge(size: size, limit: limit))
        case .notRegular(let kind): .refused(.notRegular(kind))
        case .failed(let code): .refused(.unreadable(code))
        }
    }

    /// What `body` makes of the bytes of a file the walk listed, handed over in the reading
    /// thread's reused buffer (`FileSystem.withBytes`: nothing allocated for a file `body` drops);
    /// the refusal, as `bytes(of:)` gives it, when the file is not read.
    func withBytes<T>(of file: TicketFile, _ body: (UnsafeRawBufferPointer) -> T) -> (value: T?, refusal: FileRefusal?) {
        switch FileSystem.withBytes(file.fullPath, limit: limit, body) {
        case .bytes(let value): (value, nil)
        case .tooLarge(let size): (nil, .tooLarge(size: size, limit: limit))
        case .notRegular(let kind): (nil, .notRegular(kind))
        case .failed(let code): (nil, .unreadable(code))
        }
    }

    /// Reads a file nobody has looked at yet: resolves its links (refusing a loop, a
    /// dangling link and, with `root`, a way out of the root) and its kind with `stat`
    /// before it is opened, so a device or FIFO is never opened at all.
    /// - Parameter root: the canonical root the file must stay in; nil for a file the
    ///   user named outside any repository (`docket yaml`).
    public static func readUnvetted(_ full: String, insideOf root: String?, limit: Int) -> Loaded {
        switch FileSystem.resolve(full, root: root ?? "/") {
        case .loop: return .refused(.linkLoop)
        case .dangling: return .refused(FileSystem.kind(full) == .symlink ? .linkDangling : .missing)
        case .outside: return .refused(.linkOutside)
        case .inside(let real, let kind):
            guard kind == .file else { return .refused(.notRegular(kind)) }
            return read(real, limit: limit)
        }
    }
}
