/// What a procedure's `severity:` says: rules raised to or lowered from their
/// default severity, and rules turned `off`.
///
/// The one place a finding's severity is decided: `DiagnosticSink` asks it for
/// every rule, wherever the rule is raised.
public struct RuleSeverities: Sendable, Equatable {
    /// Rule → severity, overriding the rule's default.
    public private(set) var overrides: [RuleID: Severity] = [:]
    /// Rules whose findings are dropped.
    public private(set) var disabled: Set<RuleID> = []

    /// Every rule at its default severity (`RuleCatalog`).
    public static let defaults = RuleSeverities()

    public init() {}

    /// Sets `rule` to `severity`; nil turns the rule off.
    public mutating func set(_ rule: RuleID, to severity: Severity?) {
        if let severity {
            overrides[rule] = severity
            disabled.remove(rule)
        } else {
            overrides[rule] = nil
            disabled.insert(rule)
        }
    }

    /// The severity findings of `rule` get; nil when the rule is off.
    public func effective(_ rule: RuleID) -> Severity? {
        // Most procedures override and disable nothing: then neither is hashed into.
        if !overrides.isEmpty, let severity = overrides[rule] { return severity }
        if !disabled.isEmpty, disabled.contains(rule) { return nil }
        return RuleCatalog.defaultSeverity(rule)
    }
}
