/// `field-type`: a value must have its field's type. Raised by `FieldDecoder` (Records/FieldDecoder.swift).
struct FieldTypeRule: Rule {
    static let description = RuleDescription(
        id: .fieldType, severity: .error, group: "fields",
        summary: "a value must have its field's type",
        description: """
        Datetimes are `2026-11-03T09:12:00+08:00`, `…Z` or local `2026-11-03 09:12[:00]`; dates \
        `2026-11-03`; durations `15m`, `4h`, `1h30m`, `2d`; booleans `true` or `false` only; integers \
        within the field's range; lists where a list is expected. The message says what was \
        expected and what was found.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("resolved_at: 2026-11-03 11:05", "⚑resolved_at: 2026-11-31 11:05"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("user_confirmed: true", "⚑user_confirmed: yes"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("satisfaction: 5", "⚑satisfaction: 6"))),
        ])
}
