/// `section-missing`: body sections the procedure requires must be present and not empty.
struct SectionMissingRule: RecordRule {
    static let description = RuleDescription(
        id: .sectionMissing, severity: .error, group: "body",
        summary: "a section the procedure requires in this state is missing or empty",
        description: """
        Sections are level-2 headings matched by their zh or en title (`## 事件描述` or \
        `## Description`), ignoring case and surrounding spaces. A required section must be present \
        and hold more than blank lines and comments: an incident always needs its description, and \
        its root cause and resolution once resolved. A missing section is reported on the `status` \
        line, or, when a field's value requires it (`## 临时措施` when `closure_code` is \
        `workaround`), on that field's line.
        """,
        examples: [
            .passing(Fixture.incidentPath, Fixture.closedIncident),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("## 故障根源", "## Root Cause"))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("status: closed", "⚑status: closed"), ("## 故障根源\n报表导出任务超时参数过小。\n", ""))),
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident, ("## 解决方案\n将导出任务超时由 60 秒调整为 300 秒, 用户确认导出成功。", "⚑## 解决方案\n<!-- 待填写 -->"))),
            // Closed with a workaround (problem linked) but no 临时措施 section: reported on closure_code.
            .failing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("closure_code: success\nuser_confirmed: true", "⚑closure_code: workaround\nproblems: [PRB-2026-0001]"))),
            .passing(Fixture.incidentPath, Fixture.edit(Fixture.closedIncident,
                ("closure_code: success\nuser_confirmed: true", "closure_code: workaround\nproblems: [PRB-2026-0001]"),
                ("## 解决方案", "## 临时措施\n重启报表服务恢复导出。\n\n## 解决方案"))),
        ])

    static func check(_ record: Record, _ procedure: Procedure, _ context: RuleContext, _ sink: inout DiagnosticSink) {
        // Only the sections whose requirement can hold in the record's state are asked about.
        // The fields of conditions are found by index (`ProcedureRulePlan`), as is `status`.
        let plan = context.plan(for: procedure)
        let status = plan.status(of: record)
        let sections = record.sections
        for candidate in plan.sections[plan.slot(of: status)] {
            guard candidate.required || plan.requiresSection(candidate.index, of: record, status: status) else { continue }
            let id = plan.sectionIDs[candidate.index]
            // A change's missing post-implementation review is change-review's to report.
            if id == ChangeReviewRule.reviewSection && ChangeReviewRule.applies(record, procedure) { continue }
            // The sections under this id: whether there is one, the first, and whether all are empty (no array made).
            // (By index: no section is copied, its title and id retained and released, per section and spec.)
            var firstIndex: Int?
            var allEmpty = true
            for index in sections.indices where sections[index].sectionID == id {
                if firstIndex == nil { firstIndex = index }
                if !sections[index].isEmpty { allEmpty = false; break }
            }
            if firstIndex != nil && !allEmpty { continue }
            // A finding: the section's spec is read from here on.
            let spec = procedure.sections[candidate.index]
            guard let firstIndex else {
                var reason = record.status.map { " for status \($0)" } ?? ""
                var at = record.statusPosition
                // Required because of a field's value: say so, on that field's line.
                if case .any(let conditions) = spec.required,
                   let condition = conditions.first(where: { record.satisfies($0) && !$0.when.isEmpty }),
                   let (field, match) = condition.when.first(where: { record.fields[$0.field] != nil }),
                   let entry = record.fields[field] {
                    if case .oneOf = match, let value = record.canonical(field) { reason = " when \(field) is \(value)" } else { reason = " when \(field) is given" }
                    at = entry.keyPosition
                }
                var message = "expected the required section \"## \(spec.zh)\" (\(spec.en))\(reason), found none; add the heading ## \(spec.zh) with its text"
                // A heading written for it with a slip: reported there, with the heading to write.
                if let near = nearHeading(for: spec, in: record, procedure: procedure) {
                    message = "expected a section \"## \(spec.zh)\" (\(spec.en))\(reason), found \"\(near.text)\"; write \"## \(spec.zh)\""
                    at = near.position
                }
                sink.report(.sectionMissing, at: at, message)
                continue
            }
            if allEmpty {
                // Content under a deeper heading of the same name (### 解决方案) is still no content of the section.
                sink.report(.sectionMissing, at: record.sections[firstIndex].headingPosition, "expected section \"## \(spec.zh)\" to have content, found it empty; write the \(spec.en.lowercased()) under the heading")
            }
        }
    }

    /// A heading of the body that looks like the missing section: its title at another level
    /// (`### 解决方案`), or a level-2 heading that names no section and is near the title
    /// (`## 根本原因`, `## 故障根原`). Scanned only when a section is missing.
    static func nearHeading(for spec: SectionSpec, in record: Record, procedure: Procedure) -> (text: String, position: SourcePosition)? {
        guard case .found(_, _, let bodyStart, let bodyFirstLine, _) = FrontMatter.locate(record.bytes) else { return nil }
        let headings = Headings.scan(record.bytes, from: bodyStart, firstLine: bodyFirstLine)
        let titles = [spec.zh, spec.en]
        func matches(_ title: String) -> Bool { titles.contains { $0.lowercased() == title.lowercased() } }
        if let wrongLevel = headings.first(where: { $0.level != 2 && matches($0.title) }) {
            return (String(repeating: "#", count: wrongLevel.level) + " " + wrongLevel.title, wrongLevel.position)
        }
        let unmatched = headings.filter { heading in
            heading.level == 2 && !procedure.sections.contains { $0.zh.lowercased() == heading.title.lowercased() || $0.en.lowercased() == heading.title.lowercased() }
        }
        // The missing sections compete for the unmatched headings: a heading goes to the section it shares most with.
        let missing = procedure.sections.filter { section in record.requires(section.required) && !record.sections.contains { $0.sectionID == section.id } }
        func likeness(_ title: String, _ section: SectionSpec) -> Int {
            let written = Set(title.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
            let zh = Set(section.zh.unicodeScalars), en = section.en.lowercased()
            var score = written.intersection(zh).count * 2
            if Suggestion.nearest(to: title, in: [section.zh, section.en]) != nil { score += 4 }
            if !en.isEmpty, title.lowercased().contains(en) || en.contains(title.lowercased()) { score += 4 }
            return score
        }
        for heading in unmatched {
            let scores = missing.map { ($0.id, likeness(heading.title, $0)) }
            guard let best = scores.max(by: { $0.1 < $1.1 }) else { continue }
            // A heading that shares nothing is still the likely one when it is the only candidate for the only missing section.
            let alone = missing.count == 1 && unmatched.count == 1
            if best.0 == spec.id, best.1 > 0 || alone, scores.filter({ $0.1 == best.1 }).count == 1 {
                return ("## " + heading.title, heading.position)
            }
        }
        return nil
    }
}

/// The headings of a record body, any level, outside fenced code.
enum Headings {
    struct Heading {
        var level: Int
        var title: String
        var position: SourcePosition
    }

    /// - Complexity: O(n) in the body's length.
    static func scan(_ bytes: [UInt8], from start: Int, firstLine: Int) -> [Heading] {
        var headings: [Heading] = []
        var index = start, line = firstLine
        var fenced = false
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let text = String(decoding: bytes[index..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.hasPrefix("```") || text.hasPrefix("~~~") { fenced.toggle() }
            else if !fenced, bytes[index] == UInt8(ascii: "#") {
                let level = text.prefix { $0 == "#" }.count
                let title = text.dropFirst(level).trimmingCharacters(in: CharacterSet(charactersIn: " #\t"))
                if level <= 6, !title.isEmpty { headings.append(Heading(level: level, title: title, position: SourcePosition(offset: index, line: line, column: 1))) }
            }
            index = end + 1
            line += 1
        }
        return headings
    }
}

import Foundation
