/// `encoding`: a record must be UTF-8 text without NUL bytes. Raised by `RecordReader`
/// (Records/RecordReader.swift); an unreadable file by `RecordChecker.check`.
struct EncodingRule: Rule {
    static let description = RuleDescription(
        id: .encoding, severity: .error, group: "file",
        summary: "a record must be UTF-8 text without NUL bytes",
        description: """
        Records are UTF-8 (a leading byte-order mark is tolerated). A file saved as GBK or another \
        legacy encoding, or one holding a NUL byte, is reported at the first bad byte and not \
        parsed. Re-save the file as UTF-8.
        """,
        examples: [
            .passing(Fixture.incidentPath, "\u{FEFF}" + Fixture.newIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("reporter: 王芳(立案庭)", "⚑reporter: 王芳\u{0}"))),
        ])
}
