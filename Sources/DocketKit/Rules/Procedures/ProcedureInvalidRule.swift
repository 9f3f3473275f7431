/// `procedure-invalid`: a broken procedure definition; reported before any ticket
/// is read, with exit code 2. Raised by `ProcedureSet.load` (Procedures/).
struct ProcedureInvalidRule: Rule {
    static let description = RuleDescription(
        id: .procedureInvalid, severity: .error, group: "procedures",
        summary: "a procedure definition is broken (exit code 2)",
        description: """
        Procedure documents are the rule book. An unknown field type, a transition to an undeclared \
        state, a priority matrix that misses a cell, a required field that is not declared, an \
        unknown role or kind, or a broken SLA document is reported at its line in `procedures/` and \
        stops the run with exit code 2 before any ticket is read: every verdict would be wrong.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing("procedures/extra.md", "---\nkind: extra\nid_pattern: \"EX-{seq}\"\nfolder: extras\nstates:\n  open: {zh: 打开, en: Open}\ntransitions:\n⚑  - open -> shut\nfields:\n  id: {type: id}\n  status: {type: state}\n---\n"),
            .failing("procedures/extra.md", "---\nkind: extra\nid_pattern: \"EX-{seq}\"\nfolder: extras\nstates:\n  open: {zh: 打开, en: Open}\nfields:\n  id: {type: id}\n  status: {type: state}\n⚑  size: {type: bignum}\n---\n"),
        ])
}
