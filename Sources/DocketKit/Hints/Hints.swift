/// The "expected …" lists and "did you mean" suggestions of value messages, in one place so
/// every field, the work log and `docket rules` say them the same way. Only used on the
/// error path: nothing here runs for a valid value.
enum Hints {
    /// Enum values as a message lists them: ids with their zh labels (`phone 电话, email 邮件`).
    static func values(_ set: EnumSet) -> String {
        set.values.map { $0.zh.isEmpty || $0.zh == $0.id ? $0.id : "\($0.id) \($0.zh)" }.joined(separator: ", ")
    }

    /// States as a message lists them: ids with their zh labels (`new 新建, assigned 已分派`).
    static func states(_ procedure: Procedure) -> String {
        procedure.states.map { $0.zh.isEmpty ? $0.id : "\($0.id) \($0.zh)" }.joined(separator: ", ")
    }

    /// The enum value `text` was meant to be: a near id, label or alias, or the value once
    /// curly quotes and look-alike spaces are taken away.
    static func enumValue(_ text: String, in set: EnumSet) -> String? {
        let cleaned = cleaned(text)
        if let id = set.resolve(cleaned) { return id }
        let names = set.values.flatMap { [$0.id, $0.zh, $0.en] + $0.aliases }
        return Suggestion.nearest(to: cleaned, in: names).flatMap(set.resolve)
    }

    /// The state `text` was meant to be (`pendng` → `pending`, `“closed”` → `closed`).
    static func state(_ text: String, in procedure: Procedure) -> String? {
        let cleaned = cleaned(text)
        if let id = procedure.resolveState(cleaned) { return id }
        let names = procedure.states.flatMap { [$0.id, $0.zh, $0.en] }
        return Suggestion.nearest(to: cleaned, in: names).flatMap(procedure.resolveState)
    }

    /// The person `text` names: an id written with a slip, a display name (`王五` → `wangwu`),
    /// or a near id.
    static func person(_ text: String, in roles: Roles) -> String? {
        let cleaned = cleaned(text)
        if roles.people[cleaned] != nil { return cleaned }
        if let byName = roles.people.values.filter({ $0.name == cleaned }).map(\.id).sorted().first { return byName }
        if let lower = roles.people.keys.first(where: { $0.lowercased() == cleaned.lowercased() }) { return lower }
        return Suggestion.nearest(to: cleaned, in: roles.people.keys.sorted())
    }

    /// The `person-unknown` message of a person field or (`in: "the work log"`) a work-log author.
    static func personMessage(_ text: String, in place: String, roles: Roles) -> String {
        "expected \(place) to name a person id of procedures/roles.md, found \"\(text)\"\(slip(in: text).map { " \($0)" } ?? "")\(didYouMean(person(text, in: roles)))"
    }

    /// `; did you mean "x"?` for a suggestion, nothing without one.
    static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean \"\($0)\"?" } ?? ""
    }

    /// `text` without wrapping curly quotes and look-alike spaces: what was meant to be typed.
    static func cleaned(_ text: String) -> String {
        let unwrapped = ValueSlips.unwrapCurlyQuotes(text)?.inner ?? text
        return ValueSlips.withoutInvisibleSpaces(unwrapped)
    }

    /// Why a value that looks right was not read: wrapping curly quotes or a look-alike space,
    /// as a clause for the message (`, found it wrapped in curly quotes “”`); nil when neither.
    static func slip(in text: String) -> String? {
        if let quoted = ValueSlips.unwrapCurlyQuotes(text) { return "wrapped in curly quotes \(quoted.open)\(quoted.close)" }
        if let space = ValueSlips.invisibleSpace(in: text) { return "with \(space)" }
        return nil
    }
}
