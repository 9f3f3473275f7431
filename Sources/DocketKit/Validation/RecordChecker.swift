/// Checks one file on its own: reads it, decodes it, runs every record rule and
/// the procedure's declared constraints.
struct RecordChecker: Sendable {
    let procedures: ProcedureSet
    let reader: RecordReader
    let context: RuleContext

    init(procedures: ProcedureSet, now: Int64?) {
        self.procedures = procedures
        self.reader = RecordReader(procedures: procedures)
        self.context = RuleContext(procedures: procedures, dates: reader.dates, now: now)
    }

    struct Outcome: Sendable {
        var diagnostics: [Diagnostic]
        var summary: RecordSummary?
    }

    func check(_ file: TicketFile, loader: RecordLoader) -> Outcome {
        switch loader.bytes(of: file) {
        case .bytes(let bytes):
            return check(file, bytes: bytes)
        case .refused(let refusal):
            var sink = DiagnosticSink(path: file.path, severities: severities(of: file))
            refusal.report(into: &sink)
            return Outcome(diagnostics: sink.diagnostics, summary: nil)
        }
    }

    /// `check(_:loader:)` with the findings sorted, as the join expects them.
    func checkSorted(_ file: TicketFile, loader: RecordLoader) -> Outcome {
        var outcome = check(file, loader: loader)
        if outcome.diagnostics.count > 1 { outcome.diagnostics.sort() }
        return outcome
    }

    /// The severities of the procedure whose folder holds `file`; the defaults outside every kind's folder.
    func severities(of file: TicketFile) -> RuleSeverities {
        file.kind.flatMap { procedures.procedure(kind: $0)?.severities } ?? .defaults
    }

    func check(_ file: TicketFile, bytes: [UInt8]) -> Outcome {
        guard let kind = file.kind, let procedure = procedures.procedure(kind: kind) else { return Outcome(diagnostics: [], summary: nil) }
        var sink = DiagnosticSink(path: file.path, severities: procedure.severities)
        guard let record = reader.read(path: file.path, bytes: bytes, procedure: procedure, sink: &sink) else {
            return Outcome(diagnostics: sink.diagnostics, summary: nil)
        }
        let (summary, diagnostics) = check(record, procedure: procedure, sink: sink, stem: file.stem)
        return Outcome(diagnostics: diagnostics, summary: summary)
    }

    /// Runs the record rules over a decoded record.
    func check(_ record: Record, procedure: Procedure, sink: DiagnosticSink, stem: String) -> (RecordSummary, [Diagnostic]) {
        var sink = sink
        for check in RuleCatalog.recordRules { check(record, procedure, context, &sink) }
        let plan = context.plan(for: procedure)
        let pending = ConstraintEvaluator.check(record, procedure, plan: plan, &sink)
        var links: [(field: String, reference: Reference, expectedKind: String?)] = []
        record.forEachReference(fields: plan.referenceFields, in: procedure) { index, field, reference in
            // The procedure's own key: one string for every record, not one per link (a key
            // longer than 15 bytes is a heap allocation, kept until the cross-record pass).
            // Its expected kind worked out once per procedure (`ProcedureRulePlan.referenceKinds`).
            if let index {
                links.append((procedure.fields[index].key, reference, plan.referenceKinds[index]))
            } else {
                links.append((field, reference, nil))
            }
        }
        // The id's entry found once by its index: its value and position read in place.
        let fields = record.fields
        let idEntry = plan.idField.map { fields.entryIndex(field: $0, in: procedure) } ?? fields.entryIndex("id")
        var id: String?
        if let idEntry, case .text(let text)? = fields.value(at: idEntry) { id = text }
        let idPosition = idEntry.map { fields.valueRange(at: $0).start } ?? record.start
        // (The opening time read by index: `flatMap(record.datetime)` would copy the record.)
        let opened = procedure.openedField == nil ? nil : plan.openedField.flatMap { record.datetime(field: $0, in: procedure) }
        let summary = RecordSummary(path: record.path, procedure: procedure, id: id ?? stem,
                                    idPosition: idPosition,
                                    links: links, pendingLinks: pending,
                                    opened: opened,
                                    namedByID: id.map { $0 == stem } ?? true)
        return (summary, sink.diagnostics)
    }
}

extension Procedure {
    /// The kind a reference field expects; nil for `any` or a field that holds no references.
    func referenceKind(of key: String) -> String? {
        field(key).flatMap(referenceKind(of:))
    }

    /// The kind the field `spec` expects; nil for `any` or a field that holds no references.
    func referenceKind(of spec: FieldSpec) -> String? {
        func find(_ type: FieldType) -> String?? {
            switch type {
            case .reference(let kind): return .some(kind)
            case .list(let item): return find(item.type)
            case .map(let keys):
                for spec in keys { if let found = find(spec.type) { return found } }
                return nil
            default: return nil
            }
        }
        guard let found = find(spec.type) else { return nil }
        return found
    }
}
