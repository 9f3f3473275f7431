import Foundation

/// `docket completion SHELL`: a completion script for bash, zsh or fish, made from
/// every verb's spec; kinds, states, record ids and rule ids are asked of
/// `docket completion --list WHAT` while the user types, so they follow the repository.
public enum CompletionCommand: Command {
    public static let shells = ["bash", "zsh", "fish"]
    /// What `--list` prints, one per line.
    public static let lists = ["ids", "kinds", "states", "rules"]

    public static let spec = CommandSpec(
        name: "completion",
        abstract: "print a shell completion script (bash, zsh or fish)",
        arguments: "SHELL", minArguments: 0, maxArguments: 1,
        options: [
            SharedOption.root,
            .value("--list", "WHAT", "print the repository's \(lists.joined(separator: ", ")) one per line (the scripts call it while you type) and exit 0, also outside a repository"),
        ],
        discussion: """
        bash:  docket completion bash > ~/.local/share/bash-completion/completions/docket
        zsh:   docket completion zsh > "${fpath[1]}/_docket"   (a folder on $fpath, before compinit)
        fish:  docket completion fish > ~/.config/fish/completions/docket.fish
        Scripts/install.sh installs all three.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        if let what = arguments.value("--list") {
            guard lists.contains(what) else { throw UsageError("expected --list \(lists.joined(separator: ", ")), found \"\(what)\"") }
            // Completion must stay quiet: outside a repository or with broken procedures it lists nothing.
            for value in (try? values(what, context: context)) ?? [] { console.print(value) }
            return 0
        }
        // A script does not depend on the repository, but a --root given with it must name one.
        if arguments.value("--root") != nil { _ = try context.root() }
        guard let shell = arguments.positionals.first else {
            throw UsageError("expected SHELL (\(shells.joined(separator: ", "))), found nothing")
        }
        switch shell {
        case "bash": console.printRaw(bash())
        case "zsh": console.printRaw(zsh())
        case "fish": console.printRaw(fish())
        default: throw UsageError("expected SHELL \(shells.joined(separator: ", ")), found \"\(shell)\"")
        }
        return 0
    }

    /// The values of `--list WHAT`, sorted and without repeats.
    static func values(_ what: String, context: CommandContext) throws -> [String] {
        if what == "rules" { return RuleCatalog.all.map(\.id) }
        let root = try context.root()
        let procedures = try ProcedureSet.load(root: root)
        switch what {
        case "kinds": return procedures.procedures.map(\.kind).sorted()
        case "states": return Set(procedures.procedures.flatMap { $0.states.map(\.id) }).sorted()
        default:
            // File names only: nothing is parsed, so this stays fast on a large repository.
            let index = RepositoryScanner.scan(root: root, procedures: procedures)
            return Set(index.files.compactMap { $0.kind == nil ? nil : $0.stem }).sorted()
        }
    }

    // MARK: what each argument completes to

    /// How an option's value or a positional argument completes.
    enum Completion: Equatable {
        case none, files, directories, words([String]), list(String)
    }

    static func completion(of option: OptionSpec) -> Completion {
        guard let valueName = option.valueName else { return .none }
        if let choices = option.choices ?? choices(option) { return .words(choices) }
        switch valueName {
        case "RULES": return .list("rules")
        case "DIR": return .directories
        case "KIND": return .list("kinds")
        case "STATE": return .list("states")
        case "ID": return .list("ids")
        case "FILE", "PATH": return .files
        default: return option.name == "--list" ? .words(lists) : .none
        }
    }

    /// The words an option's help lists as `output format: a, b or c (default a)`.
    static func choices(_ option: OptionSpec) -> [String]? {
        let prefix = "output format: "
        guard option.help.hasPrefix(prefix) else { return nil }
        var text = option.help.dropFirst(prefix.count)
        if let paren = text.firstIndex(of: "(") { text = text[..<paren] }
        let words = text.replacingOccurrences(of: " or ", with: ", ").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return words.isEmpty || words.contains(where: { $0.isEmpty || $0.contains(" ") }) ? nil : words
    }

    static func positional(_ spec: CommandSpec) -> Completion {
        if spec.name == RulesCommand.spec.name { return .list("rules") }
        if spec.name == self.spec.name { return .words(shells) }
        if spec.maxArguments == 0 || spec.arguments.isEmpty { return .none }
        if spec.arguments.contains("ID") { return .list("ids") }
        if spec.arguments.contains("KIND") { return .list("kinds") }
        return .files
    }

    static var commands: [CommandSpec] { Docket.commands.map { $0.spec } }

    /// An option's help up to its first parenthesis or semicolon: one short line for a menu.
    static func summary(_ text: String) -> String {
        var end = text.endIndex
        if let stop = text.firstIndex(where: { $0 == "(" || $0 == ";" }) { end = stop }
        return text[..<end].trimmingCharacters(in: .whitespaces)
    }

    // MARK: bash

    static func bash() -> String {
        var text = """
        # bash completion for docket (docket completion bash)
        _docket_list() {
            local root="" i
            for ((i = 2; i < COMP_CWORD; i++)); do
                [[ ${COMP_WORDS[i]} == --root ]] && root="${COMP_WORDS[i+1]}"
            done
            docket completion --list "$1" ${root:+--root "$root"} 2>/dev/null
        }

        _docket_complete() {
            case "$1" in
                files) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null ;;
                directories) COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null ;;
                list:*) COMPREPLY=($(compgen -W "$(_docket_list "${1#list:}")" -- "$cur")) ;;
                words:*) COMPREPLY=($(compgen -W "${1#words:}" -- "$cur")) ;;
                *) COMPREPLY=() ;;
            esac
        }

        _docket() {
            local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
            if ((COMP_CWORD == 1)); then
                COMPREPLY=($(compgen -W "\(commands.map(\.name).joined(separator: " ")) --help --version" -- "$cur"))
                return
            fi
            case "${COMP_WORDS[1]}" in

        """
        for command in commands {
            text += "        \(command.name))\n"
            text += "            case \"$prev\" in\n"
            for option in command.options where option.valueName != nil {
                text += "                \(option.name)) _docket_complete \(bashWord(completion(of: option))); return ;;\n"
            }
            text += "            esac\n"
            let options = (command.options.map(\.name) + ["--help"]).joined(separator: " ")
            text += "            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"\(options)\" -- \"$cur\")); return; fi\n"
            text += "            _docket_complete \(bashWord(positional(command)))\n"
            text += "            ;;\n"
        }
        text += """
            esac
        }
        complete -F _docket docket

        """
        return text
    }

    private static func bashWord(_ completion: Completion) -> String {
        switch completion {
        case .none: "none"
        case .files: "files"
        case .directories: "directories"
        case .words(let words): "'words:\(words.joined(separator: " "))'"
        case .list(let what): "list:\(what)"
        }
    }

    // MARK: zsh

    static func zsh() -> String {
        var text = """
        #compdef docket
        # zsh completion for docket (docket completion zsh)

        _docket_list() {
            local -a values
            values=(${(f)"$(docket completion --list $1 ${opt_args[--root]:+--root ${opt_args[--root]}} 2>/dev/null)"})
            compadd -a values
        }

        _docket() {
            local -a verbs
            verbs=(

        """
        for command in commands { text += "        \(zshQuote(command.name + ":" + command.abstract))\n" }
        text += """
            )
            if (( CURRENT == 2 )); then
                _describe -t verbs 'docket verb' verbs
                return
            fi
            local verb=$words[2]
            shift words
            (( CURRENT-- ))
            local curcontext="${curcontext%:*:*}:docket-$verb:"
            typeset -A opt_args
            case $verb in

        """
        for command in commands {
            var specs: [String] = []
            for option in command.options {
                let description = "[" + zshEscape(summary(option.help)) + "]"
                if let valueName = option.valueName {
                    let repeat_ = option.repeatable ? "*" : ""
                    specs.append(zshQuote(repeat_ + option.name + description + ":" + valueName.lowercased() + ":" + zshAction(completion(of: option))))
                } else {
                    specs.append(zshQuote(option.name + description))
                }
            }
            specs.append(zshQuote("--help[show the help]"))
            let positional = positional(command)
            if positional != .none {
                let many = command.maxArguments == nil ? "*" : "1"
                specs.append(zshQuote(many + ":" + command.arguments.lowercased() + ":" + zshAction(positional)))
            }
            text += "        \(command.name))\n            _arguments -s \\\n"
            text += specs.map { "                " + $0 }.joined(separator: " \\\n") + "\n"
            text += "            ;;\n"
        }
        text += """
            esac
        }

        _docket "$@"

        """
        return text
    }

    private static func zshAction(_ completion: Completion) -> String {
        switch completion {
        case .none: " "
        case .files: "_files"
        case .directories: "_directories"
        case .words(let words): "(" + words.joined(separator: " ") + ")"
        case .list(let what): "{_docket_list \(what)}"
        }
    }

    /// Inside `[…]` of an `_arguments` spec: brackets and colons escaped.
    private static func zshEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "[", with: "\\[")
            .replacingOccurrences(of: "]", with: "\\]").replacingOccurrences(of: ":", with: "\\:")
    }

    /// A single-quoted shell word.
    private static func zshQuote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    // MARK: fish

    static func fish() -> String {
        var text = """
        # fish completion for docket (docket completion fish)
        function __docket_list
            set -l tokens (commandline -opc)
            set -l root
            for i in (seq (count $tokens))
                if test "$tokens[$i]" = --root; and test $i -lt (count $tokens)
                    set root --root $tokens[(math $i + 1)]
                end
            end
            docket completion --list $argv[1] $root 2>/dev/null
        end

        complete -c docket -f
        complete -c docket -n __fish_use_subcommand -l help -d 'show the help'
        complete -c docket -n __fish_use_subcommand -l version -d 'print the version and commit'

        """
        let verbs = commands.map(\.name).joined(separator: " ")
        for command in commands {
            text += "complete -c docket -n 'not __fish_seen_subcommand_from \(verbs)' -a \(zshQuote(command.name)) -d \(zshQuote(command.abstract))\n"
        }
        for command in commands {
            let condition = "-n '__fish_seen_subcommand_from \(command.name)'"
            for option in command.options + [OptionSpec.flag("--help", "show the help")] {
                var line = "complete -c docket \(condition) -l \(option.name.dropFirst(2))"
                if option.valueName != nil { line += " " + fishArguments(completion(of: option)) }
                text += line + " -d \(zshQuote(summary(option.help)))\n"
            }
            let positional = positional(command)
            if positional != .none { text += "complete -c docket \(condition) \(fishArguments(positional))\n" }
        }
        return text
    }

    private static func fishArguments(_ completion: Completion) -> String {
        switch completion {
        case .none: "-x"
        case .files: "-r -F"
        case .directories: "-x -a '(__fish_complete_directories)'"
        case .words(let words): "-x -a " + zshQuote(words.joined(separator: " "))
        case .list(let what): "-x -a '(__docket_list \(what))'"
        }
    }
}
