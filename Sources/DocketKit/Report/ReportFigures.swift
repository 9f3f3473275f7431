/// How many records of a population carry each value of a field.
public struct FieldDistribution: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// The value's id; nil for records without one.
        public var value: String?
        public var zh: String?
        public var en: String?
        /// Ids, sorted.
        public var records: [String]
        public var count: Int { records.count }
    }

    public var field: String
    public var zh: String
    public var en: String
    /// Declared values in declaration order (also those no record carries),
    /// persons sorted by id, then records without a value when there are any.
    public var items: [Item]
}

/// Service-level compliance of the records of one priority resolved in the period.
public struct SLACompliance: Sendable, Equatable {
    public var priority: String
    /// Resolved in the period with a measured target, sorted.
    public var resolved: [String]
    public var responseMet: [String]
    public var responseBreached: [String]
    public var resolutionMet: [String]
    public var resolutionBreached: [String]
}

/// A configuration item and the incidents opened in the period that name it.
public struct ConfigurationItemCount: Sendable, Equatable {
    public var id: String
    /// The CMDB record's title, when it exists.
    public var title: String?
    /// Ids, sorted.
    public var records: [String]
}

/// Incidents on the same configuration item and of the same category, each
/// reported within `RepeatRule.window` of the one before.
public struct RepeatGroup: Sendable, Equatable {
    public var configurationItem: String
    public var category: String
    /// Ids in order of their opening timestamp, then id.
    public var records: [String]
}

/// An incident closed in the period with a workaround, and the problems it is linked to.
public struct WorkaroundClosure: Sendable, Equatable {
    public var id: String
    /// Problem ids linked in either direction, sorted.
    public var problems: [String]
}

/// A record resolved in the period that missed a service-level target.
public struct BreachedRecord: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var priority: String?
    public var response: SLAState?
    public var resolution: SLAState?
}

/// The figures of the monthly statistics report (服务事件统计分析报表, Q3-CS-01-04)
/// besides the KPIs, for records of one kind (incidents), as plain data.
public struct ReportFigures: Sendable, Equatable {
    public var kind: String
    /// Opened, resolved and closed in the period (the kind's opening field,
    /// SLA resolution field and `closed_field`), ids sorted.
    public var opened: [String]
    public var resolved: [String]
    public var closed: [String]
    /// Records opened in the period by the fields of the procedure's `report: {by:}`, else
    /// by status, priority, category, channel and support line (those the kind declares).
    public var distributions: [FieldDistribution]
    /// Open at the end of the period (opened before it ends, not resolved before it ends; for a
    /// kind without a resolution timestamp, not closed before it ends nor in a final state
    /// without a closing timestamp), sorted.
    public var backlog: [String]
    /// The backlog by age at the end of the period: < 1d, 1d–3d, 3d–7d, > 7d.
    public var backlogBuckets: [KPIAgeBucket]
    /// Per priority in declaration order.
    public var slaByPriority: [SLACompliance]
    /// Most incidents first, then by id; at most `ReportFigures.topLimit`.
    public var topConfigurationItems: [ConfigurationItemCount]
    /// Groups with at least two incidents, one of them opened in the period;
    /// by configuration item, category, then first opening timestamp.
    public var repeatIncidents: [RepeatGroup]
    /// Opened in the period with `major: true` or priority P1, sorted.
    public var majorIncidents: [String]
    /// Closed in the period with closure code `workaround`, by id.
    public var workaroundClosures: [WorkaroundClosure]
    /// Records of every kind with SLA targets, resolved in the period with a
    /// breached response or resolution target, by id.
    public var breached: [BreachedRecord]
    /// Records of every kind with SLA targets open at the end of the period with a
    /// target already breached then (the state that is `breached`, the other nil), by id.
    public var breachedOpen: [BreachedRecord]
    /// Titles of the figures kind's records and of the configuration items, by id.
    public var titles: [String: String]
    /// The same titles as `titles`, in id order in one arena (`ReportRecordTable`): for the
    /// drill-down lists, which look up a title for every item.
    public var recordTable = ReportRecordTable()

    /// How many configuration items `topConfigurationItems` lists at most.
    public static let topLimit = 10
    /// The longest gap between two incidents of a repeat group.
    public static let repeatWindowSeconds: Int64 = 30 * 86_400
    /// Age buckets of the backlog figure.
    public static let backlogBucketBounds = [86_400, 3 * 86_400, 7 * 86_400]
}

/// The fields the report's figures read; a kind that lacks one gets the figure empty.
enum ReportFields {
    /// The fields a kind's records are counted by when its procedure has no `report: {by:}`.
    static let defaultDistributions = ["status", "priority", "category", "channel", "support_line"]

    /// The fields the report counts `procedure`'s records by: its `report: {by:}`, else
    /// those of `defaultDistributions` it declares.
    static func distributions(_ procedure: Procedure) -> [String] {
        procedure.reportFields ?? defaultDistributions.filter { procedure.field($0) != nil }
    }
    static let priority = SLAFields.priority
    static let major = "major"
    static let majorPriority = "P1"
    static let category = "category"
    static let configurationItems = "configuration_items"
    static let closureCode = "closure_code"
    static let workaround = "workaround"
    /// The kind whose links the workaround closures list.
    static let problemKind = "problem"
}
