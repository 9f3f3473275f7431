/// `id-duplicate`: no two records share an id. Checked across the repository by `Validator`.
struct IDDuplicateRule: Rule {
    static let description = RuleDescription(
        id: .idDuplicate, severity: .error, group: "identity",
        summary: "two records must not share an id",
        description: """
        An id names exactly one record across the whole repository, whatever the kind or year \
        folder. One of the files is reported, naming the others: a file whose name is not its id (a \
        copied record whose id was not changed), else the one opened later — never the untouched \
        original. Give the newer record the next free number.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            // Both files where their id says: the one opened later is reported.
            RuleExample(files: [
                ExampleFile(path: Fixture.incidentPath, text: Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "⚑id: INC-2026-9001"))),
                ExampleFile(path: "tickets/incidents/2025/INC-2026-9001.md",
                            text: Fixture.edit(Fixture.newIncident, ("reported_at: 2026-11-03 09:12", "reported_at: 2025-12-30 09:12"))),
            ], passes: false, now: nil),
            // A copy saved under a new name with the old id: only the copy is reported, not the original.
            RuleExample(files: [
                ExampleFile(path: Fixture.incidentPath, text: Fixture.newIncident),
                ExampleFile(path: "tickets/incidents/2026/INC-2026-9002.md", text: Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "⚑id: INC-2026-9001"))),
            ], passes: false, now: nil),
        ])

    /// The finding for `summary`, which shares its id with `others`; nil when another file
    /// carries the report. A file not named by its id (a copy saved under a new name) is
    /// reported, never the untouched original; when every file is named by the id, the one
    /// opened later is reported.
    static func message(for summary: RecordSummary, others: [RecordSummary], otherPaths: [String]) -> String? {
        let also = otherPaths.joined(separator: ", ")
        let fileName = summary.path.split(separator: "/").last.map(String.init) ?? summary.path
        if !summary.namedByID {
            let stem = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
            return "expected id \(stem) as the file name \(fileName) says, found \(summary.id), which \(also) already uses; write id: \(stem)"
        }
        // Named by the id: reported only when it is the later of the files named by the id.
        func later(_ a: RecordSummary, than b: RecordSummary) -> Bool {
            (a.opened ?? .max, a.path) > (b.opened ?? .max, b.path)
        }
        let rivals = others.filter(\.namedByID)
        if others.count < otherPaths.count && rivals.isEmpty {
            // A file named by the id could not be read: nothing tells which came later.
            return "expected a unique id, found \(summary.id) also in \(also); give this record the next free number"
        }
        guard !rivals.isEmpty, rivals.allSatisfy({ later(summary, than: $0) }) else { return nil }
        return "expected a unique id, found \(summary.id) also in \(rivals.map(\.path).joined(separator: ", ")), opened earlier; give this record the next free number"
    }

    /// The duplicate report replaces the file-name report at the same id: its message names the fix.
    static func foldingFileNameReports(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let duplicates = Set(diagnostics.lazy.filter { $0.rule == RuleID.idDuplicate.rawValue }.map { "\($0.path):\($0.line):\($0.column)" })
        guard !duplicates.isEmpty else { return diagnostics }
        return diagnostics.filter { $0.rule != RuleID.idFilename.rawValue || !duplicates.contains("\($0.path):\($0.line):\($0.column)") }
    }
}
