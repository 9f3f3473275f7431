/// `transition-unauthorized`: the commit author does not hold the role the transition needs.
/// Raised by `HistoryAnalyzer.analyze` through `HistoryAnalyzer.authorization` (History/HistoryAnalyzer.swift) over the commits
/// `docket validate --since REF` walks; no single-file examples: the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make it fire.
struct TransitionUnauthorizedRule: Rule {
    static let description = RuleDescription(
        id: .transitionUnauthorized, severity: .warning, group: "history",
        summary: "a transition is made by a person holding the role the procedure requires",
        description: """
        A procedure may name the roles that make a transition (`transition_roles`: state entered \
        -> roles, or `role:` on a transition): closing an incident or a request needs the \
        service desk, approving a change the CAB or the change manager. With `--since REF`, the \
        author email of the commit that made the transition must be the `email` of a person in \
        `roles.md` who holds one of those roles. Commit authorship is only as strong as the \
        repository's commit signing and branch protection. Uncommitted changes are not checked.
        """,
        examples: [])
}
