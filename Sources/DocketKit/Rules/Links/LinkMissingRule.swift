/// `link-missing`: a reference must name an existing record. Raised by `Validator.crossRecord` (Validation/Validator.swift)
/// against the whole repository, also when only some files are validated.
struct LinkMissingRule: Rule {
    static let description = RuleDescription(
        id: .linkMissing, severity: .error, group: "links",
        summary: "a reference must name an existing record",
        description: """
        Reference fields (configuration_items, problems, changes, knowledge, related, …) hold ids of \
        records that exist in the repository. A dangling id usually is a typo or a record that was \
        never committed. Links are resolved against the whole repository even when only some files \
        are validated.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("configuration_items: [CI-APP-FIN]", "⚑configuration_items: [CI-APP-FINX]"))),
        ])

    static func message(field: String, id: String) -> String {
        "expected \(field) to name an existing record, found no record \(id)"
    }
}
