import Foundation

/// Which rules a `docket validate` run reports: `--select`/`--ignore` on the command
/// line over `select:`/`ignore:` in `procedures/repository.md`.
///
/// Each list names rule ids and groups (`RuleCatalog.groups`). The command line wins:
/// `--select` replaces `select:`, `--ignore` replaces `ignore:`, and a rule named by
/// `--select` is reported even when `ignore:` of the repository names it.
public struct RuleSelection: Sendable, Equatable {
    /// The rules reported; a subset of every rule.
    public private(set) var reported: Set<RuleID>

    /// Every rule.
    public static let all = RuleSelection(reported: Set(RuleID.allCases))

    public init(reported: Set<RuleID>) { self.reported = reported }

    /// Combines the lists: nil where a list is not given.
    public init(select: Set<RuleID>?, ignore: Set<RuleID>?, repositorySelect: Set<RuleID>?, repositoryIgnore: Set<RuleID>?) {
        let selected = select ?? repositorySelect ?? Set(RuleID.allCases)
        let ignored = ignore ?? (repositoryIgnore ?? []).subtracting(select ?? [])
        reported = selected.subtracting(ignored)
    }

    /// True when findings of `rule` are reported.
    public func includes(_ rule: RuleID) -> Bool { reported.contains(rule) }

    /// True when findings under the rule id text `rule` are reported (an unknown id is kept).
    public func includes(ruleText rule: String) -> Bool { RuleID(rawValue: rule).map(includes) ?? true }

    /// True when every rule of `group` is left out: the group's checks need not run.
    public func excludesGroup(_ group: String) -> Bool { RuleCatalog.rules(inGroup: group).allSatisfy { !includes($0) } }

    /// The rules `name` stands for: one rule id, or every rule of a group.
    /// - Returns: nil for a name that is neither.
    public static func rules(named name: String) -> Set<RuleID>? {
        if let rule = RuleID(rawValue: name) { return [rule] }
        let group = RuleCatalog.rules(inGroup: name)
        return group.isEmpty ? nil : Set(group)
    }

    /// The names a user may give: every rule id and group.
    public static var names: [String] { RuleCatalog.groups + RuleID.allCases.map(\.rawValue) }

    /// The expected-found message for an unknown name, with a did-you-mean.
    public static func unknownNameMessage(_ name: String, in place: String) -> String {
        var message = "expected \(place) to name rule ids or groups (\(RuleCatalog.groups.joined(separator: ", ")); 'docket rules' lists the ids), found \"\(name)\""
        if let near = Suggestion.nearest(to: name, in: names) { message += "; did you mean \"\(near)\"?" }
        return message
    }

    /// The rules named by values of `--select`/`--ignore` (each comma-separated, repeatable).
    /// - Returns: nil when `values` is empty (the option was not given).
    /// - Throws: `UsageError` for a name that is no rule id or group.
    public static func parse(_ values: [String], option: String) throws(UsageError) -> Set<RuleID>? {
        guard !values.isEmpty else { return nil }
        var rules: Set<RuleID> = []
        for value in values {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let named = Self.rules(named: name) else { throw UsageError(unknownNameMessage(name, in: option)) }
                rules.formUnion(named)
            }
        }
        return rules
    }
}
