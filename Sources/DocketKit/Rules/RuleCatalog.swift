/// Every rule Docket knows, in the order `docket rules` lists them.
public enum RuleCatalog {
    static let ruleTypes: [any Rule.Type] = [
        FrontMatterMissingRule.self, YAMLSyntaxRule.self, YAMLUnsupportedRule.self, EncodingRule.self,
        FileTooLargeRule.self, PathUnsafeRule.self,
        IDFormatRule.self, IDFilenameRule.self, IDDuplicateRule.self,
        RequiredFieldRule.self, UnknownFieldRule.self, FieldTypeRule.self, EnumValueRule.self,
        StatusUnknownRule.self, PersonUnknownRule.self, RoleRequiredRule.self,
        LinkMissingRule.self, LinkKindRule.self,
        SectionMissingRule.self, WorklogFormatRule.self, WorklogOrderRule.self,
        TimeOrderRule.self,
        PriorityMatrixRule.self, WorkaroundNeedsProblemRule.self, SuccessNeedsConfirmationRule.self,
        CloseNeedsNotificationRule.self, UrgentEscalationRule.self, ClosureCodeRule.self,
        ProblemIncidentsRule.self, KnownErrorWorkaroundRule.self,
        ChangeApprovalRule.self, SegregationOfDutiesRule.self, EmergencyChangeLinkRule.self, ChangeReviewRule.self,
        SLAResponseBreachRule.self, SLAResolutionBreachRule.self, EscalationOverdueRule.self,
        ProcedureInvalidRule.self,
        TransitionInvalidRule.self, ClosedReopenedRule.self, ClosedModifiedRule.self, RecordDeletedRule.self,
        IDChangedRule.self, TransitionUnauthorizedRule.self,
    ]

    /// Rules that check one record on its own, in the order they run.
    static let recordRules: [any RecordRule.Type] = [
        IDFormatRule.self, IDFilenameRule.self, RequiredFieldRule.self, SectionMissingRule.self,
        WorklogOrderRule.self, TimeOrderRule.self, PriorityMatrixRule.self, ClosureCodeRule.self,
        ChangeApprovalRule.self, SegregationOfDutiesRule.self, ChangeReviewRule.self,
        SLARecordRules.self,
    ]

    /// All rule descriptions.
    public static let all: [RuleDescription] = ruleTypes.map { $0.description }

    private static let byID: [String: RuleDescription] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    public static func rule(_ id: String) -> RuleDescription? { byID[id] }

    public static func defaultSeverity(_ id: String) -> Severity { byID[id]?.severity ?? .error }
}
