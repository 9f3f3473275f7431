/// `enum-value`: an enum field takes a value's id, label or alias. Raised by `FieldDecoder` (Records/FieldDecoder.swift).
struct EnumValueRule: Rule {
    static let description = RuleDescription(
        id: .enumValue, severity: .error, group: "fields",
        summary: "an enum field must hold one of its values (id, zh or en label, or alias)",
        description: """
        Enum fields accept a value's id (`workaround`), its labels (`变通关闭`, `Closed with \
        workaround`) or an alias (`cocall` for `im`), case-insensitively. Anything else is reported \
        with the list of ids and the nearest one.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("channel: phone", "channel: 电话"))),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("channel: phone", "channel: cocall"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("channel: phone", "⚑channel: telephone"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("priority: P3", "⚑priority: P5"))),
        ])
}
