import Foundation

/// One record opened for an edit: found by id, read, and written back only when
/// the edit adds no error (or `--force`), through `AtomicFile`.
///
/// The verbs that write (`log`, `new`, …) build the new bytes themselves; this type
/// judges and writes them, so every write is checked and atomic in one place.
public struct RecordEdit {
    public let root: String
    public let procedures: ProcedureSet
    public let procedure: Procedure
    /// Path relative to the root.
    public let path: String
    /// The bytes as read.
    public let bytes: [UInt8]
    public let record: Record

    /// Opens the record with `id`.
    /// - Throws: `CommandFailure` (exit 1) when no readable record has that id, or several do.
    public static func open(id: String, root: String, procedures: ProcedureSet) throws(CommandFailure) -> RecordEdit {
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        let matches = (index.byID[id] ?? []).map { index.files[$0] }
        guard let file = matches.first, let kind = file.kind, let procedure = procedures.procedure(kind: kind) else {
            var message = "expected the id of a record under tickets/, found no record \(id)"
            if let near = Suggestion.nearest(to: id, in: index.byID.keys.sorted()) { message += "; did you mean \(near)?" }
            throw CommandFailure(message, exitCode: 1)
        }
        guard matches.count == 1 else {
            throw CommandFailure("expected one file for \(id), found \(matches.map(\.path).joined(separator: ", ")); resolve the duplicate first", exitCode: 1)
        }
        let loader = RecordLoader(root: root, procedures: procedures)
        var sink = DiagnosticSink(path: file.path, severities: procedure.severities)
        guard case .bytes(let bytes) = loader.bytes(of: file),
              let record = RecordReader(procedures: procedures).read(path: file.path, bytes: bytes, procedure: procedure, sink: &sink) else {
            throw CommandFailure("expected \(file.path) to be a readable record, found it is not; run docket validate \(file.path) and fix it first", exitCode: 1)
        }
        return RecordEdit(root: root, procedures: procedures, procedure: procedure, path: file.path, bytes: bytes, record: record)
    }

    /// The line end the file uses: CRLF when its first line ends so, else LF.
    public var lineEnd: [UInt8] { Self.lineEnd(of: bytes) }

    static func lineEnd(of bytes: [UInt8]) -> [UInt8] {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return [UInt8(ascii: "\n")] }
        return newline > 0 && bytes[newline - 1] == UInt8(ascii: "\r") ? [UInt8(ascii: "\r"), UInt8(ascii: "\n")] : [UInt8(ascii: "\n")]
    }

    /// Writes `updated` over the record when it adds no error to those the file
    /// already has (compared by rule and message); otherwise prints the new errors to
    /// standard error and throws, leaving the file untouched, unless `force`.
    /// - Returns: the findings of the written file.
    @discardableResult
    public func commit(_ updated: [UInt8], force: Bool, now: Int64?, console: Console) throws -> ValidationResult {
        let after = try judge(updated, force: force, now: now, console: console)
        do {
            try AtomicFile.replace(root + "/" + path, with: updated, root: root)
        } catch {
            throw CommandFailure(error.message, exitCode: 1)
        }
        return after
    }

    /// The findings of `updated`, after printing the errors it adds to those the file
    /// already has and throwing, unless `force`; writes nothing (`commit` and `--dry-run`).
    @discardableResult
    public func judge(_ updated: [UInt8], force: Bool, now: Int64?, console: Console) throws -> ValidationResult {
        let validator = Validator(root: root, procedures: procedures, now: now)
        let after = validator.validate(path: path, candidate: updated)
        let added = Self.addedErrors(before: validator.validate(path: path, candidate: bytes), after: after)
        if !added.isEmpty && !force {
            var findings = TextReporter.render(ValidationResult(diagnostics: added, filesChecked: 1), color: console.useColor)
            findings.removeLast()
            console.error(findings)
            throw CommandFailure("expected an edit that adds no error to \(path), found \(added.count); nothing was written, fix the values or pass --force", exitCode: 1)
        }
        return after
    }

    /// The errors of `after` that `before` does not have, by rule and message (line
    /// numbers in messages left out: an edit above a finding moves it, it does not add it).
    static func addedErrors(before: ValidationResult, after: ValidationResult) -> [Diagnostic] {
        func key(_ diagnostic: Diagnostic) -> String {
            "\(diagnostic.rule) " + diagnostic.message.replacingOccurrences(of: #"line \d+"#, with: "line", options: .regularExpression)
        }
        var known: [String: Int] = [:]
        for diagnostic in before.diagnostics where diagnostic.severity == .error {
            known[key(diagnostic), default: 0] += 1
        }
        return after.diagnostics.filter { diagnostic in
            guard diagnostic.severity == .error else { return false }
            let key = key(diagnostic)
            if let count = known[key], count > 0 { known[key] = count - 1; return false }
            return true
        }
    }
}
