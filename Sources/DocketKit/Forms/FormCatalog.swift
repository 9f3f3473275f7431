/// A form a template in `templates/forms/` lays out: its number in the
/// organisation's document scheme, its titles and the record kinds it is for.
public struct FormDefinition: Sendable, Equatable {
    /// The form number, also the template's file name: `Q3-CS-01-01` → `Q3-CS-01-01.html.mustache`.
    public var number: String
    public var zh: String
    public var en: String
    /// The form's version, printed in its header.
    public var version: String
    /// The record kinds the form is for; empty for a template the catalog does not know (any kind).
    public var kinds: [String]

    /// The title in `language` (`zh` or `en`).
    public func title(_ language: FormLanguage) -> String { language == .en ? en : zh }

    /// True when the form may be filled from a record of `kind`.
    public func applies(to kind: String) -> Bool { kinds.isEmpty || kinds.contains(kind) }
}

/// The language of a form's labels and display values.
public enum FormLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// The forms Docket knows: the three the incident procedure names (Q3-CS-01-01 to -03)
/// and the three numbered in the same scheme for the other procedures (docs/decisions.md).
public enum FormCatalog {
    public static let incidentForm = "Q3-CS-01-01"
    public static let workRecord = "Q3-CS-01-02"
    public static let faultReport = "Q3-CS-01-03"

    public static let forms: [FormDefinition] = [
        FormDefinition(number: incidentForm, zh: "服务事件单", en: "Incident form", version: "V1.0", kinds: ["incident"]),
        FormDefinition(number: workRecord, zh: "服务工作记录", en: "Service work record", version: "V1.0", kinds: ["incident", "request"]),
        FormDefinition(number: faultReport, zh: "服务事件故障报告", en: "Incident fault report", version: "V1.0", kinds: ["incident"]),
        FormDefinition(number: "Q3-CS-01-05", zh: "服务请求单", en: "Service request form", version: "V1.0", kinds: ["request"]),
        FormDefinition(number: "Q3-CS-02-01", zh: "问题记录单", en: "Problem record", version: "V1.0", kinds: ["problem"]),
        FormDefinition(number: "Q3-CS-04-01", zh: "变更申请单", en: "Change request form", version: "V1.0", kinds: ["change"]),
    ]

    /// Each kind's own form, filled when no `--template` is given.
    static let defaults: [String: String] = [
        "incident": incidentForm, "request": "Q3-CS-01-05", "problem": "Q3-CS-02-01", "change": "Q3-CS-04-01",
    ]

    /// The form called `name`: a catalog form, else a template of the repository's own with no kinds.
    public static func definition(_ name: String) -> FormDefinition {
        forms.first { $0.number == name } ?? FormDefinition(number: name, zh: name, en: name, version: "", kinds: [])
    }

    /// The form a record of `kind` gets by default, or nil for a kind without one (knowledge, CMDB).
    public static func defaultForm(kind: String) -> FormDefinition? {
        defaults[kind].map(definition)
    }

    /// The kinds that have a form of their own, sorted.
    public static var kindsWithForms: [String] { defaults.keys.sorted() }

    /// True when the incident procedure asks for a fault report (Q3-CS-01-03): a major or P1 incident.
    public static func needsFaultReport(_ record: Record) -> Bool {
        guard record.kind == "incident" else { return false }
        if case .bool(true)? = record.value("major") { return true }
        return record.canonical("priority") == "P1"
    }
}
