import Foundation
import Dispatch

/// `docket validate [PATH…]`: checks records against the procedures.
public enum ValidateCommand: Command {
    public static let spec = CommandSpec(
        name: "validate",
        abstract: "check every record (or the given files) against the procedures",
        arguments: "[PATH…]", minArguments: 0, maxArguments: nil,
        options: [
            SharedOption.root,
            SharedOption.format(ReporterRegistry.names),
            .flag("--strict", "exit 1 on warnings too"),
            .value("--since", "REF", "also check the history since REF (a commit, branch or tag, e.g. the pull request's merge base): transitions, reopening, edits after closing, deletions, id changes"),
            .value("--until", "REV", "with --since: end the history at REV instead of the working tree"),
            .flag("--all", "with --since: report findings on every record, not only on the records changed since REF"),
            .value("--select", "RULES", "report only these rule ids or groups (comma-separated, repeatable; replaces select: of procedures/repository.md)", repeatable: true),
            .value("--ignore", "RULES", "leave out these rule ids or groups (comma-separated, repeatable; replaces ignore: of procedures/repository.md)", repeatable: true),
            .flag("--statistics", "after the findings, print the count per rule to standard error"),
            .value("--baseline", "FILE", "report only findings not recorded in FILE (a baseline inside the repository)"),
            .value("--write-baseline", "FILE", "record every finding of this run in FILE (inside the repository) and report none"),
            .flag("--show-baselined", "with --baseline: also print the findings the baseline hides, as notes marked baselined"),
            SharedOption.now("the instant clock-dependent rules measure open records against"),
            SharedOption.output,
        ],
        discussion: """
        Paths are files or folders inside the repository (relative paths resolve against --root when
        it is given, else the working directory); links are still resolved against the whole
        repository. With --since REF, every record changed between REF and the working tree (or
        --until REV) is also checked commit by commit against the history rules; this needs git and
        the history down to REF (in CI: a full clone). With --since, only findings on the records
        changed since REF (committed, uncommitted or untracked) are reported, and cross-record findings
        that involve one (a link to or from it, an id it duplicates); --all reports every record.
        Rule names of --select and --ignore: ids ('docket rules') and groups (\(RuleCatalog.groups.joined(separator: ", "))).
        Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with --strict),
        2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        Phases.begin()
        let arguments = context.arguments
        guard let reporter = ReporterRegistry.reporter(named: context.format) else {
            throw UsageError.badValue("--format", expected: UsageError.oneOf(ReporterRegistry.names), found: context.format)
        }
        let repository: RepositoryContext
        do {
            repository = try context.repository()
        } catch let error as ProcedureError {
            // Every machine format carries the broken definition too (text has it on standard error).
            if reporter.name != TextReporter.name {
                var result = ValidationResult(diagnostics: [error.diagnostic], filesChecked: 0)
                result.root = try? context.root()
                context.console.printRaw(reporter.render(result, color: false))
            }
            throw error
        }
        let root = repository.root, now = repository.now
        var procedures = repository.procedures
        var paths: [String]?
        if !arguments.positionals.isEmpty {
            paths = []
            for path in arguments.positionals { paths!.append(try context.relativePath(path, root: root)) }
            if paths!.contains("") { paths = nil }
        }
        let since = arguments.value("--since")
        if since == nil, arguments.value("--until") != nil {
            throw UsageError("expected --until together with --since, found --until alone")
        }
        if since == nil, arguments.has("--all") {
            throw UsageError("expected --all together with --since REF, found --all alone; without --since every record is reported")
        }
        let selection = try ruleSelection(arguments, settings: procedures.settings)
        let baselines = try BaselineOptions(context, root: root)
        Phases.mark("procedures")
        // A group left out whole is not evaluated: no SLA arithmetic, no history walk.
        if selection.excludesGroup("sla") { procedures.sla = nil }
        let walkHistory = since != nil && !selection.excludesGroup("history")
        let fair = since != nil && !arguments.has("--all")
        // The history walk waits mostly on git: run it while the files are validated,
        // on a thread of its own. (On a dispatch worker it would block one of the
        // pool's threads while it waits, and the validation would run on one core.)
        let done = DispatchSemaphore(value: 0)
        let box = HistoryBox()
        if let since, walkHistory || fair {
            let analyzer = HistoryAnalyzer(root: root, procedures: procedures)
            let until = arguments.value("--until")
            let loaded = procedures
            let thread = Thread {
                do throws(CommandFailure) {
                    box.result = .success(walkHistory ? try analyzer.analyze(since: since, until: until) : [])
                    if fair { box.scope = try ChangeScope.read(root: root, procedures: loaded, since: since, until: until) }
                } catch { box.result = .failure(error) }
                done.signal()
            }
            thread.start()
        } else {
            done.signal()
        }
        var result = Validator(root: root, procedures: procedures, now: now).validate(paths: paths)
        done.wait()
        if since != nil, let outcome = box.result {
            let history = try outcome.get()
            let selected = paths.map(Set.init)
            result.diagnostics += history.filter { diagnostic in selected.map { diagnostic.path.isWithin($0) } ?? true }
            result.diagnostics.sort()
        }
        // Decided once per rule, not per finding (a rule id is parsed from its text to decide).
        var included: [String: Bool] = [:]
        result.diagnostics.removeAll { diagnostic in
            if let known = included[diagnostic.rule] { return !known }
            let keep = selection.includes(ruleText: diagnostic.rule)
            included[diagnostic.rule] = keep
            return !keep
        }
        if let scope = box.scope { result.diagnostics = result.diagnostics.filter(scope.keeps) }
        let reported = try baselines.apply(to: &result, showHidden: arguments.has("--show-baselined"))
        result.root = root
        Phases.mark("select")
        let color = context.console.useColor && context.arguments.value(SharedOption.output.name) == nil
        if try context.outputPath() == nil {
            // To standard output piece by piece: the text of a million findings is never held whole.
            try context.emitStreaming { write in reporter.render(result, color: color, into: write) }
        } else {
            try context.emit(reporter.render(result, color: color))
        }
        Phases.mark("render")
        // Text and GitHub annotations carry it in their summary line; the other formats are data.
        if reporter.name != TextReporter.name, reporter.name != GitHubReporter.name, let note = result.baselineSummary {
            context.console.error("docket validate: " + note)
        }
        if arguments.has("--statistics") {
            for line in statistics(reported) { context.console.error(line) }
        }
        ExitTeardown.keep(result)
        if result.errorCount > 0 { return 1 }
        if arguments.has("--strict"), result.warningCount > 0 { return 1 }
        return 0
    }

    /// `--select`/`--ignore` over `select:`/`ignore:` of `procedures/repository.md`.
    /// - Throws: `UsageError` for a name that is no rule id or group.
    static func ruleSelection(_ arguments: ParsedArguments, settings: RepositorySettings) throws(UsageError) -> RuleSelection {
        RuleSelection(select: try RuleSelection.parse(arguments.values["--select"] ?? [], option: "--select"),
                      ignore: try RuleSelection.parse(arguments.values["--ignore"] ?? [], option: "--ignore"),
                      repositorySelect: settings.select, repositoryIgnore: settings.ignore)
    }

    /// `--statistics`: `COUNT  RULE` per rule, most findings first, then by id.
    static func statistics(_ diagnostics: [Diagnostic]) -> [String] {
        var counts: [String: Int] = [:]
        for diagnostic in diagnostics { counts[diagnostic.rule, default: 0] += 1 }
        let rows = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let width = String(rows.first?.value ?? 0).count
        let total = "\(diagnostics.count) finding\(diagnostics.count == 1 ? "" : "s") reported"
        return ["statistics:"] + rows.map { String(repeating: " ", count: width - String($0.value).count + 2) + "\($0.value)  \($0.key)" } + ["  " + total]
    }
}

/// `--baseline FILE`, `--write-baseline FILE`: the baseline file of a run, checked
/// before any record is read.
struct BaselineOptions {
    /// As given on the command line, for messages.
    var given: String?
    /// Absolute, inside the root.
    var path: String?
    var writes: Bool
    var baseline: Baseline?
    let root: String

    init(_ context: CommandContext, root: String) throws {
        self.root = root
        let arguments = context.arguments
        let read = arguments.value("--baseline"), write = arguments.value("--write-baseline")
        if read != nil, write != nil {
            throw UsageError("expected --baseline FILE or --write-baseline FILE, found both; write the baseline first, then read it")
        }
        if read == nil, arguments.has("--show-baselined") {
            throw UsageError("expected --show-baselined together with --baseline FILE, found it alone")
        }
        given = read ?? write
        writes = write != nil
        guard let given else { return }
        let full = context.resolve(given)
        path = full
        if writes {
            if FileSystem.kind(full) == .directory {
                throw UsageError.badValue("--write-baseline", expected: "a file inside the repository", found: given)
            }
            if let folder = FileSystem.realPath(FileSystem.folder(of: full)), folder != root, !folder.hasPrefix(root + "/") {
                throw CommandFailure("expected --write-baseline to name a file inside the repository \(root), found \(VisibleText.escape(given)) outside it", exitCode: 2)
            }
            return
        }
        let shown = VisibleText.escape(given)
        if FileSystem.kind(full) == nil {
            throw CommandFailure("expected a baseline file at \(shown), found none; write one with --write-baseline \(shown)", exitCode: 2)
        }
        // Inside the root, where the file lies (a link is judged where it leads by the read below).
        _ = try context.relativePath(given, root: root)
        switch RecordLoader.readUnvetted(full, insideOf: root, limit: Baseline.maximumSize) {
        case .bytes(let bytes):
            do { baseline = try Baseline.parse(bytes) } catch {
                throw CommandFailure("\(shown):\(error.position.line):\(error.position.column): \(error.message)", exitCode: 2)
            }
        case .refused(.missing):
            throw CommandFailure("expected a baseline file at \(shown), found none; write one with --write-baseline \(shown)", exitCode: 2)
        case .refused(let refusal):
            throw CommandFailure("expected a baseline file inside the repository at \(shown), found: \(refusal.message)", exitCode: 2)
        }
    }

    /// Writes the baseline (`--write-baseline`), then hides what it holds from `result`
    /// (shown as notes with `showHidden`), and records the count for the summary.
    /// - Returns: the findings reported as findings (not those the baseline holds).
    func apply(to result: inout ValidationResult, showHidden: Bool) throws -> [Diagnostic] {
        guard let given, let path else { return result.diagnostics }
        var baseline = self.baseline
        if writes {
            let bytes = Array(Baseline.text(result.diagnostics).utf8)
            do throws(AtomicFile.Failure) {
                if FileSystem.kind(path) == nil {
                    try AtomicFile.create(path, with: bytes, root: root)
                } else {
                    try AtomicFile.replace(path, with: bytes, root: root)
                }
            } catch {
                throw CommandFailure(error.message, exitCode: 1)
            }
            baseline = Baseline(keys: Set(Baseline.keys(result.diagnostics)))
        }
        guard let baseline else { return result.diagnostics }
        var (reported, hidden) = baseline.partition(result.diagnostics)
        result.baselineSummary = "\(hidden.count) finding\(hidden.count == 1 ? "" : "s") \(writes ? "written to" : "hidden by") baseline \(VisibleText.escape(given))\(showHidden && !hidden.isEmpty ? " (shown as notes)" : "")"
        let counted = reported
        if showHidden {
            for index in hidden.indices {
                hidden[index].message = "baselined \(hidden[index].severity.rawValue): " + hidden[index].message
                hidden[index].severity = .note
            }
            reported += hidden
            reported.sort()
        }
        result.diagnostics = reported
        return counted
    }
}

/// Carries the history walk's outcome back from its queue; written once before `wait` returns.
/// `@unchecked Sendable`: the wait orders that one write before the only read.
private final class HistoryBox: @unchecked Sendable {
    var result: Result<[Diagnostic], CommandFailure>?
    var scope: ChangeScope?
}
