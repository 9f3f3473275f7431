import Foundation
import XCTest
@testable import DocketKit

final class ShowCommandTests: XCTestCase {
    func testProblemListsLinksWrittenOnTheOtherSide() {
        let run = SampleRepository.run(["show", "PRB-2026-0001"])
        XCTAssertEqual(run.code, 0, run.errors)
        XCTAssertTrue(run.output.hasPrefix("问题 Problem PRB-2026-0001: 财务系统查询缓慢及超时反复发生\n"), run.output)
        XCTAssertTrue(run.output.contains("状态 Status: closed (已关闭 / Closed)"))
        // Fields in procedure order with zh/en labels; enum values with their zh label, persons with their name.
        XCTAssertTrue(run.output.contains("优先级 / Priority"))
        XCTAssertTrue(run.output.contains("P2 (高)"))
        XCTAssertTrue(run.output.contains("zhouba (周八)"))
        let fieldLines = run.output.components(separatedBy: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("  →") && !$0.hasPrefix("  ←") }
        let keys = fieldLines.map { String($0.dropFirst(2).prefix { $0 != " " }) }
        XCTAssertEqual(Array(keys.prefix(3)), ["id", "title", "status"])
        // Sections.
        XCTAssertTrue(run.output.contains("\n## 根本原因\n"))
        // Incidents list the problem; the problem does not list them.
        for number in 4...8 {
            let id = "INC-2026-000\(number)"
            let line = run.output.components(separatedBy: "\n").first { $0.contains(id) && $0.hasPrefix("  ← problems") }
            XCTAssertNotNil(line, "missing incoming link from \(id)")
            XCTAssertTrue(line?.contains("事件 Incident") ?? false)
            XCTAssertTrue(line?.contains("closed (已关闭)") ?? false)
        }
        // The change lists the problem (problems: [PRB-2026-0001]); the problem does not list the change.
        let change = run.output.components(separatedBy: "\n").first { $0.contains("CHG-2026-0002") && $0.hasPrefix("  ← problems of") }
        XCTAssertTrue(change?.contains("变更 Change") ?? false, run.output)
        XCTAssertTrue(change?.contains("closed (已关闭)") ?? false, run.output)
        XCTAssertTrue(change?.contains("财务系统数据库凭证明细表新增索引") ?? false, run.output)
        XCTAssertFalse(run.output.contains("  → changes"), run.output)
    }

    func testJSONIsDeterministicAndCarriesLinks() throws {
        let first = SampleRepository.run(["show", "PRB-2026-0001", "--json"])
        let second = SampleRepository.run(["show", "--json", "PRB-2026-0001"])
        XCTAssertEqual(first.code, 0, first.errors)
        XCTAssertEqual(first.output, second.output)
        let object = try XCTUnwrap(SampleRepository.json(first.output) as? [String: Any])
        XCTAssertEqual(object["id"] as? String, "PRB-2026-0001")
        XCTAssertEqual(object["kind"] as? String, "problem")
        XCTAssertEqual(object["status_zh"] as? String, "已关闭")
        let fields = try XCTUnwrap(object["fields"] as? [[String: Any]])
        let priority = try XCTUnwrap(fields.first { $0["key"] as? String == "priority" })
        XCTAssertEqual(priority["value"] as? String, "P2")
        XCTAssertEqual(priority["value_zh"] as? String, "高")
        XCTAssertEqual(priority["zh"] as? String, "优先级")
        let owner = try XCTUnwrap(fields.first { $0["key"] as? String == "owner" })
        XCTAssertEqual(owner["name"] as? String, "周八")
        let detected = try XCTUnwrap(fields.first { $0["key"] as? String == "detected_at" })
        XCTAssertEqual(detected["value"] as? String, "2026-10-14T09:20:00+08:00")
        let links = try XCTUnwrap(object["links"] as? [[String: Any]])
        let incoming = links.filter { $0["direction"] as? String == "incoming" && $0["kind"] as? String == "incident" }
        XCTAssertEqual(incoming.compactMap { $0["id"] as? String },
                       ["INC-2026-0004", "INC-2026-0005", "INC-2026-0006", "INC-2026-0007", "INC-2026-0008"])
        XCTAssertTrue(incoming.allSatisfy { $0["field"] as? String == "problems" && $0["status"] as? String == "closed" })
        XCTAssertTrue(links.contains { $0["direction"] as? String == "incoming" && $0["field"] as? String == "problems" && $0["kind"] as? String == "change"
                && $0["id"] as? String == "CHG-2026-0002" && $0["title"] as? String == "财务系统数据库凭证明细表新增索引并调整统计信息收集作业"
                && $0["status"] as? String == "closed" })
        // Keys come in a fixed order.
        XCTAssertTrue(first.output.hasPrefix("{\n  \"id\": \"PRB-2026-0001\",\n  \"kind\": \"problem\","))
    }

    func testIncidentShowsOutgoingLinkToItsProblem() {
        let run = SampleRepository.run(["show", "INC-2026-0004"])
        XCTAssertEqual(run.code, 0, run.errors)
        XCTAssertTrue(run.output.contains("  → problems"), run.output)
        XCTAssertTrue(run.output.contains("PRB-2026-0001"))
    }

    func testUnknownIDSuggestsTheNearest() {
        let run = SampleRepository.run(["show", "PRB-2026-001"])
        XCTAssertEqual(run.code, 1)
        XCTAssertEqual(run.output, "")
        XCTAssertEqual(run.errors, "docket show: error: expected the id of a record under tickets/, found no record PRB-2026-001; did you mean PRB-2026-0001?\n")
    }

    func testMissingIDIsAUsageError() {
        let run = SampleRepository.run(["show"])
        XCTAssertEqual(run.code, 2)
        XCTAssertTrue(run.errors.contains("usage: docket show"))
    }
}
