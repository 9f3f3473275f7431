import Foundation

/// Findings accepted for now: `docket validate --write-baseline FILE` records them,
/// `--baseline FILE` reports only the findings not in it.
///
/// A finding is matched by its rule, its record id (the file name without `.md`) and
/// its `FindingFingerprint` — what it is about, never its line — so lines inserted or
/// moved above it do not revive it, and an SLA figure that grows with the clock keeps it.
///
/// The file is JSON, entries sorted by rule, record and fingerprint, one per line:
///
/// ```json
/// {
///   "version": 1,
///   "findings": [
///     {"rule": "link-missing", "record": "INC-2026-0003", "fingerprint": "…32 hex…", "path": "tickets/…", "message": "…"}
///   ]
/// }
/// ```
///
/// `path` and `message` are for the people who read the file; matching ignores them.
public struct Baseline: Sendable, Equatable {
    /// The largest baseline file read (a finding takes about 200 bytes).
    public static let maximumSize = 256 << 20

    /// What a finding is matched by.
    public struct Key: Sendable, Hashable, Comparable {
        public var rule: String
        public var record: String
        public var fingerprint: String

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.rule, lhs.record, lhs.fingerprint) < (rhs.rule, rhs.record, rhs.fingerprint)
        }
    }

    public var keys: Set<Key>

    public init(keys: Set<Key>) { self.keys = keys }

    /// The keys of `diagnostics` (sorted, as `Validator` returns them), in the same order.
    public static func keys(_ diagnostics: [Diagnostic]) -> [Key] {
        zip(diagnostics, FindingFingerprint.fingerprints(diagnostics)).map { diagnostic, fingerprint in
            Key(rule: diagnostic.rule, record: FindingFingerprint.recordID(diagnostic.path), fingerprint: fingerprint)
        }
    }

    /// The file text recording `diagnostics`.
    public static func text(_ diagnostics: [Diagnostic]) -> String {
        let entries = zip(keys(diagnostics), diagnostics).sorted { $0.0 < $1.0 }.map { key, diagnostic in
            OutputValue.object([
                ("rule", .string(key.rule)), ("record", .string(key.record)), ("fingerprint", .string(key.fingerprint)),
                ("path", .string(diagnostic.path)), ("message", .string(diagnostic.message)),
            ])
        }
        let findings = entries.isEmpty ? "[]" : OutputValue.array(entries).json(.lines(breakFrom: nil))
        return "{\n  \"version\": 1,\n  \"findings\": " + findings.replacingOccurrences(of: "\n", with: "\n  ") + "\n}\n"
    }

    /// Splits `diagnostics` into those not in the baseline and those it hides.
    public func partition(_ diagnostics: [Diagnostic]) -> (reported: [Diagnostic], hidden: [Diagnostic]) {
        var reported: [Diagnostic] = [], hidden: [Diagnostic] = []
        for (diagnostic, key) in zip(diagnostics, Self.keys(diagnostics)) {
            if keys.contains(key) { hidden.append(diagnostic) } else { reported.append(diagnostic) }
        }
        return (reported, hidden)
    }

    /// A baseline file that cannot be read: `path:line:col: message`.
    public struct Malformed: Error, Sendable {
        public var position: SourcePosition
        public var message: String
    }

    /// Reads a baseline file's text.
    /// - Throws: `Malformed` at the position of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(Malformed) -> Baseline {
        let node: YAMLNode?
        do { node = try YAMLParser.parse(bytes) } catch {
            throw Malformed(position: error.position, message: "expected a docket baseline (JSON), found a syntax error: \(error.message)")
        }
        let start = SourcePosition(offset: 0, line: 1, column: 1)
        guard let node, let pairs = node.pairs else {
            throw Malformed(position: node?.range.start ?? start, message: "expected a docket baseline, a JSON object with \"version\" and \"findings\", found \(node == nil ? "an empty file" : "something else"); write one with --write-baseline FILE")
        }
        for pair in pairs where pair.name != "version" && pair.name != "findings" {
            throw Malformed(position: pair.key.range.start, message: "expected the keys version and findings in a docket baseline, found \"\(pair.name)\"")
        }
        guard let version = node["version"] else {
            throw Malformed(position: node.range.start, message: "expected \"version\": 1 in a docket baseline, found no version")
        }
        guard version.scalar == "1" else {
            throw Malformed(position: version.range.start, message: "expected baseline version 1, found \(version.scalar.map { "\"\($0)\"" } ?? "a structure"); write the baseline again with this docket")
        }
        guard let list = node["findings"] else {
            throw Malformed(position: node.range.start, message: "expected \"findings\": [...] in a docket baseline, found none")
        }
        guard let items = list.items else {
            throw Malformed(position: list.range.start, message: "expected \"findings\" to be a list, found something else")
        }
        var keys: Set<Key> = []
        for item in items {
            guard item.pairs != nil else {
                throw Malformed(position: item.range.start, message: "expected a finding as an object with rule, record and fingerprint, found something else")
            }
            func text(_ name: String) throws(Malformed) -> String {
                guard let value = item[name] else {
                    throw Malformed(position: item.range.start, message: "expected \"\(name)\" in every finding of a baseline, found none")
                }
                guard let text = value.scalar, !value.isNull else {
                    throw Malformed(position: value.range.start, message: "expected \"\(name)\" as text, found something else")
                }
                return text
            }
            let rule = try text("rule")
            guard RuleID(rawValue: rule) != nil else {
                var message = "expected a known rule id, found \"\(rule)\""
                if let near = Suggestion.nearest(to: rule, in: RuleID.allCases.map(\.rawValue)) { message += "; did you mean \"\(near)\"?" }
                throw Malformed(position: item["rule"]!.range.start, message: message)
            }
            let fingerprint = try text("fingerprint")
            guard fingerprint.utf8.count == 32, fingerprint.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                throw Malformed(position: item["fingerprint"]!.range.start, message: "expected a fingerprint of 32 lowercase hexadecimal digits, found \"\(fingerprint)\"")
            }
            keys.insert(Key(rule: rule, record: try text("record"), fingerprint: fingerprint))
        }
        return Baseline(keys: keys)
    }
}
