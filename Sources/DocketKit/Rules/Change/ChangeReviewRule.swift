/// `change-review`: a reviewed change carries its review date and its post-implementation review.
struct ChangeReviewRule: RecordRule {
    static let reviewed = Fixture.edit(ChangeApprovalRule.normal,
        ("status: implemented", "⚑status: reviewed"),
        ("result: success", "result: success\nreviewed_at: 2026-11-10 10:00")) + "## 实施后评审\n变更后一周内未再出现导出超时。\n"

    static let description = RuleDescription(
        id: .changeReview, severity: .error, group: "change",
        summary: "a reviewed change needs reviewed_at and the post-implementation review",
        description: """
        From `reviewed` on (reviewed, and closed after implementation), a change must carry \
        `reviewed_at` and a non-empty `## 实施后评审` / `## Post-implementation review` section: the \
        review is the evidence an auditor asks for that the change achieved its aim.
        """,
        examples: [
            .passing(ChangeApprovalRule.path, Fixture.edit(reviewed, ("⚑", ""))),
            .failing(ChangeApprovalRule.path, Fixture.edit(reviewed, ("reviewed_at: 2026-11-10 10:00\n", ""))),
            .failing(ChangeApprovalRule.path, Fixture.edit(reviewed, ("## 实施后评审\n变更后一周内未再出现导出超时。\n", ""))),
        ])

    /// The field and the section this rule reports. Where the rule applies, `required-field` and
    /// `section-missing` leave them to it, so that a missing review is reported once, under this id
    /// (as `known-error-workaround` is for a problem's workaround).
    static let reviewField = "reviewed_at"
    static let reviewSection = "review"

    /// From reviewed on: reviewed, and closed after an implementation (a change closed after
    /// rejection was never implemented, so it has nothing to review).
    static func applies(_ record: Record, _ procedure: Procedure) -> Bool {
        guard procedure.kind == "change", let status = record.status else { return false }
        return status == "reviewed" || (status == "closed" && record.isPresent("implemented_at"))
    }

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        guard applies(record, procedure), let status = record.status else { return }
        if !record.isPresent(reviewField) {
            sink.report(.changeReview, at: record.statusPosition, "expected reviewed_at for a change in \(status), found none")
        }
        let sections = record.sections.filter { $0.sectionID == reviewSection || $0.title == "实施后评审" || $0.title.lowercased() == "post-implementation review" }
        if sections.isEmpty || sections.allSatisfy(\.isEmpty) {
            sink.report(.changeReview, at: sections.first?.headingPosition ?? record.statusPosition, "expected a post-implementation review section (## 实施后评审) with content for a change in \(status), found \(sections.isEmpty ? "none" : "it empty")")
        }
    }
}
