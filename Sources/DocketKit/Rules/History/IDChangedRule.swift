/// `id-changed`: a record's id or file name changed and references were left behind.
/// Raised by `HistoryAnalyzer.identity`, with the reference check in `HistoryAnalyzer.analyze` (History/HistoryAnalyzer.swift) over the commits
/// `docket validate --since REF` walks; no single-file examples: the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make it fire.
struct IDChangedRule: Rule {
    static let description = RuleDescription(
        id: .idChanged, severity: .error, group: "history",
        summary: "a record keeps its id, unless it is renumbered with every reference updated",
        description: """
        With `--since REF`, a commit that changes the `id` in a record's front matter, or renames \
        its file to another id, is reported unless it is a renumbering: the new id equals the new \
        file name and, at the head, no record references the old id any more. A move that keeps \
        the id (for example into the right year folder) is not an id change, nor is a rename \
        to the id the front matter already held (it fixes a wrong file name). Example: \
        INC-2026-0005.md renamed to INC-2026-0099.md while PRB-2026-0001 still lists \
        INC-2026-0005 is reported. Rename it back, or update every reference in the same change.
        """,
        examples: [])
}
