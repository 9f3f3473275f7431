import Foundation

/// `docket new KIND --title T`: writes the next record of a kind from its skeleton.
public enum NewCommand: Command {
    public static let spec = CommandSpec(
        name: "new", abstract: "write the next record of a kind from its skeleton and print its path",
        arguments: "KIND", minArguments: 1, maxArguments: 1,
        options: [
            SharedOption.root,
            .value("--title", "TEXT", "the record's title (required)"),
            .value("--set", "KEY=VALUE", "a front-matter value; repeat for more", repeatable: true),
            .value("--as", "PERSON", "who opens it: a key of people in procedures/roles.md (default DOCKET_PERSON)"),
            SharedOption.now("the opening timestamp"),
            .flag("--edit", "open the new file in $VISUAL or $EDITOR, then validate it"),
            .flag("--force", "write even when the new record has errors"),
        ],
        discussion: """
        The id is the highest number of the kind (in the opening year, for ids with {year}) found
        in the working tree and on every local and remote-tracking branch, plus one; outside a git
        repository the working tree alone counts. The file is created exclusively: when a colleague
        took the number a moment earlier, the next one is used. The skeleton is templates/new/KIND.md
        (Mustache, given id, title, status, now, user and every --set key), else a built-in one with
        the kind's required fields and sections. status is the kind's first state. A record that
        would have errors is refused with the findings unless --force or --edit.
        Exit status: 0 written, 1 refused (or errors after --edit), 2 usage or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        let repository = try context.repository()
        let root = repository.root, procedures = repository.procedures, now = repository.now
        let dates = repository.dates
        let procedure = try repository.kind(arguments.positionals[0], option: "KIND")
        guard procedure.idPattern.isNumbered else {
            throw UsageError("expected a kind whose ids are numbered ({seq}), found \(procedure.kind) with ids \(procedure.idPattern); write its file by hand")
        }
        guard let title = arguments.value("--title") else { throw UsageError("expected --title TEXT, found none") }
        let person = try Authoring.person(arguments, console: console, roles: procedures.roles)
        let settings = try Authoring.pairs(arguments.values["--set"] ?? [], option: "--set")
        let skeleton = try RecordSkeleton(procedure: procedure, root: root)
        let year = dates.localDate(of: now).year
        let used = try RecordNumbers.usedIDs(procedure: procedure, root: root, procedures: procedures, environment: console.environment)
        var sequence = RecordNumbers.next(after: used, pattern: procedure.idPattern, year: year)
        let edit = arguments.has("--edit")
        var checked = false
        for _ in 0..<1000 {
            guard let id = procedure.idPattern.id(year: year, sequence: sequence) else { break }
            let path = "tickets/" + procedure.folder + "/" + (procedure.yearFolders ? String(year) + "/" : "") + id + ".md"
            let bytes = try skeleton.render(id: id, title: title, now: dates.localText(now), user: person, settings: settings)
            if !checked {
                let result = Validator(root: root, procedures: procedures, now: now).validate(path: path, candidate: bytes)
                if result.errorCount > 0 && !arguments.has("--force") && !edit {
                    console.error(String(TextReporter.render(result, color: console.useColor).dropLast()))
                    throw CommandFailure("expected a new \(procedure.kind) without errors, found \(result.errorCount); nothing was written, give the values with --set or pass --force", exitCode: 1)
                }
                checked = true
            }
            do {
                try AtomicFile.create(root + "/" + path, with: bytes, root: root)
            } catch .exists {
                sequence += 1
                continue
            } catch {
                throw CommandFailure(error.message, exitCode: 1)
            }
            console.print(path)
            guard edit else { return 0 }
            return try Editor.open(root + "/" + path, console: console) { () -> Int32 in
                let result = Validator(root: root, procedures: procedures, now: now).validate(paths: [path])
                if !result.diagnostics.isEmpty { console.error(String(TextReporter.render(result, color: console.useColor).dropLast())) }
                return result.errorCount > 0 ? 1 : 0
            }
        }
        throw CommandFailure("expected a free \(procedure.kind) number from \(sequence), found none in 1000 tries", exitCode: 1)
    }
}

/// Opens a file in the user's editor and waits for it to close.
enum Editor {
    /// Runs `$VISUAL`, else `$EDITOR` (a shell command line, as git runs it) on `path`,
    /// then `after`.
    static func open(_ path: String, console: Console, after: () throws -> Int32) throws -> Int32 {
        guard let editor = [console.environment["VISUAL"], console.environment["EDITOR"]].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            throw CommandFailure("expected $VISUAL or $EDITOR to name an editor, found neither; the record is written, open it yourself", exitCode: 1)
        }
        console.flushOutput()
        // No time limit: the editor is the user's for as long as they need it.
        let termination: ChildProcess.Termination
        do {
            termination = try ChildProcess.start("/bin/sh", ["-c", editor + " \"$1\"", "docket-editor", path],
                                                 environment: console.environment, streams: .inherited).wait()
        } catch {
            throw CommandFailure("expected to start the editor \(editor), found: \(error.message)", exitCode: 1)
        }
        guard termination.status == 0 else {
            throw CommandFailure("expected the editor \(editor) to exit 0, found \(termination.status); the record is written as it was left", exitCode: 1)
        }
        return try after()
    }
}
