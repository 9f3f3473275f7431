/// `worklog-format`: each work-log line is `- <datetime> <person>: <text>`. Raised by `BodyParser` (Records/BodyParser.swift).
struct WorklogFormatRule: Rule {
    static let description = RuleDescription(
        id: .worklogFormat, severity: .error, group: "body",
        summary: "a work-log line must be \"- <datetime> <person>: <text>\"",
        description: """
        The work log (`## 处理记录` / `## Work log`, form Q3-CS-01-02 服务工作记录) holds one entry a \
        line: `- 2026-11-03 09:15 lisi: 电话联系用户`. A text starting with `[state]` records a state \
        change (`[pending]` stops the SLA clock). Indented lines continue the entry above; any other \
        line is reported, since a malformed entry would drop out of the work record and the SLA.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            // A full-width colon after the person is accepted, also before a text with spaces.
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("- 2026-11-03 10:40 lisi: 调整导出任务超时参数后重试成功", "- 2026-11-03 10:40 lisi：调整导出任务超时参数后重试 20 次均成功"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("- 2026-11-03 09:20 lisi: 电话联系用户", "⚑- 11/03 09:20 lisi: 电话联系用户"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("- 2026-11-03 09:20 lisi: 电话联系用户", "⚑2026-11-03 09:20 lisi 电话联系用户"))),
        ])
}
