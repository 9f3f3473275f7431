/// `time-order`: timestamps follow the record's life.
struct TimeOrderRule: RecordRule {
    static let description = RuleDescription(
        id: .timeOrder, severity: .error, group: "time",
        summary: "timestamps must follow the record's life: opened ≤ responded ≤ resolved ≤ closed",
        description: """
        Each procedure declares chains of datetime fields that must not decrease (incidents: \
        reported_at ≤ responded_at ≤ resolved_at ≤ closed_at; absent fields are skipped). Datetimes \
        inside list items (escalations) and work-log entries must lie within the record's life: not \
        before the opening timestamp, not after closing.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("closed_at: 2026-11-03 15:00", "⚑closed_at: 2026-11-03 10:50"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("- 2026-11-03 10:40 lisi:", "⚑- 2026-11-04 10:40 lisi:"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        let dates = context.dates
        // The chains' fields, the opening and closing fields are found by index (`ProcedureRulePlan`).
        let plan = context.plan(for: procedure)
        let fields = record.fields
        for chain in plan.timeOrder {
            // The latest time so far and its link's position in the chain.
            var previous: (link: Int, time: Int64)?
            for link in chain.indices {
                let entry = chain[link].field.map { fields.entryIndex(field: $0, in: procedure) } ?? fields.entryIndex(chain[link].key)
                guard let entry, case .datetime(let time)? = fields.value(at: entry) else { continue }
                if let previous, time < previous.time {
                    sink.report(.timeOrder, at: fields.valueRange(at: entry).start, "expected \(chain[link].key) (\(dates.localText(time))) not before \(chain[previous.link].key) (\(dates.localText(previous.time)))")
                }
                if previous == nil || time >= previous!.time { previous = (link, time) }
            }
        }
        guard let openedKey = procedure.openedField, let openedField = plan.openedField,
              let opened = record.datetime(field: openedField, in: procedure) else { return }
        let closed = plan.closedField.flatMap { record.datetime(field: $0, in: procedure) }
        func within(_ time: Int64, _ what: String, at position: SourcePosition) {
            if time < opened {
                sink.report(.timeOrder, at: position, "expected \(what) (\(dates.localText(time))) not before \(openedKey) (\(dates.localText(opened)))")
            } else if let closed, time > closed, let closedKey = procedure.closedField {
                sink.report(.timeOrder, at: position, "expected \(what) (\(dates.localText(time))) not after \(closedKey) (\(dates.localText(closed)))")
            }
        }
        // `within` reports when this holds; entries are sorted (the order of the findings)
        // and named only for a list item that has such a time.
        func outside(_ time: Int64) -> Bool {
            time < opened || (closed.map { time > $0 } ?? false && procedure.closedField != nil)
        }
        // Most records hold no list: then no key of theirs is looked up.
        let holdsList = fields.containsValue { if case .list = $0 { true } else { false } }
        func checkItems(of key: String, _ items: [DecodedField]) {
            for item in items {
                guard case .map(let entries)? = item.value,
                      entries.values.contains(where: { if case .datetime(let time)? = $0.value { return outside(time) }; return false })
                else { continue }
                for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
                    if case .datetime(let time)? = entry.value { within(time, "\(key) \(name)", at: entry.valueRange.start) }
                }
            }
        }
        // The keys in source order: the fields' own order unless the record keeps another.
        if holdsList && record.keyOrderIsFieldOrder {
            for entry in 0..<fields.count {
                guard case .list(let items)? = fields.value(at: entry) else { continue }
                checkItems(of: fields.key(at: entry), items)
            }
        } else if holdsList {
            for key in record.keyOrder {
                guard case .list(let items)? = record.value(key) else { continue }
                checkItems(of: key, items)
            }
        }
        for entry in record.worklog { within(entry.time, "the work-log entry", at: entry.position) }
    }
}
