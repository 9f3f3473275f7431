/// `path-unsafe`: a symbolic link under `tickets/` or `procedures/` must not lead
/// outside the repository root. Raised by `RepositoryScanner` (Validation/RepositoryScanner.swift); the target is never read.
struct PathUnsafeRule: Rule {
    static let description = RuleDescription(
        id: .pathUnsafe, severity: .error, group: "file",
        summary: "a symbolic link must not point outside the repository",
        description: """
        Docket never reads or writes outside the repository root. A symbolic link under `tickets/` \
        that resolves outside the root (or cannot be resolved) is reported and never followed, so a \
        crafted repository cannot make CI read files of the machine it runs on.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            RuleExample(files: [ExampleFile(path: "tickets/incidents/2026/INC-2026-9002.md", text: "", symlinkTarget: "/etc/passwd")], passes: false, now: nil),
        ])
}
