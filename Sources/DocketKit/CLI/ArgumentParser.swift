/// One option of a verb.
public struct OptionSpec: Sendable {
    public var name: String
    public var valueName: String?
    public var help: String
    public var repeatable: Bool

    /// A flag (`--strict`).
    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, repeatable: false)
    }

    /// An option with a value (`--format FORMAT` or `--format=FORMAT`).
    public static func value(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable)
    }
}

/// What a verb accepts, and its help text.
public struct CommandSpec: Sendable {
    public var name: String
    /// One line, shown in `docket --help`.
    public var abstract: String
    /// Positional arguments as shown in the usage line, e.g. `[PATH…]`.
    public var arguments: String
    public var minArguments: Int
    public var maxArguments: Int?
    public var options: [OptionSpec]
    /// Paragraphs shown after the options in `docket VERB --help`.
    public var discussion: String

    public static let rootOption = OptionSpec.value("--root", "DIR", "the repository root (default: the nearest folder upward holding procedures/)")

    public var usage: String {
        let opts = options.isEmpty ? "" : " [options]"
        return "usage: docket \(name)\(opts)\(arguments.isEmpty ? "" : " " + arguments)"
    }

    /// The text of `docket VERB --help`.
    public var help: String {
        var lines = ["docket \(name): \(abstract)", "", usage, ""]
        if !options.isEmpty {
            lines.append("options:")
            let all = options + [OptionSpec.flag("--help", "show this help")]
            let width = all.map { $0.name.count + ($0.valueName.map { $0.count + 1 } ?? 0) }.max() ?? 0
            for option in all {
                let left = option.name + (option.valueName.map { " " + $0 } ?? "")
                lines.append("  " + left + String(repeating: " ", count: width - left.count + 2) + option.help)
            }
            lines.append("")
        }
        if !discussion.isEmpty { lines.append(discussion); lines.append("") }
        return lines.joined(separator: "\n")
    }
}

/// A mistake in the command line: exit code 2 with the verb's usage.
public struct UsageError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// The parsed command line of one verb.
public struct ParsedArguments: Sendable {
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []
    public var wantsHelp = false

    public func value(_ name: String) -> String? { values[name]?.last }
    public func has(_ name: String) -> Bool { flags.contains(name) }
}

/// A small parser in the spirit of swift-argument-parser: `--name value`,
/// `--name=value`, flags, `--` to end options; unknown options are usage errors.
public enum ArgumentParser {
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                result.positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            if argument == "--help" || argument == "-h" { result.wantsHelp = true; continue }
            var name = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = spec.options.first(where: { $0.name == name }) else {
                var message = "expected an option of docket \(spec.name) (see --help), found \(name)"
                if let near = Suggestion.nearest(to: name, in: spec.options.map(\.name)) { message += "; did you mean \(near)?" }
                throw UsageError(message)
            }
            if option.valueName == nil {
                guard inline == nil else { throw UsageError("option \(name) takes no value, found \"\(inline!)\"") }
                result.flags.insert(name)
                continue
            }
            let value: String
            if let inline { value = inline } else {
                guard index < arguments.count else { throw UsageError("expected a value \(option.valueName!) after \(name), found the end of the command line") }
                value = arguments[index]
                index += 1
            }
            if !option.repeatable, result.values[name] != nil {
                throw UsageError("option \(name) given twice")
            }
            result.values[name, default: []].append(value)
        }
        if result.wantsHelp { return result }
        if result.positionals.count < spec.minArguments {
            throw UsageError("expected \(spec.arguments), found \(result.positionals.isEmpty ? "nothing" : result.positionals.joined(separator: " "))")
        }
        if let max = spec.maxArguments, result.positionals.count > max {
            throw UsageError("expected at most \(max) argument\(max == 1 ? "" : "s") (\(spec.arguments)), found \(result.positionals.count)")
        }
        return result
    }
}
