/// `transition-invalid`: a state change the procedure's transitions do not allow.
/// Raised by `HistoryAnalyzer.analyze` (History/HistoryAnalyzer.swift) over the commits
/// `docket validate --since REF` walks; no single-file examples: the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make it fire.
struct TransitionInvalidRule: Rule {
    static let description = RuleDescription(
        id: .transitionInvalid, severity: .error, group: "history",
        summary: "each change of state in the history must follow the procedure's transitions",
        description: """
        With `--since REF`, every commit between REF and the head (and the uncommitted working \
        tree) that changed a record's `status` is compared with the procedure's `transitions`, \
        including their conditions, read on the version after the change. Each intermediate commit \
        counts: new -> closed in one commit is reported even when a later commit looks fine. \
        Example: commit 1 sets an incident from new to closed (not a transition) -> reported on \
        commit 1. Fix the history by reverting the commit and moving the record through the \
        allowed states, one commit per step if needed.
        """,
        examples: [])
}
