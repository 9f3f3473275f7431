import Foundation
import XCTest
@testable import DocketKit

/// `docket show ID` with its SLA block. Every figure is worked out by hand in
/// the sample's office calendar (procedures/sla.md): Mon–Fri 09:00–12:00 and
/// 13:30–18:30 (8 h a day), Asia/Shanghai. 25 Nov 2026 is a Wednesday,
/// 30 Nov a Monday, 13 Oct a Tuesday, 2 Mar a Monday.
final class ShowSLATests: XCTestCase {
    static let now = "2026-11-30T10:00:00+08:00"

    private func block(_ output: String) -> String {
        let lines = output.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("服务级别 SLA") }) else { return "" }
        let end = lines[start...].firstIndex(of: "") ?? lines.count
        return lines[start..<end].joined(separator: "\n") + "\n"
    }

    private func object(_ output: String, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        guard let object = SampleRepository.json(output) as? [String: Any] else {
            XCTFail("not a JSON object: \(output)", file: file, line: line)
            return [:]
        }
        return object
    }

    /// INC-2026-0021, P3 (response 2 h, resolution 24 h), reported Wed 25 Nov 14:00,
    /// responded 14:30, escalated to line-2 Thu 26 Nov 10:00 and to the incident
    /// manager Mon 30 Nov 09:35, no pause.
    func testOpenIncidentAtRisk() {
        let run = SampleRepository.run(["show", "INC-2026-0021", "--now", Self.now])
        XCTAssertEqual(run.code, 0, run.errors)
        // Response: 14:00–14:30 = 30m of 2h, met; due 14:00 + 2h = Wed 16:00.
        // Resolution: Wed 14:00–18:30 4h30m + Thu 8h + Fri 8h + Mon 09:00–10:00 1h
        // = 21h30m (1290 of 1440 min = 89.6%, at-risk); 2h30m left: Mon 10:00–12:00 2h,
        // 13:30–14:00 30m -> due Mon 14:00.
        // line-2 (50% = 12h): Wed 4h30m, Thu 09:00–12:00 3h (7h30m), 13:30 + 4h30m = Thu 18:00;
        // recorded Thu 10:00, in time. incident-manager (100%) at the due instant, Mon 14:00;
        // recorded Mon 09:35, in time.
        XCTAssertEqual(block(run.output), """
            服务级别 SLA: calendar office (Asia/Shanghai), open, as of 2026-11-30 10:00
              响应 Response    met      used 30m of 2h      remaining 1h30m  due 2026-11-25 16:00
              解决 Resolution  at-risk  used 21h30m of 24h  remaining 2h30m  due 2026-11-30 14:00
              升级 Escalations due:
                line-2            50%   at 2026-11-26 18:00  escalated  recorded 2026-11-26 10:00
                incident-manager  100%  at 2026-11-30 14:00  escalated  recorded 2026-11-30 09:35

            """)
        // The block sits between the fields and the first section.
        let fields = run.output.range(of: "字段 Fields:")!.lowerBound
        let sla = run.output.range(of: "服务级别 SLA")!.lowerBound
        let section = run.output.range(of: "\n## 事件描述")!.lowerBound
        XCTAssertTrue(fields < sla && sla < section)
    }

    /// INC-2026-0020, P3, reported Mon 23 Nov 10:00, responded 10:20, `[pending]`
    /// since Mon 23 Nov 15:00 and still pending at now.
    func testPausedIncident() {
        let run = SampleRepository.run(["show", "INC-2026-0020", "--now", Self.now])
        XCTAssertEqual(run.code, 0, run.errors)
        // Response: 10:00–10:20 = 20m of 2h; due 10:00–12:00 -> 12:00.
        // Resolution: 10:00–12:00 2h + 13:30–15:00 1h30m = 3h30m, then paused to now.
        // Due as if it resumed now: 20h30m from Mon 30 Nov 10:00: Mon 2h + 5h (7h),
        // Tue 8h (15h), Wed 3h (18h), 13:30 + 2h30m = Wed 2 Dec 16:00.
        // line-2 (12h): 8h30m after now: Mon 7h, Tue 09:00 + 1h30m = Tue 1 Dec 10:30.
        // Only an escalation to the vendor is recorded.
        XCTAssertEqual(block(run.output), """
            服务级别 SLA: calendar office (Asia/Shanghai), open, as of 2026-11-30 10:00
              响应 Response    met               used 20m of 2h     remaining 1h40m   due 2026-11-23 12:00
              解决 Resolution  running (paused)  used 3h30m of 24h  remaining 20h30m  due 2026-12-02 16:00
              升级 Escalations due:
                line-2            50%   at 2026-12-01 10:30  upcoming  not recorded
                incident-manager  100%  at 2026-12-02 16:00  upcoming  not recorded

            """)
    }

    /// INC-2026-0004, P3, reported Tue 13 Oct 10:20, responded 10:25, resolved 10:55.
    func testResolvedIncidentIsMeasuredAtItsResolution() {
        // Measured at the timestamps, whatever --now says.
        let early = SampleRepository.run(["show", "INC-2026-0004", "--now", Self.now])
        let late = SampleRepository.run(["show", "INC-2026-0004", "--now", "2027-06-01T00:00:00Z"])
        XCTAssertEqual(early.code, 0, early.errors)
        XCTAssertEqual(early.output, late.output)
        // Response 5m of 2h; due 10:20–12:00 1h40m + 13:30–13:50 20m -> 13:50.
        // Resolution 35m of 24h; due: Tue 1h40m + 5h (6h40m), Wed 8h (14h40m), Thu 8h
        // (22h40m), Fri 09:00 + 1h20m -> Fri 16 Oct 10:20.
        // line-2 (12h): Tue 6h40m, Wed 09:00–12:00 3h (9h40m), 13:30 + 2h20m = Wed 15:50;
        // resolved long before either threshold: not needed.
        XCTAssertEqual(block(early.output), """
            服务级别 SLA: calendar office (Asia/Shanghai), resolution at 2026-10-13 10:55
              响应 Response    met  used 5m of 2h    remaining 1h55m   due 2026-10-13 13:50
              解决 Resolution  met  used 35m of 24h  remaining 23h25m  due 2026-10-16 10:20
              升级 Escalations due:
                line-2            50%   at 2026-10-14 15:50  not-needed  not recorded
                incident-manager  100%  at 2026-10-16 10:20  not-needed  not recorded

            """)
    }

    /// REQ-2026-0006, request P3 (response 2h, fulfilment 32h), requested Tue 24 Nov
    /// 09:30, responded 10:00; requests have no escalation thresholds.
    func testBreachedRequest() {
        let run = SampleRepository.run(["show", "REQ-2026-0006", "--now", Self.now])
        XCTAssertEqual(run.code, 0, run.errors)
        // Response 30m of 2h, due 11:30. Fulfilment: Tue 09:30–12:00 2h30m + 5h (7h30m),
        // Wed, Thu, Fri 8h each (31h30m), Mon 09:00–10:00 1h = 32h30m of 32h: breached
        // by 30m; the 32nd hour ended Mon 09:30.
        XCTAssertEqual(block(run.output), """
            服务级别 SLA: calendar office (Asia/Shanghai), open, as of 2026-11-30 10:00
              响应 Response    met       used 30m of 2h      remaining 1h30m  due 2026-11-24 11:30
              解决 Resolution  breached  used 32h30m of 32h  remaining -30m   due 2026-11-30 09:30
              升级 Escalations due: none

            """)
    }

    func testLateEscalationIsOverdue() throws {
        let repo = try TemporaryRepository()
        defer { repo.cleanUp() }
        // P2 (30m / 8h) reported and responded Mon 2 Mar 2026 09:00; escalated to
        // line-2 at 14:45. At Mon 15:00: 09:00–12:00 3h + 13:30–15:00 1h30m = 4h30m
        // (270 of 480 min, 56%: running), 3h30m left: 15:00–18:30 -> due 18:30.
        // line-2 (4h): 09:00–12:00 3h, 13:30 + 1h = 14:30; 4h30m > 4h is past it and
        // the escalation came at 14:45, too late: overdue.
        try repo.write("tickets/incidents/2026/INC-2026-0001.md", incident(
            "INC-2026-0001", reported: "2026-03-02 09:00", priority: "P2",
            extraFields: "escalations:\n  - {at: 2026-03-02 14:45, to: line-2, by: lisi, reason: 转二线}\n"))
        let run = repo.run(["show", "INC-2026-0001", "--now", "2026-03-02T15:00:00+08:00"])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertEqual(block(run.output), """
            服务级别 SLA: calendar office (Asia/Shanghai), open, as of 2026-03-02 15:00
              响应 Response    met      used 0m of 30m    remaining 30m    due 2026-03-02 09:30
              解决 Resolution  running  used 4h30m of 8h  remaining 3h30m  due 2026-03-02 18:30
              升级 Escalations due:
                line-2            50%   at 2026-03-02 14:30  overdue   recorded 2026-03-02 14:45
                incident-manager  100%  at 2026-03-02 18:30  upcoming  not recorded

            """)
        let json = object(repo.run(["show", "INC-2026-0001", "--json", "--now", "2026-03-02T15:00:00+08:00"]).output)
        let sla = try XCTUnwrap(json["sla"] as? [String: Any])
        XCTAssertEqual((sla["escalations_due"] as? [[String: Any]])?.first?["escalated"] as? Bool, false)
    }

    func testRecordWithoutPriorityHasNoTargets() throws {
        // INC-2026-0024 is new, without a priority yet.
        let run = SampleRepository.run(["show", "INC-2026-0024", "--now", Self.now])
        XCTAssertEqual(block(run.output), "服务级别 SLA: no targets, the record has no priority yet\n")
        let sla = try XCTUnwrap(object(SampleRepository.run(["show", "INC-2026-0024", "--json", "--now", Self.now]).output)["sla"] as? [String: Any])
        XCTAssertEqual(sla["id"] as? String, "INC-2026-0024")
        XCTAssertTrue(sla["priority"] is NSNull)
        XCTAssertTrue(sla["calendar"] is NSNull)
        XCTAssertTrue(sla["response"] is NSNull)
        XCTAssertTrue(sla["resolution"] is NSNull)
        XCTAssertEqual((sla["escalations_due"] as? [Any])?.count, 0)
    }

    func testKindsWithoutTargetsShowNoBlock() {
        for id in ["KB-0001", "CI-APP-FIN", "PRB-2026-0001", "CHG-2026-0001"] {
            let text = SampleRepository.run(["show", id, "--now", Self.now])
            XCTAssertEqual(text.code, 0, text.errors)
            XCTAssertFalse(text.output.contains("SLA"), "\(id): \(text.output)")
            let json = SampleRepository.run(["show", id, "--json", "--now", Self.now])
            XCTAssertTrue(object(json.output)["sla"] is NSNull, id)
            XCTAssertTrue(json.output.contains("\n  \"sla\": null,\n"), id)
        }
    }

    /// The `sla` object of `docket show --json` is the record's element of
    /// `docket sla --format json`, key for key.
    func testJSONMatchesDocketSLA() throws {
        let report = slaJSON(SampleRepository.run(["sla", "--now", Self.now, "--format", "json"]).output)
        for id in ["INC-2026-0022", "INC-2026-0021", "INC-2026-0020", "REQ-2026-0006", "INC-2026-0024"] {
            let run = SampleRepository.run(["show", id, "--json", "--now", Self.now])
            XCTAssertEqual(run.code, 0, run.errors)
            let shown = try XCTUnwrap(object(run.output)["sla"] as? [String: Any], id)
            let listed = try XCTUnwrap(report.first { $0["id"] as? String == id }, id)
            XCTAssertEqual(NSDictionary(dictionary: shown), NSDictionary(dictionary: listed), id)
        }
        // INC-2026-0021 by hand (see testOpenIncidentAtRisk).
        let sla = try XCTUnwrap(object(SampleRepository.run(["show", "INC-2026-0021", "--json", "--now", Self.now]).output)["sla"] as? [String: Any])
        XCTAssertEqual(sla["calendar"] as? String, "office")
        let resolution = try XCTUnwrap(sla["resolution"] as? [String: Any])
        XCTAssertEqual(resolution["target_minutes"] as? Int, 1440)
        XCTAssertEqual(resolution["elapsed_minutes"] as? Int, 1290)
        XCTAssertEqual(resolution["due"] as? String, "2026-11-30T14:00:00+08:00")
        XCTAssertEqual(resolution["state"] as? String, "at-risk")
        let response = try XCTUnwrap(sla["response"] as? [String: Any])
        XCTAssertEqual(response["due"] as? String, "2026-11-25T16:00:00+08:00")
        XCTAssertEqual(response["state"] as? String, "met")
        let escalations = try XCTUnwrap(sla["escalations_due"] as? [[String: Any]])
        XCTAssertEqual(escalations.map { $0["to"] as? String }, ["line-2", "incident-manager"])
        XCTAssertEqual(escalations.map { $0["at"] as? String }, ["2026-11-26T18:00:00+08:00", "2026-11-30T14:00:00+08:00"])
    }

    func testNowDefaultsToSourceDateEpoch() {
        // 2026-11-30T10:00:00+08:00 = 2026-11-30T02:00:00Z = 1796004000.
        let console = Console(environment: ["SOURCE_DATE_EPOCH": "1796004000"], currentDirectory: SampleRepository.root)
        XCTAssertEqual(Docket.run(["show", "INC-2026-0021"], console: console), 0)
        XCTAssertEqual(console.output, SampleRepository.run(["show", "INC-2026-0021", "--now", Self.now]).output)
        // --now wins over SOURCE_DATE_EPOCH.
        let both = Console(environment: ["SOURCE_DATE_EPOCH": "0"], currentDirectory: SampleRepository.root)
        XCTAssertEqual(Docket.run(["show", "INC-2026-0021", "--now", Self.now], console: both), 0)
        XCTAssertEqual(both.output, console.output)
    }

    func testBadNowIsAnError() {
        let run = SampleRepository.run(["show", "INC-2026-0021", "--now", "monday"])
        XCTAssertEqual(run.code, 2)
        XCTAssertEqual(run.output, "")
        XCTAssertEqual(run.errors, "docket show: error: expected --now to be a datetime such as 2026-11-30T10:00:00+08:00 or 2026-11-30 10:00, found \"monday\"\n"
                       + "usage: docket show [options] ID\nrun 'docket show --help' for the options\n")
    }

    /// Golden files of a whole record, text and JSON (re-record with RECORD_SNAPSHOTS=1).
    func testGoldenFiles() throws {
        let text = SampleRepository.run(["show", "INC-2026-0022", "--now", Self.now])
        XCTAssertEqual(text.code, 0, text.errors)
        try assertSnapshot("show-INC-2026-0022.txt", text.output)
        let json = SampleRepository.run(["show", "INC-2026-0022", "--json", "--now", Self.now])
        XCTAssertEqual(json.code, 0, json.errors)
        try assertSnapshot("show-INC-2026-0022.json", json.output)
    }
}
