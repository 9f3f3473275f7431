/// A KPI's figure over one population, with the records behind it.
public struct KPIValue: Sendable, Equatable {
    /// The figure in the KPI's unit (a share as a fraction 0–1, durations in hours);
    /// nil when the population is empty.
    public var actual: Double?
    /// Whether `actual` meets the target; nil without a target or without a figure.
    public var met: Bool?
    /// Ids of the records that count toward the figure, sorted: for a share the
    /// numerator, for `sla-met` the records that met the target, for a mean, median
    /// or duration those that have the value, otherwise the whole population.
    public var records: [String]
    /// Ids of the population's records, sorted.
    public var population: [String]
}

/// One value of a breakdown field (`per:`) and the KPI's figure over the records
/// that carry it.
public struct KPIBreakdownItem: Sendable, Equatable {
    /// The value's id (enum or state id, person id, `true`/`false`); nil for records without one.
    public var value: String?
    public var zh: String?
    public var en: String?
    public var figure: KPIValue
}

/// A KPI broken down by the values of one field.
public struct KPIBreakdown: Sendable, Equatable {
    public var field: String
    public var zh: String
    public var en: String
    /// Declared values in declaration order (every one, also with an empty
    /// population); persons sorted by id; then records without a value, when any.
    public var items: [KPIBreakdownItem]
}

/// The records of a backlog whose age at the end of the period lies in one bucket.
public struct KPIAgeBucket: Sendable, Equatable {
    /// Lower bound of the age, seconds, included.
    public var lowerSeconds: Int
    /// Upper bound, seconds, excluded; nil for the last bucket.
    public var upperSeconds: Int?
    /// `< 1d`, `1d–3d`, `> 7d`.
    public var label: String
    /// Ids, sorted.
    public var records: [String]
}

/// A KPI's figure in one earlier period.
public struct KPITrendPoint: Sendable, Equatable {
    public var period: KPIPeriod
    public var actual: Double?
    public var met: Bool?
}

/// One KPI computed for a period.
public struct KPIResult: Sendable, Equatable {
    public var id: String
    /// The kind whose procedure declares the KPI.
    public var kind: String
    public var zh: String
    public var en: String
    public var measure: KPIMeasure
    public var unit: KPIUnit
    public var target: KPITarget?
    /// The figure over the period.
    public var value: KPIValue
    /// One breakdown per `per:` field, in the order declared.
    public var breakdowns: [KPIBreakdown]
    /// Age buckets of a `backlog` KPI (empty otherwise).
    public var buckets: [KPIAgeBucket]
    /// The figure in each preceding period, oldest first.
    public var trend: [KPITrendPoint]

    public var actual: Double? { value.actual }
    public var met: Bool? { value.met }
    public var records: [String] { value.records }
    public var population: [String] { value.population }
}
