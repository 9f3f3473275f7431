import Foundation

/// `docket init [DIR]`: a new ticket repository from what is built into the executable.
public enum InitCommand: Command {
    public static let spec = CommandSpec(
        name: "init", abstract: "create a ticket repository: procedures, templates, empty tickets/ folders",
        arguments: "[DIR]", minArguments: 0, maxArguments: 1,
        options: [
            .value("--root", "DIR", "an existing folder DIR resolves against (default: the working directory); without DIR, the folder written into"),
            .flag("--sample", "add the sample records (a court IT service desk)"),
            .flag("--force", "write into a folder that is not empty (existing files are kept)"),
        ],
        discussion: """
        Writes into DIR (default: the current folder, created when missing) the procedures and
        templates built into this executable, an empty folder under tickets/ for every kind,
        .gitattributes (*.md text eol=lf), .gitignore (.docket/) and a README.md for the team;
        docket validate accepts the result at once. A folder that is not empty is refused unless
        --force, and no existing file is ever overwritten. Prints each file written.
        Exit status: 0 written, 1 refused, 2 usage error.
        """)

    /// The files besides procedures and templates.
    static let extras: [(path: String, text: String)] = [
        (".gitattributes", "# Records stay text with LF line ends on every machine.\n*.md text eol=lf\n"),
        (".gitignore", "# Docket's local state (caches), never committed.\n.docket/\n"),
        ("README.md", """
        # Service desk records

        Incidents, service requests, problems, changes, knowledge articles and CMDB items, one
        Markdown file each under `tickets/`, checked by Docket
        against the procedures in `procedures/`.

        ```sh
        docket new incident --title "…" --as YOU --set reporter=… --set channel=phone
        docket log INC-2026-0001 "what was done" --as YOU
        docket validate              # before every commit; CI runs it too
        ```

        Change a procedure by editing its document in `procedures/`; `docket rules` lists the
        rules, `docket VERB --help` every option.

        """),
    ]

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        // --root names the folder DIR resolves against; there is no repository there yet,
        // so it must only exist (and be a folder).
        if let root = arguments.value(SharedOption.root.name), !FileSystem.isDirectory(context.pathBase) {
            throw UsageError.badValue(SharedOption.root.name, expected: "an existing folder to create the repository in or under", found: root)
        }
        let given = arguments.positionals.first ?? "."
        let target = context.resolve(given)
        switch FileSystem.kind(target) {
        case nil:
            do { try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true) } catch {
                throw CommandFailure("expected to create the folder \(given), found: \(error.localizedDescription)", exitCode: 1)
            }
        case .directory?:
            if !FileSystem.list(target).isEmpty && !arguments.has("--force") {
                throw CommandFailure("expected an empty folder at \(given), found files in it; pass --force to add what is missing (no file is overwritten)", exitCode: 1)
            }
        case let kind?:
            throw CommandFailure("expected a folder at \(given), found \(kind.phrase)", exitCode: 1)
        }
        guard let root = FileSystem.realPath(target) else { throw CommandFailure("expected a folder at \(given), found none", exitCode: 1) }
        var files = EmbeddedResources.repository + extras
        if arguments.has("--sample") { files += EmbeddedResources.sample }
        var kept: [String] = []
        func write(_ path: String, _ text: String) throws {
            do {
                try AtomicFile.create(root + "/" + path, with: Array(text.utf8), root: root)
                console.print(path)
            } catch .exists {
                kept.append(path)
            } catch {
                throw CommandFailure(error.message, exitCode: 1)
            }
        }
        for (path, text) in files { try write(path, text) }
        if !kept.isEmpty { console.error("docket init: kept \(kept.count) existing file\(kept.count == 1 ? "" : "s"): \(kept.joined(separator: ", "))") }
        kept = []
        // Every kind's folder, kept in git by an empty file; a kept procedure that is broken stops here (exit 2).
        let procedures = try ProcedureSet.load(root: root)
        for procedure in procedures.procedures where FileSystem.list(root + "/tickets/" + procedure.folder).isEmpty {
            try write("tickets/" + procedure.folder + "/.gitkeep", "")
        }
        if !kept.isEmpty { console.error("docket init: kept \(kept.count) existing file\(kept.count == 1 ? "" : "s"): \(kept.joined(separator: ", "))") }
        return 0
    }
}
