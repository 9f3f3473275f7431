import Foundation
import XCTest
@testable import DocketKit

/// The skeletons in templates/new/ produce records that validate in the kind's first state.
final class NewRecordTemplateTests: XCTestCase {
    /// kind → (path of the new record, its id, the kind's first state).
    static let kinds: [(kind: String, path: String, id: String)] = [
        ("incident", "tickets/incidents/2026/INC-2026-0901.md", "INC-2026-0901"),
        ("request", "tickets/requests/2026/REQ-2026-0901.md", "REQ-2026-0901"),
        ("problem", "tickets/problems/2026/PRB-2026-0901.md", "PRB-2026-0901"),
        ("change", "tickets/changes/2026/CHG-2026-0901.md", "CHG-2026-0901"),
        ("knowledge", "tickets/knowledge/KB-0901.md", "KB-0901"),
        ("cmdb", "tickets/cmdb/CI-NEW-0901.md", "CI-NEW-0901"),
    ]

    func render(_ kind: String, _ data: [String: TemplateValue]) throws -> String {
        let path = TestRepository.packageRoot + "/templates/new/\(kind).md"
        let source = try String(contentsOfFile: path, encoding: .utf8)
        return try TemplateRenderer().renderString(try Template(source, path: "templates/new/\(kind).md"), with: TemplateValue.map(data))
    }

    func testEveryKindHasATemplateThatValidatesInItsFirstState() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let procedures = try ProcedureSet.load(root: root)
        XCTAssertEqual(Set(Self.kinds.map(\.kind)), Set(procedures.procedures.map(\.kind)), "a template per kind")
        let titles = ["打印机卡纸", "true", "a: b # c", "'quoted' \"twice\"", "- list-like"]
        for (index, entry) in Self.kinds.enumerated() {
            let procedure = try XCTUnwrap(procedures.procedure(kind: entry.kind))
            let first = try XCTUnwrap(procedure.states.first?.id)
            let title = titles[index % titles.count]
            var data: [String: TemplateValue] = [
                "id": .string(entry.id), "title": .string(YAMLScalarWriter.render(title)),
                "now": .string("2026-11-30 10:00"), "status": .string(first), "user": .string("lisi"),
            ]
            for extra in [false, true] {
                if extra {
                    data["description"] = .string("现象 & <b>不转义</b>\n\n- 第二段")
                    data["channel"] = .string("cocall")
                    data["priority"] = .string("P2")
                    data["mode"] = .string("proactive")
                    data["change_type"] = .string("standard")
                    data["request_type"] = .string("庭审支持")
                    data["type"] = .string("server")
                }
                let text = try render(entry.kind, data)
                try TestRepository.write(text, to: entry.path, in: root)
                let result = TestRepository.run(["validate", "--now", "2026-11-30T10:00:00+08:00", entry.path], in: root)
                XCTAssertEqual(result.status, 0, "\(entry.kind) (extra \(extra)):\n\(text)\n\(result.output)\(result.errors)")
                let record = try FrontMatterEditor(Array(text.utf8))
                XCTAssertEqual(record.pair(entry.kind == "cmdb" ? "name" : "title").flatMap { YAMLValue($0.value) }, .string(title))
                XCTAssertEqual(record.pair("status")?.value.scalar, first)
                if extra { XCTAssertTrue(text.contains("现象 & <b>不转义</b>"), "Markdown is not HTML-escaped") }
            }
        }
    }

    /// A template with a mistake is caught: the same check fails on a broken copy.
    func testABrokenTemplateFailsValidation() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data: [String: TemplateValue] = ["id": .string("INC-2026-0901"), "title": .string("t"),
                                             "now": .string("2026-11-30 10:00"), "status": .string("new"), "user": .string("lisi")]
        let text = try render("incident", data).replacingOccurrences(of: "channel: phone\n", with: "")
        try TestRepository.write(text, to: "tickets/incidents/2026/INC-2026-0901.md", in: root)
        let result = TestRepository.run(["validate", "tickets/incidents/2026/INC-2026-0901.md"], in: root)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("[required-field]"), result.output)
    }

    /// `docket validate` walks tickets/ only: templates (not valid YAML before
    /// rendering) and other Markdown files outside tickets/ are not records.
    func testValidateIgnoresTemplates() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/templates/new/incident.md"))
        try TestRepository.write("---\nid: [broken\n---\n", to: "templates/new/broken.md", in: root)
        let result = TestRepository.run(["validate", "--now", "2026-11-30T10:00:00+08:00"], in: root)
        XCTAssertFalse(result.output.contains("templates/"), result.output)
        XCTAssertFalse(result.errors.contains("templates/"), result.errors)
        XCTAssertEqual(result.status, 0, result.output + result.errors)
    }
}
