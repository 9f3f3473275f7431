/// `yaml-syntax`: the front matter must be well-formed YAML of the supported subset.
/// Raised by `RecordReader` (Records/RecordReader.swift) from `YAMLParser` errors.
struct YAMLSyntaxRule: Rule {
    static let description = RuleDescription(
        id: .yamlSyntax, severity: .error, group: "file",
        summary: "the front matter must be well-formed YAML",
        description: """
        The front matter is parsed by Docket's own YAML parser. Malformed YAML (an unclosed quote, \
        a bad indentation, a duplicate key, a tab used for indentation, nesting deeper than 64 \
        levels) is reported at the place the parser stopped; the rest of the file is not checked.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("title: 打印机无法打印\nstatus: new", "title: \"打印机无法打印\n⚑status: new"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("channel: phone", "⚑status: assigned"))),
        ])
}
