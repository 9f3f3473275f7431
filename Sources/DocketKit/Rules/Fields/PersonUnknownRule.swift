/// `person-unknown`: person fields and work-log authors name people of `roles.md`.
/// Raised by `FieldDecoder` and `BodyParser` (Records/).
struct PersonUnknownRule: Rule {
    static let description = RuleDescription(
        id: .personUnknown, severity: .error, group: "fields",
        summary: "a person must be a key of people in procedures/roles.md",
        description: """
        Person fields (assignee, closed_by, escalation `by`, …) and work-log authors hold a key of \
        `people` in `procedures/roles.md`, not a display name, so roles can be checked and history \
        can be tied to commit authors. The message suggests the id of a person whose name was written.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("assignee: lisi", "⚑assignee: 李四"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("- 2026-11-03 09:20 lisi:", "⚑- 2026-11-03 09:20 lissi:"))),
        ])
}
