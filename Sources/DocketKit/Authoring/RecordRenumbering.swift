/// Rewrites ids in a record's bytes: the references in its link fields and whole-word
/// mentions in its body. Everything else stays byte for byte.
enum ReferenceRewriter {
    /// `bytes` with every reference to a key of `mapping` in `record`'s link fields and
    /// every whole-word mention in the body replaced by its value, and how many were.
    /// Without a readable record (nil), only the body is rewritten.
    static func rewrite(_ bytes: [UInt8], record: Record?, mapping: [String: String]) -> (bytes: [UInt8], count: Int) {
        guard !mapping.isEmpty else { return (bytes, 0) }
        var edits: [(offset: Int, length: Int, text: [UInt8])] = []
        for (_, reference) in record?.references ?? [] {
            guard let new = mapping[reference.id] else { continue }
            let old = Array(reference.id.utf8)
            var at = reference.position.offset
            // A quoted id starts after its quote.
            if at < bytes.count, bytes[at] == UInt8(ascii: "'") || bytes[at] == UInt8(ascii: "\"") { at += 1 }
            guard at + old.count <= bytes.count, bytes[at..<at + old.count].elementsEqual(old) else { continue }
            edits.append((at, old.count, Array(new.utf8)))
        }
        var bodyStart = bytes.count
        if case .found(_, _, let start, _, _) = FrontMatter.locate(bytes) { bodyStart = start } else { bodyStart = 0 }
        for (old, new) in mapping {
            for offset in wholeWordMatches(of: Array(old.utf8), in: bytes, from: bodyStart) {
                edits.append((offset, old.utf8.count, Array(new.utf8)))
            }
        }
        var result = bytes
        for edit in edits.sorted(by: { $0.offset > $1.offset }) {
            result.replaceSubrange(edit.offset..<edit.offset + edit.length, with: edit.text)
        }
        return (result, edits.count)
    }

    /// Offsets of `word` in `bytes` from `start` with no word byte right before or after.
    static func wholeWordMatches(of word: [UInt8], in bytes: [UInt8], from start: Int) -> [Int] {
        guard let first = word.first, bytes.count >= word.count else { return [] }
        var result: [Int] = []
        var i = start
        while i + word.count <= bytes.count {
            if bytes[i] == first, bytes[i..<i + word.count].elementsEqual(word),
               i == 0 || !IDWords.isWordByte(bytes[i - 1]),
               i + word.count == bytes.count || !IDWords.isWordByte(bytes[i + word.count]) {
                result.append(i)
                i += word.count
            } else {
                i += 1
            }
        }
        return result
    }

    /// True when `bytes` holds `word` anywhere (a cheap test before a record is parsed).
    static func contains(_ word: String, in bytes: [UInt8]) -> Bool {
        !wholeWordMatches(of: Array(word.utf8), in: bytes, from: 0).isEmpty
    }
}

/// The files a renumbering writes, shown (`--dry-run`) or written as one batch.
struct RenumberPlan {
    enum Step {
        /// A record written under a new name; `from` is removed afterwards (nil: nothing to remove).
        case create(path: String, bytes: [UInt8], from: String?, note: String)
        /// An existing file replaced.
        case replace(path: String, bytes: [UInt8], note: String)
    }

    var steps: [Step] = []

    /// Every path the plan writes or removes.
    var paths: [String] {
        steps.flatMap { step -> [String] in
            switch step {
            case .create(let path, _, let from, _): [path] + (from.map { [$0] } ?? [])
            case .replace(let path, _, _): [path]
            }
        }
    }

    /// One line a step: `renamed A -> B`, `rewrote P (2 references)`; `would …` for a dry run.
    func lines(dryRun: Bool) -> [String] {
        steps.map { step in
            let prefix = dryRun ? "would " : ""
            switch step {
            case .create(let path, _, let from, let note):
                let verb = from == nil ? "write" : "rename"
                let done = from == nil ? "wrote" : "renamed"
                return (dryRun ? prefix + verb : done) + " " + (from.map { VisibleText.escape($0) + " -> " } ?? "") + VisibleText.escape(path) + note
            case .replace(let path, _, let note):
                return (dryRun ? prefix + "rewrite" : "rewrote") + " " + VisibleText.escape(path) + note
            }
        }
    }

    /// Writes every step through `AtomicFile` (new files first, exclusively; replaced files;
    /// then the old names removed), each file atomic on its own.
    /// - Throws: `CommandFailure` (exit 1) naming what was already written when a step fails.
    func write(root: String) throws(CommandFailure) {
        var done: [String] = []
        func fail(_ failure: AtomicFile.Failure) -> CommandFailure {
            let written = done.isEmpty ? "nothing was written" : "already written: " + done.map { VisibleText.escape($0) }.joined(separator: ", ")
            return CommandFailure("\(failure.message); \(written)", exitCode: 1)
        }
        do {
            for case .create(let path, let bytes, _, _) in steps {
                try AtomicFile.create(root + "/" + path, with: bytes, root: root)
                done.append(path)
            }
            for case .replace(let path, let bytes, _) in steps {
                try AtomicFile.replace(root + "/" + path, with: bytes, root: root)
                done.append(path)
            }
            for case .create(_, _, let from?, _) in steps {
                try AtomicFile.remove(root + "/" + from, root: root)
                done.append(from + " (removed)")
            }
        } catch {
            throw fail(error)
        }
    }
}

/// What renumbering needs of a repository: its records, read once, and where a new id's file goes.
struct RenumberRepository {
    let root: String
    let procedures: ProcedureSet
    let dates: DateTimeParser
    let index: RepositoryIndex

    init(_ repository: RepositoryContext) {
        root = repository.root
        procedures = repository.procedures
        dates = repository.dates
        index = RepositoryScanner.scan(root: root, procedures: procedures)
    }

    /// The bytes of the file at `path` (relative), or nil when it cannot be read.
    func bytes(_ path: String) -> [UInt8]? {
        if case .bytes(let bytes) = RecordLoader(root: root, procedures: procedures).bytes(atPath: path) { return bytes }
        return nil
    }

    /// `bytes` read as a record of `procedure` at `path`, nil when its front matter does not parse.
    func record(_ bytes: [UInt8], path: String, procedure: Procedure?) -> Record? {
        guard let procedure else { return nil }
        var sink = DiagnosticSink(path: path, severities: procedure.severities)
        return RecordReader(procedures: procedures).read(path: path, bytes: bytes, procedure: procedure, sink: &sink)
    }

    /// The procedure of the record file at `path` (`tickets/<folder>/…`).
    func procedure(ofPath path: String) -> Procedure? {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "tickets" else { return nil }
        return procedures.procedure(folder: String(parts[1]))
    }

    /// Where the record `id` of `procedure` belongs: the year folder of its opening
    /// timestamp (else of the id's year, else of `fallback`'s year folder).
    func path(of id: String, procedure: Procedure, record: Record?, fallback: String) -> String {
        var path = "tickets/" + procedure.folder + "/"
        if procedure.yearFolders {
            var year: String?
            if let opened = procedure.openedField, let seconds = record?.datetime(opened) { year = String(dates.localDate(of: seconds).year) }
            year = year ?? procedure.idPattern.year(of: id).map(String.init)
            let parts = fallback.split(separator: "/")
            year = year ?? (parts.count == 4 ? String(parts[2]) : nil)
            if let year { path += year + "/" }
        }
        return path + id + ".md"
    }

    /// The next free id of `procedure` in the year of `old` (or of `record`'s opening):
    /// above every id in the working tree, on every branch (`RecordNumbers`), in `extra`.
    func nextID(procedure: Procedure, after old: String, record: Record?, extra: Set<String>, environment: [String: String]) throws -> String {
        let used = try RecordNumbers.usedIDs(procedure: procedure, root: root, procedures: procedures, environment: environment).union(extra)
        var year = procedure.idPattern.year(of: old)
        if year == nil, let opened = procedure.openedField, let seconds = record?.datetime(opened) { year = dates.localDate(of: seconds).year }
        let number = RecordNumbers.next(after: used, pattern: procedure.idPattern, year: year ?? 0)
        guard let id = procedure.idPattern.id(year: year ?? 0, sequence: number) else {
            throw CommandFailure("expected \(procedure.kind) ids to be numbered ({seq}), found the pattern \(procedure.idPattern); give the new id: docket renumber \(old) NEW", exitCode: 1)
        }
        return id
    }

    /// The record renamed: `id` set to `new`, mentions of itself rewritten with `mapping`.
    func renamed(_ bytes: [UInt8], record: Record?, to new: String, mapping: [String: String]) throws(CommandFailure) -> (bytes: [UInt8], count: Int) {
        let rewritten = ReferenceRewriter.rewrite(bytes, record: record, mapping: mapping)
        do {
            let editor = try FrontMatterEditor(rewritten.bytes)
            return (try editor.replacingValue(of: "id", with: .string(new)), rewritten.count)
        } catch {
            throw CommandFailure("expected a record with an id entry to renumber, found: \(error.message)", exitCode: 1)
        }
    }

    /// The rewrites of references (`mapping`) in the records at `paths` (all records when
    /// nil), skipping `except`; files without a mention are left out.
    func referenceSteps(mapping: [String: String], paths: [String]?, except: Set<String>) -> [RenumberPlan.Step] {
        var steps: [RenumberPlan.Step] = []
        let candidates = paths ?? index.files.map(\.path)
        for path in candidates.sorted() where !except.contains(path) {
            guard let bytes = bytes(path), mapping.keys.contains(where: { ReferenceRewriter.contains($0, in: bytes) }) else { continue }
            let record = record(bytes, path: path, procedure: procedure(ofPath: path))
            let result = ReferenceRewriter.rewrite(bytes, record: record, mapping: mapping)
            guard result.count > 0, result.bytes != bytes else { continue }
            steps.append(.replace(path: path, bytes: result.bytes, note: " (\(result.count) \(result.count == 1 ? "reference" : "references"))"))
        }
        return steps
    }
}
