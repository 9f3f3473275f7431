/// A verb of the `docket` command line.
public protocol Command: Sendable {
    static var spec: CommandSpec { get }
    /// Runs the verb; returns the exit code (0 clean, 1 findings or refused, 2 usage or procedure error).
    /// Throw `UsageError` for a mistake in the command line (exit 2 with the usage line),
    /// `CommandFailure` for anything else that ends the verb.
    static func run(_ context: CommandContext) throws -> Int32
}

/// A failure that ends a command with a message and an exit code.
public struct CommandFailure: Error, Sendable {
    public var message: String
    public var exitCode: Int32
    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }
}

/// The `docket` entry point: dispatches to a verb and maps every error to text and an exit code.
public enum Docket {
    public static let version = "0.1.0"

    public static let commands: [any Command.Type] = [
        ValidateCommand.self, HistoryCommand.self, RulesCommand.self, YAMLCommand.self,
        ShowCommand.self, ListCommand.self, SchemaCommand.self, SLACommand.self, TemplateCommand.self,
        FormCommand.self, InitCommand.self, NewCommand.self, SetCommand.self, UnsetCommand.self, LogCommand.self, TransitionCommand.self,
        FmtCommand.self, RenumberCommand.self, CompletionCommand.self,
    ]

    public static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let verb = arguments.first else {
            console.error(overview)
            return 2
        }
        if verb == "--help" || verb == "-h" || verb == "help" {
            if arguments.count > 1, let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                console.print(command.spec.help)
            } else {
                console.print(overview)
            }
            return 0
        }
        if verb == "--version" { console.print(BuildInfo.versionLine); return 0 }
        guard let command = commands.first(where: { $0.spec.name == verb }) else {
            var message = "docket: error: expected a verb (\(commands.map { $0.spec.name }.joined(separator: ", "))), found \"\(verb)\""
            if let near = Suggestion.nearest(to: verb, in: commands.map { $0.spec.name }) { message += "; did you mean \"\(near)\"?" }
            console.error(message + "\n\n" + overview)
            return 2
        }
        do {
            let parsed = try ArgumentParser.parse(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp { console.print(command.spec.help); return 0 }
            return try command.run(CommandContext(spec: command.spec, arguments: parsed, console: console))
        } catch let error as UsageError {
            console.error("docket \(verb): error: \(error.message)\n\(command.spec.usage)\nrun 'docket \(verb) --help' for the options")
            return 2
        } catch let error as ProcedureError {
            console.error(TextReporter.render(ValidationResult(diagnostics: [error.diagnostic], filesChecked: 0), color: console.useColor)
                .split(separator: "\n").first.map(String.init) ?? error.message)
            return 2
        } catch let error as CommandFailure {
            console.error("docket \(verb): error: \(error.message)")
            return error.exitCode
        } catch {
            console.error("docket \(verb): error: \(error)")
            return 2
        }
    }

    /// The options every verb may share, in the order of the table in docs/options.md.
    public static let sharedOptionNames = ["--root", "--format", "--now", "--kind", "--open", "--output"]

    /// The Markdown table of verbs × shared options in docs/options.md (a test keeps the
    /// committed copy equal to this): the `--format` choices (default first), `yes`, or `-`.
    public static var sharedOptionsTable: String {
        var lines = ["| verb | " + sharedOptionNames.map { $0 == "--output" ? "`-o`, `--output`" : "`\($0)`" }.joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: sharedOptionNames.count)]
        for command in commands {
            let cells = sharedOptionNames.map { name -> String in
                guard let option = command.spec.options.first(where: { $0.name == name }) else { return "-" }
                return option.choices.map { $0.joined(separator: ", ") } ?? "yes"
            }
            lines.append("| `\(command.spec.name)` | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    public static var overview: String {
        var lines = ["docket: IT service management records kept as Markdown files in git", "", "usage: docket VERB [options]", "", "verbs:"]
        let width = commands.map { $0.spec.name.count }.max() ?? 0
        for command in commands {
            lines.append("  " + command.spec.name + String(repeating: " ", count: width - command.spec.name.count + 2) + command.spec.abstract)
        }
        lines.append("")
        lines.append("run 'docket VERB --help' for a verb's options")
        return lines.joined(separator: "\n")
    }
}
