/// `record-deleted`: a record file was removed.
/// Raised by `HistoryAnalyzer.analyze` (History/HistoryAnalyzer.swift) over the commits
/// `docket validate --since REF` walks; no single-file examples: the integration tests in
/// `Tests/DocketKitTests/History` build git repositories that make it fire.
struct RecordDeletedRule: Rule {
    static let description = RuleDescription(
        id: .recordDeleted, severity: .error, group: "history",
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
