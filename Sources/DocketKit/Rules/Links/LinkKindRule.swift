/// `link-kind`: a reference must name a record of the field's kind. Raised by `Validator.crossRecord` (Validation/Validator.swift).
struct LinkKindRule: Rule {
    static let description = RuleDescription(
        id: .linkKind, severity: .error, group: "links",
        summary: "a reference must name a record of the kind its field expects",
        description: """
        `problems` holds problem ids, `changes` change ids, `configuration_items` CMDB ids, and so \
        on; `related` takes any kind. An id of another kind in a typed field is reported with the \
        kind it names. The two records are still linked (a link demand such as \
        `emergency-change-link` counts the link by the kind of the record it names), so the \
        misfiled link is reported once, here.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("configuration_items: [CI-APP-FIN]", "configuration_items: [CI-APP-FIN]\n⚑problems: [CI-APP-FIN]"))),
        ])

    static func message(field: String, id: String, expected: String, actual: String) -> String {
        "expected \(article(expected)) \(expected) id in \(field), found \(id), \(article(actual)) \(actual) record"
    }

    /// "an incident", "a problem".
    static func article(_ word: String) -> String {
        word.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}
