import Foundation
import XCTest
@testable import DocketKit

/// `docket sla` end to end: temporary repositories with the sample procedures,
/// and the bundled sample itself. Every figure below is worked out by hand in
/// the office calendar of procedures/sla.md: Mon–Fri 09:00–12:00 and
/// 13:30–18:30 (8 h a day), Asia/Shanghai, Spring Festival 15–23 Feb 2026,
/// make-up working day Sat 14 Feb 2026.
final class SLACommandTests: XCTestCase {
    /// The acceptance figures of issue 4, out of `docket sla --format json`.
    func testIssueAcceptanceFiguresComeOutOfTheJSONReport() throws {
        let repo = try TemporaryRepository()
        defer { repo.cleanUp() }
        // P2 (8 h): Fri 13 Feb 17:00–18:30 is 1h30m; the remaining 6h30m fall on
        // Sat 14 Feb (make-up day): 09:00–12:00 3h, 13:30 + 3h30m = 17:00.
        try repo.write("tickets/incidents/2026/INC-2026-0001.md", incident("INC-2026-0001", reported: "2026-02-13 17:00", priority: "P2", status: "assigned"))
        // P2 (8 h): Sat 14 Feb 17:00–18:30 is 1h30m; 15–23 Feb are holidays;
        // Tue 24 Feb: 09:00–12:00 3h, 13:30 + 3h30m = 17:00.
        try repo.write("tickets/incidents/2026/INC-2026-0002.md", incident("INC-2026-0002", reported: "2026-02-14 17:00", priority: "P2"))
        // P3 (24 h): Fri 30 Jan 17:50–18:30 is 40m; Mon 2 Feb 8h, Tue 3 Feb 8h
        // (16h40m); Wed 4 Feb: 09:00–12:00 3h, 13:30 + 4h20m = 17:50.
        try repo.write("tickets/incidents/2026/INC-2026-0003.md", incident("INC-2026-0003", reported: "2026-01-30 17:50", priority: "P3"))

        let result = repo.run(["sla", "--now", "2026-02-14T17:30:00+08:00", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.errors)
        let records = slaJSON(result.output)
        // Most urgent first: INC-0003 is long overdue, INC-0001 30 minutes over
        // (Fri 1h30m + Sat 09:00–12:00 3h + 13:30–17:30 4h = 8h30m), INC-0002 has 7h30m left.
        XCTAssertEqual(records.map { $0["id"] as? String }, ["INC-2026-0003", "INC-2026-0001", "INC-2026-0002"])
        func resolution(_ id: String) -> [String: Any] {
            records.first { $0["id"] as? String == id }?["resolution"] as? [String: Any] ?? [:]
        }
        XCTAssertEqual(resolution("INC-2026-0001")["due"] as? String, "2026-02-14T17:00:00+08:00")
        XCTAssertEqual(resolution("INC-2026-0002")["due"] as? String, "2026-02-24T17:00:00+08:00")
        XCTAssertEqual(resolution("INC-2026-0003")["due"] as? String, "2026-02-04T17:50:00+08:00")
        XCTAssertEqual(resolution("INC-2026-0001")["elapsed_minutes"] as? Int, 510)
        XCTAssertEqual(resolution("INC-2026-0001")["target_minutes"] as? Int, 480)
        XCTAssertEqual(resolution("INC-2026-0001")["state"] as? String, "breached")
        XCTAssertEqual(resolution("INC-2026-0002")["elapsed_minutes"] as? Int, 30)
        XCTAssertEqual(resolution("INC-2026-0002")["state"] as? String, "running")
        let first = records[1]
        XCTAssertEqual(first["kind"] as? String, "incident")
        XCTAssertEqual(first["priority"] as? String, "P2")
        XCTAssertEqual(first["status"] as? String, "assigned")
        XCTAssertEqual(first["calendar"] as? String, "office")
        // Escalation thresholds of INC-0001: 4 h (50%) is reached Sat 14 Feb
        // 09:00 + 2h30m = 11:30; 8 h (100%) at the due instant.
        let escalations = first["escalations_due"] as? [[String: Any]] ?? []
        XCTAssertEqual(escalations.map { $0["to"] as? String }, ["line-2", "incident-manager"])
        XCTAssertEqual(escalations.map { $0["at"] as? String }, ["2026-02-14T11:30:00+08:00", "2026-02-14T17:00:00+08:00"])
    }

    func testPauseFromWorklogMarksStopsTheClock() throws {
        let repo = try TemporaryRepository()
        defer { repo.cleanUp() }
        // P3 reported Mon 2 Mar 09:00, pending 10:00–14:30 (1 h 09:00–10:00, then
        // paused: 10:00–12:00 and 13:30–14:30 do not count), then 14:30–16:00 counts.
        try repo.write("tickets/incidents/2026/INC-2026-0001.md", incident("INC-2026-0001", reported: "2026-03-02 09:00", priority: "P3",
            worklog: "- 2026-03-02 09:30 lisi: [in-progress] 开始处理\n- 2026-03-02 10:00 lisi: [pending] 等待用户\n- 2026-03-02 14:30 lisi: [in-progress] 继续处理\n"))
        // Same, but still pending at now (Mon 16:00): the pause runs to now.
        try repo.write("tickets/incidents/2026/INC-2026-0002.md", incident("INC-2026-0002", reported: "2026-03-02 09:00", priority: "P3", status: "pending",
            worklog: "- 2026-03-02 09:30 lisi: [in-progress] 开始处理\n- 2026-03-02 10:00 lisi: [pending] 等待用户\n"))
        let result = repo.run(["sla", "--now", "2026-03-02T16:00:00+08:00", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.errors)
        let records = slaJSON(result.output)
        func resolution(_ id: String) -> [String: Any] {
            records.first { $0["id"] as? String == id }?["resolution"] as? [String: Any] ?? [:]
        }
        // 1 h + 1h30m = 150 min; due: 24 h − 2h30m = 21h30m after 16:00:
        // Mon 2h30m (to 18:30), Tue 8h, Wed 8h (18h30m), Thu 09:00–12:00 3h → 12:00.
        XCTAssertEqual(resolution("INC-2026-0001")["elapsed_minutes"] as? Int, 150)
        XCTAssertEqual(resolution("INC-2026-0001")["due"] as? String, "2026-03-05T12:00:00+08:00")
        // 1 h only; due as if it resumed at now: 23 h after Mon 16:00 → Mon 2h30m,
        // Tue 8h, Wed 8h (18h30m), Thu 3h (21h30m), 13:30 + 1h30m = 15:00.
        XCTAssertEqual(resolution("INC-2026-0002")["elapsed_minutes"] as? Int, 60)
        XCTAssertEqual(resolution("INC-2026-0002")["due"] as? String, "2026-03-05T15:00:00+08:00")
    }

    /// The bundled sample at 2026-11-30 10:00: every open record is listed,
    /// with figures that can be checked by hand from the files.
    func testBundledSampleReport() {
        let result = docket(["sla", "--root", packageRoot, "--now", "2026-11-30T10:00:00+08:00", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.errors)
        let records = slaJSON(result.output)
        // Open = not in a final state (INC-2026-0019 is resolved and REQ-2026-0004 fulfilled,
        // neither closed yet: both are listed with their stopped clocks).
        XCTAssertEqual(Set(records.compactMap { $0["id"] as? String }),
                       ["INC-2026-0019", "INC-2026-0020", "INC-2026-0021", "INC-2026-0022", "INC-2026-0023", "INC-2026-0024",
                        "INC-2026-0025", "REQ-2026-0004", "REQ-2026-0006", "REQ-2026-0007", "REQ-2026-0008"])
        XCTAssertEqual((records.first { $0["id"] as? String == "INC-2026-0019" }?["resolution"] as? [String: Any])?["state"] as? String, "met")
        func resolution(_ id: String) -> [String: Any] {
            records.first { $0["id"] as? String == id }?["resolution"] as? [String: Any] ?? [:]
        }
        // INC-2026-0022, P2 (8 h), reported Fri 27 Nov 09:00: Fri 8 h + Mon 09:00–10:00 = 9 h.
        XCTAssertEqual(resolution("INC-2026-0022")["elapsed_minutes"] as? Int, 540)
        XCTAssertEqual(resolution("INC-2026-0022")["state"] as? String, "breached")
        XCTAssertEqual(resolution("INC-2026-0022")["due"] as? String, "2026-11-27T18:30:00+08:00")
        // INC-2026-0021, P3 (24 h), reported Wed 25 Nov 14:00: 4h30m + 8 h + 8 h + 1 h
        // = 21h30m, 89.6% of the target.
        XCTAssertEqual(resolution("INC-2026-0021")["elapsed_minutes"] as? Int, 1290)
        XCTAssertEqual(resolution("INC-2026-0021")["state"] as? String, "at-risk")
        XCTAssertEqual(resolution("INC-2026-0021")["due"] as? String, "2026-11-30T14:00:00+08:00")
        // INC-2026-0020, P3, reported Mon 23 Nov 10:00, pending since 15:00: 2 h + 1h30m.
        XCTAssertEqual(resolution("INC-2026-0020")["elapsed_minutes"] as? Int, 210)
        XCTAssertEqual(resolution("INC-2026-0020")["state"] as? String, "running")
        XCTAssertTrue(records.contains { ($0["resolution"] as? [String: Any])?["state"] as? String == "breached" })
        XCTAssertTrue(records.contains { ($0["resolution"] as? [String: Any])?["state"] as? String == "at-risk" })
        // Most urgent first, records without a priority last.
        XCTAssertEqual(records.first?["id"] as? String, "INC-2026-0022")
        XCTAssertEqual(records.suffix(2).compactMap { $0["id"] as? String }, ["INC-2026-0024", "REQ-2026-0007"])
        XCTAssertTrue(records.last?["resolution"] is NSNull)

        let risky = slaJSON(docket(["sla", "--root", packageRoot, "--now", "2026-11-30T10:00:00+08:00", "--format", "json", "--at-risk"]).output)
        XCTAssertEqual(risky.compactMap { $0["id"] as? String }, ["INC-2026-0022", "REQ-2026-0006", "INC-2026-0021"])
    }

    func testBundledSampleValidatesWithoutErrors() {
        for now in ["2026-11-30T10:00:00+08:00", "2026-12-31T10:00:00+08:00", "2028-01-01T00:00:00+08:00"] {
            let result = docket(["validate", "--root", packageRoot, "--now", now, "--format", "json"])
            XCTAssertEqual(result.status, 0, "--now \(now): \(result.output)\(result.errors)")
            XCTAssertFalse(result.output.contains("\"severity\": \"error\""), result.output)
        }
    }

    func testPeriodKindTableAndCSV() throws {
        let now = "2026-11-30T10:00:00+08:00"
        let october = slaJSON(docket(["sla", "--root", packageRoot, "--now", now, "--period", "2026-10", "--kind", "request", "--format", "json"]).output)
        XCTAssertEqual(october.compactMap { $0["id"] as? String }.sorted(),
                       ["REQ-2026-0001", "REQ-2026-0002", "REQ-2026-0121", "REQ-2026-0122", "REQ-2026-0123", "REQ-2026-0124"])
        let range = slaJSON(docket(["sla", "--root", packageRoot, "--now", now, "--period", "2026-11-10..2026-11-10", "--format", "json"]).output)
        XCTAssertEqual(range.compactMap { $0["id"] as? String }.sorted(), ["INC-2026-0013", "INC-2026-0014"])
        XCTAssertEqual((range.first { $0["id"] as? String == "INC-2026-0013" }?["resolution"] as? [String: Any])?["state"] as? String, "met")

        let table = docket(["sla", "--root", packageRoot, "--now", now])
        XCTAssertEqual(table.status, 0)
        let lines = table.output.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("ID "))
        XCTAssertTrue(lines[1].hasPrefix("INC-2026-0022 "))
        // Aligned: the RESOLUTION column starts at the same offset on every row.
        let column = lines[0].range(of: "RESOLUTION ")!.lowerBound.utf16Offset(in: lines[0])
        XCTAssertTrue(lines[1].dropFirst(column).hasPrefix("breached"))
        XCTAssertEqual(lines.last, "11 records, as of 2026-11-30 10:00 (Asia/Shanghai)")

        let csv = docket(["sla", "--root", packageRoot, "--now", now, "--format", "csv"]).output
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}id,kind,priority,status,calendar,response_target_minutes"))
        let rows = csv.split(separator: "\r\n")
        XCTAssertEqual(rows.count, 12)
        XCTAssertTrue(rows[1].hasPrefix("INC-2026-0022,incident,P2,in-progress,office,30,10,20,2026-11-27T09:30:00+08:00,met,480,540,-60,2026-11-27T18:30:00+08:00,breached,"))

        // Deterministic.
        XCTAssertEqual(docket(["sla", "--root", packageRoot, "--now", now, "--format", "csv"]).output, csv)
    }

    func testOpenIsTheDefaultAndNowComesFromTheOptionOrSourceDateEpoch() {
        let now = "2026-11-30T10:00:00+08:00"
        let byOption = docket(["sla", "--root", packageRoot, "--now", now, "--format", "json"])
        XCTAssertEqual(byOption.status, 0, byOption.errors)
        XCTAssertEqual(docket(["sla", "--root", packageRoot, "--now", now, "--open", "--format", "json"]).output, byOption.output)
        // 2026-11-30T10:00:00+08:00 = 2026-11-30T02:00:00Z = 1796004000 s.
        func run(_ environment: [String: String], _ arguments: [String]) -> (Int32, String, String) {
            let console = Console(environment: environment, currentDirectory: packageRoot)
            let status = Docket.run(arguments, console: console)
            return (status, console.output, console.errors)
        }
        let byEpoch = run(["SOURCE_DATE_EPOCH": "1796004000"], ["sla", "--root", packageRoot, "--format", "json"])
        XCTAssertEqual(byEpoch.0, 0)
        XCTAssertEqual(byEpoch.1, byOption.output)
        // --now wins over SOURCE_DATE_EPOCH.
        let both = run(["SOURCE_DATE_EPOCH": "0"], ["sla", "--root", packageRoot, "--now", now, "--format", "json"])
        XCTAssertEqual(both.1, byOption.output)
        let bad = run(["SOURCE_DATE_EPOCH": "yesterday"], ["sla", "--root", packageRoot])
        XCTAssertEqual(bad.0, 2)
        XCTAssertEqual(bad.2, "docket sla: error: expected SOURCE_DATE_EPOCH to be whole seconds since 1970, found \"yesterday\"; unset it or pass --now\n"
                       + "usage: docket sla [options]\nrun 'docket sla --help' for the options\n")
        // Every time in the JSON is ISO 8601 with an offset.
        let times = slaJSON(byOption.output).flatMap { record -> [String] in
            let measures = ["response", "resolution"].compactMap { (record[$0] as? [String: Any])?["due"] as? String }
            return measures + ((record["escalations_due"] as? [[String: Any]]) ?? []).compactMap { $0["at"] as? String }
        }
        XCTAssertFalse(times.isEmpty)
        for time in times {
            XCTAssertNotNil(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"#, options: .regularExpression), time)
        }
    }

    func testUsageErrors() {
        let both = docket(["sla", "--root", packageRoot, "--open", "--period", "2026-11"])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.errors.contains("expected either --open or --period, found both"), both.errors)
        let kind = docket(["sla", "--root", packageRoot, "--kind", "problem"])
        XCTAssertEqual(kind.status, 2)
        XCTAssertTrue(kind.errors.contains("found \"problem\""), kind.errors)
        let period = docket(["sla", "--root", packageRoot, "--period", "2026-13"])
        XCTAssertEqual(period.status, 2)
        XCTAssertTrue(period.errors.contains("expected --period to be a period like 2026, 2026-Q4, 2026-11"), period.errors)
        let format = docket(["sla", "--root", packageRoot, "--format", "xml"])
        XCTAssertEqual(format.status, 2)
    }

    func testWithoutSLADocument() throws {
        let repo = try TemporaryRepository()
        defer { repo.cleanUp() }
        try FileManager.default.removeItem(atPath: repo.root + "/procedures/sla.md")
        let result = repo.run(["sla", "--now", "2026-11-30T10:00:00+08:00"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.contains("expected procedures/sla.md with service level targets, found none"), result.errors)
        XCTAssertEqual(repo.run(["validate", "--now", "2026-11-30T10:00:00+08:00"]).status, 0)
    }
}
