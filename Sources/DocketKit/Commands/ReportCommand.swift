import Foundation

/// `docket report --period P`: the statistics report Q3-CS-01-04 (服务事件统计分析报表)
/// with the process KPIs, as Markdown, HTML, CSV or JSON (docs/report.md).
public enum ReportCommand: Command {
    /// The kinds `--kind all` covers, in report order.
    static let allKinds = ["incident", "request", "problem", "change"]
    /// The report template, `templates/reports/Q3-CS-01-04.FORMAT.mustache`.
    static let templateFolder = "templates"
    static let templateName = "reports/" + ReportModelBuilder.number

    public static let spec = CommandSpec(
        name: "report", abstract: "the statistics report Q3-CS-01-04 with the process KPIs for a period, as md, html, csv or json",
        arguments: "", minArguments: 0, maxArguments: 0,
        options: [
            SharedOption.root,
            SharedOption.kind("incident (default), request, problem, change, or all: one report with a section per kind"),
            .value("--period", "P", "the period: a year (2026), quarter (2026-Q4), month (2026-11), day, or FROM..TO (2026-11-01..2026-11-15); required"),
            SharedOption.format(ReportFormat.allCases.map(\.rawValue)),
            .value("--lang", "LANG", "zh or en: labels and display values (default: language of procedures/repository.md)"),
            SharedOption.output,
            SharedOption.now("the report's generated_at (default SOURCE_DATE_EPOCH, else the end of the period, never the clock)"),
            .flag("--data", "print the data the template sees, as JSON, instead of the report"),
            .value("--forms-dir", "DIR", "html: link each record id to DIR/ID.FORM.html, as docket form --all -o DIR writes them (DIR as the link is written, relative to the report)"),
        ],
        discussion: """
        Counts by status, priority, category, channel and support line of the records opened in
        the period; opened, resolved and closed in it and the backlog at its end with age buckets;
        service levels per priority; the KPIs of the procedures (kpis:) with target, actual and
        met/missed and their trend over the six periods before; top configuration items, repeat
        incidents, major incidents, workaround closures with their problems, breached records.
        Every figure carries its record ids (json, csv) or links to their list (html). Without
        --format, the extension of -o chooses (.html, .md, .csv, .json), else md. Without
        --forms-dir, an html report written with -o links ids to the forms that docket form --all
        wrote into the same folder. Names, JSON keys and the CSV layout: docs/report.md.
        Exit status: 0 written, 2 usage, procedure or template error.

        examples:
          docket report --period 2026-11 -o report-2026-11.html
          docket report --period 2026-Q4 --kind all --format json
          docket report --period 2026-11 --format csv -o report.csv
          docket report --period 2026-11..2026-11-15 --lang en --data
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments
        let phases = ReportPhases(environment: context.console.environment) { [console = context.console] in console.error($0) }
        let outputPath = try context.outputPath()
        // The shared options first, read as every verb reads them; then the period.
        let root = try context.root()
        let procedures = try ProcedureSet.load(root: root)
        let dates = DateTimeParser(timeZone: procedures.settings.timeZone)
        var given: (Int64, CommandContext.NowSource)?
        if arguments.value("--now") != nil || !(context.console.environment["SOURCE_DATE_EPOCH"] ?? "").isEmpty {
            given = try CommandContext.now(arguments.value("--now"), environment: context.console.environment,
                                           timeZone: procedures.settings.timeZone, root: root)
        }
        let repository = RepositoryContext(root: root, procedures: procedures, now: given?.0 ?? 0, nowSource: given?.1 ?? .option)
        let kinds = try kinds(arguments, repository: repository)
        let language = try FormCommand.language(arguments, procedures: procedures)
        let format = format(arguments)
        guard let periodText = arguments.value("--period") else {
            throw UsageError("expected --period with \(Period.expected), found none")
        }
        let period = try Period.parse(periodText, option: "--period")
        let instants = KPIPeriod(period, dates: dates)
        // Never the clock: --now, else SOURCE_DATE_EPOCH, else the end of the period.
        let generatedAt = given?.0 ?? instants.to
        let source = given?.1.rawValue ?? "period-end"

        phases.mark("procedures")
        let builder = ReportModelBuilder(procedures: procedures, period: period, language: language, generatedAt: generatedAt,
                                         generatedAtSource: source,
                                         formLink: formLinks(arguments.value("--forms-dir"), output: format == .html ? outputPath : nil))
        // The templates get the record lists through templateValue, made from the figures' own arrays.
        builder.includeDrilldowns = arguments.has("--data")
        // The JSON leaves out what only the templates read: the model is made without it.
        builder.presentation = format != .json || arguments.has("--data")
        // The reports live only while the model is made: their lists the model does not share
        // (populations, breakdowns) are freed before the output.
        // Every kind's figures from one read of the records.
        let model = builder.model(KPIEngine(root: root, procedures: procedures)
            .reports(period: instants, figuresKinds: kinds, phases: phases))
        phases.mark("model")
        defer { phases.mark("output") }
        // The model (a year's: millions of ids in hundreds of thousands of arrays) lives until the
        // process exits instead of being freed array by array after the output.
        defer { ExitTeardown.keep(model) }

        // The JSON is written as it is laid out: a year's JSON is larger than the model it comes from.
        if arguments.has("--data") {
            try context.emitJSON(model)
            return 0
        }
        switch format {
        case .json:
            let json = builder.json(model)
            defer { ExitTeardown.keep(json) }
            try context.emitJSON(json)
        case .csv: try context.emitStreaming { write in ReportModelBuilder.csv(model, write: write) }
        case .md, .html:
            do {
                let (renderer, template) = try self.template(format: format, root: root)
                let value = builder.templateValue(model)
                defer { ExitTeardown.keep(value) }
                // Written as it is rendered, in pieces of about 1 MiB: a year's HTML is larger than the model it comes from.
                try context.emitStreamingBytes { write in try renderer.render(template, with: value, piece: Self.renderPiece, sink: write) }
            } catch let error as TemplateError {
                context.console.error(error.description)
                return 2
            }
        }
        return 0
    }

    /// The size of the pieces in which md and html are handed to the output as they render.
    static let renderPiece = 1 << 20

    /// How many of `bytes` end on a whole UTF-8 character: a piece of output cut in the
    /// middle of one keeps its first bytes for the next piece.
    static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // A character is at most four bytes: look back at most three for its lead byte.
        while start > 0, bytes.count - start < 4 {
            start -= 1
            let byte = bytes[start]
            guard byte & 0xC0 == 0x80 else {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return start + length <= bytes.count ? bytes.count : start
            }
        }
        return bytes.count
    }

    /// `--kind`: one kind (id, label or folder) or `all`; default incident.
    static func kinds(_ arguments: ParsedArguments, repository: RepositoryContext) throws(UsageError) -> [String] {
        let withKPIs = Set(repository.procedures.procedures.map(\.kind))
        guard let text = arguments.value("--kind") else { return ["incident"] }
        if text.lowercased() == "all" { return allKinds.filter(withKPIs.contains) }
        return [try repository.kind(text, option: "--kind", among: Set(allKinds).intersection(withKPIs), orAlso: ["all"]).kind]
    }

    /// `--format`, else the extension of `-o`, else md.
    static func format(_ arguments: ParsedArguments) -> ReportFormat {
        if let text = arguments.value(SharedOption.formatName) { return ReportFormat(rawValue: text) ?? .md }
        if let file = arguments.value(SharedOption.output.name), let dot = file.lastIndex(of: ".") {
            return ReportFormat(rawValue: file[file.index(after: dot)...].lowercased()) ?? .md
        }
        return .md
    }

    /// The href of a record's form: `DIR/ID.FORM.html` with `--forms-dir DIR` (not checked:
    /// the forms may be written after the report); else, for a report written to a file,
    /// `ID.FORM.html` when that file lies beside it; else none.
    static func formLinks(_ formsDir: String?, output: String?) -> (String, String) -> String? {
        if let formsDir {
            let base = formsDir.hasSuffix("/") ? String(formsDir.dropLast()) : formsDir
            return { id, kind in FormCatalog.defaultForm(kind: kind).map { base + "/" + id + "." + $0.number + ".html" } }
        }
        guard let output else { return { _, _ in nil } }
        let folder = (output as NSString).deletingLastPathComponent
        let present = Set(FileSystem.list(folder.isEmpty ? "/" : folder).map(\.name).filter { $0.hasSuffix(".html") })
        guard !present.isEmpty else { return { _, _ in nil } }
        // The ids whose form is there, by kind, found once: the report asks for every id of every list.
        var formed: [String: (suffix: String, ids: Set<String>)] = [:]
        for kind in FormCatalog.kindsWithForms {
            guard let form = FormCatalog.defaultForm(kind: kind) else { continue }
            let suffix = "." + form.number + ".html"
            formed[kind] = (suffix, Set(present.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }))
        }
        return { [formed] id, kind in
            guard let entry = formed[kind], entry.ids.contains(id) else { return nil }
            return id + entry.suffix
        }
    }

    /// The renderer and the checked template `templates/reports/Q3-CS-01-04.FORMAT.mustache` of the repository.
    static func template(format: ReportFormat, root: String) throws -> (TemplateRenderer, Template) {
        let folder = root + "/" + templateFolder
        let name = templateName + "." + format.rawValue
        guard FileSystem.isDirectory(folder + "/reports"), FileSystem.isInside(folder, root: root) else {
            throw CommandFailure("expected report templates in \(templateFolder)/reports/ of the repository, found no such folder inside it; copy templates/reports and templates/forms from Docket's sample repository (docket init)")
        }
        let loader = TemplateDirectoryLoader(folder: folder, displayFolder: templateFolder)
        let renderer = TemplateRenderer(loader: loader, unknownPartial: .fail)
        let template: Template
        do {
            guard let found = try loader.template(named: name) else {
                throw CommandFailure("expected a template \(loader.place(of: name)), found none; copy it from Docket's sample repository (docket init)")
            }
            template = found
        } catch let error as TemplateError {
            throw error
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw TemplateError(path: loader.place(of: name), line: 1, column: 1, message: "\(error)")
        }
        try renderer.check(template)
        return (renderer, template)
    }
}
