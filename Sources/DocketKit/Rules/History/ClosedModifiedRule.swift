/// `closed-modified`: a record in a final state was edited.
/// Raised by `HistoryAnalyzer.analyze` (History/HistoryAnalyzer.swift) over the commits
/// `docket validate --since REF` walks; no single-file examples: the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make it fire.
struct ClosedModifiedRule: Rule {
    static let description = RuleDescription(
        id: .closedModified, severity: .error, group: "history",
        summary: "a record in a final state must not change, except fields the procedure keeps editable",
        description: """
        With `--since REF`, a commit that changes a record that was already in a final state is \
        reported, unless every changed front-matter field is listed in the procedure's \
        `editable_when_closed` (incidents and requests: `satisfaction`, recorded at the \
        follow-up call). Fields are compared by their canonical values (a label and its id are \
        the same value), and the body byte for byte. Example: a closed incident whose `title` is \
        corrected in commit A is reported on commit A. Put corrections in a new linked record.
        """,
        examples: [])
}
