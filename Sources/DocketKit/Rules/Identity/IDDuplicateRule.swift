/// `id-duplicate`: no two records share an id. Checked across the repository by `Validator`.
struct IDDuplicateRule: Rule {
    static let description = RuleDescription(
        id: .idDuplicate, severity: .error, group: "identity",
        summary: "two records must not share an id",
        description: """
        An id names exactly one record across the whole repository, whatever the kind or year \
        folder. Each file holding an id that another file also holds is reported, naming the other \
        file. Give the newer record the next free number.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            RuleExample(files: [
                ExampleFile(path: Fixture.incidentPath, text: Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "⚑id: INC-2026-9001"))),
                ExampleFile(path: "tickets/incidents/2025/INC-2026-9001.md",
                            text: Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "⚑id: INC-2026-9001"), ("reported_at: 2026-11-03 09:12", "reported_at: 2025-12-30 09:12"))),
            ], passes: false, now: nil),
        ])
}
