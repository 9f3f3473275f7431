/// The id of every rule Docket reports, as written in output, in procedure
/// documents (`severity:`, `constraints:`) and in `docket rules ID`.
///
/// A finding can only be raised under one of these (see `DiagnosticSink`), and
/// each has exactly one description in `RuleCatalog`, so an id in the output is
/// always one `docket rules` explains.
public enum RuleID: String, CaseIterable, Sendable, Codable, Comparable {
    // file and syntax
    case frontMatterMissing = "front-matter-missing"
    case yamlSyntax = "yaml-syntax"
    case yamlUnsupported = "yaml-unsupported"
    case encoding = "encoding"
    case fileTooLarge = "file-too-large"
    case pathUnsafe = "path-unsafe"
    case mergeConflict = "merge-conflict"
    // identity
    case idFormat = "id-format"
    case idFilename = "id-filename"
    case idDuplicate = "id-duplicate"
    // fields
    case requiredField = "required-field"
    case unknownField = "unknown-field"
    case fieldType = "field-type"
    case enumValue = "enum-value"
    case statusUnknown = "status-unknown"
    case personUnknown = "person-unknown"
    case roleRequired = "role-required"
    // links
    case linkMissing = "link-missing"
    case linkKind = "link-kind"
    // body
    case sectionMissing = "section-missing"
    case worklogFormat = "worklog-format"
    case worklogOrder = "worklog-order"
    // time
    case timeOrder = "time-order"
    // incident
    case priorityMatrix = "priority-matrix"
    case workaroundNeedsProblem = "workaround-needs-problem"
    case successNeedsConfirmation = "success-needs-confirmation"
    case closeNeedsNotification = "close-needs-notification"
    case urgentEscalation = "urgent-escalation"
    case closureCode = "closure-code"
    // problem
    case problemIncidents = "problem-incidents"
    case knownErrorWorkaround = "known-error-workaround"
    // change
    case changeApproval = "change-approval"
    case segregationOfDuties = "segregation-of-duties"
    case emergencyChangeLink = "emergency-change-link"
    case changeReview = "change-review"
    // sla
    case slaResponseBreach = "sla-response-breach"
    case slaResolutionBreach = "sla-resolution-breach"
    case escalationOverdue = "escalation-overdue"
    case untriaged = "untriaged"
    case pendingTooLong = "pending-too-long"
    // procedures
    case procedureInvalid = "procedure-invalid"
    // history
    case transitionInvalid = "transition-invalid"
    case closedReopened = "closed-reopened"
    case closedModified = "closed-modified"
    case recordDeleted = "record-deleted"
    case idChanged = "id-changed"
    case transitionUnauthorized = "transition-unauthorized"

    /// Ordered by id text, the order diagnostics at one position sort in.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}
