/// One option of a verb.
public struct OptionSpec: Sendable {
    public var name: String
    public var valueName: String?
    public var help: String
    public var repeatable: Bool
    /// A one-letter spelling (`-o` for `--output`).
    public var short: String?
    /// The values accepted, checked by the parser (with a did-you-mean); nil accepts any.
    public var choices: [String]?

    /// A flag (`--strict`).
    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, repeatable: false)
    }

    /// An option with a value (`--format FORMAT` or `--format=FORMAT`).
    public static func value(_ name: String, _ valueName: String, _ help: String, repeatable: Bool = false,
                             short: String? = nil, choices: [String]? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, repeatable: repeatable, short: short, choices: choices)
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

    /// The verb's `--format` choices, the first being the default; empty when it has no `--format`.
    public var formats: [String] { options.first { $0.name == SharedOption.formatName }?.choices ?? [] }

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
            func left(_ option: OptionSpec) -> String {
                (option.short.map { $0 + ", " } ?? "") + option.name + (option.valueName.map { " " + $0 } ?? "")
            }
            let width = all.map { left($0).count }.max() ?? 0
            for option in all {
                let left = left(option)
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

    /// `expected OPTION to be EXPECTED, found "VALUE"; did you mean "NEAR"?`: the one
    /// shape of a bad option value, the suggestion taken from `candidates`.
    public static func badValue(_ option: String, expected: String, found value: String, candidates: [String] = []) -> UsageError {
        var message = "expected \(option) to be \(expected), found \"\(value)\""
        if let near = Suggestion.nearest(to: value, in: candidates) { message += "; did you mean \"\(near)\"?" }
        return UsageError(message)
    }

    /// `one of a, b or c`.
    public static func oneOf(_ values: [String]) -> String {
        guard values.count > 1 else { return values.first ?? "nothing" }
        return "one of " + values.dropLast().joined(separator: ", ") + " or " + values.last!
    }
}

/// The parsed command line of one verb.
public struct ParsedArguments: Sendable {
    public var values: [String: [String]] = [:]
    /// For each value in `values`, how many positionals came before it on the command line
    /// (`docket set ID --add escalations at=…`: the arguments after `--add` belong to it).
    public var valuePositions: [String: [Int]] = [:]
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
            guard let option = spec.options.first(where: { $0.name == name || $0.short == name }) else {
                var message = "expected an option of docket \(spec.name) (see --help), found \(name)"
                if let near = Suggestion.nearest(to: name, in: spec.options.map(\.name)) { message += "; did you mean \(near)?" }
                throw UsageError(message)
            }
            name = option.name
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
            if let choices = option.choices, !choices.contains(value) {
                throw UsageError.badValue(name, expected: UsageError.oneOf(choices), found: value, candidates: choices)
            }
            if !option.repeatable, result.values[name] != nil {
                throw UsageError("option \(name) given twice")
            }
            result.values[name, default: []].append(value)
            result.valuePositions[name, default: []].append(result.positionals.count)
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
