/// `file-too-large`: records over `max_file_size` are not parsed. Raised by `RecordChecker.check`
/// (Validation/RecordChecker.swift) before reading, and by `RecordReader` for bytes already read.
struct FileTooLargeRule: Rule {
    static let description = RuleDescription(
        id: .fileTooLarge, severity: .error, group: "file",
        summary: "a record file must not exceed max_file_size (1 MiB by default)",
        description: """
        A record larger than `max_file_size` in `procedures/repository.md` (1 MiB unless set) is \
        reported and not parsed, so one pasted log cannot slow down or exhaust a CI run. Move large \
        attachments out of the record and link to them.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident + String(repeating: "日志行\n", count: 1000)),
            .failing(Fixture.incidentPath, "⚑" + Fixture.newIncident + String(repeating: "0123456789abcdef\n", count: 70_000)),
        ])
}
