/// `closed-reopened`: a record left a final state.
/// Raised by `HistoryAnalyzer.analyze` (History/HistoryAnalyzer.swift) over the commits
/// `docket validate --since REF` walks; no single-file examples: the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make it fire.
struct ClosedReopenedRule: Rule {
    static let description = RuleDescription(
        id: .closedReopened, severity: .error, group: "history",
        summary: "a record in a final state must never leave it (已关闭的事件单不允许重开)",
        description: """
        A closed ticket is never reopened: a recurrence gets a new ticket that links the old one. \
        With `--since REF`, a commit that changes the status of a record from a final state \
        (`final` in the procedure) to any other state is reported, even when a later commit \
        closes it again: closed -> in-progress in commit A, in-progress -> closed in commit B is \
        reported on commit A. Deleting the file and adding it back later is compared as one \
        change: closed before the deletion, in-progress when added back is reported. Revert the \
        change and open a new record instead.
        """,
        examples: [])
}
