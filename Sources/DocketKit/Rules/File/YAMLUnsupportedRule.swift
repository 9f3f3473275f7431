/// `yaml-unsupported`: YAML features Docket deliberately does not read.
/// Raised by `RecordReader` (Records/RecordReader.swift) from `YAMLParser` errors.
struct YAMLUnsupportedRule: Rule {
    static let description = RuleDescription(
        id: .yamlUnsupported, severity: .error, group: "file",
        summary: "anchors, aliases, tags, directives other than %YAML 1.2, several documents and complex keys are not supported",
        description: """
        Records are edited by hand and by Docket, which rewrites only the bytes it is asked to. \
        Anchors (`&a`), aliases (`*a`), tags (`!x`), directives (`%TAG`; only `%YAML 1.2` is read), a second document and \
        complex keys (`? `) would make a value's meaning depend on text elsewhere, so they are \
        rejected with their position instead of being misread. Write the value out in full.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("reporter: 王芳(立案庭)", "⚑reporter: &who 王芳(立案庭)"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("reporter: 王芳(立案庭)", "⚑reporter: !!str 王芳"))),
        ])
}
