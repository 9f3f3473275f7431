/// A file an example writes into a repository before validating it.
public struct ExampleFile: Sendable {
    public var path: String
    /// The file's text. A line that starts with `⚑` marks where a failing
    /// example's diagnostic must land; the marker is removed before validation.
    public var text: String
    /// When set, the example creates a symbolic link to this target instead of a file.
    public var symlinkTarget: String?

    public init(path: String, text: String, symlinkTarget: String? = nil) {
        self.path = path
        self.text = text
        self.symlinkTarget = symlinkTarget
    }
}

/// A passing or failing example of a rule, run as a test against the bundled
/// sample repository and shown by `docket rules ID`.
public struct RuleExample: Sendable {
    public var files: [ExampleFile]
    /// True: the rule must not fire. False: it must fire exactly once on each marked
    /// line (a symbolic link counts as marked on line 1), and nowhere else.
    public var passes: Bool
    /// `validate --now` for rules that depend on the clock.
    public var now: String?
    /// Where the example is written, so a failing example test points at it.
    public var file: StaticString
    public var line: UInt

    public init(files: [ExampleFile], passes: Bool, now: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        self.files = files
        self.passes = passes
        self.now = now
        self.file = file
        self.line = line
    }

    public static func passing(_ path: String, _ text: String, now: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> RuleExample {
        RuleExample(files: [ExampleFile(path: path, text: text)], passes: true, now: now, file: file, line: line)
    }

    public static func failing(_ path: String, _ text: String, now: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> RuleExample {
        RuleExample(files: [ExampleFile(path: path, text: text)], passes: false, now: now, file: file, line: line)
    }
}

/// What `docket rules` says about a rule, and the examples that test it.
public struct RuleDescription: Sendable {
    public var rule: RuleID
    /// Stable id, e.g. `workaround-needs-problem`.
    public var id: String { rule.rawValue }
    /// The default severity; a procedure's `severity:` may change it (`RuleSeverities`).
    public var severity: Severity
    /// The group in the contract: file, identity, fields, links, body, time, incident, problem, change, procedures, sla, history.
    public var group: String
    /// One line.
    public var summary: String
    /// One paragraph: what is checked, why, and how to fix it.
    public var description: String
    /// The passing and failing examples, made when asked for: some hold a megabyte of text, and
    /// every command reads the catalogue (its ids, groups and severities) when it starts.
    public var examples: [RuleExample] { makeExamples() }
    private let makeExamples: @Sendable () -> [RuleExample]

    public init(id: RuleID, severity: Severity, group: String, summary: String, description: String,
                examples: @autoclosure @escaping @Sendable () -> [RuleExample]) {
        self.rule = id
        self.severity = severity
        self.group = group
        self.summary = summary
        self.description = description
        self.makeExamples = examples
    }
}

/// A rule: its description lives next to its check (if it has one).
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
}

/// What a record rule can see besides the record.
public struct RuleContext: Sendable {
    public var procedures: ProcedureSet
    public var dates: DateTimeParser
    /// `--now`, seconds since 1970; rules that depend on the clock use it.
    public var now: Int64?
    /// The SLA rules' evaluator, built once for every record (nil without `sla.md`).
    public var sla: SLAEvaluator?
    /// The evaluator's plans behind one reference: the SLA rules evaluate each record with them
    /// without copying (and releasing) the evaluator's procedures, policy and plans.
    let slaPlans: SLAPlans?

    /// What the rules need of each procedure, worked out once (`plan(for:)`).
    let plans: [ProcedureRulePlan]

    public init(procedures: ProcedureSet, dates: DateTimeParser, now: Int64?) {
        self.procedures = procedures
        self.dates = dates
        self.now = now
        self.sla = SLAEvaluator(procedures: procedures, now: now)
        self.slaPlans = sla?.plans
        self.plans = procedures.procedures.map(ProcedureRulePlan.init)
    }

    /// The plan of `procedure`: found by identity among the repository's few procedures, or
    /// worked out now for a procedure from elsewhere.
    func plan(for procedure: Procedure) -> ProcedureRulePlan {
        for plan in plans where plan.procedure === procedure { return plan }
        return ProcedureRulePlan(procedure)
    }
}

/// A rule that checks one record on its own.
protocol RecordRule: Rule {
    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink)
}
