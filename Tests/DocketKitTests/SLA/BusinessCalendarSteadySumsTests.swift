import Foundation
import XCTest
@testable import DocketKit

/// Session 10 (issue #16): once a zone's offset no longer changes, `BusinessCalendar` reads working
/// time off cumulative sums (whole weeks, a week's prefix, the holiday table's correction, the
/// spans of one day) and finds a due instant by walking days or a binary search, instead of
/// counting day by day. These tests hold the sums to the day-by-day engine, which stays the
/// reference (and the engine for times before a zone's last change), on random intervals from a
/// fixed seed, in zones with and without past changes, across holidays and extra working days,
/// and out to the 20-year search limit.
final class BusinessCalendarSteadySumsTests: XCTestCase {
    /// The sample's office hours with holidays and extra working days in 2026, and a Saturday
    /// morning, in `zone`.
    private func calendar(_ zone: String, saturday: Bool = true) -> BusinessCalendar {
        let spans = [WorkingSpan(startMinute: 9 * 60, endMinute: 12 * 60), WorkingSpan(startMinute: 13 * 60 + 30, endMinute: 18 * 60 + 30)]
        var hours: [Weekday: [WorkingSpan]] = [:]
        for day in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { hours[day] = spans }
        if saturday { hours[.saturday] = [WorkingSpan(startMinute: 0, endMinute: 3 * 60), WorkingSpan(startMinute: 22 * 60, endMinute: 1440)] }
        let holidays = (LocalDate(parsing: "2026-02-15")!.dayNumber...LocalDate(parsing: "2026-02-23")!.dayNumber).map(LocalDate.init(dayNumber:))
            + [LocalDate(parsing: "2026-01-01")!, LocalDate(parsing: "2026-10-01")!, LocalDate(parsing: "2027-05-03")!]
        let workdays = [LocalDate(parsing: "2026-02-14")!, LocalDate(parsing: "2026-02-28")!, LocalDate(parsing: "2026-10-10")!]
        return BusinessCalendar(name: "steady", timeZone: TimeZone(identifier: zone)!, hours: hours,
                                holidays: Set(holidays), workdays: Set(workdays))
    }

    private static let start2019 = 1_546_300_800   // 2019-01-01T00:00:00Z
    private static let start2026 = 1_767_225_600   // 2026-01-01T00:00:00Z

    func testWorkingSecondsAgreeWithDayByDay() {
        var random = SeededGenerator(state: 20_261_201_10)
        for zone in ["Asia/Shanghai", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"] {
            for saturday in [true, false] {
                let calendar = calendar(zone, saturday: saturday)
                for round in 0..<400 {
                    // From 2019 (São Paulo's last change is in February 2019) to past the holiday table.
                    let base = round % 2 == 0 ? Self.start2019 : Self.start2026
                    let a = base + Int(random.next() % UInt64(3 * 365 * 86_400))
                    let length = round % 5 == 0 ? Int(random.next() % UInt64(4000 * 86_400)) : Int(random.next() % UInt64(40 * 86_400))
                    XCTAssertEqual(calendar.workingSeconds(from: a, to: a + length), calendar.workingSecondsByDays(from: a, to: a + length),
                                   "\(zone) [\(a), \(a + length))")
                }
            }
        }
    }

    func testDueInstantsAgreeWithDayByDay() {
        var random = SeededGenerator(state: 20_261_201_11)
        for zone in ["Asia/Shanghai", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"] {
            for saturday in [true, false] {
                let calendar = calendar(zone, saturday: saturday)
                for round in 0..<400 {
                    let base = round % 2 == 0 ? Self.start2019 : Self.start2026
                    let start = base + Int(random.next() % UInt64(3 * 365 * 86_400))
                    // Minutes to weeks, now and then years (past 32 days: the binary search).
                    let target = round % 7 == 0 ? Int(random.next() % UInt64(9000 * 3600)) : 60 * Int(1 + random.next() % 6000)
                    XCTAssertEqual(calendar.instant(addingWorkingSeconds: target, to: start),
                                   calendar.instantByDays(addingWorkingSeconds: target, to: start), "\(zone) \(start) + \(target)")
                }
            }
        }
    }

    /// Exactly at a span's end, at the ends of days and at the search limit of 20 years.
    func testEdgesAgreeWithDayByDay() {
        let calendar = calendar("Asia/Shanghai")
        let parser = DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let monday = Int(parser.datetime("2026-03-02 09:00")!)
        for offset in [-3600, -1, 0, 1, 3 * 3600, 3 * 3600 + 1, 4 * 3600 + 30 * 60, 9 * 3600 + 30 * 60, 15 * 3600, 86_400 - 1] {
            for target in [1, 60, 3 * 3600, 8 * 3600, 8 * 3600 + 1, 5 * 8 * 3600] {
                XCTAssertEqual(calendar.instant(addingWorkingSeconds: target, to: monday + offset),
                               calendar.instantByDays(addingWorkingSeconds: target, to: monday + offset), "\(offset) + \(target)")
                XCTAssertEqual(calendar.workingSeconds(from: monday + offset, to: monday + offset + target),
                               calendar.workingSecondsByDays(from: monday + offset, to: monday + offset + target))
            }
        }
        // Every hour of the days at either end of the holiday table (2026-01-01 … 2027-05-03), to
        // every hour of the next days: the table's first and last days are counted once each.
        for first in ["2025-12-29 00:00", "2027-04-29 00:00"] {
            let from = Int(parser.datetime(first)!)
            for a in stride(from: from, to: from + 7 * 86_400, by: 3600) {
                for b in stride(from: a, to: a + 4 * 86_400, by: 5 * 3600) {
                    XCTAssertEqual(calendar.workingSeconds(from: a, to: b), calendar.workingSecondsByDays(from: a, to: b), "[\(a), \(b))")
                }
                XCTAssertEqual(calendar.instant(addingWorkingSeconds: 4 * 3600, to: a), calendar.instantByDays(addingWorkingSeconds: 4 * 3600, to: a))
            }
        }
        // 20 years of days hold about 5,218 working days of 8 h (and a few Saturdays): around the limit.
        let week = 5 * 8 * 3600 + 5 * 3600
        for target in [1040 * week, 1043 * week, 1044 * week, 1045 * week, 1046 * week, 1100 * week] {
            XCTAssertEqual(calendar.instant(addingWorkingSeconds: target, to: monday),
                           calendar.instantByDays(addingWorkingSeconds: target, to: monday), "\(target)")
        }
        XCTAssertNil(calendar.instant(addingWorkingSeconds: 1100 * week, to: monday))
        XCTAssertNotNil(calendar.instant(addingWorkingSeconds: 1000 * week, to: monday))
        // A Saturday-only calendar whose working time lies at the end of the day (22:00-24:00).
        let late = BusinessCalendar(name: "late", timeZone: TimeZone(identifier: "Asia/Kolkata")!,
                                    hours: [.saturday: [WorkingSpan(startMinute: 22 * 60, endMinute: 1440)]])
        for target in [1, 7200, 7201, 14_400, 1_000_000] {
            XCTAssertEqual(late.instant(addingWorkingSeconds: target, to: monday), late.instantByDays(addingWorkingSeconds: target, to: monday))
            XCTAssertEqual(late.workingSeconds(from: monday, to: monday + target * 20), late.workingSecondsByDays(from: monday, to: monday + target * 20))
        }
    }
}
