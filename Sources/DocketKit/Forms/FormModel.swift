import Foundation

/// Builds the data a form template renders for one record, the same shape for every
/// kind (every name is listed in docs/forms.md): fields as raw value, display value
/// and zh/en label, sections as text and HTML, the work log, escalations, links in both
/// directions, the SLA block, the record's findings and the generation metadata.
///
/// The model is the ordered value tree `OutputValue`: `docket form --data` prints it as
/// JSON (`JSONOutput`) and templates render it through its `TemplateValue` conversion.
public struct FormModelBuilder: Sendable {
    public let store: RecordStore
    public let language: FormLanguage
    /// The instant printed as `generated_at`, which open records' SLA figures are measured at.
    public let generatedAt: Int64
    /// Where `generatedAt` came from (`--now`, `SOURCE_DATE_EPOCH` or the clock).
    public let clock: CommandContext.NowSource
    let evaluator: SLAEvaluator?
    let dates: DateTimeParser
    let formatter: RecordFormatter
    let labels: OutputValue
    let roles: OutputValue
    /// `labels` and `roles` as templates see them, converted once: they are the same in every model.
    let sharedValues: [String: TemplateValue]

    public init(store: RecordStore, language: FormLanguage, generatedAt: Int64, clock: CommandContext.NowSource) {
        self.store = store
        self.language = language
        self.generatedAt = generatedAt
        self.clock = clock
        self.evaluator = SLAEvaluator(procedures: store.procedures, now: generatedAt)
        self.formatter = RecordFormatter(procedures: store.procedures)
        self.dates = formatter.dates
        self.labels = .object(FormLabels.labels(language).map { ($0.0, .string($0.1)) })
        let lang = language
        self.roles = .object(store.procedures.roles.roles.map { role in
            (role.id, Self.label(zh: role.zh, en: role.en, lang))
        })
        self.sharedValues = ["labels": labels.templateValue, "roles": roles.templateValue]
    }

    /// A model as templates see it; the parts every model shares are converted once.
    public func templateValue(_ model: OutputValue) -> TemplateValue {
        guard case .object(let entries) = model else { return model.templateValue }
        var map: [String: TemplateValue] = [:]
        map.reserveCapacity(entries.count)
        for (key, value) in entries where map[key] == nil {
            map[key] = sharedValues[key] ?? value.templateValue
        }
        return .map(map)
    }

    /// The model of `record` filled into `form`.
    /// - Parameters:
    ///   - findings: the record's validation diagnostics (sorted).
    ///   - format: `html` or `md`, the template's format.
    public func model(for record: Record, form: FormDefinition, findings: [Diagnostic], format: String) -> OutputValue {
        let procedures = store.procedures
        guard let procedure = procedures.procedure(kind: record.kind) else { return .null }
        let id = record.id ?? ""
        let sla = evaluator?.evaluate(record)
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        var fieldMap: [(String, OutputValue)] = []
        var fieldList: [OutputValue] = []
        for spec in procedure.fields {
            let field = fieldObject(spec, record.fields[spec.key], procedure: procedure)
            fieldMap.append((spec.key, field))
            if record.isPresent(spec.key), record.value(spec.key) != nil { fieldList.append(field) }
        }
        let status = record.status
        return .object([
            ("form", .object([
                ("number", .string(form.number)),
                ("title", .string(form.title(language))),
                ("title_zh", .string(form.zh)),
                ("title_en", .string(form.en)),
                ("version", .string(form.version)),
                ("format", .string(format)),
            ])),
            ("language", .string(language.rawValue)),
            ("generated_at", .string(dates.localText(generatedAt))),
            ("generated_at_iso", .string(dates.iso8601(generatedAt))),
            ("generated_at_source", .string(clock.rawValue)),
            ("repository", .object([
                ("timezone", .string(procedures.settings.timeZone.identifier)),
                ("language", .string(procedures.settings.language)),
            ])),
            ("docket_version", .string(Docket.version)),
            ("labels", labels),
            ("roles", roles),
            ("record", .object([
                ("id", .string(id)),
                ("kind", .string(procedure.kind)),
                ("kind_label", Self.label(zh: procedure.zh, en: procedure.en, language)),
                ("title", store.title(of: record).map(OutputValue.string) ?? .string("")),
                ("status", .string(status ?? "")),
                ("status_label", stateLabel(status, procedure)),
                ("path", .string(record.path)),
                ("major_or_p1", .bool(FormCatalog.needsFaultReport(record))),
            ])),
            ("fields", .object(fieldMap)),
            ("field_list", .array(fieldList)),
            ("sections", .object(procedure.sections.map { spec in (spec.id, sectionObject(spec, record)) })),
            ("section_list", .array(record.sections.map { sectionObject(of: $0, record, procedure) })),
            ("worklog", .array(record.worklog.map { worklogObject($0, procedure) })),
            ("escalations", escalations(record, procedure)),
            ("links", .array(links(of: id, procedure))),
            ("linked", linkedByKind(id, procedure)),
            ("sla", sla.map(SLAReportFormat.value) ?? .null),
            ("sla_display", sla.map(slaDisplay) ?? .null),
            ("has_findings", .bool(!findings.isEmpty)),
            ("findings", .array(findings.map(findingObject))),
            ("findings_count", .int(findings.count)),
            ("error_count", .int(errors)),
            ("warning_count", .int(warnings)),
        ])
    }

    // MARK: - Labels and values

    static func label(zh: String, en: String, _ language: FormLanguage) -> OutputValue {
        .object([("zh", .string(zh)), ("en", .string(en)), ("text", .string(language == .en ? en : zh))])
    }

    func stateLabel(_ state: String?, _ procedure: Procedure?) -> OutputValue {
        guard let state else { return .null }
        guard let spec = procedure?.state(state) else { return Self.label(zh: state, en: state, language) }
        return Self.label(zh: spec.zh, en: spec.en, language)
    }

    func personName(_ id: String) -> String { store.procedures.roles.people[id]?.name ?? id }

    func fieldObject(_ spec: FieldSpec, _ decoded: DecodedField?, procedure: Procedure) -> OutputValue {
        var entries: [(String, OutputValue)] = [
            ("key", .string(spec.key)),
            ("type", .string(spec.type.name)),
            ("label", Self.label(zh: spec.zh, en: spec.en, language)),
        ]
        guard let decoded, decoded.isPresent, let value = decoded.value else {
            entries += [("present", .bool(false)), ("raw", .null), ("display", .string(""))]
            if case .list = spec.type { entries.append(("items", .array([]))) }
            return .object(entries)
        }
        entries += [
            ("present", .bool(true)),
            ("raw", formatter.value(value, type: spec.type)),
            ("display", .string(display(value, type: spec.type, procedure: procedure))),
        ]
        if case .list(let item) = spec.type { entries.append(("items", .array(items(value, item, procedure: procedure)))) }
        return .object(entries)
    }

    /// The items of a list field: `{raw, display}` for scalars (references add `title`),
    /// a map of field objects for lists of maps (escalations).
    func items(_ value: FieldValue, _ item: FieldSpec, procedure: Procedure) -> [OutputValue] {
        switch value {
        case .references(let refs):
            return refs.map { ref in
                .object([("raw", .string(ref.id)), ("display", .string(ref.id)),
                         ("title", store.record(ref.id).flatMap { store.title(of: $0) }.map(OutputValue.string) ?? .string(""))])
            }
        case .list(let values):
            return values.compactMap { decoded in
                guard let value = decoded.value else { return nil }
                if case .map(let keys) = item.type, case .map(let entries) = value {
                    return .object(keys.map { key in (key.key, fieldObject(key, entries[key.key], procedure: procedure)) })
                }
                return .object([("raw", formatter.value(value, type: item.type)),
                                ("display", .string(display(value, type: item.type, procedure: procedure)))])
            }
        default:
            return [.object([("raw", formatter.value(value, type: item.type)),
                             ("display", .string(display(value, type: item.type, procedure: procedure)))])]
        }
    }

    /// The value as a reader sees it in `language`: enum and state labels, person names,
    /// local times `2026-11-03 09:12` in the repository's zone, yes/no.
    public func display(_ value: FieldValue, type: FieldType, procedure: Procedure) -> String {
        let itemType: FieldType = { if case .list(let spec) = type { return spec.type }; return type }()
        switch value {
        case .text(let text): return text
        case .enumValue(let id):
            if case .enumeration(let set) = itemType, let entry = set.value(id) { return language == .en ? entry.en : entry.zh }
            return id
        case .state(let state):
            guard let spec = procedure.state(state) else { return state }
            return language == .en ? spec.en : spec.zh
        case .datetime(let seconds): return dates.localText(seconds)
        case .date(let days): return LocalDate(dayNumber: days).description
        case .duration(let seconds): return DurationText.format(seconds)
        case .bool(let flag): return FormLabels.text(flag ? "yes" : "no", language)
        case .int(let number): return String(number)
        case .person(let id): return personName(id)
        case .references(let refs): return refs.map(\.id).joined(separator: ", ")
        case .list(let values):
            let texts = values.compactMap { $0.value.map { display($0, type: itemType, procedure: procedure) } }
            if case .map = itemType { return texts.joined(separator: "\n") }
            return texts.joined(separator: language == .en ? ", " : "、")
        case .map(let entries):
            guard case .map(let keys) = type else { return "" }
            return keys.compactMap { spec -> String? in
                guard let value = entries[spec.key]?.value else { return nil }
                return display(value, type: spec.type, procedure: procedure)
            }.joined(separator: " ")
        }
    }

    // MARK: - Sections and work log

    func sectionObject(_ spec: SectionSpec, _ record: Record) -> OutputValue {
        let section = record.section(spec.id)
        let text = section.map { record.text(of: $0) } ?? ""
        return .object([
            ("id", .string(spec.id)),
            ("title", .string(section?.title ?? (language == .en ? spec.en : spec.zh))),
            ("label", Self.label(zh: spec.zh, en: spec.en, language)),
            ("present", .bool(!text.isEmpty)),
            ("text", .string(text)),
            ("html", .string(text.isEmpty ? "" : MarkdownHTML.render(text))),
        ])
    }

    func sectionObject(of section: BodySection, _ record: Record, _ procedure: Procedure) -> OutputValue {
        let spec = section.sectionID.flatMap { id in procedure.sections.first { $0.id == id } }
        let text = record.text(of: section)
        return .object([
            ("id", section.sectionID.map(OutputValue.string) ?? .null),
            ("title", .string(section.title)),
            ("label", Self.label(zh: spec?.zh ?? section.title, en: spec?.en ?? section.title, language)),
            ("present", .bool(!text.isEmpty)),
            ("text", .string(text)),
            ("html", .string(text.isEmpty ? "" : MarkdownHTML.render(text))),
        ])
    }

    func worklogObject(_ entry: WorklogEntry, _ procedure: Procedure) -> OutputValue {
        let state = entry.stateMark.flatMap { procedure.resolveState($0) }
        var text = Substring(entry.text)
        if entry.stateMark != nil, let close = text.firstIndex(of: "]") {
            text = text[text.index(after: close)...].drop { $0 == " " }
        }
        return .object([
            ("time", .string(dates.localText(entry.time))),
            ("time_iso", .string(dates.iso8601(entry.time))),
            ("person", .string(entry.person)),
            ("person_name", .string(personName(entry.person))),
            ("text", .string(String(text))),
            ("state", state.map(OutputValue.string) ?? (entry.stateMark.map(OutputValue.string) ?? .null)),
            ("state_label", entry.stateMark == nil ? .null : stateLabel(state ?? entry.stateMark, procedure)),
        ])
    }

    /// `escalations` as `{at, at_iso, to, to_label, by, by_name, reason}` items, in record order.
    func escalations(_ record: Record, _ procedure: Procedure) -> OutputValue {
        guard case .list(let items)? = record.value("escalations"), case .list(let itemSpec)? = procedure.field("escalations")?.type,
              case .map(let keys) = itemSpec.type else { return .array([]) }
        let toSpec = keys.first { $0.key == "to" }
        return .array(items.compactMap { decoded -> OutputValue? in
            guard case .map(let entries)? = decoded.value else { return nil }
            func value(_ key: String) -> FieldValue? { entries[key]?.value }
            var to: OutputValue = .null
            if case .enumValue(let level)? = value("to") {
                if let spec = toSpec, case .enumeration(let set) = spec.type, let entry = set.value(level) {
                    to = Self.label(zh: entry.zh, en: entry.en, language)
                } else {
                    to = Self.label(zh: level, en: level, language)
                }
            }
            let at: Int64? = { if case .datetime(let s)? = value("at") { return s }; return nil }()
            let by: String? = { if case .person(let p)? = value("by") { return p }; return nil }()
            let reason: String? = { if case .text(let t)? = value("reason") { return t }; return nil }()
            return .object([
                ("at", at.map { .string(dates.localText($0)) } ?? .null),
                ("at_iso", at.map { .string(dates.iso8601($0)) } ?? .null),
                ("to", value("to")?.canonical.map(OutputValue.string) ?? .null),
                ("to_label", to),
                ("by", by.map(OutputValue.string) ?? .null),
                ("by_name", by.map { .string(personName($0)) } ?? .null),
                ("reason", .string(reason ?? "")),
            ])
        })
    }

    // MARK: - Links

    func linkObject(_ link: RecordLink, from own: Procedure?) -> OutputValue {
        let other = store.record(link.other)
        let kind = store.kind(of: link.other)
        let procedure = kind.flatMap { store.procedures.procedure(kind: $0) }
        // The field is written in this record when outgoing, in the other when incoming.
        let field = (link.direction == .outgoing ? own : procedure)?.field(link.field)
        return .object([
            ("direction", .string(link.direction.rawValue)),
            ("direction_label", .string(FormLabels.text(link.direction == .outgoing ? "link_outgoing" : "link_incoming", language))),
            ("field", .string(link.field)),
            ("field_label", Self.label(zh: field?.zh ?? link.field, en: field?.en ?? link.field, language)),
            ("id", .string(link.other)),
            ("exists", .bool(other != nil)),
            ("kind", kind.map(OutputValue.string) ?? .null),
            ("kind_label", procedure.map { Self.label(zh: $0.zh, en: $0.en, language) } ?? .null),
            ("title", other.flatMap { store.title(of: $0) }.map(OutputValue.string) ?? .string("")),
            ("status", other?.status.map(OutputValue.string) ?? .null),
            ("status_label", stateLabel(other?.status, procedure)),
        ])
    }

    func links(of id: String, _ own: Procedure) -> [OutputValue] {
        store.links(of: id).map { linkObject($0, from: own) }
    }

    /// Linked records by kind (`linked.problem`, `linked.change`, …), each id once
    /// (its first link: outgoing before incoming), for every kind of the repository.
    func linkedByKind(_ id: String, _ own: Procedure) -> OutputValue {
        var byKind: [String: [OutputValue]] = [:]
        var seen: Set<String> = []
        for link in store.links(of: id) where seen.insert(link.other).inserted {
            byKind[store.kind(of: link.other) ?? "unknown", default: []].append(linkObject(link, from: own))
        }
        return .object(store.procedures.procedures.map { ($0.kind, .array(byKind[$0.kind] ?? [])) })
    }

    // MARK: - SLA and findings

    func stateText(_ state: String) -> OutputValue {
        let pair = FormLabels.states[state] ?? (state, state)
        return Self.label(zh: pair.zh, en: pair.en, language)
    }

    /// The SLA figures of `sla` for reading: local times, durations, state labels.
    func slaDisplay(_ report: SLAReport) -> OutputValue {
        func measure(_ m: SLAMeasure?) -> OutputValue {
            guard let m else { return .null }
            return .object([
                ("target", .string(SLAText.duration(seconds: m.targetSeconds))),
                ("elapsed", .string(SLAText.duration(seconds: m.elapsedSeconds))),
                ("remaining", .string(SLAText.duration(minutes: m.targetMinutes - m.elapsedMinutes))),
                ("due", .string(SLAText.local(m.due, report.timeZone))),
                ("state", .string(m.state.rawValue)),
                ("state_label", stateText(m.state.rawValue)),
            ])
        }
        let toLabels: [String: (String, String)] = {
            guard case .list(let item)? = store.procedures.procedure(kind: report.kind)?.field("escalations")?.type,
                  case .map(let keys) = item.type, let to = keys.first(where: { $0.key == "to" }),
                  case .enumeration(let set) = to.type else { return [:] }
            return Dictionary(uniqueKeysWithValues: set.values.map { ($0.id, ($0.zh, $0.en)) })
        }()
        let reportDates = DateTimeParser(timeZone: report.timeZone)
        return .object([
            ("calendar", report.calendar.map { .string($0.name) } ?? .null),
            ("timezone", .string(report.timeZone.identifier)),
            ("open", .bool(report.isOpen)),
            ("paused", .bool(report.isPaused)),
            ("response", measure(report.response)),
            ("resolution", measure(report.resolution)),
            ("escalations_due", .array(report.escalations.map { due in
                let state = SLAReportFormat.escalationState(due, in: report)
                let level = toLabels[due.level] ?? (due.level, due.level)
                return .object([
                    ("to", .string(due.level)),
                    ("to_label", Self.label(zh: level.0, en: level.1, language)),
                    ("percent", .int(due.percent)),
                    ("at", .string(SLAText.local(due.at, report.timeZone))),
                    ("state", .string(state)),
                    ("state_label", stateText(state)),
                    ("recorded_at", due.recordedAt.map { .string(reportDates.localText($0)) } ?? .null),
                ])
            })),
        ])
    }

    func findingObject(_ diagnostic: Diagnostic) -> OutputValue {
        .object([
            ("rule", .string(diagnostic.rule)),
            ("severity", .string(diagnostic.severity.rawValue)),
            ("severity_label", stateText(diagnostic.severity.rawValue)),
            ("path", .string(diagnostic.path)),
            ("line", .int(diagnostic.line)),
            ("column", .int(diagnostic.column)),
            ("message", .string(diagnostic.message)),
        ])
    }
}
