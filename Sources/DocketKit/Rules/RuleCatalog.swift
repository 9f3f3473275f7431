/// Every rule Docket knows, in the order `docket rules` lists them.
public enum RuleCatalog {
    /// All rule descriptions.
    public static let all: [RuleDescription] = [
        FrontMatterMissingRule.description, YAMLSyntaxRule.description, YAMLUnsupportedRule.description, EncodingRule.description,
        FileTooLargeRule.description, PathUnsafeRule.description, MergeConflictRule.description,
        IDFormatRule.description, IDFilenameRule.description, IDDuplicateRule.description,
        RequiredFieldRule.description, UnknownFieldRule.description, FieldTypeRule.description, EnumValueRule.description,
        StatusUnknownRule.description, PersonUnknownRule.description, RoleRequiredRule.description,
        LinkMissingRule.description, LinkKindRule.description,
        SectionMissingRule.description, WorklogFormatRule.description, WorklogOrderRule.description,
        TimeOrderRule.description,
        PriorityMatrixRule.description, WorkaroundNeedsProblemRule.description, SuccessNeedsConfirmationRule.description,
        CloseNeedsNotificationRule.description, UrgentEscalationRule.description, ClosureCodeRule.description,
        ProblemIncidentsRule.description, KnownErrorWorkaroundRule.description,
        ChangeApprovalRule.description, SegregationOfDutiesRule.description, EmergencyChangeLinkRule.description, ChangeReviewRule.description,
        SLAResponseBreachRule.description, SLAResolutionBreachRule.description, EscalationOverdueRule.description,
        UntriagedRule.description, PendingTooLongRule.description,
        ProcedureInvalidRule.description,
        TransitionInvalidRule.description, ClosedReopenedRule.description, ClosedModifiedRule.description, RecordDeletedRule.description,
        IDChangedRule.description, TransitionUnauthorizedRule.description,
    ]

    /// The check of a rule that looks at one record on its own (`RecordRule.check`).
    typealias RecordCheck = @Sendable (Record, Procedure, RuleContext, inout DiagnosticSink) -> Void

    /// Rules that check one record on its own, in the order they run.
    static let recordRules: [RecordCheck] = [
        IDFormatRule.check, IDFilenameRule.check, RequiredFieldRule.check, SectionMissingRule.check,
        WorklogOrderRule.check, TimeOrderRule.check, PriorityMatrixRule.check, ClosureCodeRule.check,
        ChangeApprovalRule.check, SegregationOfDutiesRule.check, ChangeReviewRule.check,
        SLARecordRules.check,
    ]

    private static let byID: [RuleID: RuleDescription] = Dictionary(all.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })

    /// The description of the rule with id text `id` (as a user types it); nil for an unknown id.
    public static func rule(_ id: String) -> RuleDescription? { RuleID(rawValue: id).flatMap { byID[$0] } }

    /// The description of `rule`; every `RuleID` has one (a test checks it).
    public static func description(_ rule: RuleID) -> RuleDescription? { byID[rule] }

    /// The groups rules belong to (`RuleDescription.group`), in the order `docket rules`
    /// lists them; `--select`, `--ignore` and `select:`/`ignore:` accept them besides rule ids.
    public static let groups: [String] = {
        var seen: Set<String> = []
        return all.map(\.group).filter { seen.insert($0).inserted }
    }()

    /// The rules of `group`, in catalog order; empty for a name that is no group.
    public static func rules(inGroup group: String) -> [RuleID] { all.filter { $0.group == group }.map(\.rule) }

    /// The severity of `rule` when no procedure changes it.
    public static func defaultSeverity(_ rule: RuleID) -> Severity { byID[rule]?.severity ?? .error }
}
