import Foundation
import XCTest
@testable import DocketKit

final class TransitionCommandTests: XCTestCase {
    let person = ["DOCKET_PERSON": "zhangsan"]

    func step(_ arguments: [String], in root: String, file: StaticString = #filePath, line: UInt = #line) {
        let run = TestRepository.run(["transition"] + arguments, in: root, environment: person)
        XCTAssertEqual(run.status, 0, "\(arguments): \(run.errors)", file: file, line: line)
    }

    func validateClean(_ path: String, in root: String, now: String, file: StaticString = #filePath, line: UInt = #line) {
        let validation = TestRepository.run(["validate", "--now", now, path], in: root)
        XCTAssertEqual(validation.output, "no problems in 1 file\n", file: file, line: line)
    }

    func testANewIncidentWalksToClosed() throws {
        let root = try TestRepository.copy()
        let id = SampleIDs.next("INC", folder: "incidents"), path = SampleIDs.path(id, folder: "incidents")
        XCTAssertEqual(TestRepository.run(["new", "incident", "--title", "t", "--set", "reporter=x", "--set", "channel=phone", "--set", "description=d",
                                           "--now", "2026-11-30 10:00"], in: root, environment: person).status, 0)
        let refused = TestRepository.run(["transition", id, "assigned", "--now", "2026-11-30 10:05"], in: root, environment: person)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errors.contains("missing field category (事件分类): --set category=VALUE"), refused.errors)
        XCTAssertTrue(refused.errors.contains("field assignee"), "an assignee is never filled in by default: \(refused.errors)")
        step([id, "assigned", "--now", "2026-11-30 10:05", "--set", "category=其他", "--set", "impact=low", "--set", "urgency=low",
              "--set", "priority=P4", "--set", "assignee=lisi", "--set", "support_line=line-1", "--note", "分派给李四"], in: root)
        step([id, "in-progress", "--now", "2026-11-30 10:10", "--as", "lisi"], in: root)
        step([id, "resolved", "--now", "2026-11-30 11:00", "--as", "lisi", "--set", "closure_code=success", "--set", "user_confirmed=true",
              "--section", "root-cause=卡纸", "--section", "解决方案=取出卡纸"], in: root)
        step([id, "closed", "--now", "2026-11-30 12:00", "--set", "customer_notified=true"], in: root)
        let text = String(decoding: bytes(root + "/" + path), as: UTF8.self)
        for expected in ["\nstatus: closed\n", "\ncategory: other\n", "\nresponded_at: 2026-11-30 10:05\n", "\nresolved_at: 2026-11-30 11:00\n",
                         "\nclosed_at: 2026-11-30 12:00\n", "\nclosed_by: zhangsan\n", "\nuser_confirmed: true\n",
                         "- 2026-11-30 10:05 zhangsan: [assigned] 分派给李四\n", "- 2026-11-30 12:00 zhangsan: [closed]\n", "## 解决方案\n\n取出卡纸\n"] {
            XCTAssertTrue(text.contains(expected), "\(expected) in\n\(text)")
        }
        validateClean(path, in: root, now: "2026-11-30 12:30")

        // closed -> in-progress: refused, naming what is allowed, and not a byte changes.
        let before = bytes(root + "/" + path)
        let forbidden = TestRepository.run(["transition", id, "in-progress", "--now", "2026-11-30 13:00"], in: root, environment: person)
        XCTAssertEqual(forbidden.status, 1)
        XCTAssertEqual(forbidden.errors, "docket transition: error: expected a state incident may move to from closed (none: closed is final), found in-progress; nothing was written\n")
        XCTAssertEqual(bytes(root + "/" + path), before)
    }

    func testARequestWalksToClosed() throws {
        let root = try TestRepository.copy()
        let id = SampleIDs.next("REQ", folder: "requests"), path = SampleIDs.path(id, folder: "requests")
        let new = TestRepository.run(["new", "request", "--title", "新员工账号", "--set", "requester=人事处 王", "--set", "channel=phone",
                                      "--set", "request_type=information", "--set", "description=d", "--now", "2026-11-30 10:00"], in: root, environment: person)
        XCTAssertEqual(new.status, 0, new.errors)
        step([id, "assigned", "--now", "2026-11-30 10:05", "--set", "priority=P4", "--set", "assignee=lisi"], in: root)
        step([id, "in-progress", "--now", "2026-11-30 10:10"], in: root)
        step([id, "fulfilled", "--now", "2026-11-30 11:00", "--section", "fulfilment=已答复"], in: root)
        let closing = TestRepository.run(["transition", id, "closed", "--now", "2026-11-30 12:00"], in: root, environment: person)
        XCTAssertEqual(closing.status, 1)
        XCTAssertTrue(closing.errors.contains("missing field closure_code"), closing.errors)
        step([id, "closed", "--now", "2026-11-30 12:00", "--set", "closure_code=success", "--set", "customer_notified=true"], in: root)
        XCTAssertTrue(String(decoding: bytes(root + "/" + path), as: UTF8.self).contains("\nstatus: closed\n"))
        validateClean(path, in: root, now: "2026-11-30 12:30")
    }

    func testANormalChangeWalksThroughApprovalToClosed() throws {
        let root = try TestRepository.copy()
        let id = SampleIDs.next("CHG", folder: "changes"), path = SampleIDs.path(id, folder: "changes")
        XCTAssertEqual(TestRepository.run(["new", "change", "--title", "t", "--set", "change_type=normal", "--set", "requester=wangwu",
                                           "--set", "description=d", "--now", "2026-11-30 10:00"], in: root, environment: person).status, 0)
        // A normal change may not skip approval.
        XCTAssertEqual(TestRepository.run(["transition", id, "implemented", "--now", "2026-11-30 10:30"], in: root, environment: person).status, 1)
        step([id, "assessed", "--now", "2026-11-30 11:00", "--set", "risk=low", "--section", "risk-assessment=低风险"], in: root)
        step([id, "approved", "--now", "2026-11-30 12:00", "--as", "wujiu", "--set", "approved_by=wujiu,zhengshi", "--set", "implementer=chenyi",
              "--section", "implementation-plan=计划", "--section", "backout-plan=回退"], in: root)
        step([id, "implemented", "--now", "2026-11-30 20:00", "--as", "chenyi", "--set", "result=success"], in: root)
        step([id, "reviewed", "--now", "2026-12-01 10:00", "--as", "wujiu", "--section", "review=顺利"], in: root)
        step([id, "closed", "--now", "2026-12-01 11:00", "--as", "wujiu"], in: root)
        let text = String(decoding: bytes(root + "/" + path), as: UTF8.self)
        // New keys go where the procedure's key order puts them, as docket set writes them.
        XCTAssertTrue(text.contains("\nrisk: low\nimplementer: chenyi\napproved_by: [wujiu, zhengshi]\napproved_at: 2026-11-30 12:00\n"), text)
        validateClean(path, in: root, now: "2026-12-01 12:00")
    }

    func testUsageMistakes() throws {
        let root = try TestRepository.copy()
        for arguments in [["INC-2026-0022", "nowhere"], ["INC-2026-0022", "resolved", "--section", "nosection=x"],
                          ["INC-2026-0022", "resolved", "--set", "nofield"]] {
            XCTAssertEqual(TestRepository.run(["transition"] + arguments + ["--now", "2026-11-30 10:00"], in: root, environment: person).status, 2, "\(arguments)")
        }
    }

    /// --set values are read and checked as docket set reads them: one code path, one message.
    func testSetValuesAreCheckedAsDocketSetChecksThem() throws {
        let root = try TestRepository.copy()
        let path = root + "/tickets/incidents/2026/INC-2026-0022.md"
        let before = bytes(path)
        for (value, message) in [("closure_code=nonsense", "expected closure_code to be one of "),
                                 ("resolved_at=2026/11/30", "expected resolved_at to be a datetime"),
                                 ("closure_cod=success", "did you mean \"closure_code\"?")] {
            let transition = TestRepository.run(["transition", "INC-2026-0022", "resolved", "--set", value, "--now", "2026-11-30 10:00"],
                                                in: root, environment: person)
            let set = TestRepository.run(["set", "INC-2026-0022", value, "--now", "2026-11-30 10:00"], in: root)
            XCTAssertEqual(transition.status, 1, value)
            XCTAssertTrue(transition.errors.contains(message), transition.errors)
            XCTAssertEqual(transition.errors.replacingOccurrences(of: "docket transition:", with: "docket set:"), set.errors, value)
            XCTAssertEqual(bytes(path), before, value)
        }
        // A label is written as the id, a list item added with +=, the new keys in the procedure's order.
        step(["INC-2026-0022", "resolved", "--now", "2026-11-30 10:00", "--as", "sunqi", "--set", "closure_code=成功关闭",
              "--set", "configuration_items+=CI-NET-CORE-SW1", "--set", "user_confirmed=true", "--section", "root-cause=光模块老化",
              "--section", "解决方案=更换光模块"], in: root)
        let text = String(decoding: bytes(path), as: UTF8.self)
        XCTAssertTrue(text.contains("configuration_items: [CI-APP-ARRAIGN, CI-NET-CORE-SW1]\n"), text)
        XCTAssertTrue(text.contains("closure_code: success"), text)
    }

    func testShowListsTheStatesAllowedNext() throws {
        let show = SampleRepository.run(["show", "INC-2026-0022", "--now", "2026-11-30 10:00"])
        XCTAssertTrue(show.output.contains("\n下一状态 Next: pending (挂起), resolved (已解决)\n"), show.output)
        let closed = SampleRepository.run(["show", "INC-2026-0003", "--json", "--now", "2026-11-30 10:00"])
        XCTAssertTrue(closed.output.contains("\"next_states\": []") || closed.output.contains("\"next_states\":[]"), closed.output)
        XCTAssertEqual(try XCTUnwrap(ProcedureSet.load(root: SampleRepository.root).procedure(kind: "change")).nextStates(from: "submitted"),
                       ["assessed", "implemented"])
    }
}
