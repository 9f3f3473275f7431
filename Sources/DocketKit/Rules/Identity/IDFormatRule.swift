/// `id-format`: ids follow the kind's pattern; every `.md` file under `tickets/`
/// is a record named by an id of its folder's kind. The id is checked here; file names and
/// Markdown files outside every kind's folder are raised by `RepositoryScanner`
/// (Validation/RepositoryScanner.swift), which never reads those files.
struct IDFormatRule: RecordRule {
    static let description = RuleDescription(
        id: .idFormat, severity: .error, group: "identity",
        summary: "a record id must match its kind's id pattern",
        description: """
        Each kind declares its id pattern (`INC-{year}-{seq}`: `INC-2026-0001`, four or more digits). \
        The `id` field must match it, and every `.md` file in a kind's folder must be named by such \
        an id; a Markdown file under `tickets/` outside any kind's folder is reported too, so no \
        file is skipped silently.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.newIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.newIncident, ("id: INC-2026-9001", "⚑id: INC-26-9001"))),
            .failing("tickets/incidents/2026/notes.md", "⚑" + Fixture.newIncident),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        // The id's entry found once, by index (`ProcedureRulePlan`): its position and value read in place.
        let plan = context.plan(for: procedure)
        guard let entry = plan.entry("id", field: plan.idField, in: record),
              case .text(let id)? = record.fields.value(at: entry) else { return }
        let at = record.fields.valueRange(at: entry).start
        if !procedure.idPattern.matches(id) {
            sink.report(.idFormat, at: at, "expected an id like \(example(procedure.idPattern)) (pattern \(procedure.idPattern)), found \"\(id)\"")
        }
    }

    /// A sample id for a pattern, for messages.
    static func example(_ pattern: IDPattern) -> String {
        pattern.description.replacingOccurrences(of: "{year}", with: "2026")
            .replacingOccurrences(of: "{seq}", with: "0001")
            .replacingOccurrences(of: "{code}", with: "APP-FIN")
    }
}

import Foundation
