import Foundation

/// What a verb runs with: its parsed command line, the console, and the shared
/// options read one way (`--format`, `--root`, `--now`, `--kind`, `--open`, `-o`).
///
/// A verb that needs the repository asks for `repository()`; one that prints data
/// renders it and hands it to `emit(_:)`, which honours `-o FILE`.
public struct CommandContext {
    public let spec: CommandSpec
    public let arguments: ParsedArguments
    public let console: Console

    public init(spec: CommandSpec, arguments: ParsedArguments, console: Console) {
        self.spec = spec
        self.arguments = arguments
        self.console = console
    }

    /// The `--format` value (already checked against the verb's choices), else the verb's default.
    public var format: String { arguments.value(SharedOption.formatName) ?? spec.formats.first ?? "text" }

    /// True with `--open`: only records not in a final state of their kind.
    public var openOnly: Bool { arguments.has(SharedOption.open.name) }

    /// The folder relative paths on the command line resolve against: the `--root`
    /// given (as written, relative to the working directory), else the working directory.
    public var pathBase: String {
        guard let given = arguments.value(SharedOption.root.name) else { return console.currentDirectory }
        return absolute(given, base: console.currentDirectory)
    }

    /// `path` made absolute against `pathBase`.
    public func resolve(_ path: String) -> String { absolute(path, base: pathBase) }

    func absolute(_ path: String, base: String) -> String {
        path.hasPrefix("/") ? path : base + "/" + path
    }

    /// The repository root: `--root`, else the nearest folder from the working
    /// directory upward that holds `procedures/`.
    /// - Throws: `UsageError` for a `--root` that holds no `procedures/`; `CommandFailure`
    ///   when no repository is found upward.
    public func root() throws -> String {
        if let given = arguments.value(SharedOption.root.name) {
            let path = absolute(given, base: console.currentDirectory)
            guard FileSystem.isDirectory(path + "/procedures"), let real = FileSystem.realPath(path) else {
                throw UsageError.badValue("--root", expected: "a repository root holding procedures/", found: given)
            }
            return real
        }
        var directory = FileSystem.realPath(console.currentDirectory) ?? console.currentDirectory
        while true {
            if FileSystem.isDirectory(directory + "/procedures") { return directory }
            guard let slash = directory.lastIndex(of: "/"), directory != "/" else { break }
            directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
        }
        throw CommandFailure("expected a ticket repository (a folder holding procedures/) here or above \(console.currentDirectory), found none; use --root DIR")
    }

    /// The repository with its procedures loaded and the clock read.
    /// - Throws: `UsageError` for a bad `--root` or `--now`, `ProcedureError` for a broken procedure.
    public func repository() throws -> RepositoryContext {
        _ = try outputPath()
        let root = try root()
        let procedures = try ProcedureSet.load(root: root)
        let (now, source) = try Self.now(arguments.value("--now"), environment: console.environment,
                                         timeZone: procedures.settings.timeZone, root: root)
        return RepositoryContext(root: root, procedures: procedures, now: now, nowSource: source)
    }

    /// Where the instant a verb measures against came from.
    public enum NowSource: String, Sendable {
        case option = "--now"
        case sourceDateEpoch = "SOURCE_DATE_EPOCH"
        case clock
    }

    /// The one reading of the clock: `--now` (a datetime, local times in `timeZone`, or
    /// `commit`: the committer date of HEAD of the git repository holding `root`), else
    /// `SOURCE_DATE_EPOCH` (whole seconds since 1970), else the clock.
    public static func now(_ option: String?, environment: [String: String], timeZone: TimeZone, root: String) throws(UsageError) -> (Int64, NowSource) {
        if option == commitNow {
            let value = try committerDate(root: root)
            if let message = Instants.clockError(value, source: "--now commit", found: "\(value)") { throw UsageError(message) }
            return (value, .option)
        }
        if let text = option {
            let dates = DateTimeParser(timeZone: timeZone)
            guard let value = dates.datetime(text) else { throw UsageError.badDateTime("--now", found: text, dates: dates) }
            if let message = Instants.clockError(value, source: "--now", found: "\"\(text)\"") { throw UsageError(message) }
            return (value, .option)
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let value = Int64(epoch) else {
                throw UsageError("expected SOURCE_DATE_EPOCH to be whole seconds since 1970, found \"\(epoch)\"; unset it or pass --now")
            }
            if let message = Instants.clockError(value, source: "SOURCE_DATE_EPOCH", found: "\"\(epoch)\"") { throw UsageError(message) }
            return (value, .sourceDateEpoch)
        }
        return (Int64(Date().timeIntervalSince1970), .clock)
    }

    /// `--now commit`: measure at the committer date of HEAD, so a commit gives the same
    /// result whenever CI runs.
    public static let commitNow = "commit"

    /// The committer date of HEAD (`git log -1 --format=%ct`) of the repository holding `root`.
    /// - Throws: `UsageError` (exit 2) without git, outside a git work tree, or before the first commit.
    static func committerDate(root: String) throws(UsageError) -> Int64 {
        guard let git = Git(directory: root) else {
            throw UsageError("expected git on PATH to read the committer date of HEAD for --now commit, found none; install git or pass --now TIME")
        }
        let output: Git.Output
        do { output = try git.run(["log", "-1", "--format=%ct", "HEAD", "--"]) } catch {
            throw UsageError("expected --now commit to read the committer date of HEAD, found: \(error.message)")
        }
        let text = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard output.status == 0, let seconds = Int64(text) else {
            let reason = GitHistory.firstLine(output.stderr)
            if reason.contains("not a git repository") {
                throw UsageError("expected --now commit to read the committer date of HEAD, found no git repository at \(root); run docket in a clone of the ticket repository, or pass --now TIME")
            }
            let noCommits = reason.contains("bad revision") || reason.contains("does not have any commits") || reason.contains("unknown revision")
            throw UsageError("expected --now commit to read the committer date of HEAD, found \(noCommits ? "a git repository without commits" : "an error (\(reason))"); commit first, or pass --now TIME")
        }
        return seconds
    }

    /// The absolute path of `-o FILE`, or nil for standard output.
    /// - Throws: `UsageError` when its folder does not exist or it names a folder.
    public func outputPath() throws(UsageError) -> String? {
        guard let given = arguments.value(SharedOption.output.name) else { return nil }
        let path = resolve(given)
        let folder = (path as NSString).deletingLastPathComponent
        guard !given.isEmpty, !given.hasSuffix("/"), FileSystem.isDirectory(folder.isEmpty ? "/" : folder),
              FileSystem.kind(path) != .directory else {
            throw UsageError.badValue("--output", expected: "a file in an existing folder", found: given)
        }
        return path
    }

    /// Writes a verb's output: to `-o FILE` atomically (temporary file beside it,
    /// fsync, rename), else to standard output as it is.
    /// - Throws: `CommandFailure` (exit 1) when the file cannot be written.
    public func emit(_ text: String) throws {
        guard try outputPath() != nil else {
            console.printRaw(text)
            return
        }
        try emit(bytes: Array(text.utf8))
    }

    /// Writes `bytes` to `-o FILE` (replaced atomically), else to standard output.
    func emit(bytes: [UInt8]) throws {
        guard let path = try outputPath() else {
            console.printRaw(String(decoding: bytes, as: UTF8.self))
            return
        }
        do {
            try FileSystem.writeAtomically(bytes, to: path)
        } catch let failure as AtomicFile.Failure {
            throw CommandFailure(failure.message, exitCode: 1)
        } catch {
            throw CommandFailure("expected to write \(arguments.value(SharedOption.output.name) ?? path), found \(error)", exitCode: 1)
        }
    }

    /// Writes `value` as pretty JSON and a line end, as `emit(value.json() + "\n")` would, through
    /// `emitStreaming`: to standard output in pieces as it is laid out (the text of a large tree,
    /// a year's report, is never held whole beside the tree), or to `-o FILE` atomically.
    public func emitJSON(_ value: OutputValue) throws {
        let piece = 1 << 16
        try emitStreamingBytes { write in
            // The layout's flush hook is an optional (so escaping) closure; it runs only here.
            withoutActuallyEscaping(write) { write in
                var out: [UInt8] = []
                out.reserveCapacity(piece + 4096)
                // Drained between elements, never inside a character.
                JSONOutput.write(value, indent: 0, inlineScalars: true, into: &out) { bytes in
                    guard bytes.count >= piece else { return }
                    write(bytes)
                    bytes.removeAll(keepingCapacity: true)
                }
                out.append(UInt8(ascii: "\n"))
                write(out)
            }
        }
    }

    /// Writes a verb's output as `produce` hands it over, piece by piece: to standard output
    /// at once, or to `-o FILE` atomically as `emit` does, through a temporary file written
    /// as the pieces come (a long listing is never held whole either way).
    public func emitStreaming(_ produce: ((String) -> Void) throws -> Void) throws {
        guard let path = try outputPath() else {
            try produce { console.printRaw($0) }
            return
        }
        try stream(to: path, write: { (file, piece: String) throws(AtomicFile.Failure) in try file.write(piece) }, produce)
    }

    /// Writes a verb's output as `produce` hands it over in pieces of UTF-8 bytes, as
    /// `emitStreaming` does: to `-o FILE` as they come (no text is made of them), to standard
    /// output in whole characters (a piece cut inside a character keeps its first bytes for
    /// the next).
    public func emitStreamingBytes(_ produce: (([UInt8]) -> Void) throws -> Void) throws {
        guard let path = try outputPath() else {
            var pending: [UInt8] = []
            try produce { piece in
                pending += piece
                let whole = ReportCommand.completeUTF8Prefix(pending)
                console.printRaw(String(decoding: pending[..<whole], as: UTF8.self))
                pending.removeFirst(whole)
            }
            console.printRaw(String(decoding: pending, as: UTF8.self))
            return
        }
        try stream(to: path, write: { (file, piece: [UInt8]) throws(AtomicFile.Failure) in try file.write(piece) }, produce)
    }

    /// The pieces `produce` hands over, written by `write` to the temporary file that replaces
    /// `path` at the end.
    private func stream<Piece>(to path: String, write: @escaping (AtomicFile.Stream, Piece) throws(AtomicFile.Failure) -> Void,
                               _ produce: ((Piece) -> Void) throws -> Void) throws {
        do {
            let file = try AtomicFile.Stream(to: path)
            // The first failed write is kept and ends the output; the pieces after it are dropped.
            var failure: AtomicFile.Failure?
            try produce { piece in
                guard failure == nil else { return }
                do throws(AtomicFile.Failure) { try write(file, piece) } catch { failure = error }
            }
            if let failure { throw failure }
            try file.commit()
        } catch let failure as AtomicFile.Failure {
            throw CommandFailure(failure.message, exitCode: 1)
        }
    }

    /// A path named on the command line, relative to the root (resolved against
    /// `--root` when given, else the working directory); refuses paths outside it.
    /// A symbolic link is taken where it lies, not where it leads: one under `tickets/`
    /// that leads out of the root is then reported as `path-unsafe` (and not read) while
    /// the other named files are still checked, as in a full walk.
    public func relativePath(_ path: String, root: String) throws(CommandFailure) -> String {
        // `LINK/` would make the system follow the link: the link is judged where it lies, slash or not.
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let absolute = resolve(String(trimmed))
        var resolved = FileSystem.realPath(absolute)
        if FileSystem.kind(absolute) == .symlink, let slash = absolute.lastIndex(of: "/"),
           let folder = FileSystem.realPath(slash == absolute.startIndex ? "/" : String(absolute[..<slash])) {
            resolved = folder + "/" + absolute[absolute.index(after: slash)...]
        }
        guard let real = resolved else {
            throw CommandFailure("expected an existing file or folder, found no \(VisibleText.escape(path))")
        }
        if real == root { return "" }
        guard real.hasPrefix(root + "/") else {
            throw CommandFailure("expected a path inside the repository \(root), found \(VisibleText.escape(path))")
        }
        return String(real.dropFirst(root.count + 1))
    }
}

/// A loaded repository: root, procedures, the instant to measure at, its time zone.
public struct RepositoryContext: Sendable {
    /// The canonical root.
    public let root: String
    public let procedures: ProcedureSet
    /// `--now`, else `SOURCE_DATE_EPOCH`, else the clock (see `nowSource`).
    public let now: Int64
    public let nowSource: CommandContext.NowSource

    public var timeZone: TimeZone { procedures.settings.timeZone }
    public var dates: DateTimeParser { DateTimeParser(timeZone: timeZone) }

    /// Every record, with links in both directions.
    public func store() -> RecordStore { RecordStore.load(root: root, procedures: procedures) }

    /// The kinds named by `--kind` (comma-separated ids, zh or en labels, or folders),
    /// nil without the option; `among` limits the kinds accepted (e.g. kinds with SLA targets).
    /// - Throws: `UsageError` for a name that is no kind, with a did-you-mean.
    public func kinds(_ arguments: ParsedArguments, among: Set<String>? = nil) throws(UsageError) -> Set<String>? {
        guard let text = arguments.value("--kind") else { return nil }
        var kinds: Set<String> = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            kinds.insert(try kind(name, option: "--kind", among: among).kind)
        }
        return kinds
    }

    /// The one kind resolver: `name` as a kind id (`incident`), zh label (`事件`),
    /// en label (`Incident`) or folder (`incidents`). `words` are the option's
    /// other accepted values (`all`): the error names them and suggests them too.
    public func kind(_ name: String, option: String, among: Set<String>? = nil, orAlso words: [String] = []) throws(UsageError) -> Procedure {
        let accepted = procedures.procedures.filter { among?.contains($0.kind) ?? true }
        if let procedure = accepted.first(where: { $0.matches(kindName: name) }) { return procedure }
        let known = accepted.map(\.kind).sorted()
        let candidates = known + accepted.map(\.folder) + words
        var error = UsageError.badValue(option, expected: UsageError.oneOf(known + words), found: name)
        if let near = Suggestion.nearest(to: name, in: candidates) {
            error.message += "; did you mean \"\(procedures.procedure(folder: near)?.kind ?? near)\"?"
        }
        if among != nil, let other = procedures.procedures.first(where: { $0.matches(kindName: name) }) {
            error.message += " (\(other.kind) is a kind, but not one this verb covers)"
        }
        throw error
    }
}

extension Procedure {
    /// True when `name` is this kind's id, zh or en label, or folder (ids, en labels
    /// and folders in any letter case).
    func matches(kindName name: String) -> Bool {
        let lower = name.lowercased()
        return kind == lower || zh == name || en.lowercased() == lower || folder == lower
    }
}
