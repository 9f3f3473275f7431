import Foundation
import XCTest
@testable import DocketKit

/// The slips people make typing records — Chinese input methods, text copied from Word, WeChat
/// or a web page, editors that add tabs — each get exactly one diagnostic, at the slip, whose
/// message holds the fix. The table in docs/messages.md is generated from these cases.
final class KeyboardSlipTests: XCTestCase {
    /// One slip: an edit of a valid record, where its one diagnostic must land and what it must say.
    struct Slip {
        var label: String
        /// The valid record the slip is made in.
        var base: String = Fixture.closedIncident
        var old: String
        /// The slipped text; its line starts with ⚑ where the diagnostic lands.
        var new: String
        /// The rule reported; nil when the slip is accepted (no diagnostic).
        var rule: String?
        /// The diagnostic's column is where this text starts on the marked line (1 when nil).
        var at: String?
        /// Text the message must hold: the fix.
        var fix: String
        var now: String?
        /// Other files the slip involves (the original of a copied record).
        var others: [ExampleFile] = []
        var path: String = Fixture.incidentPath
        /// In the issue's table (issue 15), or collected from the way people type.
        var fromIssue = false
    }

    static let escalated = Fixture.edit(Fixture.closedIncident, ("responded_at: 2026-11-03 09:20", "responded_at: 2026-11-03 09:20\nescalations:\n  - at: 2026-11-03 10:00\n    to: line-2\n    reason: 需二线处理"))

    static let slips: [Slip] = [
        // The issue's table.
        Slip(label: "full-width colon after a key", old: "channel: phone", new: "⚑channel：phone", rule: "yaml-syntax", at: "：", fix: "write \"channel: phone\"", fromIssue: true),
        Slip(label: "ideographic space after the colon", old: "channel: phone", new: "⚑channel:\u{3000}phone", rule: "yaml-syntax", at: "\u{3000}", fix: "write \"channel: phone\"", fromIssue: true),
        Slip(label: "no space after the colon", old: "channel: phone", new: "⚑channel:phone", rule: "yaml-syntax", at: "phone", fix: "write \"channel: phone\"", fromIssue: true),
        Slip(label: "\": \" inside a plain value", old: "title: 财务系统报表导出失败", new: "⚑title: 故障: 打印机卡纸", rule: "yaml-syntax", at: "故障", fix: "quote the value: title: \"故障: 打印机卡纸\"", fromIssue: true),
        Slip(label: "a value starting with [", old: "title: 财务系统报表导出失败", new: "⚑title: [紧急] 打印机卡纸", rule: "yaml-syntax", at: "[", fix: "quote the value: title: \"[紧急] 打印机卡纸\"", fromIssue: true),
        Slip(label: "an escalation's reason indented one space too far", base: escalated, old: "    reason: 需二线处理", new: "⚑     reason: 需二线处理", rule: "yaml-syntax", at: "reason", fix: "move it to column 5", fromIssue: true),
        Slip(label: "work log: full-width colon before a text with spaces (accepted)", old: "- 2026-11-03 10:40 lisi: 调整导出任务超时参数后重试成功", new: "- 2026-11-03 10:40 lisi：测试 20 页无卡纸", rule: nil, fix: "", fromIssue: true),
        Slip(label: "misspelt key", old: "channel: phone", new: "⚑chanel: phone", rule: "unknown-field", at: "chanel", fix: "did you mean \"channel\"?", fromIssue: true),
        Slip(label: "a copied record whose id was not changed", old: "id: INC-2026-9001", new: "⚑id: INC-2026-9001", rule: "id-duplicate", at: "INC", fix: "write id: INC-2026-9002",
             others: [ExampleFile(path: Fixture.incidentPath, text: Fixture.closedIncident)], path: "tickets/incidents/2026/INC-2026-9002.md", fromIssue: true),
        Slip(label: "an escalation with time: for at:", base: SLAFixture.openIncident, old: "responded_at: 2026-11-03 09:20",
             new: "responded_at: 2026-11-03 09:20\nescalations:\n⚑  - {time: 2026-11-04 14:00, to: line-2, by: lisi, reason: 超过时限比例}", rule: "unknown-field", at: "time", fix: "did you mean \"at\"?",
             now: "2026-11-05T10:00:00+08:00", fromIssue: true),
        Slip(label: "an enum value by a word not in the list", old: "channel: phone", new: "⚑channel: 微信", rule: "enum-value", at: "微信", fix: "phone 电话, email 邮件, web 网页, fax 传真, im 即时通讯, monitoring 监控告警, inspection 巡检, referral 转告, found \"微信\"; write one of these", fromIssue: true),
        Slip(label: "a display name as work-log author", old: "- 2026-11-03 09:20 lisi:", new: "⚑- 2026-11-03 09:20 王五:", rule: "person-unknown", at: "王五", fix: "did you mean \"wangwu\"?", fromIssue: true),
        Slip(label: "misspelt work-log state mark", old: "- 2026-11-03 10:40 lisi: 调整", new: "⚑- 2026-11-03 10:40 lisi: [pendng] 调整", rule: "status-unknown", fix: "did you mean \"pending\"?", fromIssue: true),
        Slip(label: "a heading near a required section", old: "## 故障根源", new: "⚑## 根本原因", rule: "section-missing", fix: "write \"## 故障根源\"", fromIssue: true),
        Slip(label: "a required section at the wrong level", old: "## 解决方案", new: "⚑### 解决方案", rule: "section-missing", fix: "write \"## 解决方案\"", fromIssue: true),
        Slip(label: "a link with a digit missing, file named", old: "configuration_items: [CI-APP-FIN]", new: "configuration_items: [CI-APP-FIN]\n⚑related: [PRB-2026-001]", rule: "link-missing", at: "PRB", fix: "did you mean PRB-2026-0001?", fromIssue: true),

        // Input methods.
        Slip(label: "full-width colon after the first key", old: "id: INC-2026-9001", new: "⚑id：INC-2026-9001", rule: "yaml-syntax", at: "：", fix: "write \"id: INC-2026-9001\""),
        Slip(label: "no space after the first key's colon", old: "id: INC-2026-9001", new: "⚑id:INC-2026-9001", rule: "yaml-syntax", at: "INC", fix: "write \"id: INC-2026-9001\""),
        Slip(label: "full-width comma in a list of ids", old: "configuration_items: [CI-APP-FIN]", new: "⚑configuration_items: [CI-APP-FIN，CI-SAN-01]", rule: "yaml-syntax", at: "CI-APP", fix: "write configuration_items: [CI-APP-FIN, CI-SAN-01]"),
        Slip(label: "enumeration comma in a list of ids", old: "configuration_items: [CI-APP-FIN]", new: "⚑configuration_items: [CI-APP-FIN、CI-SAN-01]", rule: "yaml-syntax", at: "CI-APP", fix: "write configuration_items: [CI-APP-FIN, CI-SAN-01]"),
        Slip(label: "full-width brackets around a list", old: "configuration_items: [CI-APP-FIN]", new: "⚑configuration_items: 【CI-APP-FIN】", rule: "yaml-syntax", at: "【", fix: "write configuration_items: [CI-APP-FIN]"),
        Slip(label: "full-width colon in a time", old: "responded_at: 2026-11-03 09:20", new: "⚑responded_at: 2026-11-03 09：20", rule: "field-type", at: "2026", fix: "write responded_at: 2026-11-03 09:20"),
        Slip(label: "full-width digits in a time", old: "responded_at: 2026-11-03 09:20", new: "⚑responded_at: ２０２６-１１-０３ ０９:２０", rule: "field-type", at: "２", fix: "write responded_at: 2026-11-03 09:20"),
        Slip(label: "an ideographic space before a key", old: "channel: phone", new: "⚑\u{3000}channel: phone", rule: "unknown-field", fix: "write \"channel:\""),
        Slip(label: "a state by a near word", old: "status: closed", new: "⚑status: closd", rule: "status-unknown", at: "closd", fix: "did you mean \"closed\"?"),
        Slip(label: "a display name as assignee", old: "assignee: lisi", new: "⚑assignee: 李四", rule: "person-unknown", at: "李四", fix: "did you mean \"lisi\"?"),
        Slip(label: "a zh label as a key", old: "satisfaction: 5", new: "⚑满意度: 5", rule: "unknown-field", at: "满意度", fix: "did you mean \"satisfaction\"?"),

        // Dates typed the local way.
        Slip(label: "a date with slashes", old: "resolved_at: 2026-11-03 11:05", new: "⚑resolved_at: 2026/11/03 11:05", rule: "field-type", at: "2026", fix: "write resolved_at: 2026-11-03 11:05"),
        Slip(label: "a date without leading zeros", old: "resolved_at: 2026-11-03 11:05", new: "⚑resolved_at: 2026-11-3 11:05", rule: "field-type", at: "2026", fix: "write resolved_at: 2026-11-03 11:05"),
        Slip(label: "an hour without a leading zero", old: "responded_at: 2026-11-03 09:20", new: "⚑responded_at: 2026-11-03 9:20", rule: "field-type", at: "2026", fix: "write responded_at: 2026-11-03 09:20"),
        Slip(label: "a Chinese date for a datetime", old: "closed_at: 2026-11-03 15:00", new: "⚑closed_at: 2026年11月3日", rule: "field-type", at: "2026", fix: "write closed_at: 2026-11-03 HH:MM"),
        Slip(label: "a Chinese date and time", old: "closed_at: 2026-11-03 15:00", new: "⚑closed_at: 2026年11月3日 15:00", rule: "field-type", at: "2026", fix: "write closed_at: 2026-11-03 15:00"),
        Slip(label: "a date with dots", old: "closed_at: 2026-11-03 15:00", new: "⚑closed_at: 2026.11.03 15:00", rule: "field-type", at: "2026", fix: "write closed_at: 2026-11-03 15:00"),
        Slip(label: "a work-log time with slashes", old: "- 2026-11-03 09:20 lisi:", new: "⚑- 2026/11/03 09:20 lisi:", rule: "worklog-format", fix: "write 2026-11-03 09:20"),
        Slip(label: "a work-log entry without a colon", old: "- 2026-11-03 09:20 lisi: 电话联系用户, 确认现象", new: "⚑- 2026-11-03 09:20 lisi 电话联系用户", rule: "worklog-format", fix: "write \"- 2026-11-03 09:20 lisi: 电话联系用户\""),

        // Copied from Word, WeChat or a web page.
        Slip(label: "curly quotes around a value with \": \"", old: "title: 财务系统报表导出失败", new: "⚑title: “故障: 打印机卡纸”", rule: "yaml-syntax", at: "“", fix: "write title: \"故障: 打印机卡纸\""),
        Slip(label: "curly quotes around an enum value", old: "priority: P3", new: "⚑priority: “P3”", rule: "enum-value", at: "“", fix: "did you mean \"P3\"?"),
        Slip(label: "curly quotes around a boolean", old: "user_confirmed: true", new: "⚑user_confirmed: “true”", rule: "field-type", at: "“", fix: "write user_confirmed: true"),
        Slip(label: "single curly quotes around a state", old: "status: closed", new: "⚑status: ‘closed’", rule: "status-unknown", at: "‘", fix: "did you mean \"closed\"?"),
        Slip(label: "a no-break space after a value", old: "channel: phone", new: "⚑channel: phone\u{00A0}", rule: "enum-value", at: "phone", fix: "did you mean \"phone\"?"),
        Slip(label: "a zero-width space in a person id", old: "assignee: lisi", new: "⚑assignee: li\u{200B}si", rule: "person-unknown", at: "li", fix: "did you mean \"lisi\"?"),
        Slip(label: "a zero-width space before a key", old: "channel: phone", new: "⚑\u{200B}channel: phone", rule: "unknown-field", fix: "write \"channel:\""),
        Slip(label: "a value starting with #", old: "title: 财务系统报表导出失败", new: "⚑title: #3 打印机卡纸", rule: "yaml-syntax", at: "#", fix: "quote the value: title: \"#3 打印机卡纸\""),
        Slip(label: "a value starting with @", old: "reporter: 张敏(计财处)", new: "⚑reporter: @张敏 计财处", rule: "yaml-syntax", at: "@", fix: "quote the value: reporter: \"@张敏 计财处\""),
        Slip(label: "a value starting with *", old: "title: 财务系统报表导出失败", new: "⚑title: *紧急* 打印机卡纸", rule: "yaml-unsupported", at: "*", fix: "quote the value: title: \"*紧急* 打印机卡纸\""),
        Slip(label: "a value starting with a quoted word", old: "title: 财务系统报表导出失败", new: "⚑title: \"VPN\" 无法连接", rule: "yaml-syntax", at: "\"", fix: "quote the value: title: '\"VPN\" 无法连接'"),
        Slip(label: "a value starting with >", old: "title: 财务系统报表导出失败", new: "⚑title: > 3 页的报表无法导出", rule: "yaml-syntax", at: ">", fix: "quote the value: title: \"> 3 页的报表无法导出\""),
        Slip(label: "a value starting with a backquote", old: "title: 财务系统报表导出失败", new: "⚑title: `export` 命令超时", rule: "yaml-syntax", at: "`", fix: "quote the value: title: \"`export` 命令超时\""),

        // Editors that add tabs or indent by eye.
        Slip(label: "a tab before a key", old: "channel: phone", new: "⚑\tchannel: phone", rule: "yaml-syntax", fix: "replace the tab with spaces"),
        Slip(label: "a key indented one space", old: "customer_notified: true", new: "⚑ customer_notified: true", rule: "yaml-syntax", at: "customer", fix: "move it to column 1"),
        Slip(label: "an escalation key indented one space short", base: escalated, old: "    to: line-2", new: "⚑   to: line-2", rule: "yaml-syntax", at: "to", fix: "move it to column 5"),
    ]

    func testEverySlipGetsOneDiagnosticWithItsFix() throws {
        XCTAssertEqual(Self.slips.filter(\.fromIssue).count, 16, "every row of the issue's table (the section heading row counts twice)")
        XCTAssertGreaterThanOrEqual(Self.slips.filter { !$0.fromIssue }.count, 20)
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let procedures = try ProcedureSet.load(root: root)
        for slip in Self.slips {
            let (diagnostics, line, column) = try Self.validate(slip, root: root, procedures: procedures)
            guard let rule = slip.rule else {
                XCTAssertEqual(diagnostics, [], slip.label)
                continue
            }
            XCTAssertEqual(diagnostics.count, 1, "\(slip.label): \(diagnostics.map { "\($0.rule) \($0.line):\($0.column) \($0.message)" })")
            guard let found = diagnostics.first else { continue }
            XCTAssertEqual(found.rule, rule, "\(slip.label): \(found.message)")
            XCTAssertEqual(found.path, slip.path, slip.label)
            XCTAssertEqual(found.line, line, "\(slip.label): \(found.message)")
            XCTAssertEqual(found.column, column, "\(slip.label): \(found.message)")
            XCTAssertTrue(found.message.contains(slip.fix), "\(slip.label): \"\(found.message)\" lacks \"\(slip.fix)\"")
            XCTAssertTrue(found.message.hasPrefix("expected"), "\(slip.label): every message starts with what was expected: \(found.message)")
        }
    }

    /// The slip's findings with the file named (as an editor integration runs it), and the line and
    /// byte column its ⚑ and `at` say.
    static func validate(_ slip: Slip, root: String, procedures: ProcedureSet) throws -> ([Diagnostic], Int, Int) {
        let text = Fixture.edit(slip.base, (slip.old, slip.new))
        XCTAssertFalse(text.contains("fixture edit failed"), slip.label)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var line = 0, column = 1
        if let index = lines.firstIndex(where: { $0.first == "⚑" }) {
            lines[index].removeFirst()
            line = index + 1
            if let at = slip.at, let range = lines[index].range(of: at) {
                column = lines[index].utf8.distance(from: lines[index].startIndex, to: range.lowerBound) + 1
            }
        }
        let files = slip.others + [ExampleFile(path: slip.path, text: lines.joined(separator: "\n"))]
        for file in files { try TestRepository.write(file.text, to: file.path, in: root) }
        defer { for file in files { try? FileManager.default.removeItem(atPath: root + "/" + file.path) } }
        let now = slip.now.flatMap { DateTimeParser(timeZone: procedures.settings.timeZone).datetime($0) }
        let diagnostics = Validator(root: root, procedures: procedures, now: now).validate(paths: [slip.path]).diagnostics
        return (diagnostics, line, column)
    }

    /// docs/messages.md shows each slip with the message it gets; regenerated with RECORD_SNAPSHOTS=1.
    func testMessagesDocumentShowsTheMessagesGiven() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let procedures = try ProcedureSet.load(root: root)
        var table = "| typed | rule | message |\n|---|---|---|\n"
        for slip in Self.slips {
            let typed = slip.new.split(separator: "\n").first { $0.hasPrefix("⚑") }.map { String($0.dropFirst()) } ?? slip.new
            let (diagnostics, _, _) = try Self.validate(slip, root: root, procedures: procedures)
            let message = diagnostics.first.map { "\($0.line):\($0.column) \($0.message)" } ?? "accepted, no diagnostic"
            table += "| \(Self.cell(typed)) | \(diagnostics.first?.rule ?? "—") | \(Self.cell(message)) |\n"
        }
        let path = TestRepository.packageRoot + "/docs/messages.md"
        let document = try String(contentsOfFile: path, encoding: .utf8)
        let begin = "<!-- slips:begin (generated by KeyboardSlipTests; RECORD_SNAPSHOTS=1 swift test rewrites it) -->\n", end = "<!-- slips:end -->"
        guard let from = document.range(of: begin), let to = document.range(of: end) else { return XCTFail("docs/messages.md lacks the slips markers") }
        let current = String(document[from.upperBound..<to.lowerBound])
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try (String(document[..<from.upperBound]) + table + String(document[to.lowerBound...])).write(toFile: path, atomically: true, encoding: .utf8)
            XCTFail("recorded docs/messages.md; review it and run the tests again without RECORD_SNAPSHOTS")
            return
        }
        XCTAssertEqual(current, table, "docs/messages.md is stale; regenerate with RECORD_SNAPSHOTS=1 swift test --filter KeyboardSlipTests")
    }

    /// Markdown table cell text: code for what was typed, invisible characters named.
    static func cell(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{3000}": shown += "␣(U+3000)"
            case "\u{00A0}": shown += "␣(U+00A0)"
            case "\u{200B}": shown += "(U+200B)"
            case "\t": shown += "⇥"
            case "|": shown += "\\|"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown.contains("`") ? "``\(shown)``" : "`\(shown)`"
    }
}
