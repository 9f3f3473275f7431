import Foundation
import XCTest
@testable import DocketKit

/// `SLAEvaluator` on single incidents: pauses from the work log's state marks.
/// All incidents are P3 (response 2 h, resolution 24 h) in the sample's office
/// calendar (Mon–Fri 09:00–12:00, 13:30–18:30, Asia/Shanghai), reported and
/// responded Mon 2 Mar 2026 09:00 (a week without holidays).
final class SLAEvaluatorTests: XCTestCase {
    private static let procedures = try! ProcedureSet.load(root: packageRoot)

    /// Seconds since 1970 of an Asia/Shanghai local time `yyyy-MM-dd HH:mm`.
    private func sh(_ text: String) -> Int64 {
        DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).datetime(text)!
    }

    private func iso(_ date: Date) -> String {
        DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).localText(Int64(date.timeIntervalSince1970))
    }

    private func evaluate(status: String = "in-progress", resolved: String? = nil, worklog: [String],
                          now: String, file: StaticString = #filePath, line: UInt = #line) throws -> SLAReport {
        let procedures = Self.procedures
        let procedure = try XCTUnwrap(procedures.procedure(kind: "incident"))
        let text = incident("INC-2026-0001", reported: "2026-03-02 09:00", priority: "P3", status: status,
                            extraFields: resolved.map { "resolved_at: \($0)\n" } ?? "",
                            worklog: worklog.map { "- \($0)\n" }.joined())
        var sink = DiagnosticSink(path: "tickets/incidents/2026/INC-2026-0001.md")
        let record = try XCTUnwrap(RecordReader(procedures: procedures).read(
            path: "tickets/incidents/2026/INC-2026-0001.md", bytes: Array(text.utf8), procedure: procedure, sink: &sink),
            file: file, line: line)
        let evaluator = try XCTUnwrap(SLAEvaluator(procedures: procedures, now: sh(now)))
        return try XCTUnwrap(evaluator.evaluate(record), file: file, line: line)
    }

    func testTwoPausesAndResolution() throws {
        let report = try evaluate(status: "resolved", resolved: "2026-03-03 12:00", worklog: [
            "2026-03-02 09:05 lisi: [in-progress] 开始处理",
            "2026-03-02 10:00 lisi: [pending] 等待用户",
            "2026-03-02 11:00 lisi: [in-progress] 继续",
            "2026-03-02 17:00 lisi: [pending] 等待备件",
            "2026-03-03 10:00 lisi: [in-progress] 备件到货",
        ], now: "2026-03-20 00:00")
        XCTAssertEqual(report.paused, [sh("2026-03-02 10:00")..<sh("2026-03-02 11:00"), sh("2026-03-02 17:00")..<sh("2026-03-03 10:00")])
        XCTAssertFalse(report.isPaused)
        // Mon 09:00–18:30 8 h + Tue 09:00–12:00 3 h = 11 h; paused working time:
        // Mon 10:00–11:00 1 h, Mon 17:00–18:30 1h30m, Tue 09:00–10:00 1 h = 3h30m;
        // 11 h − 3h30m = 7h30m = 450 min of 1440: met.
        let resolution = try XCTUnwrap(report.resolution)
        XCTAssertEqual(resolution.elapsedMinutes, 450)
        XCTAssertEqual(resolution.state, .met)
        // Due: 09:00–10:00 1 h; 11:00–12:00 1 h + 13:30–17:00 3h30m (5h30m); Tue
        // 10:00–12:00 2 h + 13:30–18:30 5 h (12h30m); Wed 8 h (20h30m); Thu 09:00–12:00
        // 3 h (23h30m), 13:30 + 30m -> Thu 5 Mar 14:00.
        XCTAssertEqual(iso(resolution.due), "2026-03-05 14:00")
        // line-2 at 50% = 12 h: 5h30m by Mon 17:00, then 6h30m from Tue 10:00:
        // 10:00–12:00 2 h, 13:30 + 4h30m -> Tue 18:00. Not reached (7h30m used).
        let line2 = try XCTUnwrap(report.escalations.first)
        XCTAssertEqual(line2.level, "line-2")
        XCTAssertEqual(iso(line2.at), "2026-03-03 18:00")
        XCTAssertFalse(line2.reached)
    }

    func testPauseStillOpenAtResolutionRunsToIt() throws {
        // [pending] Mon 16:00, resolved Tue 10:00 without another mark: the pause
        // runs to the resolution. Mon 09:00–12:00 3 h + 13:30–16:00 2h30m = 5h30m = 330 min.
        let report = try evaluate(status: "resolved", resolved: "2026-03-03 10:00", worklog: [
            "2026-03-02 16:00 lisi: [pending] 等待用户确认",
        ], now: "2026-03-20 00:00")
        XCTAssertEqual(report.paused, [sh("2026-03-02 16:00")..<sh("2026-03-03 10:00")])
        XCTAssertFalse(report.isPaused)
        XCTAssertEqual(report.resolution?.elapsedMinutes, 330)
        XCTAssertEqual(report.resolution?.state, .met)
    }

    func testPauseGoingOnNowRunsToNow() throws {
        // [pending] Mon 10:00, still pending at Mon 16:00: 09:00–10:00 = 1 h used.
        let report = try evaluate(status: "pending", worklog: [
            "2026-03-02 10:00 lisi: [pending] 等待用户",
        ], now: "2026-03-02 16:00")
        XCTAssertTrue(report.isPaused)
        XCTAssertEqual(report.paused, [sh("2026-03-02 10:00")..<sh("2026-03-02 16:00")])
        let resolution = try XCTUnwrap(report.resolution)
        XCTAssertEqual(resolution.elapsedMinutes, 60)
        XCTAssertEqual(resolution.state, .running)
        // Due as if it resumed now: 23 h from Mon 16:00: Mon 2h30m, Tue 8 h, Wed 8 h
        // (18h30m), Thu 09:00–12:00 3 h (21h30m), 13:30 + 1h30m -> Thu 15:00.
        XCTAssertEqual(iso(resolution.due), "2026-03-05 15:00")
    }

    func testMarksByLabelAndRepeatedPauseMarks() throws {
        // zh labels (挂起 = pending, 处理中 = in-progress); a second [pending] mark
        // does not restart the pause. Paused 10:00–14:30; at Mon 16:00:
        // 09:00–10:00 1 h + 14:30–16:00 1h30m = 150 min.
        let report = try evaluate(worklog: [
            "2026-03-02 10:00 lisi: [挂起] 等待用户",
            "2026-03-02 11:00 lisi: [pending] 仍在等待",
            "2026-03-02 14:30 lisi: [处理中] 继续处理",
        ], now: "2026-03-02 16:00")
        XCTAssertEqual(report.paused, [sh("2026-03-02 10:00")..<sh("2026-03-02 14:30")])
        XCTAssertEqual(report.resolution?.elapsedMinutes, 150)
    }

    func testPauseOutsideWorkingTimeSubtractsNothing() throws {
        // Paused over the lunch break only (12:00–13:30): at Mon 16:00 the full
        // 09:00–12:00 3 h + 13:30–16:00 2h30m = 330 min count.
        let report = try evaluate(worklog: [
            "2026-03-02 12:00 lisi: [pending] 午休，等待用户",
            "2026-03-02 13:30 lisi: [in-progress] 继续",
        ], now: "2026-03-02 16:00")
        XCTAssertEqual(report.paused.count, 1)
        XCTAssertEqual(report.resolution?.elapsedMinutes, 330)
    }

    func testOtherStateMarksDoNotPause() throws {
        let report = try evaluate(worklog: [
            "2026-03-02 09:30 lisi: [assigned] 分派",
            "2026-03-02 10:00 lisi: [in-progress] 开始处理",
        ], now: "2026-03-02 16:00")
        XCTAssertEqual(report.paused, [])
        XCTAssertFalse(report.isPaused)
        // 3 h + 2h30m = 330 min.
        XCTAssertEqual(report.resolution?.elapsedMinutes, 330)
    }
}
