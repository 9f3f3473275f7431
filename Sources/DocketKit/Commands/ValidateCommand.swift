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
            SharedOption.now("the instant clock-dependent rules measure open records against"),
            SharedOption.output,
        ],
        discussion: """
        Paths are files or folders inside the repository (relative paths resolve against --root when
        it is given, else the working directory); links are still resolved against the whole
        repository. With --since REF, every record changed between REF and the working tree (or
        --until REV) is also checked commit by commit against the history rules; this needs git and
        the history down to REF (in CI: a full clone). Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with --strict),
        2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
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
                context.console.printRaw(reporter.render(ValidationResult(diagnostics: [error.diagnostic], filesChecked: 0), color: false))
            }
            throw error
        }
        let root = repository.root, procedures = repository.procedures, now = repository.now
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
        // The history walk waits mostly on git: run it while the files are validated,
        // on a thread of its own. (On a dispatch worker it would block one of the
        // pool's threads while it waits, and the validation would run on one core.)
        let done = DispatchSemaphore(value: 0)
        let box = HistoryBox()
        if let since {
            let analyzer = HistoryAnalyzer(root: root, procedures: procedures)
            let until = arguments.value("--until")
            let thread = Thread {
                do throws(CommandFailure) { box.result = .success(try analyzer.analyze(since: since, until: until)) }
                catch { box.result = .failure(error) }
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
        try context.emit(reporter.render(result, color: context.console.useColor && context.arguments.value(SharedOption.output.name) == nil))
        if result.errorCount > 0 { return 1 }
        if arguments.has("--strict"), result.warningCount > 0 { return 1 }
        return 0
    }
}

/// Carries the history walk's outcome back from its queue; written once before `wait` returns.
/// `@unchecked Sendable`: the wait orders that one write before the only read.
private final class HistoryBox: @unchecked Sendable {
    var result: Result<[Diagnostic], CommandFailure>?
}
