import Foundation
import XCTest
@testable import DocketKit

/// The integer-second SLA engine (session 9, issue #16): `BusinessCalendar`'s working time and
/// due instants with paused intervals, `BusinessCalendar.merge`, the evaluator's pauses from a
/// work log out of order, its reuse of the resolution's due instant for a 100% threshold,
/// `ProcedureRulePlan` and `FindingText`.
final class SLAIntegerEngineTests: XCTestCase {
    private static let procedures = try! ProcedureSet.load(root: packageRoot)

    private var office: BusinessCalendar { Self.procedures.sla!.calendars["office"]! }

    /// Seconds since 1970 of an Asia/Shanghai local time `yyyy-MM-dd HH:mm`.
    private func sh(_ text: String) -> Int {
        Int(DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!).datetime(text)!)
    }

    // MARK: merge

    func testMergeKeepsOrderedPausesAndMergesTheRest() {
        // Sorted and apart: returned as they are.
        XCTAssertEqual(BusinessCalendar.merge([1..<3, 5..<8]), [1..<3, 5..<8])
        XCTAssertEqual(BusinessCalendar.merge([Range<Int>]()), [])
        // Out of order, overlapping, touching and empty: sorted, merged, the empty one dropped.
        XCTAssertEqual(BusinessCalendar.merge([5..<8, 1..<3, 2..<4, 8..<9, 6..<6]), [1..<4, 5..<9])
        // Touching intervals are one interval.
        XCTAssertEqual(BusinessCalendar.merge([1..<3, 3..<5]), [1..<5])
    }

    // MARK: Working time and due instants with pauses

    func testWorkingSecondsExcludingPauses() {
        // Mon 2 Mar 09:00 → Tue 3 Mar 12:00 is 11 h; paused Mon 10:00–11:00 and Mon 17:00 → Tue 10:00
        // (1 h + 1h30m + 1 h of working time): 7h30m.
        let paused = [sh("2026-03-02 10:00")..<sh("2026-03-02 11:00"), sh("2026-03-02 17:00")..<sh("2026-03-03 10:00")]
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 09:00"), to: sh("2026-03-03 12:00"), excluding: paused), 450 * 60)
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 09:00"), to: sh("2026-03-03 12:00"), excluding: []), 11 * 3600)
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-03 12:00"), to: sh("2026-03-02 09:00"), excluding: paused), 0)
    }

    func testInstantExcludingPauses() {
        let paused = [sh("2026-03-02 10:00")..<sh("2026-03-02 11:00"), sh("2026-03-02 17:00")..<sh("2026-03-03 10:00")]
        // 24 h from Mon 09:00 with those pauses: Thu 5 Mar 14:00 (as SLAEvaluatorTests works out).
        XCTAssertEqual(office.instant(addingWorkingSeconds: 24 * 3600, to: sh("2026-03-02 09:00"), excluding: paused), sh("2026-03-05 14:00"))
        // Used up exactly where a pause starts: due then.
        XCTAssertEqual(office.instant(addingWorkingSeconds: 3600, to: sh("2026-03-02 09:00"), excluding: paused), sh("2026-03-02 10:00"))
        XCTAssertEqual(office.instant(addingWorkingSeconds: 0, to: sh("2026-03-07 10:00"), excluding: paused), sh("2026-03-07 10:00"))
        // A calendar without working time: never.
        let never = BusinessCalendar(name: "never", timeZone: TimeZone(identifier: "UTC")!, hours: [:])
        XCTAssertNil(never.instant(addingWorkingSeconds: 60, to: sh("2026-03-02 09:00"), excluding: []))
    }

    /// The due instant is where the working time outside the pauses reaches the target: one second
    /// earlier it does not. Random starts, targets and pauses (unsorted, overlapping) from a fixed
    /// seed; the integer API agrees with the `Date` one.
    func testInstantIsWhereWorkingTimeReachesTheTarget() {
        var random = SeededGenerator(state: 20_261_201)
        let base = sh("2026-01-01 00:00")
        for _ in 0..<300 {
            let start = base + Int(random.next() % UInt64(360 * 86_400))
            let target = 60 * Int(1 + random.next() % 3000)
            var pauses: [Range<Int>] = []
            for _ in 0..<Int(random.next() % 4) {
                let lower = start + Int(random.next() % UInt64(20 * 86_400))
                pauses.append(lower..<(lower + Int(random.next() % UInt64(3 * 86_400))))
            }
            let merged = BusinessCalendar.merge(pauses)
            guard let due = office.instant(addingWorkingSeconds: target, to: start, excluding: merged) else {
                XCTFail("no due instant from \(start) for \(target)")
                continue
            }
            XCTAssertEqual(office.workingSeconds(from: start, to: due, excluding: merged), target, "start \(start) target \(target) pauses \(pauses)")
            XCTAssertLessThan(office.workingSeconds(from: start, to: due - 1, excluding: merged), target)
            let dates = pauses.map { Instants.date(Int64($0.lowerBound))..<Instants.date(Int64($0.upperBound)) }
            XCTAssertEqual(office.date(addingWorkingSeconds: target, to: Instants.date(Int64(start)), excluding: dates), Instants.date(Int64(due)))
            XCTAssertEqual(office.workingSeconds(from: Instants.date(Int64(start)), to: Instants.date(Int64(due)), excluding: dates), target)
        }
    }

    // MARK: The evaluator

    private func evaluate(worklog: [String], now: String, file: StaticString = #filePath, line: UInt = #line) throws -> SLAReport {
        let procedures = Self.procedures
        let procedure = try XCTUnwrap(procedures.procedure(kind: "incident"))
        let text = incident("INC-2026-0001", reported: "2026-03-02 09:00", priority: "P3", status: "in-progress",
                            worklog: worklog.map { "- \($0)\n" }.joined())
        var sink = DiagnosticSink(path: "tickets/incidents/2026/INC-2026-0001.md")
        let record = try XCTUnwrap(RecordReader(procedures: procedures).read(
            path: "tickets/incidents/2026/INC-2026-0001.md", bytes: Array(text.utf8), procedure: procedure, sink: &sink),
            file: file, line: line)
        let evaluator = try XCTUnwrap(SLAEvaluator(procedures: procedures, now: Int64(sh(now))))
        return try XCTUnwrap(evaluator.evaluate(record), file: file, line: line)
    }

    func testPausesOfAWorkLogOutOfOrderAreTakenInTimeOrder() throws {
        let inOrder = try evaluate(worklog: [
            "2026-03-02 10:00 lisi: [pending] 等待用户",
            "2026-03-02 11:00 lisi: [in-progress] 继续",
            "2026-03-02 17:00 lisi: [pending] 等待备件",
        ], now: "2026-03-03 12:00")
        let outOfOrder = try evaluate(worklog: [
            "2026-03-02 17:00 lisi: [pending] 等待备件",
            "2026-03-02 10:00 lisi: [pending] 等待用户",
            "2026-03-02 11:00 lisi: [in-progress] 继续",
        ], now: "2026-03-03 12:00")
        let expected = [Int64(sh("2026-03-02 10:00"))..<Int64(sh("2026-03-02 11:00")), Int64(sh("2026-03-02 17:00"))..<Int64(sh("2026-03-03 12:00"))]
        XCTAssertEqual(inOrder.paused, expected)
        XCTAssertEqual(outOfOrder.paused, expected)
        XCTAssertTrue(outOfOrder.isPaused)
        XCTAssertEqual(outOfOrder.resolution?.elapsedSeconds, inOrder.resolution?.elapsedSeconds)
    }

    func testFullThresholdIsDueWithTheResolution() throws {
        let report = try evaluate(worklog: ["2026-03-02 10:00 lisi: [pending] 等待用户", "2026-03-02 11:00 lisi: [in-progress] 继续"],
                                  now: "2026-03-10 12:00")
        let resolution = try XCTUnwrap(report.resolution)
        let manager = try XCTUnwrap(report.escalations.first { $0.percent == 100 })
        XCTAssertEqual(manager.at, resolution.due)
        // The 50% threshold is worked out on its own: before the resolution is due.
        let line2 = try XCTUnwrap(report.escalations.first { $0.percent == 50 })
        XCTAssertLessThan(line2.at, resolution.due)
        XCTAssertTrue(manager.isOverdue)
    }

    // MARK: ProcedureRulePlan

    func testPlanNamesTheFieldsAStateCanRequire() throws {
        let procedure = try XCTUnwrap(Self.procedures.procedure(kind: "incident"))
        let plan = ProcedureRulePlan(procedure)
        func candidates(_ status: String?) -> [String: Bool] {
            Dictionary(uniqueKeysWithValues: plan.fields[plan.slot(of: status)].map { (procedure.fields[$0.index].key, $0.required) })
        }
        let new = candidates("new"), closed = candidates("closed")
        XCTAssertEqual(new["title"], true)
        XCTAssertNil(new["resolved_at"])
        XCTAssertNil(new["assignee"])
        XCTAssertEqual(closed["resolved_at"], true)
        XCTAssertEqual(closed["closed_by"], true)
        XCTAssertEqual(closed["assignee"], true)
        // Without a status only what is always required; a status that names no state asks about everything.
        XCTAssertEqual(candidates(nil)["title"], true)
        XCTAssertNil(candidates(nil)["assignee"])
        XCTAssertEqual(candidates("weird")["assignee"], false)
        XCTAssertEqual(candidates("weird")["title"], true)
        XCTAssertEqual(plan.slot(of: "weird"), procedure.states.count + 1)
        // A section required under a field's value (workaround when closure_code is workaround) is the record's to decide.
        let sections = Dictionary(uniqueKeysWithValues: plan.sections[plan.slot(of: "closed")].map { (plan.sectionIDs[$0.index], $0.required) })
        XCTAssertEqual(sections["workaround"], false)
        XCTAssertEqual(sections["root-cause"], true)
        XCTAssertNil(sections["worklog"])
        let newSections = plan.sections[plan.slot(of: "new")].map { plan.sectionIDs[$0.index] }
        XCTAssertFalse(newSections.contains("root-cause"))
    }

    // MARK: FindingText

    func testJoinIsTheInterpolation() {
        let parts = ["expected resolution within ", "24h", " of ", "office", "", " working time (due ", "2026-11-06 09:12", ")", " 事件经理"]
        XCTAssertEqual(FindingText.join(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], parts[7], parts[8]),
                       "\(parts[0])\(parts[1])\(parts[2])\(parts[3])\(parts[4])\(parts[5])\(parts[6])\(parts[7])\(parts[8])")
        XCTAssertEqual(FindingText.join(), "")
        XCTAssertNotEqual(FindingText.join("a", "b"), "ba")
    }
}
