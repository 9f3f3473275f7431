/// `docket rules [ID]`: lists the rules or explains one.
public enum RulesCommand: Command {
    public static let spec = CommandSpec(
        name: "rules", abstract: "list the rules, or explain one with its examples",
        arguments: "[ID]", minArguments: 0, maxArguments: 1, options: [SharedOption.root],
        discussion: "The rules are the same in every repository; --root is accepted (and checked) like in every verb.")

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        if arguments.value(SharedOption.root.name) != nil { _ = try context.root() }
        guard let id = arguments.positionals.first else {
            let width = RuleCatalog.all.map(\.id.count).max() ?? 0
            for rule in RuleCatalog.all {
                console.print(rule.id + String(repeating: " ", count: width - rule.id.count + 2) + rule.severity.rawValue.padding(7) + " " + rule.summary)
            }
            return 0
        }
        guard let rule = RuleCatalog.rule(id) else {
            var message = "unknown rule \"\(id)\""
            if let near = Suggestion.nearest(to: id, in: RuleCatalog.all.map(\.id)) { message += ", did you mean \"\(near)\"?" }
            throw CommandFailure(message + "; 'docket rules' lists them", exitCode: 2)
        }
        console.print("\(rule.id) (\(rule.severity.rawValue), \(rule.group))")
        console.print("")
        console.print(rule.summary)
        console.print("")
        console.print(rule.description)
        for example in rule.examples {
            console.print("")
            console.print(example.passes ? "passes:" : "fails:")
            for file in example.files {
                if let target = file.symlinkTarget {
                    console.print("  \(file.path) -> \(target) (symbolic link)")
                    continue
                }
                console.print("  \(file.path)")
                let text = file.text.count > 1200 ? String(file.text.prefix(1200)) + "\n…" : file.text
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    console.print("  | " + line.replacingOccurrences(of: "⚑", with: ""))
                }
            }
        }
        return 0
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

import Foundation
