extension ValidationResult {
    /// Every file checked and every other file with a finding (a procedure document,
    /// say), sorted by path, each with its findings in order: the per-file view of
    /// the reports that list files (JUnit, Checkstyle).
    func findingsByFile() -> [(path: String, findings: [Diagnostic])] {
        var byPath: [String: [Diagnostic]] = [:]
        for diagnostic in diagnostics { byPath[diagnostic.path, default: []].append(diagnostic) }
        let checked = Set(files)
        let paths = (files + byPath.keys.filter { !checked.contains($0) }).sorted()
        return paths.map { ($0, byPath[$0] ?? []) }
    }
}
