/// `status-unknown`: the status must be a state of the kind. Raised by `FieldDecoder` and `BodyParser` (Records/).
struct StatusUnknownRule: Rule {
    static let description = RuleDescription(
        id: .statusUnknown, severity: .error, group: "fields",
        summary: "the status (and a work-log state mark) must be a state of the kind",
        description: """
        `status` takes a state id of the record's kind or its zh/en label (`closed`, `已关闭`). A \
        work-log state mark such as `[pending]` must name a state too. Unknown states are reported \
        with the list of states and the nearest one.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("status: new", "status: 新建"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("status: new", "⚑status: open"))),
        ])
}
