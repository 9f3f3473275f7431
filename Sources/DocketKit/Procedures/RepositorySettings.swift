import Foundation

/// Settings from `procedures/repository.md`.
public struct RepositorySettings: Sendable {
    /// Local datetimes are read in this zone.
    public var timeZone: TimeZone
    /// `zh` or `en`: the default language of forms and reports.
    public var language: String
    /// Files larger than this are `file-too-large` and not parsed.
    public var maxFileSize: Int
    /// `select:`: the rules `docket validate` reports (ids and groups expanded); nil: every rule.
    public var select: Set<RuleID>? = nil
    /// `ignore:`: the rules `docket validate` leaves out; nil when not given.
    public var ignore: Set<RuleID>? = nil

    public static let standard = RepositorySettings(timeZone: TimeZone(identifier: "Asia/Shanghai")!, language: "zh", maxFileSize: 1 << 20)

    static func parse(_ root: YAMLNode?, path: String) throws(ProcedureError) -> RepositorySettings {
        var settings = RepositorySettings.standard
        guard let root else { return settings }
        let reader = DefinitionReader(path: path)
        try reader.checkKeys(try reader.pairs(root, "repository.md"), allowed: ["timezone", "language", "max_file_size", "select", "ignore"], in: "repository.md")
        if let node = root["timezone"] {
            let name = try reader.string(node, "timezone")
            guard let zone = TimeZone(identifier: name) else { throw reader.error(node, "expected an IANA time zone such as Asia/Shanghai, found \"\(name)\"") }
            settings.timeZone = zone
        }
        if let node = root["language"] {
            let language = try reader.string(node, "language")
            guard language == "zh" || language == "en" else { throw reader.error(node, "expected language zh or en, found \"\(language)\"") }
            settings.language = language
        }
        if let node = root["max_file_size"] {
            let size = try reader.int(node, "max_file_size")
            guard size > 0 else { throw reader.error(node, "expected a positive max_file_size, found \(size)") }
            settings.maxFileSize = size
        }
        settings.select = try ruleList(root["select"], "select", reader)
        settings.ignore = try ruleList(root["ignore"], "ignore", reader)
        return settings
    }

    /// A `select:`/`ignore:` list of rule ids and groups; nil when the key is absent.
    private static func ruleList(_ node: YAMLNode?, _ key: String, _ reader: DefinitionReader) throws(ProcedureError) -> Set<RuleID>? {
        guard let node else { return nil }
        if node.isNull { return [] }
        var rules: Set<RuleID> = []
        for item in node.items ?? [node] {
            let name = try reader.string(item, key)
            guard let named = RuleSelection.rules(named: name) else {
                throw reader.error(item, RuleSelection.unknownNameMessage(name, in: key + ":"))
            }
            rules.formUnion(named)
        }
        return rules
    }
}
