/// SARIF 2.1.0 (the format GitHub code scanning and other static-analysis viewers
/// read): one run whose tool driver lists every rule of the catalog with its
/// summary, description and help, and one result per finding with its rule, level,
/// message and region. Locations are relative to the repository root
/// (`uriBaseId` `%SRCROOT%`); columns are UTF-16 code units, as SARIF's default
/// `columnKind` says (every other format counts UTF-8 bytes; `SARIFColumns` converts).
public enum SARIFReporter: Reporter {
    public static let name = "sarif"

    public static func render(_ result: ValidationResult, color: Bool) -> String {
        render(result, rules: RuleCatalog.all)
    }

    /// The document with `rules` as the driver's rules (the golden file pins its own, so a
    /// reworded rule description does not change it).
    static func render(_ result: ValidationResult, rules: [RuleDescription]) -> String {
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() where ruleIndex[rule.id] == nil { ruleIndex[rule.id] = index }
        var text = """
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "version": "2.1.0",
          "runs": [
            {
              "tool": {
                "driver": {
                  "name": "docket",
                  "version": \(JSONOutput.quote(Docket.version)),
                  "semanticVersion": \(JSONOutput.quote(Docket.version)),
                  "rules": [

        """
        for (index, rule) in rules.enumerated() {
            let help = rule.description + "\n\nRun `docket rules \(rule.id)` for passing and failing examples."
            text += "            {\"id\": \(JSONOutput.quote(rule.id)), \"name\": \(JSONOutput.quote(rule.id)), "
            text += "\"shortDescription\": {\"text\": \(JSONOutput.quote(rule.summary))}, "
            text += "\"fullDescription\": {\"text\": \(JSONOutput.quote(rule.description))}, "
            text += "\"help\": {\"text\": \(JSONOutput.quote(help))}, "
            text += "\"defaultConfiguration\": {\"level\": \(JSONOutput.quote(level(rule.severity)))}, "
            text += "\"properties\": {\"tags\": [\(JSONOutput.quote(rule.group))]}}"
            text += index == rules.count - 1 ? "\n" : ",\n"
        }
        text += """
                  ]
                }
              },
              "columnKind": "utf16CodeUnits",
              "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the ticket repository's root"}}},
              "results": [

        """
        let fingerprints = FindingFingerprint.fingerprints(result.diagnostics)
        var columns = SARIFColumns(root: result.root)
        for (index, d) in result.diagnostics.enumerated() {
            text += "        {\"ruleId\": \(JSONOutput.quote(d.rule)), "
            if let position = ruleIndex[d.rule] { text += "\"ruleIndex\": \(position), " }
            text += "\"level\": \(JSONOutput.quote(level(d.severity))), \"message\": {\"text\": \(JSONOutput.quote(d.message))}, "
            text += "\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(JSONOutput.quote(uri(d.path))), \"uriBaseId\": \"%SRCROOT%\"}"
            if d.line >= 1 { text += ", \"region\": {\"startLine\": \(d.line), \"startColumn\": \(columns.utf16Column(path: d.path, line: d.line, column: d.column))}" }
            text += "}}], \"partialFingerprints\": {\"docketFingerprint/v1\": \(JSONOutput.quote(fingerprints[index]))}}"
            text += index == result.diagnostics.count - 1 ? "\n" : ",\n"
        }
        text += """
              ]
            }
          ]
        }

        """
        return text
    }

    /// SARIF's `level` for a severity.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative path as a URI reference: every byte outside the unreserved set and `/` percent-encoded.
    static func uri(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }
}
