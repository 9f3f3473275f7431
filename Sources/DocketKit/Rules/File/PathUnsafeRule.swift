/// `path-unsafe`: a path Docket will not open. Raised through `FileRefusal.report` (Records/RecordLoader.swift) by
/// `RepositoryScanner` and `RecordLoader`; the target is never read.
struct PathUnsafeRule: Rule {
    static let description = RuleDescription(
        id: .pathUnsafe, severity: .error, group: "file",
        summary: "a record path must be a regular file inside the repository",
        description: """
        Docket never reads or writes outside the repository root and opens only regular files. A \
        symbolic link under `tickets/` or `procedures/` (or `tickets/` itself) that resolves outside \
        the root, leads in a loop or to nothing is reported and never followed, so a crafted repository \
        cannot make CI read files of the machine it runs on. A FIFO, socket or device under `tickets/`, \
        and a folder named like a record, are reported without being opened, so they cannot hang a run.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            RuleExample(files: [ExampleFile(path: "tickets/incidents/2026/INC-2026-9002.md", text: "", symlinkTarget: "/etc/passwd")], passes: false, now: nil),
        ])
}
