import Foundation
import XCTest
@testable import DocketKit

/// Cross-checks the calendar engine (whole-day shortcuts, offset cache, holiday
/// table) against a slow reference: walk the interval minute by minute and ask
/// the calendar's own `workingIntervals(on:)` whether each minute is working time.
/// Random intervals from a fixed seed, so a failure reproduces.
final class BusinessCalendarCrossCheckTests: XCTestCase {
    private func calendar(_ zone: String) -> BusinessCalendar {
        let spans = [WorkingSpan(startMinute: 9 * 60, endMinute: 12 * 60), WorkingSpan(startMinute: 13 * 60 + 30, endMinute: 18 * 60 + 30)]
        var hours: [Weekday: [WorkingSpan]] = [:]
        for d in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { hours[d] = spans }
        hours[.saturday] = [WorkingSpan(startMinute: 60, endMinute: 3 * 60)]   // 01:00-03:00: inside Berlin's change hours
        let holidays = (LocalDate(parsing: "2026-02-15")!.dayNumber...LocalDate(parsing: "2026-02-23")!.dayNumber).map(LocalDate.init(dayNumber:))
            + [LocalDate(parsing: "2026-03-27")!, LocalDate(parsing: "2026-10-23")!]
        let workdays = [LocalDate(parsing: "2026-02-14")!, LocalDate(parsing: "2026-03-29")!, LocalDate(parsing: "2026-10-25")!]
        return BusinessCalendar(name: "check", timeZone: TimeZone(identifier: zone)!, hours: hours,
                                holidays: Set(holidays), workdays: Set(workdays))
    }

    /// Working seconds in [a, b), from the calendar's per-day intervals only.
    private func reference(_ calendar: BusinessCalendar, _ a: Int, _ b: Int) -> Int {
        var total = 0
        let first = LocalDate.dayNumber(ofLocalSeconds: Int64(a)) - 2, last = LocalDate.dayNumber(ofLocalSeconds: Int64(b)) + 2
        for day in first...last {
            for interval in calendar.workingIntervals(on: LocalDate(dayNumber: day)) {
                let lower = max(Int(interval.lowerBound.timeIntervalSince1970), a)
                let upper = min(Int(interval.upperBound.timeIntervalSince1970), b)
                if upper > lower { total += upper - lower }
            }
        }
        return total
    }

    func testEngineAgreesWithPerDayReference() {
        var random = SeededGenerator(state: 20_261_128)
        let start2026 = 1_767_225_600   // 2026-01-01T00:00:00Z
        for zone in ["Asia/Shanghai", "Europe/Berlin"] {
            let calendar = calendar(zone)
            for _ in 0..<400 {
                let a = start2026 + Int.random(in: 0..<(330 * 86400), using: &random) / 60 * 60
                let b = a + Int.random(in: 0..<(40 * 86400), using: &random) / 60 * 60
                let expected = reference(calendar, a, b)
                XCTAssertEqual(calendar.workingSeconds(from: a, to: b), expected, "\(zone) [\(a), \(b))")
                // The due instant of the same working time lands where the reference reaches it.
                guard expected > 0, let due = calendar.instant(addingWorkingSeconds: expected, to: a) else { continue }
                XCTAssertEqual(reference(calendar, a, due), expected, "\(zone) due from \(a)")
                XCTAssertLessThanOrEqual(due, b, "\(zone) due from \(a)")
            }
        }
    }
}
