/// `section-missing`: body sections the procedure requires must be present and not empty.
struct SectionMissingRule: RecordRule {
    static let description = RuleDescription(
        id: .sectionMissing, severity: .error, group: "body",
        summary: "a section the procedure requires in this state is missing or empty",
        description: """
        Sections are level-2 headings matched by their zh or en title (`## 事件描述` or \
        `## Description`), ignoring case and surrounding spaces. A required section must be present \
        and hold more than blank lines and comments: an incident always needs its description, and \
        its root cause and resolution once resolved. A missing section is reported on the `status` \
        line, or, when a field's value requires it (`## 临时措施` when `closure_code` is \
        `workaround`), on that field's line.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("## 故障根源", "## Root Cause"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("status: closed", "⚑status: closed"), ("## 故障根源\n报表导出任务超时参数过小。\n", ""))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("## 解决方案\n将导出任务超时由 60 秒调整为 300 秒, 用户确认导出成功。", "⚑## 解决方案\n<!-- 待填写 -->"))),
            // Closed with a workaround (problem linked) but no 临时措施 section: reported on closure_code.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("closure_code: success\nuser_confirmed: true", "⚑closure_code: workaround\nproblems: [PRB-2026-0001]"))),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("closure_code: success\nuser_confirmed: true", "closure_code: workaround\nproblems: [PRB-2026-0001]"),
                ("## 解决方案", "## 临时措施\n重启报表服务恢复导出。\n\n## 解决方案"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        for spec in procedure.sections where record.requires(spec.required) {
            // A change's missing post-implementation review is change-review's to report.
            if spec.id == ChangeReviewRule.reviewSection && ChangeReviewRule.applies(record, procedure) { continue }
            let matching = record.sections.filter { $0.sectionID == spec.id }
            if matching.isEmpty {
                var reason = record.status.map { " for status \($0)" } ?? ""
                var at = record.statusPosition
                // Required because of a field's value: say so, on that field's line.
                if case .any(let conditions) = spec.required,
                   let condition = conditions.first(where: { record.satisfies($0) && !$0.when.isEmpty }),
                   let (field, match) = condition.when.first(where: { record.fields[$0.field] != nil }),
                   let entry = record.fields[field] {
                    if case .oneOf = match, let value = record.canonical(field) { reason = " when \(field) is \(value)" } else { reason = " when \(field) is given" }
                    at = entry.keyPosition
                }
                sink.report(.sectionMissing, at: at, "missing required section \"## \(spec.zh)\" (\(spec.en))\(reason)")
            } else if matching.allSatisfy(\.isEmpty) {
                sink.report(.sectionMissing, at: matching[0].headingPosition, "expected section \"## \(spec.zh)\" to have content, found it empty")
            }
        }
    }
}
