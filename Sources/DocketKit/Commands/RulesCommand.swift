/// `docket rules [ID]`: lists the rules or explains one.
public enum RulesCommand: Command {
    public static let spec = CommandSpec(
        name: "rules", abstract: "list the rules, or explain one with its examples",
        arguments: "[ID]", minArguments: 0, maxArguments: 1, options: [SharedOption.root],
        discussion: """
        Inside a ticket repository (or with --root) the severities shown are the effective ones: a
        procedure's 'severity:' may raise, lower or turn off ('off') a rule for its kind. A kind whose
        procedure differs from the rest is shown under the rule ('incident: warning'). Outside a
        repository the defaults are shown. The third column is the rule's group: 'docket validate
        --select' and '--ignore' (and select:/ignore: in procedures/repository.md) take groups and ids.
        Exit status: 0 printed, 2 unknown rule or procedure-definition error.
        """)

    public static func run(_ context: CommandContext) throws -> Int32 {
        let arguments = context.arguments, console = context.console
        let procedures = try repositoryProcedures(context)
        guard let id = arguments.positionals.first else {
            let width = RuleCatalog.all.map(\.id.count).max() ?? 0
            let groupWidth = RuleCatalog.groups.map(\.count).max() ?? 0
            for rule in RuleCatalog.all {
                let severity = EffectiveSeverity(rule.rule, procedures)
                console.print(rule.id + String(repeating: " ", count: width - rule.id.count + 2) + severity.common.padding(7) + " "
                              + rule.group.padding(groupWidth) + " " + rule.summary)
                for (kind, label) in severity.exceptions {
                    console.print(String(repeating: " ", count: width + 2) + "\(kind): \(label)")
                }
            }
            console.print("")
            console.print("groups (for validate --select and --ignore): " + RuleCatalog.groups.joined(separator: ", "))
            return 0
        }
        guard let rule = RuleCatalog.rule(id) else {
            var message = "unknown rule \"\(id)\""
            if let near = Suggestion.nearest(to: id, in: RuleCatalog.all.map(\.id)) { message += ", did you mean \"\(near)\"?" }
            throw CommandFailure(message + "; 'docket rules' lists them", exitCode: 2)
        }
        let severity = EffectiveSeverity(rule.rule, procedures)
        let exceptions = severity.exceptions.map { "\($0.kind): \($0.label)" }.joined(separator: ", ")
        console.print("\(rule.id) (\(severity.common)\(exceptions.isEmpty ? "" : "; " + exceptions), \(rule.group))")
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

extension RulesCommand {
    /// The procedures of the repository `docket rules` runs in: `--root`, else the nearest
    /// folder upward holding `procedures/`; nil outside every repository (defaults apply).
    static func repositoryProcedures(_ context: CommandContext) throws -> ProcedureSet? {
        let root: String
        do {
            root = try context.root()
        } catch {
            if context.arguments.value(SharedOption.root.name) != nil { throw error }
            return nil
        }
        return try ProcedureSet.load(root: root)
    }
}

/// A rule's severity across the kinds of a repository: the one most kinds give it
/// (the default when no procedure changes it), and the kinds that differ.
struct EffectiveSeverity {
    /// `error`, `warning`, `note` or `off`.
    var common: String
    var exceptions: [(kind: String, label: String)]

    init(_ rule: RuleID, _ procedures: ProcedureSet?) {
        func label(_ severity: Severity?) -> String { severity?.rawValue ?? "off" }
        let byKind = (procedures?.procedures ?? []).map { ($0.kind, label($0.severities.effective(rule))) }.sorted { $0.0 < $1.0 }
        var counts: [String: Int] = [:]
        for (_, label) in byKind { counts[label, default: 0] += 1 }
        let fallback = label(RuleCatalog.defaultSeverity(rule))
        // Ties go to the default, so a single overriding kind never hides it.
        common = counts.max { ($0.value, $0.key == fallback ? 1 : 0, $1.key) < ($1.value, $1.key == fallback ? 1 : 0, $0.key) }?.key ?? fallback
        let common = self.common
        exceptions = byKind.filter { $0.1 != common }.map { (kind: $0.0, label: $0.1) }
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

import Foundation
