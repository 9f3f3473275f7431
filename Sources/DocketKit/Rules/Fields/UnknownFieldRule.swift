/// `unknown-field`: keys the procedure does not declare. Raised by `FieldDecoder` (Records/FieldDecoder.swift).
struct UnknownFieldRule: Rule {
    static let description = RuleDescription(
        id: .unknownField, severity: .error, group: "fields",
        summary: "a front-matter key must be a field of the record's kind",
        description: """
        Only the fields a procedure declares may appear; a misspelt key would otherwise be silently \
        ignored and the real field reported missing. The message suggests the nearest field name, or \
        the field whose zh or en label was written as the key.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("reporter: 王芳(立案庭)", "⚑reportr: 王芳(立案庭)"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("satisfaction: 5", "⚑满意度: 5"))),
        ])
}
