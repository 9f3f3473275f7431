/// The history rules: checked by `docket validate --since REF` over the commits
/// between REF and the working tree (or `--until REV`), by `HistoryAnalyzer`.
/// They cannot be shown as single-file examples; the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make each fire.

/// `transition-invalid`: a state change the procedure's transitions do not allow.
struct TransitionInvalidRule: Rule {
    static let description = RuleDescription(
        id: "transition-invalid", severity: .error, group: "history",
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

/// `closed-reopened`: a record left a final state.
struct ClosedReopenedRule: Rule {
    static let description = RuleDescription(
        id: "closed-reopened", severity: .error, group: "history",
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

/// `closed-modified`: a record in a final state was edited.
struct ClosedModifiedRule: Rule {
    static let description = RuleDescription(
        id: "closed-modified", severity: .error, group: "history",
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

/// `record-deleted`: a record file was removed.
struct RecordDeletedRule: Rule {
    static let description = RuleDescription(
        id: "record-deleted", severity: .error, group: "history",
        summary: "records are never deleted",
        description: """
        Tickets are never lost: with `--since REF`, a record file that existed at some point \
        between REF and the head and is gone from the head (or the working tree) is reported on \
        the commit that removed it; a record of the same identity (id, else file name) added \
        back is compared with the version before the deletion instead. A record filed by mistake is closed (requests: closure code \
        `cancelled`), not deleted. Restore the file, e.g. `git checkout REF -- PATH`.
        """,
        examples: [])
}

/// `id-changed`: a record's id or file name changed and references were left behind.
struct IDChangedRule: Rule {
    static let description = RuleDescription(
        id: "id-changed", severity: .error, group: "history",
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

/// `transition-unauthorized`: the commit author does not hold the role the transition needs.
struct TransitionUnauthorizedRule: Rule {
    static let description = RuleDescription(
        id: "transition-unauthorized", severity: .warning, group: "history",
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
