import Foundation

/// The output formats of `docket report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case md, html, csv, json
}

/// Builds the data model of the statistics report Q3-CS-01-04 from the KPI engine's
/// reports, one section per kind: the value tree that `--data` prints, the templates
/// render, and from which the JSON (`json()`) and CSV (`csv()`) are made.
///
/// Every figure carries its record ids (`records`) and an `anchor`: the HTML lists the
/// records behind each figure (`drilldowns`) under that anchor. Every list is in a
/// defined order (the engine's), so the same reports give the same bytes.
public final class ReportModelBuilder {
    /// The report's number and titles: the form's own title for incidents; for another kind,
    /// or several, the same title naming the kinds covered (`title(kinds:)`).
    public static let number = "Q3-CS-01-04"
    static let titleZh = "服务事件统计分析报表"
    static let titleEn = "Service incident statistics and analysis report"
    static let titleSuffixZh = "统计分析报表"
    static let titleSuffixEn = " statistics and analysis report"

    let procedures: ProcedureSet
    let period: Period
    let language: FormLanguage
    let generatedAt: Int64
    let generatedAtSource: String
    let dates: DateTimeParser
    /// The link of a record's form, or nil.
    let formLink: (String, String) -> String?
    /// Anchors handed out, so that each is unique.
    var anchors: Set<String> = []
    /// The record lists behind the figures, in the order they were handed out.
    var drilldowns: [Drilldown] = []
    /// Titles by id of the records the lists name, gathered from each section's figures.
    var drilldownTitles: [String: String] = [:]
    /// Each section's ids and titles (`ReportFigures.recordTable`) by kind: a list of a
    /// kind names records of that kind only, numbered in its table.
    var recordTables: [String: ReportRecordTable] = [:]
    var prefixAnchors = false
    /// False leaves `drilldowns` out of `model` (the JSON and CSV carry the ids at each figure);
    /// anchors are still handed out, and `templateValue` still has the lists.
    public var includeDrilldowns = true
    /// False leaves the keys only templates read (`isPresentation`) out of every object of
    /// `model` as it is made, so that the JSON (`json(_:)`) needs no stripped copy of it: a year's
    /// model has tens of thousands of objects. The CSV and the templates read those keys.
    public var presentation = true

    /// One list of records behind a figure; `records` shares the figure's array.
    struct Drilldown: Sendable {
        var anchor: String
        var title: String
        var kind: String
        var records: [String]
    }

    /// - Parameters:
    ///   - generatedAtSource: `--now`, `SOURCE_DATE_EPOCH` or `period-end`.
    ///   - formLink: the href of a record's form from its id and kind, or nil for no link.
    public init(procedures: ProcedureSet, period: Period, language: FormLanguage, generatedAt: Int64,
                generatedAtSource: String, formLink: @escaping (String, String) -> String? = { _, _ in nil }) {
        self.procedures = procedures
        self.period = period
        self.language = language
        self.generatedAt = generatedAt
        self.generatedAtSource = generatedAtSource
        self.dates = DateTimeParser(timeZone: procedures.settings.timeZone)
        self.formLink = formLink
    }

    /// The model of the reports (one per kind, each with its figures), in the order given.
    /// With one report its section's keys are also the model's own (`counts`, `kpis`, `trend`, …).
    public func model(_ reports: [KPIReport]) -> OutputValue {
        anchors = []
        drilldowns = []
        drilldownTitles = [:]
        recordTables = [:]
        prefixAnchors = reports.count > 1
        let sections = reports.compactMap(section)
        var entries: [(String, OutputValue)] = [
            ("report", object([
                ("number", .string(Self.number)),
                ("title", .string(title(kinds: reports.compactMap { $0.figures?.kind }))),
                ("kinds", .array(reports.compactMap { $0.figures.map { .string($0.kind) } })),
            ])),
            ("period", object([
                ("from", .string(period.first.description)),
                ("to", .string(period.last.description)),
                ("label", .string(Self.periodLabel(period))),
            ])),
            ("language", .string(language.rawValue)),
            ("generated_at", .string(dates.localText(generatedAt))),
            ("generated_at_iso", .string(dates.iso8601(generatedAt))),
            ("generated_at_source", .string(generatedAtSource)),
            ("docket_version", .string(Docket.version)),
            ("labels", object(ReportLabels.labels(language).map { ($0.0, .string($0.1)) })),
        ]
        if sections.count == 1, case .object(let own) = sections[0] {
            entries += own
        }
        entries.append(("sections", .array(sections)))
        if includeDrilldowns {
            // One item per record, shared by every list that names it: a year names each record in dozens of lists.
            var items: [String: OutputValue] = [:]
            entries.append(("drilldowns", .array(drilldowns.map { list in
                object([
                    ("anchor", .string(list.anchor)), ("title", .string(list.title)), ("count", .int(list.records.count)),
                    ("records", .array(list.records.map { id in
                        if let item = items[id] { return item }
                        let item = recordItem(id, kind: list.kind, titles: drilldownTitles)
                        items[id] = item
                        return item
                    })),
                ])
            })))
        } else {
            entries.append(("drilldowns", .array([])))
        }
        return object(entries)
    }

    /// What the report templates see: `model` (made by this builder) as a template value,
    /// with the `drilldowns` lists even when `includeDrilldowns` left them out of the model.
    /// Each record's item has `id`, `title` and `href`.
    ///
    /// The lists of ids are not copied: the model's arrays of scalars and the drilldowns'
    /// lists of ids are read as the template renders them (`TemplateList`), so the template
    /// holds no second copy of the millions of ids of a year (md and html peak memory).
    public func templateValue(_ model: OutputValue) -> TemplateValue {
        // The model's own keys as a map, whatever their number (`sharedTemplateValue` makes small
        // objects `TemplateFields`): the drilldowns are set in it below.
        guard case .object(let top) = model else { return model.templateValue }
        var entries = Dictionary(top.map { ($0.0, Self.sharedTemplateValue($0.1)) }, uniquingKeysWith: { first, _ in first })
        // A record's item is made as the template reaches it and dropped after (a year's 10^5
        // items held at once were tens of MB). Every list of a section names records of the
        // section's kind only, so the item of an id is the same in every list that names it:
        // the items of a kind's lists are keyed by record (one key space a kind), and the
        // engine renders a record's item once and copies it into the other lists that name it.
        let link = FormLink(link: formLink)
        // Each list's record numbers, found once a list (on all cores) as the table is walked
        // in id order: the render reads a number for each of a year's 1.7 million entries.
        let lists = drilldowns, tables = recordTables
        let numbers = parallelMap(lists.count) { index in
            (tables[lists[index].kind] ?? ReportRecordTable()).indices(of: lists[index].records)
        }
        var spaces: [String: TemplateKeySpace] = [:]
        entries["drilldowns"] = .list(zip(lists, numbers).map { list, numbers in
            let records = list.records, kind = list.kind, table = tables[kind] ?? ReportRecordTable()
            let space = spaces[kind] ?? TemplateKeySpace(count: table.count)
            spaces[kind] = space
            let keys = TemplateItemKeys(space: space) { Int(numbers[$0]) }
            return .map(["anchor": .string(list.anchor), "title": .string(list.title), "count": .int(records.count),
                         "records": .lazyList(TemplateList(count: records.count, keys: keys) { index in
                             let id = records[index], number = Int(numbers[index])
                             return .fields(TemplateFields(names: Self.recordItemNames, values: [
                                 .string(id), .string(number < 0 ? "" : table.title(at: number)),
                                 link.link(id, kind).map(TemplateValue.string) ?? .null]))
                         })])
        })
        return .map(entries)
    }

    /// The names of a drilldown record's item, in the order of its values.
    static let recordItemNames = ["id", "title", "href"]

    /// The builder's form link, read by the template's lists as they render.
    /// `@unchecked Sendable`: the function reads only what it captured when it was made
    /// (`ReportCommand.formLinks`), which nothing changes after, so the cores that render
    /// parts of a long list (`RenderState.renderOnAllCores`) may call it at once.
    struct FormLink: @unchecked Sendable {
        let link: (String, String) -> String?
    }

    /// `value.templateValue`, with each array read from the model's own array as the template
    /// renders it: its items (ids, or objects made maps) are made when the template reaches
    /// them and dropped after, instead of held as a second copy of the model.
    static func sharedTemplateValue(_ value: OutputValue) -> TemplateValue {
        switch value {
        case .array(let items) where !items.isEmpty:
            return .lazyList(TemplateList(count: items.count) { sharedTemplateValue(items[$0]) })
        case .object(let entries) where entries.count <= fieldsLimit:
            // Most objects are items of a list (a KPI, a breached record), made each time the
            // template reaches them: their few names are compared, not hashed into a dictionary.
            return .fields(TemplateFields(names: entries.map(\.0), values: entries.map { sharedTemplateValue($0.1) }))
        case .object(let entries):
            return .map(Dictionary(entries.map { ($0.0, sharedTemplateValue($0.1)) }, uniquingKeysWith: { first, _ in first }))
        default:
            return value.templateValue
        }
    }

    /// The most names an object has to be made `TemplateFields` rather than a map: beyond it a
    /// lookup that compares every name costs more than one that hashes it.
    static let fieldsLimit = 16

    /// The report as `--format json` prints it: the model without what only templates read,
    /// and with one kind without the repeated `sections`.
    public static func json(_ model: OutputValue) -> OutputValue {
        withoutRepeatedSections(strip(model), model: model)
    }

    /// The report as `--format json` prints it, from a model this builder made with
    /// `presentation` false: `json(_:)` without the copy that strips the model.
    public func json(_ model: OutputValue) -> OutputValue {
        presentation ? Self.json(model) : Self.withoutRepeatedSections(model, model: model)
    }

    /// `value` without `sections` when `model` has one section (its keys are the model's own).
    static func withoutRepeatedSections(_ value: OutputValue, model: OutputValue) -> OutputValue {
        var value = value
        if case .object(let entries) = value, let sections = model["sections"], case .array(let items) = sections, items.count == 1 {
            value = .object(entries.filter { $0.0 != "sections" })
        }
        return value
    }

    /// True for the keys of the model that only the templates read; `json()` leaves them out.
    /// A switch, not a set: every key of every object of a year's model is tested, and comparing
    /// it with these few costs less than hashing it.
    static func isPresentation(_ key: String) -> Bool {
        switch key {
        case "labels", "drilldowns", "chart", "anchor", "trend_rows", "trend_periods", "trend_headers", "distributions", "flow",
             "backlog_chart", "top_chart", "href", "docket_version": true
        default: false
        }
    }

    static func strip(_ value: OutputValue) -> OutputValue {
        switch value {
        case .object(let entries): .object(entries.filter { !isPresentation($0.0) }.map { ($0.0, strip($0.1)) })
        // Lists of ids are kept as they are, not copied: a year of 10^5 records holds millions of ids.
        // A closure, not the key path `\.isScalar`: applying a key path per item cost more than the copy it spares.
        case .array(let items): items.allSatisfy({ $0.isScalar }) ? value : .array(items.map(strip))
        default: value
        }
    }

    // MARK: - One kind

    func section(_ report: KPIReport) -> OutputValue? {
        guard let figures = report.figures, let procedure = procedures.procedure(kind: figures.kind) else { return nil }
        let kind = figures.kind
        let titles = figures.titles
        if drilldownTitles.isEmpty { drilldownTitles = titles } else { drilldownTitles.merge(titles) { first, _ in first } }
        if recordTables[kind] == nil { recordTables[kind] = figures.recordTable }
        let kpis = report.kpis.filter { $0.kind == kind }
        func list(_ name: String, _ title: String, _ ids: [String], kind recordKind: String? = nil) -> String {
            drill(name, title, ids, kind: recordKind ?? kind)
        }

        // Counts and distributions of the records opened in the period.
        var counts: [(String, OutputValue)] = [
            ("opened", .int(figures.opened.count)), ("resolved", .int(figures.resolved.count)),
            ("closed", .int(figures.closed.count)), ("backlog", .int(figures.backlog.count)),
        ]
        var countRecords: [(String, OutputValue)] = []
        var distributions: [OutputValue] = []
        for distribution in figures.distributions {
            let key = "by_" + distribution.field
            counts.append((key, object(distribution.items.map { (Self.valueKey($0.value), .int($0.count)) })))
            countRecords.append((key, object(distribution.items.map { (Self.valueKey($0.value), ids($0.records)) })))
            let fieldLabel = text(zh: distribution.zh, en: distribution.en)
            let items: [OutputValue] = distribution.items.map { item in
                let label = valueLabel(item.value, zh: item.zh, en: item.en)
                let anchor = list("count-\(distribution.field)-\(Self.valueKey(item.value))", fieldLabel + " · " + label, item.records)
                return object([("value", .string(item.value)), ("label", .string(label)), ("count", .int(item.count)),
                                ("records", ids(item.records)), ("anchor", .string(anchor))])
            }
            let bars = zip(distribution.items, items).map { item, value in
                SVGChart.Bar(label: value["label"]?.cellText ?? "", value: Double(item.count), text: String(item.count),
                             link: "#" + (value["anchor"]?.cellText ?? ""))
            }
            distributions.append(object([
                ("field", .string(distribution.field)), ("label", .string(fieldLabel)), ("items", .array(items)),
                ("chart", .string(SVGChart.bars(bars, title: label("distributions") + " " + fieldLabel))),
            ]))
        }
        counts.append(("records", object(countRecords)))

        let flow: [OutputValue] = [("opened", figures.opened), ("resolved", figures.resolved), ("closed", figures.closed),
                                   ("backlog", figures.backlog)].map { key, records in
            object([("key", .string(key)), ("label", .string(label(key))), ("count", .int(records.count)),
                     ("records", ids(records)), ("anchor", .string(list("flow-" + key, label(key), records)))])
        }
        let buckets: [OutputValue] = figures.backlogBuckets.enumerated().map { index, bucket in
            object([("label", .string(bucket.label)), ("lower_hours", .double(Double(bucket.lowerSeconds) / 3600)),
                     ("upper_hours", bucket.upperSeconds.map { .double(Double($0) / 3600) } ?? .null),
                     ("count", .int(bucket.records.count)), ("records", ids(bucket.records)),
                     ("anchor", .string(list("backlog-\(index + 1)", label("backlog_age") + " " + bucket.label, bucket.records)))])
        }
        let bucketChart = SVGChart.bars(zip(figures.backlogBuckets, buckets).map { bucket, value in
            SVGChart.Bar(label: bucket.label, value: Double(bucket.records.count), text: String(bucket.records.count),
                         link: "#" + (value["anchor"]?.cellText ?? ""))
        }, title: label("backlog_age"), width: SVGChart.wide)

        let sla: [OutputValue] = figures.slaByPriority.map { row in
            let priorityLabel = valueLabel(row.priority, procedure: procedure, field: ReportFields.priority)
            func part(_ key: String, _ records: [String]) -> (String, OutputValue) {
                (key, object([("count", .int(records.count)), ("records", ids(records)),
                               ("anchor", .string(list("sla-\(row.priority)-\(key)", row.priority + " " + label(key), records)))]))
            }
            func rate(_ met: [String], _ breached: [String]) -> Double? {
                met.count + breached.count == 0 ? nil : Double(met.count) / Double(met.count + breached.count)
            }
            let response = rate(row.responseMet, row.responseBreached), resolution = rate(row.resolutionMet, row.resolutionBreached)
            return object([
                ("priority", .string(row.priority)), ("label", .string(priorityLabel)),
                part("resolved", row.resolved), part("response_met", row.responseMet), part("response_breached", row.responseBreached),
                part("resolution_met", row.resolutionMet), part("resolution_breached", row.resolutionBreached),
                ("response_rate", response.map(OutputValue.double) ?? .null),
                ("response_rate_text", .string(response.map { Self.format($0, unit: .fraction) } ?? label("no_figure"))),
                ("resolution_rate", resolution.map(OutputValue.double) ?? .null),
                ("resolution_rate_text", .string(resolution.map { Self.format($0, unit: .fraction) } ?? label("no_figure"))),
            ])
        }

        // KPIs, their trend and charts.
        let trendPeriods = report.trendPeriods.map(periodLabel)
        let kpiValues: [OutputValue] = kpis.map { kpi in kpiValue(kpi, procedure: procedure, trendPeriods: trendPeriods) }
        let trend: [OutputValue] = report.trendPeriods.indices.map { index in
            object([("period", .string(trendPeriods[index])),
                     ("kpis", object(kpis.map { ($0.id, $0.trend.indices.contains(index) ? number($0.trend[index].actual, unit: $0.unit) : .null) }))])
        }

        var entries: [(String, OutputValue)] = [
            ("kind", .string(kind)),
            ("kind_label", .string(text(zh: procedure.zh, en: procedure.en))),
            ("is_incident", .bool(kind == "incident")),
            ("counts", object(counts)),
            ("distributions", .array(distributions)),
            ("flow", .array(flow)),
            ("backlog_buckets", .array(buckets)),
            ("backlog_chart", .string(bucketChart)),
            ("sla_by_priority", .array(sla)),
            ("kpis", .array(kpiValues)),
            ("trend", .array(trend)),
            ("trend_periods", .array((trendPeriods + [Self.periodLabel(period)]).map(OutputValue.string))),
            ("trend_headers", .array((trendPeriods + [Self.periodLabel(period)]).map(Self.header))),
        ]
        let maxItems = Double(figures.topConfigurationItems.first?.records.count ?? 0)
        let top: [OutputValue] = figures.topConfigurationItems.map { item in
            object([("id", .string(item.id)), ("title", .string(item.title)), ("count", .int(item.records.count)),
                     ("records", ids(item.records)),
                     ("anchor", .string(list("ci-" + item.id, label("configuration_item") + " " + item.id, item.records)))])
        }
        let topChart = maxItems == 0 ? "" : SVGChart.bars(zip(figures.topConfigurationItems, top).map { item, value in
            SVGChart.Bar(label: item.title.map { item.id + " " + $0 } ?? item.id, value: Double(item.records.count),
                         text: String(item.records.count), link: "#" + (value["anchor"]?.cellText ?? ""))
        }, title: label("top_configuration_items"), width: SVGChart.wide)
        let repeats: [OutputValue] = figures.repeatIncidents.enumerated().map { index, group in
            object([("configuration_item", .string(group.configurationItem)),
                     ("configuration_item_title", .string(titles[group.configurationItem])),
                     ("category", .string(group.category)),
                     ("category_label", .string(valueLabel(group.category, procedure: procedure, field: ReportFields.category))),
                     ("count", .int(group.records.count)), ("records", ids(group.records)),
                     ("records_text", .string(group.records.joined(separator: ", "))),
                     ("anchor", .string(list("repeat-\(index + 1)", label("repeat_incidents") + " " + group.configurationItem, group.records)))])
        }
        let major = figures.majorIncidents
        let workaround: [OutputValue] = figures.workaroundClosures.map { closure in
            object([("id", .string(closure.id)), ("title", .string(titles[closure.id] ?? "")), ("problems", ids(closure.problems)),
                     ("problems_text", .string(closure.problems.isEmpty ? label("no_problem") : closure.problems.joined(separator: ", "))),
                     ("href", .string(formLink(closure.id, kind)))])
        }
        let resolvedBreaches = figures.breached.filter { $0.kind == kind }
        let openBreaches = figures.breachedOpen.filter { $0.kind == kind }
        entries += [
            ("top_configuration_items", .array(top)),
            ("top_chart", .string(topChart)),
            ("repeat_incidents", .array(repeats)),
            ("major_incidents", object([("count", .int(major.count)), ("records", ids(major)),
                                         ("items", .array(major.map { recordItem($0, kind: kind, titles: titles) })),
                                         ("anchor", .string(list("major", label("major_incidents"), major)))])),
            ("workaround_closures", object([("count", .int(workaround.count)), ("items", .array(workaround)),
                                             ("records", ids(figures.workaroundClosures.map(\.id))),
                                             ("anchor", .string(list("workaround", label("workaround_closures"), figures.workaroundClosures.map(\.id))))])),
            ("breached", object([
                ("resolved", breachList(resolvedBreaches, procedure: procedure, titles: titles,
                                        anchor: list("breached-resolved", label("breached_resolved"), resolvedBreaches.map(\.id)))),
                ("open_at_end", breachList(openBreaches, procedure: procedure, titles: titles,
                                           anchor: list("breached-open", label("breached_open"), openBreaches.map(\.id)))),
            ])),
        ]
        return object(entries)
    }

    /// A period label as a table heading reads it: a range (`2026-07-04..2026-07-23`) as
    /// `from` (with its `..`) and `to`, so that the heading can break between them.
    static func header(_ label: String) -> OutputValue {
        guard let range = label.range(of: "..") else { return .object([("from", .string(label))]) }
        return .object([("from", .string(String(label[..<range.upperBound]))), ("to", .string(String(label[range.upperBound...])))])
    }

    func kpiValue(_ kpi: KPIResult, procedure: Procedure, trendPeriods: [String]) -> OutputValue {
        let name = text(zh: kpi.zh, en: kpi.en)
        let anchor = drill("kpi-" + kpi.id, name, kpi.records, kind: kpi.kind)
        let points = zip(trendPeriods, kpi.trend).map { label, point in
            SVGChart.Point(label: label, value: point.actual, text: point.actual.map { Self.format($0, of: kpi) } ?? "—")
        } + [SVGChart.Point(label: Self.periodLabel(period), value: kpi.actual,
                            text: kpi.actual.map { Self.format($0, of: kpi) } ?? "—")]
        let chart = SVGChart.line(points, target: kpi.target?.value, title: name) { Self.format($0, of: kpi) }
        let breakdowns: [OutputValue] = kpi.breakdowns.map { breakdown in
            object([("field", .string(breakdown.field)), ("label", .string(text(zh: breakdown.zh, en: breakdown.en))),
                     ("items", .array(breakdown.items.map { item in
                         object([("value", .string(item.value)), ("label", .string(valueLabel(item.value, zh: item.zh, en: item.en))),
                                  ("actual", number(item.figure.actual, unit: kpi.unit)),
                                  ("actual_text", .string(item.figure.actual.map { Self.format($0, of: kpi) } ?? label("no_figure"))),
                                  ("met", item.figure.met.map(OutputValue.bool) ?? .null),
                                  ("records", ids(item.figure.records)), ("population", ids(item.figure.population))])
                     }))])
        }
        return object([
            ("id", .string(kpi.id)),
            ("label", .string(name)),
            ("label_zh", .string(kpi.zh)),
            ("label_en", .string(kpi.en)),
            ("unit", .string(kpi.unit.rawValue)),
            ("actual", number(kpi.actual, unit: kpi.unit)),
            ("actual_text", .string(kpi.actual.map { Self.format($0, of: kpi) } ?? label("no_figure"))),
            ("target", kpi.target.map { .double($0.value) } ?? .null),
            ("target_text", .string(kpi.target?.text ?? label("no_figure"))),
            ("met", kpi.met.map(OutputValue.bool) ?? .null),
            ("met_text", .string(kpi.met.map { label($0 ? "met" : "missed") } ?? label("no_figure"))),
            ("missed", .bool(kpi.met == false)),
            ("records", ids(kpi.records)),
            ("population", ids(kpi.population)),
            ("breakdowns", .array(breakdowns)),
            ("buckets", .array(kpi.buckets.map { bucket in
                object([("label", .string(bucket.label)), ("count", .int(bucket.records.count)), ("records", ids(bucket.records))])
            })),
            ("trend_points", .array(zip(trendPeriods, kpi.trend).map { label, point in
                object([("period", .string(label)), ("actual", number(point.actual, unit: kpi.unit)),
                         ("actual_text", .string(point.actual.map { Self.format($0, of: kpi) } ?? "—"))])
            })),
            ("anchor", .string(anchor)),
            ("chart", .string(chart)),
        ])
    }

    func breachList(_ records: [BreachedRecord], procedure: Procedure, titles: [String: String], anchor: String) -> OutputValue {
        object([("count", .int(records.count)), ("records", ids(records.map(\.id))), ("anchor", .string(anchor)),
                 ("items", .array(records.map { record in
                     object([("id", .string(record.id)), ("title", .string(titles[record.id] ?? "")),
                              ("priority", .string(record.priority)),
                              ("response", .string(record.response?.rawValue)),
                              ("resolution", .string(record.resolution?.rawValue)),
                              ("response_breached", .bool(record.response == .breached)),
                              ("resolution_breached", .bool(record.resolution == .breached)),
                              ("href", .string(formLink(record.id, record.kind)))])
                 }))])
    }

    func recordItem(_ id: String, kind: String, titles: [String: String]) -> OutputValue {
        object([("id", .string(id)), ("title", .string(titles[id] ?? "")), ("href", .string(formLink(id, kind)))])
    }

    /// Registers the list of records behind a figure and returns its anchor (`r-kpi-backlog`).
    func drill(_ name: String, _ title: String, _ records: [String], kind: String) -> String {
        var base = "r-" + (prefixAnchors ? kind + "-" : "") + Self.anchorText(name)
        if anchors.contains(base) {
            var index = 2
            while anchors.contains(base + "-\(index)") { index += 1 }
            base += "-\(index)"
        }
        anchors.insert(base)
        drilldowns.append(Drilldown(anchor: base, title: title, kind: kind, records: records))
        return base
    }

    /// An object of the model; without `presentation`, without the keys only templates read.
    func object(_ entries: [(String, OutputValue)]) -> OutputValue {
        presentation ? .object(entries) : .object(entries.filter { !Self.isPresentation($0.0) })
    }

    /// The title of a report on `kinds`: the form's (服务事件统计分析报表) for incidents alone;
    /// else the names of the kinds (their procedures' `zh`/`en`) before 统计分析报表 /
    /// "statistics and analysis report": 问题统计分析报表, "Incident, service request, problem
    /// and change statistics and analysis report".
    func title(kinds: [String]) -> String {
        if kinds.isEmpty || kinds == ["incident"] { return language == .en ? Self.titleEn : Self.titleZh }
        let names = kinds.map { kind in procedures.procedure(kind: kind).map { text(zh: $0.zh, en: $0.en) } ?? kind }
        guard language == .en else { return names.joined(separator: "、") + Self.titleSuffixZh }
        // "Incident, service request and change": every name after the first in lower case.
        let lowered = names.enumerated().map { $0.offset == 0 ? $0.element : $0.element.lowercased() }
        let listed = lowered.count == 1 ? lowered[0] : lowered.dropLast().joined(separator: ", ") + " and " + lowered.last!
        return listed + Self.titleSuffixEn
    }

    // MARK: - Text

    func label(_ key: String) -> String { ReportLabels.text(key, language) }

    func text(zh: String, en: String) -> String { language == .en ? en : zh }

    func valueLabel(_ value: String?, zh: String?, en: String?) -> String {
        guard let value else { return label("no_value") }
        return (language == .en ? en : zh) ?? zh ?? value
    }

    func valueLabel(_ value: String, procedure: Procedure, field: String) -> String {
        if case .enumeration(let set)? = procedure.field(field)?.type, let item = set.values.first(where: { $0.id == value }) {
            return field == ReportFields.priority ? value + " " + text(zh: item.zh, en: item.en) : text(zh: item.zh, en: item.en)
        }
        return value
    }

    func ids(_ records: [String]) -> OutputValue { .array(records.map(OutputValue.string)) }

    /// A figure as JSON shows it: a count as an integer, anything else as a number.
    func number(_ value: Double?, unit: KPIUnit = .number) -> OutputValue {
        guard let value else { return .null }
        if unit == .count, value.rounded() == value, abs(value) < 1e15 { return .int(Int(value)) }
        return .double(value)
    }

    func periodLabel(_ period: KPIPeriod) -> String {
        let first = dates.localDate(of: period.from), last = dates.localDate(of: period.to - 1)
        guard let whole = Period(first: first, last: last) else { return "\(first)..\(last)" }
        return Self.periodLabel(whole)
    }

    /// `2026-11`, `2026-Q4`, `2026`, or `2026-11-01..2026-11-15`.
    static func periodLabel(_ period: Period) -> String {
        let first = period.first, last = period.last
        let wholeMonths = first.day == 1 && last.day == LocalDate.daysInMonth(year: last.year, month: last.month)
        let months = (last.year - first.year) * 12 + last.month - first.month + 1
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if wholeMonths, months == 1 { return "\(first.year)-\(two(first.month))" }
        if wholeMonths, months == 3, first.month % 3 == 1 { return "\(first.year)-Q\((first.month + 2) / 3)" }
        if wholeMonths, months == 12, first.month == 1 { return "\(first.year)" }
        if first == last { return first.description }
        return "\(first)..\(last)"
    }

    /// The key of a value in `counts` objects: the value's id, `-` for records without one.
    static func valueKey(_ value: String?) -> String { value ?? "-" }

    /// Text of `value` in `unit`: `93.3%`, `12.5 h`, `4.25`, `12`.
    public static func format(_ value: Double, unit: KPIUnit) -> String {
        switch unit {
        case .count: return value.rounded() == value ? String(Int(value)) : fixed(value, 2)
        case .fraction: return fixed(value * 100, 1) + "%"
        case .hours: return fixed(value, 1) + " h"
        case .number: return fixed(value, 2)
        }
    }

    /// Text of a figure of `kpi`: in days (`68.3 d`) when its target is written in days
    /// (`<= 30d`), so that target, figures and trend axis read in one unit; else as
    /// `format(_:unit:)` gives it. The JSON's numbers stay in the KPI's unit (hours).
    static func format(_ value: Double, of kpi: KPIResult) -> String {
        if kpi.unit == .hours, kpi.target?.inDays == true { return fixed(value / 24, 1) + " d" }
        return format(value, unit: kpi.unit)
    }

    /// `value` with `digits` decimals, rounded half away from zero, without locale.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale), fraction = scaled % Int(scale)
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return (value < 0 && scaled != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fractionText : "")
    }

    /// An anchor part: ASCII letters, digits, `-` and `_` kept, anything else `_`.
    static func anchorText(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_") ? Character(scalar) : "_"
        })
    }
}

extension ReportModelBuilder {
    /// The report as CSV in long format, one figure a row: `section,key,value,records`
    /// (records: ids separated by spaces). Sections are `report`, then per kind
    /// `KIND.counts`, `KIND.backlog_buckets`, `KIND.sla`, `KIND.kpis`, `KIND.trend`,
    /// `KIND.top_configuration_items`, `KIND.repeat_incidents`, `KIND.major_incidents`,
    /// `KIND.workaround_closures`, `KIND.breached_resolved`, `KIND.breached_open`.
    public static func csv(_ model: OutputValue) -> String {
        var text = ""
        csv(model) { text += $0 }
        return text
    }

    /// The CSV of `csv(_:)`, handed to `write` in pieces of about 64 KiB as the rows are
    /// made: a year's CSV is never held whole.
    public static func csv(_ model: OutputValue, write: (String) -> Void) {
        let piece = 1 << 16
        // Rows are laid out as bytes: a year's CSV is 30 MB, most of it lists of ids.
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(piece + 4096)
        var ids: [UInt8] = []
        CSVOutput.append(["section", "key", "value", "records"], to: &out)
        func add(_ section: String, _ key: String, _ value: OutputValue?, _ records: OutputValue? = nil) {
            // The records cell: the ids' cell texts separated by spaces.
            ids.removeAll(keepingCapacity: true)
            if case .array(let items)? = records {
                for (index, item) in items.enumerated() {
                    if index > 0 { ids.append(UInt8(ascii: " ")) }
                    if case .string(let id) = item { ids.append(contentsOf: id.utf8) } else { ids.append(contentsOf: item.cellText.utf8) }
                }
            }
            for cell in [section, key, value?.cellText ?? ""] {
                CSVOutput.appendField(cell, to: &out)
                out.append(UInt8(ascii: ","))
            }
            ids.withUnsafeBufferPointer { CSVOutput.appendField($0, to: &out) }
            out.append(0x0D)
            out.append(0x0A)
            if out.count >= piece {
                write(String(decoding: out, as: UTF8.self))
                out.removeAll(keepingCapacity: true)
            }
        }
        func items(_ value: OutputValue?) -> [OutputValue] {
            if case .array(let list)? = value { return list }
            return []
        }
        add("report", "number", model["report"]?["number"])
        add("report", "period_from", model["period"]?["from"])
        add("report", "period_to", model["period"]?["to"])
        add("report", "generated_at", model["generated_at_iso"])
        for section in items(model["sections"]) {
            let kind = section["kind"]?.cellText ?? ""
            for flow in items(section["flow"]) {
                add(kind + ".counts", flow["key"]?.cellText ?? "", flow["count"], flow["records"])
            }
            for distribution in items(section["distributions"]) {
                let field = distribution["field"]?.cellText ?? ""
                for item in items(distribution["items"]) {
                    add(kind + ".counts", "by_\(field).\(valueKey(item["value"].flatMap { $0 == .null ? nil : $0.cellText }))", item["count"], item["records"])
                }
            }
            for bucket in items(section["backlog_buckets"]) {
                add(kind + ".backlog_buckets", bucket["label"]?.cellText ?? "", bucket["count"], bucket["records"])
            }
            for row in items(section["sla_by_priority"]) {
                let priority = row["priority"]?.cellText ?? ""
                for key in ["resolved", "response_met", "response_breached", "resolution_met", "resolution_breached"] {
                    add(kind + ".sla", priority + "." + key, row[key]?["count"], row[key]?["records"])
                }
                add(kind + ".sla", priority + ".response_rate", row["response_rate"])
                add(kind + ".sla", priority + ".resolution_rate", row["resolution_rate"])
            }
            for kpi in items(section["kpis"]) {
                let id = kpi["id"]?.cellText ?? ""
                add(kind + ".kpis", id, kpi["actual"], kpi["records"])
                add(kind + ".kpis", id + ".target", kpi["target"])
                add(kind + ".kpis", id + ".met", kpi["met"])
                for breakdown in items(kpi["breakdowns"]) {
                    let field = breakdown["field"]?.cellText ?? ""
                    for item in items(breakdown["items"]) {
                        let value = valueKey(item["value"].flatMap { $0 == .null ? nil : $0.cellText })
                        add(kind + ".kpis", "\(id).\(field).\(value)", item["actual"], item["records"])
                    }
                }
            }
            for point in items(section["trend"]) {
                let period = point["period"]?.cellText ?? ""
                if case .object(let figures)? = point["kpis"] {
                    for (id, actual) in figures { add(kind + ".trend", period + "." + id, actual) }
                }
            }
            for item in items(section["top_configuration_items"]) {
                add(kind + ".top_configuration_items", item["id"]?.cellText ?? "", item["count"], item["records"])
            }
            for group in items(section["repeat_incidents"]) {
                add(kind + ".repeat_incidents", (group["configuration_item"]?.cellText ?? "") + "." + (group["category"]?.cellText ?? ""),
                    group["count"], group["records"])
            }
            add(kind + ".major_incidents", "count", section["major_incidents"]?["count"], section["major_incidents"]?["records"])
            for closure in items(section["workaround_closures"]?["items"]) {
                let problems = items(closure["problems"]).map(\.cellText).joined(separator: " ")
                add(kind + ".workaround_closures", closure["id"]?.cellText ?? "", .string(problems), .array([closure["id"] ?? .null]))
            }
            for (part, key) in [("breached_resolved", "resolved"), ("breached_open", "open_at_end")] {
                for record in items(section["breached"]?[key]?["items"]) {
                    let targets = ["response", "resolution"].filter { record[$0 + "_breached"] == .bool(true) }.joined(separator: " ")
                    add(kind + "." + part, record["id"]?.cellText ?? "", .string(targets), .array([record["id"] ?? .null]))
                }
            }
        }
        write(String(decoding: out, as: UTF8.self))
    }
}
