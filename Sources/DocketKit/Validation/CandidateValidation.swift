extension Validator {
    /// Validates the file at `path` (relative to the root) as if it held `candidate`,
    /// with links resolved against the whole repository: how an edit is judged
    /// before it is written.
    public func validate(path: String, candidate: [UInt8]) -> ValidationResult {
        var index = RepositoryScanner.scan(root: root, procedures: procedures, only: [path])
        index.resolver = LazyResolver(root: root, procedures: procedures)
        let checker = RecordChecker(procedures: procedures, now: now)
        let loader = RecordLoader(root: root, procedures: procedures)
        if !index.files.contains(where: { $0.path == path }) {
            // A record not written yet: judged where it is going to be.
            let name = path.split(separator: "/").last.map(String.init) ?? path
            let kind = procedures.procedures.first { path.hasPrefix("tickets/" + $0.folder + "/") }?.kind
            index.files.append(TicketFile(path: path, root: root, kind: kind, stem: String(name.dropLast(3))))
            index.diagnostics.removeAll { $0.path == path }
        }
        var diagnostics = index.diagnostics
        var outcomes: [RecordChecker.Outcome] = []
        for file in index.files {
            let outcome = file.path == path ? checker.check(file, bytes: candidate) : checker.check(file, loader: loader)
            diagnostics += outcome.diagnostics
            outcomes.append(outcome)
        }
        diagnostics += crossRecord(SummaryView([outcomes]), index: index, complete: false, checker: checker, loader: loader)
        diagnostics.sort()
        return ValidationResult(diagnostics: diagnostics, filesChecked: index.files.count)
    }
}
