import Foundation

/// `docket form ID` and `docket form --all -o DIR`: fills form templates
/// (`templates/forms/`) from records, as HTML or Markdown.
public enum FormCommand: Command {
    /// The filters of `docket list`, for `--all`.
    static let filterOptions: [OptionSpec] = ListCommand.spec.options.filter {
        ["--kind", "--status", "--open", "--assignee", "--priority", "--since", "--until", "--linked-to"].contains($0.name)
    }

    /// `-o FILE`, `--output FILE` as every verb spells it; with `--all` it names the folder.
    static let outputOption: OptionSpec = {
        var option = SharedOption.output
        option.help = "write to FILE (with --all: the folder, created if missing) atomically instead of standard output"
        return option
    }()

    public static let spec = CommandSpec(
        name: "form", abstract: "fill a record's form (templates/forms/) as HTML or Markdown, or every record's with --all",
        arguments: "[ID]", minArguments: 0, maxArguments: 1,
        options: [
            SharedOption.root,
            .value("--template", "NAME", "the form: templates/forms/NAME.FORMAT.mustache (default: the kind's form, e.g. Q3-CS-01-01 for incidents)"),
            .value(SharedOption.formatName, "FORMAT", "output format: html or md (default html; md when -o names a .md file)", choices: FormFormat.allCases.map(\.rawValue)),
            .value("--lang", "LANG", "zh or en: labels and display values (default: language of procedures/repository.md)"),
            outputOption,
            SharedOption.now("generated_at and the instant open records' service levels are measured at"),
            .flag("--strict", "refuse (exit 1) a record that fails validation instead of listing its findings on the form"),
            .flag("--data", "print the data the template sees, as JSON, instead of the form"),
            .flag("--all", "one file per record and form in the folder -o DIR, and an index"),
            .flag("--with-fault-reports", "with --all: major and P1 incidents also get the fault report Q3-CS-01-03"),
        ] + filterOptions,
        discussion: """
        Forms: Q3-CS-01-01 服务事件单 (incidents), Q3-CS-01-02 服务工作记录 (incidents, requests),
        Q3-CS-01-03 服务事件故障报告 (incidents), Q3-CS-01-05 服务请求单, Q3-CS-02-01 问题记录单,
        Q3-CS-04-01 变更申请单; a template of your own under templates/forms/ is used by its name.
        A record that fails validation still gets its form, with its findings listed at the top;
        --strict refuses it. --all writes ID.FORM.html (or .md) per record and form and index.html
        (index.md), for the records docket list would list with the same filters (--kind to
        --linked-to, with --all only). Data names:
        docs/forms.md. Exit status: 0 written, 1 unknown id or refused (--strict), 2 usage,
        procedure or template error (FILE:line:col).

        examples:
          docket form INC-2026-0013 -o INC-2026-0013.html
          docket form INC-2026-0013 --template Q3-CS-01-03 --lang en --format md
          docket form INC-2026-0013 --data
          docket form --all --kind incident --with-fault-reports -o forms/
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments
        let all = arguments.has("--all")
        let output = arguments.value(SharedOption.output.name)
        if all {
            guard arguments.positionals.isEmpty else { throw UsageError("expected either an ID or --all, found both") }
            guard output != nil else { throw UsageError("expected -o DIR with --all (the folder the forms are written to), found none") }
            guard !arguments.has("--data") else { throw UsageError("expected --data with one ID, found --all") }
        } else {
            guard arguments.positionals.count == 1 else { throw UsageError("expected ID (or --all), found nothing") }
        }
        let format = format(arguments)
        // With --all, -o names a folder: the repository is read without the -o FILE check.
        let repository: RepositoryContext
        if all {
            let root = try context.root()
            let procedures = try ProcedureSet.load(root: root)
            let (now, source) = try CommandContext.now(arguments.value("--now"), environment: context.console.environment,
                                                       timeZone: procedures.settings.timeZone, root: root)
            repository = RepositoryContext(root: root, procedures: procedures, now: now, nowSource: source)
        } else {
            repository = try context.repository()
        }
        // The filters of docket list, read (and their values checked) as docket list reads them.
        let filter = try ListCommand.Filter(arguments, repository: repository)
        if !all {
            let given = filterOptions.map(\.name).filter { arguments.value($0) != nil || arguments.has($0) }
                + (arguments.has("--with-fault-reports") ? ["--with-fault-reports"] : [])
            if let first = given.first { throw UsageError("expected \(first) with --all only, found it with an ID") }
        }
        let language = try language(arguments, procedures: repository.procedures)
        if all {
            return try renderAll(context, repository: repository, filter: filter, format: format, language: language)
        }
        let root = repository.root, procedures = repository.procedures, now = repository.now
        let store = repository.store()
        let id = arguments.positionals[0]
        guard let record = store.record(id) else { throw ShowCommand.unknownRecord(id, in: store) }
        let form = try form(arguments, for: record)
        let findings = Validator(root: root, procedures: procedures, now: now).validate(paths: [record.path]).diagnostics
            .filter { $0.path == record.path }
        if arguments.has("--strict") {
            let errors = findings.filter { $0.severity == .error }
            if !errors.isEmpty {
                throw CommandFailure("expected a record that passes validation (--strict), found \(errors.count) error\(errors.count == 1 ? "" : "s") in \(record.path) (first: line \(errors[0].line): \(errors[0].message) [\(errors[0].rule)]); fix them, or leave out --strict to list them on the form", exitCode: 1)
            }
        }
        let builder = FormModelBuilder(store: store, language: language, generatedAt: now, clock: repository.nowSource)
        let model = builder.model(for: record, form: form, findings: findings, format: format.rawValue)
        if repository.nowSource == .clock { context.console.error(clockNote) }
        let text: String
        if arguments.has("--data") {
            text = model.json() + "\n"
        } else {
            let templates = try FormTemplates(root: root)
            do {
                guard let template = try templates.template(form.number, format) else {
                    throw missingTemplate(form.number, format, templates)
                }
                text = String(decoding: try templates.render(template, builder.templateValue(model)), as: UTF8.self)
            } catch let error as TemplateError {
                context.console.error(error.description)
                return 2
            }
        }
        if let output {
            _ = try outputPath(output, context: context, root: root)
        }
        try context.emit(text)
        return 0
    }

    static let clockNote = "docket form: note: generated_at is the current time, so the form differs on every run; set SOURCE_DATE_EPOCH or --now for reproducible forms"

    // MARK: - Options

    /// `--format`, else `md` when `-o` names a `.md` file (one form), else `html`.
    static func format(_ arguments: ParsedArguments) -> FormFormat {
        guard let text = arguments.value(SharedOption.formatName) else {
            if !arguments.has("--all"), let file = arguments.value(SharedOption.output.name), file.lowercased().hasSuffix(".md") { return .md }
            return .html
        }
        // The parser has checked the value against the choices.
        return FormFormat(rawValue: text) ?? .html
    }

    static func language(_ arguments: ParsedArguments, procedures: ProcedureSet) throws(UsageError) -> FormLanguage {
        guard let text = arguments.value("--lang") else { return FormLanguage(rawValue: procedures.settings.language) ?? .zh }
        guard let language = FormLanguage(rawValue: text.lowercased()) else {
            throw UsageError.badValue("--lang", expected: "zh or en", found: text, candidates: FormLanguage.allCases.map(\.rawValue))
        }
        return language
    }

    /// `--template`, else the kind's form; refuses a form made for another kind.
    static func form(_ arguments: ParsedArguments, for record: Record) throws -> FormDefinition {
        guard let name = arguments.value("--template") else {
            guard let form = FormCatalog.defaultForm(kind: record.kind) else {
                throw CommandFailure("expected a record of a kind with a form (\(FormCatalog.kindsWithForms.joined(separator: ", "))), found \(record.id ?? record.path) of kind \(record.kind); name a template of your own with --template", exitCode: 2)
            }
            return form
        }
        let form = FormCatalog.definition(name)
        guard form.applies(to: record.kind) else {
            let fitting = FormCatalog.forms.filter { $0.applies(to: record.kind) }.map(\.number)
            throw UsageError("expected a form for \(record.kind) records (\(fitting.isEmpty ? "none in the catalog" : fitting.joined(separator: ", "))), found \(name), which is for \(form.kinds.joined(separator: ", ")) records")
        }
        return form
    }

    static func missingTemplate(_ name: String, _ format: FormFormat, _ templates: FormTemplates) -> CommandFailure {
        let known = templates.available(format)
        var message = "expected a template \(FormTemplates.folder)/\(name).\(format.rawValue).mustache, found none"
        if let near = Suggestion.nearest(to: name, in: known) { message += "; did you mean \(near)?" }
        else if !known.isEmpty { message += " (\(format.rawValue) forms: \(known.joined(separator: ", ")))" }
        return CommandFailure(message, exitCode: 2)
    }

    /// `-o` as an absolute path (resolved as every verb resolves it: against `--root` when
    /// given); refuses a place inside `tickets/` or `procedures/`, where a form would be read
    /// as a record or a procedure.
    static func outputPath(_ given: String, context: CommandContext, root: String) throws(CommandFailure) -> String {
        var path = context.resolve(given)
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        let slash = path.lastIndex(of: "/")!
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        let resolved = (FileSystem.realPath(path) ?? FileSystem.realPath(parent).map { $0 + "/" + path[path.index(after: slash)...] }) ?? path
        for folder in ["tickets", "procedures"] where resolved == root + "/" + folder || resolved.hasPrefix(root + "/" + folder + "/") {
            throw CommandFailure("expected -o outside \(folder)/ (a form there would be read as a \(folder == "tickets" ? "record" : "procedure")), found \(given)")
        }
        return path
    }

    // MARK: - --all

    struct Job {
        var record: Record
        var stem: String
        var form: FormDefinition
        var file: String { stem + "." + form.number }
    }

    static func renderAll(_ context: CommandContext, repository: RepositoryContext, filter: ListCommand.Filter,
                          format: FormFormat, language: FormLanguage) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        let root = repository.root, procedures = repository.procedures, now = repository.now
        let given = arguments.value(SharedOption.output.name)!
        let store = repository.store()
        let linked = try ListCommand.linkedTo(arguments, store: store)
        let chosen = arguments.value("--template").map(FormCatalog.definition)
        let faultReports = arguments.has("--with-fault-reports")
        var jobs: [Job] = []
        for id in store.ids {
            let record = store.records[id]!
            guard let procedure = procedures.procedure(kind: record.kind) else { continue }
            if let linked, !linked.contains(id) { continue }
            guard filter.accepts(ListCommand.makeRow(id, record, procedure, store.procedures), procedure: procedure) else { continue }
            // The file is named by the record's file name, which the walk guarantees is a plain name.
            let name = record.path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? id
            if let chosen {
                if chosen.applies(to: record.kind) { jobs.append(Job(record: record, stem: name, form: chosen)) }
                continue
            }
            guard let form = FormCatalog.defaultForm(kind: record.kind) else { continue }
            jobs.append(Job(record: record, stem: name, form: form))
            if faultReports, FormCatalog.needsFaultReport(record) {
                jobs.append(Job(record: record, stem: name, form: FormCatalog.definition(FormCatalog.faultReport)))
            }
        }
        let validation = Validator(root: root, procedures: procedures, now: now).validate()
        var findings: [String: [Diagnostic]] = [:]
        for diagnostic in validation.diagnostics { findings[diagnostic.path, default: []].append(diagnostic) }
        if arguments.has("--strict") {
            var failing: [String] = []
            var seen: Set<String> = []
            for job in jobs where seen.insert(job.record.path).inserted {
                if findings[job.record.path]?.contains(where: { $0.severity == .error }) ?? false { failing.append(job.record.path) }
            }
            if !failing.isEmpty {
                let shown = failing.prefix(10).joined(separator: ", ") + (failing.count > 10 ? ", …" : "")
                throw CommandFailure("expected records that pass validation (--strict), found \(failing.count) with errors (\(shown)); no form was written; run docket validate, or leave out --strict to list the findings on the forms", exitCode: 1)
            }
        }
        let templates = try FormTemplates(root: root)
        var parsed: [String: Template] = [:]
        let index: Template
        do {
            for number in Set(jobs.map(\.form.number)).sorted() {
                guard let template = try templates.template(number, format) else { throw missingTemplate(number, format, templates) }
                parsed[number] = template
            }
            guard let found = try templates.template("index", format) else { throw missingTemplate("index", format, templates) }
            index = found
        } catch let error as TemplateError {
            console.error(error.description)
            return 2
        }
        let directory = try outputPath(given, context: context, root: root)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("expected a folder to write the forms to at \(given), found \(error.localizedDescription.lowercased())", exitCode: 1)
        }
        guard FileSystem.isDirectory(directory) else {
            throw CommandFailure("expected -o DIR to be a folder with --all, found a file \(given)", exitCode: 2)
        }
        if repository.nowSource == .clock { console.error(clockNote) }
        let builder = FormModelBuilder(store: store, language: language, generatedAt: now, clock: repository.nowSource)
        let extensionName = "." + format.rawValue
        let work = jobs
        let templatesByForm = parsed
        let findingsByPath = findings
        // One flush to disk for all files instead of an fsync each: 10^4 fsyncs take longer than the rendering.
        let batch = FileSystem.AtomicBatch()
        let outcomes = parallelMap(work.count) { position -> String? in
            let job = work[position]
            let model = builder.model(for: job.record, form: job.form, findings: findingsByPath[job.record.path] ?? [], format: format.rawValue)
            do {
                let bytes = try templates.render(templatesByForm[job.form.number]!, builder.templateValue(model))
                try batch.stage(bytes, to: directory + "/" + job.file + extensionName)
                return nil
            } catch let error as TemplateError {
                return error.description
            } catch let failure as AtomicFile.Failure {
                return "docket form: error: " + failure.message
            } catch {
                return "docket form: error: expected to write \(job.file + extensionName), found \(error)"
            }
        }
        if let failure = outcomes.compactMap({ $0 }).first {
            batch.discard()
            console.error(failure)
            return failure.hasPrefix("docket form:") ? 1 : 2
        }
        let indexModel = indexModel(work, builder: builder, findings: findings, extension: extensionName, format: format)
        do {
            try batch.stage(try templates.render(index, indexModel), to: directory + "/index" + extensionName)
            try batch.commit()
        } catch let error as TemplateError {
            batch.discard()
            console.error(error.description)
            return 2
        } catch let failure as AtomicFile.Failure {
            batch.discard()
            throw CommandFailure(failure.message, exitCode: 1)
        } catch {
            batch.discard()
            throw CommandFailure("expected to write the forms to \(given), found \(error)", exitCode: 1)
        }
        console.print("\(work.count) form\(work.count == 1 ? "" : "s") and index\(extensionName) written to \(given)")
        return 0
    }

    /// The data of `index.FORMAT.mustache`: the generation metadata and labels, and `forms`,
    /// one entry per written file in the order written (by id, then form number).
    static func indexModel(_ jobs: [Job], builder: FormModelBuilder, findings: [String: [Diagnostic]], extension: String, format: FormFormat) -> OutputValue {
        let store = builder.store, language = builder.language
        let dates = builder.dates
        let rows: [OutputValue] = jobs.map { job in
            let procedure = store.procedures.procedure(kind: job.record.kind)
            let found = findings[job.record.path] ?? []
            return .object([
                ("file", .string(job.file + `extension`)),
                ("id", .string(job.record.id ?? job.stem)),
                ("kind", .string(job.record.kind)),
                ("kind_label", FormModelBuilder.label(zh: procedure?.zh ?? job.record.kind, en: procedure?.en ?? job.record.kind, language)),
                ("title", .string(store.title(of: job.record) ?? "")),
                ("status", .string(job.record.status ?? "")),
                ("status_label", builder.stateLabel(job.record.status, procedure)),
                ("form_number", .string(job.form.number)),
                ("form_title", .string(job.form.title(language))),
                ("findings_count", .int(found.count)),
                ("error_count", .int(found.filter { $0.severity == .error }.count)),
            ])
        }
        return .object([
            ("language", .string(language.rawValue)),
            ("format", .string(format.rawValue)),
            ("generated_at", .string(dates.localText(builder.generatedAt))),
            ("generated_at_iso", .string(dates.iso8601(builder.generatedAt))),
            ("generated_at_source", .string(builder.clock.rawValue)),
            ("docket_version", .string(Docket.version)),
            ("labels", builder.labels),
            ("count", .int(rows.count)),
            ("forms", .array(rows)),
        ])
    }
}
