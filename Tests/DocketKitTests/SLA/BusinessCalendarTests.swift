import Foundation
import XCTest
@testable import DocketKit

/// An instant from an ISO 8601 timestamp with offset, e.g. `2026-02-13T17:00:00+08:00`.
private func t(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test timestamp \(text)") }
    return date
}

/// An Asia/Shanghai local time `yyyy-MM-dd HH:mm`.
private func sh(_ text: String) -> Date {
    t(text.replacingOccurrences(of: " ", with: "T") + ":00+08:00")
}

private func day(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

private func span(_ a: String, _ b: String) -> WorkingSpan {
    func minutes(_ s: String) -> Int {
        let p = s.split(separator: ":").map { Int($0)! }
        return p[0] * 60 + p[1]
    }
    return WorkingSpan(startMinute: minutes(a), endMinute: minutes(b))
}

private func dates(_ a: String, _ b: String) -> [LocalDate] {
    (day(a).dayNumber...day(b).dayNumber).map(LocalDate.init(dayNumber:))
}

private let hour = 3600

/// The sample `office` calendar: Asia/Shanghai, Mon-Fri 09:00-12:00 and
/// 13:30-18:30 (8 h a day), 2026 mainland-China holidays and make-up days.
private let office: BusinessCalendar = {
    let spans = [span("09:00", "12:00"), span("13:30", "18:30")]
    var hours: [Weekday: [WorkingSpan]] = [:]
    for d in [Weekday.monday, .tuesday, .wednesday, .thursday, .friday] { hours[d] = spans }
    let holidays = dates("2026-01-01", "2026-01-03") + dates("2026-02-15", "2026-02-23")
        + dates("2026-04-04", "2026-04-06") + dates("2026-05-01", "2026-05-05")
        + dates("2026-06-19", "2026-06-21") + dates("2026-09-25", "2026-09-27")
        + dates("2026-10-01", "2026-10-07")
    let workdays = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"].map(day)
    return BusinessCalendar(name: "office", timeZone: TimeZone(identifier: "Asia/Shanghai")!, hours: hours,
                            holidays: Set(holidays), workdays: Set(workdays))
}()

private func everyDay(_ spans: [WorkingSpan]) -> [Weekday: [WorkingSpan]] {
    Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, spans) })
}

private let berlinZone = TimeZone(identifier: "Europe/Berlin")!

final class BusinessCalendarTests: XCTestCase {
    // MARK: LocalDate

    func testLocalDateParsingAndDayNumbers() {
        XCTAssertEqual(LocalDate(parsing: "2026-02-14"), LocalDate(year: 2026, month: 2, day: 14))
        XCTAssertNil(LocalDate(parsing: "2026-02-30"))
        XCTAssertNil(LocalDate(parsing: "2026-2-14"))
        XCTAssertNil(LocalDate(parsing: "2026-13-01"))
        XCTAssertNotNil(LocalDate(parsing: "2024-02-29"))
        XCTAssertNil(LocalDate(parsing: "2100-02-29"))
        XCTAssertEqual(LocalDate(year: 1970, month: 1, day: 1).dayNumber, 0)
        XCTAssertEqual(LocalDate(year: 1969, month: 12, day: 31).dayNumber, -1)
        // 2026-01-01 is 56 years after 1970 with 14 leap days: 56*365+14 = 20454.
        XCTAssertEqual(day("2026-01-01").dayNumber, 20454)
        XCTAssertEqual(LocalDate(dayNumber: 20454 + 44), day("2026-02-14"))
        XCTAssertEqual(day("2026-02-14").weekday, .saturday)
        XCTAssertEqual(day("2026-03-29").weekday, .sunday)
        XCTAssertEqual(day("2026-02-14").description, "2026-02-14")
        XCTAssertLessThan(day("2026-01-31"), day("2026-02-01"))
    }

    // MARK: The required office cases

    func testP2FridayEveningIsDueOnMakeUpSaturday() {
        // Fri 17:00-18:30 = 1.5 h; Sat 14 Feb is a make-up day with Monday's hours:
        // 09:00-12:00 = 3 h (4.5 h), 13:30-17:00 = 3.5 h (8 h) -> Sat 17:00.
        XCTAssertEqual(office.date(addingWorkingSeconds: 8 * hour, to: sh("2026-02-13 17:00")), sh("2026-02-14 17:00"))
    }

    func testP2SaturdayMakeUpDayIsDueAfterSpringFestival() {
        // Sat 14 Feb 17:00-18:30 = 1.5 h; 15..23 Feb are holidays; Tue 24 Feb
        // 09:00-12:00 = 3 h (4.5 h), 13:30-17:00 = 3.5 h (8 h) -> Tue 24 Feb 17:00.
        XCTAssertEqual(office.date(addingWorkingSeconds: 8 * hour, to: sh("2026-02-14 17:00")), sh("2026-02-24 17:00"))
        XCTAssertEqual(office.workingSeconds(from: sh("2026-02-14 17:00"), to: sh("2026-02-24 17:00")), 8 * hour)
    }

    func testP3FridayLateIsDueWednesday() {
        // Fri 30 Jan 17:50-18:30 = 40 min; Mon 2 Feb 8 h (8h40m); Tue 3 Feb 8 h (16h40m);
        // Wed 4 Feb 09:00-12:00 3 h (19h40m), 13:30 + 4h20m = 17:50 (24 h).
        XCTAssertEqual(office.date(addingWorkingSeconds: 24 * hour, to: sh("2026-01-30 17:50")), sh("2026-02-04 17:50"))
        XCTAssertEqual(office.workingSeconds(from: sh("2026-01-30 17:50"), to: sh("2026-02-04 17:50")), 24 * hour)
    }

    func testTargetEndingAtSpanEndIsDueAtSpanEnd() {
        // Mon 2 Mar 09:00 + 3 h uses up 09:00-12:00 exactly -> 12:00, not 13:30.
        XCTAssertEqual(office.date(addingWorkingSeconds: 3 * hour, to: sh("2026-03-02 09:00")), sh("2026-03-02 12:00"))
        // Mon 09:00 + 8 h -> 18:30 the same day, not Tue 09:00.
        XCTAssertEqual(office.date(addingWorkingSeconds: 8 * hour, to: sh("2026-03-02 09:00")), sh("2026-03-02 18:30"))
    }

    // MARK: Midnight, lunch, weekend, holidays, make-up days

    func testAcrossMidnightInOffice() {
        // Mon 2 Mar 17:00-18:30 = 1.5 h, Tue 09:00-10:00 = 1 h -> 2.5 h = 9000 s.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 17:00"), to: sh("2026-03-03 10:00")), 9000)
        // Mon 18:00 + 1 h: 18:00-18:30 = 30 min, Tue 09:00-09:30 -> Tue 09:30.
        XCTAssertEqual(office.date(addingWorkingSeconds: hour, to: sh("2026-03-02 18:00")), sh("2026-03-03 09:30"))
    }

    func testNightShiftSpansJoinAcrossMidnight() {
        // Every day 00:00-06:00 and 22:00-24:00 in Asia/Shanghai.
        let night = BusinessCalendar(name: "night", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
                                     hours: everyDay([span("22:00", "24:00"), span("00:00", "06:00")]))
        // Mon 23:00 + 3 h: 23:00-24:00 = 1 h, Tue 00:00-02:00 = 2 h -> Tue 02:00.
        XCTAssertEqual(night.date(addingWorkingSeconds: 3 * hour, to: sh("2026-03-02 23:00")), sh("2026-03-03 02:00"))
        // Mon 21:00 .. Tue 07:00: 22:00-24:00 = 2 h + 00:00-06:00 = 6 h = 8 h.
        XCTAssertEqual(night.workingSeconds(from: sh("2026-03-02 21:00"), to: sh("2026-03-03 07:00")), 8 * hour)
        // Mon 12:00 + 1 h: nothing until 22:00 -> 23:00.
        XCTAssertEqual(night.date(addingWorkingSeconds: hour, to: sh("2026-03-02 12:00")), sh("2026-03-02 23:00"))
    }

    func testStartInsideLunchBreak() {
        // Mon 2 Mar 12:30 is in the break; the clock starts at 13:30; + 1 h -> 14:30.
        XCTAssertEqual(office.date(addingWorkingSeconds: hour, to: sh("2026-03-02 12:30")), sh("2026-03-02 14:30"))
        // 12:15 .. 13:45: only 13:30-13:45 = 15 min = 900 s.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 12:15"), to: sh("2026-03-02 13:45")), 900)
        // 11:00 .. 14:00: 11:00-12:00 = 1 h + 13:30-14:00 = 30 min = 5400 s.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 11:00"), to: sh("2026-03-02 14:00")), 5400)
    }

    func testWeekend() {
        // Fri 6 Mar 18:00 + 2 h: 18:00-18:30 = 30 min, Mon 9 Mar 09:00-10:30 = 1.5 h -> Mon 10:30.
        XCTAssertEqual(office.date(addingWorkingSeconds: 2 * hour, to: sh("2026-03-06 18:00")), sh("2026-03-09 10:30"))
        // Fri 12:00 .. Mon 12:00: Fri 13:30-18:30 = 5 h + Mon 09:00-12:00 = 3 h = 8 h.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-06 12:00"), to: sh("2026-03-09 12:00")), 8 * hour)
        // Sat 10:00 .. Sun 20:00: nothing.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-07 10:00"), to: sh("2026-03-08 20:00")), 0)
        // A start on Saturday waits for Monday: Sat 10:00 + 30 min -> Mon 09:30.
        XCTAssertEqual(office.date(addingWorkingSeconds: 1800, to: sh("2026-03-07 10:00")), sh("2026-03-09 09:30"))
    }

    func testHolidaysAndMakeUpDays() {
        // Thu 1 Jan (holiday): 0; Sun 4 Jan (make-up day): Monday's 8 h.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-01-01 00:00"), to: sh("2026-01-02 00:00")), 0)
        XCTAssertEqual(office.workingSeconds(from: sh("2026-01-04 00:00"), to: sh("2026-01-05 00:00")), 8 * hour)
        XCTAssertEqual(office.spans(on: day("2026-01-04")), [span("09:00", "12:00"), span("13:30", "18:30")])
        XCTAssertEqual(office.spans(on: day("2026-10-01")), [])
        // National Day: Wed 30 Sep 17:30 + 2 h: 17:30-18:30 = 1 h; 1..7 Oct holidays;
        // Thu 8 Oct 09:00-10:00 = 1 h -> Thu 8 Oct 10:00.
        XCTAssertEqual(office.date(addingWorkingSeconds: 2 * hour, to: sh("2026-09-30 17:30")), sh("2026-10-08 10:00"))
        // Sat 10 Oct is a make-up day: whole week 12..16 Oct 5 days + 10 Oct = 6 * 8 h.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-10-10 00:00"), to: sh("2026-10-17 00:00")), 48 * hour)
    }

    func testEmptyAndReversedRanges() {
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 10:00"), to: sh("2026-03-02 10:00")), 0)
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 11:00"), to: sh("2026-03-02 10:00")), 0)
        XCTAssertEqual(office.date(addingWorkingSeconds: 0, to: sh("2026-03-07 10:00")), sh("2026-03-07 10:00"))
    }

    func testCalendarWithoutWorkingTime() {
        let never = BusinessCalendar(name: "never", timeZone: TimeZone(identifier: "UTC")!, hours: [:])
        XCTAssertEqual(never.date(addingWorkingSeconds: 60, to: sh("2026-03-02 10:00")), .distantFuture)
        XCTAssertEqual(never.workingSeconds(from: sh("2026-01-01 00:00"), to: sh("2027-01-01 00:00")), 0)
        // Only make-up days, no weekly hours: one 8 h day (Sun 4 Jan 2026) and then nothing.
        let once = BusinessCalendar(name: "once", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
                                    hours: [:],
                                    workdays: [day("2026-01-04")])
        XCTAssertEqual(once.date(addingWorkingSeconds: 60, to: sh("2026-01-01 00:00")), .distantFuture)
        // Sunday-only hours in a holiday-free calendar still end the search in time.
        let sundays = BusinessCalendar(name: "sundays", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
                                       hours: [.sunday: [span("10:00", "11:00")]])
        // Mon 2 Mar + 90 min: Sun 8 Mar 10:00-11:00 = 1 h, Sun 15 Mar 10:00-10:30 -> 15 Mar 10:30.
        XCTAssertEqual(sundays.date(addingWorkingSeconds: 5400, to: sh("2026-03-02 00:00")), sh("2026-03-15 10:30"))
        // 1 h a week gives about 1044 h in the 20-year search limit; 2000 h is never reached.
        XCTAssertEqual(sundays.date(addingWorkingSeconds: 2000 * hour, to: sh("2026-03-02 00:00")), .distantFuture)
        // 1000 h fits: 1000 Sundays after 2 Mar 2026, i.e. Sun 8 Mar + 999 weeks, at 11:00.
        XCTAssertEqual(sundays.date(addingWorkingSeconds: 1000 * hour, to: sh("2026-03-02 00:00")),
                       sh("2026-03-08 11:00").addingTimeInterval(Double(999 * 7 * 86400)))
    }

    // MARK: 24x7

    func testTwentyFourSeven() {
        let c = BusinessCalendar.twentyFourSeven
        XCTAssertEqual(c.name, "24x7")
        // Sat 7 Mar 23:00 +08:00 .. Sun 8 Mar 01:30 +08:00 = 2.5 h of wall time.
        XCTAssertEqual(c.workingSeconds(from: sh("2026-03-07 23:00"), to: sh("2026-03-08 01:30")), 9000)
        // 4 h from Sat 23:00 -> Sun 03:00, weekend or not.
        XCTAssertEqual(c.date(addingWorkingSeconds: 4 * hour, to: sh("2026-03-07 23:00")), sh("2026-03-08 03:00"))
        // A whole year (2026 is not a leap year): 365 * 86400.
        XCTAssertEqual(c.workingSeconds(from: t("2026-01-01T00:00:00Z"), to: t("2027-01-01T00:00:00Z")), 365 * 86400)
    }

    // MARK: Paused intervals

    func testPausedIntervalsSubtractOnlyWorkingTime() {
        let pause = [sh("2026-03-02 10:00")..<sh("2026-03-02 14:00")]
        // Mon 2 Mar 09:00-18:30 = 8 h; pause 10:00-14:00 holds 10:00-12:00 = 2 h and
        // 13:30-14:00 = 30 min of working time -> 8 h - 2.5 h = 5.5 h = 19800 s.
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 09:00"), to: sh("2026-03-02 18:30"), excluding: pause), 19800)
        // Overlapping pauses count once: 10:00-11:00 and 10:30-12:00 = 10:00-12:00 = 2 h -> 6 h.
        let overlapping = [sh("2026-03-02 10:30")..<sh("2026-03-02 12:00"), sh("2026-03-02 10:00")..<sh("2026-03-02 11:00")]
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-02 09:00"), to: sh("2026-03-02 18:30"), excluding: overlapping), 6 * hour)
        // A pause over the weekend subtracts nothing: Fri 12:00 .. Mon 12:00 stays 8 h.
        let weekend = [sh("2026-03-07 00:00")..<sh("2026-03-09 00:00")]
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-06 12:00"), to: sh("2026-03-09 12:00"), excluding: weekend), 8 * hour)
        // A pause sticking out of the range only counts inside it: pause Fri 18:00 .. Mon 10:00,
        // range Fri 12:00 .. Mon 12:00: subtract Fri 18:00-18:30 + Mon 09:00-10:00 = 1.5 h -> 6.5 h.
        let outside = [sh("2026-03-06 18:00")..<sh("2026-03-09 10:00")]
        XCTAssertEqual(office.workingSeconds(from: sh("2026-03-06 12:00"), to: sh("2026-03-09 12:00"), excluding: outside), 23400)
    }

    func testDueDateSkipsPausedWorkingTime() {
        // 4 h from Mon 2 Mar 09:00 with a pause 10:00-14:00: 09:00-10:00 = 1 h,
        // resume 14:00, 3 h more -> 17:00.
        let pause = [sh("2026-03-02 10:00")..<sh("2026-03-02 14:00")]
        XCTAssertEqual(office.date(addingWorkingSeconds: 4 * hour, to: sh("2026-03-02 09:00"), excluding: pause), sh("2026-03-02 17:00"))
        // Reached exactly at the pause start: 1 h -> 10:00.
        XCTAssertEqual(office.date(addingWorkingSeconds: hour, to: sh("2026-03-02 09:00"), excluding: pause), sh("2026-03-02 10:00"))
        // A pause before the start changes nothing.
        let before = [sh("2026-03-01 10:00")..<sh("2026-03-01 14:00")]
        XCTAssertEqual(office.date(addingWorkingSeconds: hour, to: sh("2026-03-02 09:00"), excluding: before), sh("2026-03-02 10:00"))
    }

    // MARK: Daylight saving time (Europe/Berlin, 29 March and 25 October 2026)

    func testBerlinOfficeHoursAcrossSpringForward() {
        let berlin = BusinessCalendar(name: "berlin", timeZone: berlinZone, hours: everyDay([span("09:00", "17:00")]))
        // Sun 29 Mar 09:00-17:00 CEST (+02:00) = 07:00Z-15:00Z, still 8 h.
        XCTAssertEqual(berlin.workingIntervals(on: day("2026-03-29")),
                       [t("2026-03-29T07:00:00Z")..<t("2026-03-29T15:00:00Z")])
        XCTAssertEqual(berlin.workingIntervals(on: day("2026-03-28")),
                       [t("2026-03-28T08:00:00Z")..<t("2026-03-28T16:00:00Z")])
        // Sat 28 Mar 16:00 CET .. Mon 30 Mar 10:00 CEST: 1 h + 8 h + 1 h = 10 h.
        XCTAssertEqual(berlin.workingSeconds(from: t("2026-03-28T16:00:00+01:00"), to: t("2026-03-30T10:00:00+02:00")), 10 * hour)
        // Sat 16:00 + 9 h: 1 h Saturday, 8 h Sunday -> Sun 17:00 CEST = 15:00Z.
        XCTAssertEqual(berlin.date(addingWorkingSeconds: 9 * hour, to: t("2026-03-28T16:00:00+01:00")), t("2026-03-29T15:00:00Z"))
    }

    func testBerlinOfficeHoursAcrossFallBack() {
        let berlin = BusinessCalendar(name: "berlin", timeZone: berlinZone, hours: everyDay([span("09:00", "17:00")]))
        // Sun 25 Oct 09:00-17:00 CET (+01:00) = 08:00Z-16:00Z.
        XCTAssertEqual(berlin.workingIntervals(on: day("2026-10-25")),
                       [t("2026-10-25T08:00:00Z")..<t("2026-10-25T16:00:00Z")])
        // Sat 24 Oct 16:00 CEST .. Mon 26 Oct 10:00 CET: 1 h + 8 h + 1 h = 10 h.
        XCTAssertEqual(berlin.workingSeconds(from: t("2026-10-24T16:00:00+02:00"), to: t("2026-10-26T10:00:00+01:00")), 10 * hour)
        // Sat 16:00 + 9 h -> Sun 17:00 CET = 16:00Z.
        XCTAssertEqual(berlin.date(addingWorkingSeconds: 9 * hour, to: t("2026-10-24T16:00:00+02:00")), t("2026-10-25T16:00:00Z"))
    }

    func testBerlinAllDaySpansHave23And25HourDays() {
        // 00:00-24:00 every day; a holiday far away forces the day-by-day path,
        // the second calendar takes the always-working shortcut. Both must agree.
        let general = BusinessCalendar(name: "days", timeZone: berlinZone, hours: everyDay([.allDay]),
                                       holidays: [day("2026-12-25")])
        let shortcut = BusinessCalendar(name: "days", timeZone: berlinZone, hours: everyDay([.allDay]))
        for c in [general, shortcut] {
            // 29 Mar: 00:00 CET = 28 Mar 23:00Z .. 24:00 = 30 Mar 00:00 CEST = 29 Mar 22:00Z: 23 h.
            XCTAssertEqual(c.workingSeconds(from: t("2026-03-29T00:00:00+01:00"), to: t("2026-03-30T00:00:00+02:00")), 23 * hour)
            // 25 Oct: 00:00 CEST = 24 Oct 22:00Z .. 26 Oct 00:00 CET = 25 Oct 23:00Z: 25 h.
            XCTAssertEqual(c.workingSeconds(from: t("2026-10-25T00:00:00+02:00"), to: t("2026-10-26T00:00:00+01:00")), 25 * hour)
            // 24 h from Sat 28 Mar 12:00 CET (11:00Z) is 29 Mar 11:00Z = 13:00 CEST.
            XCTAssertEqual(c.date(addingWorkingSeconds: 24 * hour, to: t("2026-03-28T12:00:00+01:00")), t("2026-03-29T13:00:00+02:00"))
        }
        XCTAssertEqual(general.workingIntervals(on: day("2026-03-29")),
                       [t("2026-03-28T23:00:00Z")..<t("2026-03-29T22:00:00Z")])
        XCTAssertEqual(general.workingIntervals(on: day("2026-10-25")),
                       [t("2026-10-24T22:00:00Z")..<t("2026-10-25T23:00:00Z")])
        // 25 Dec is a holiday in `general`: 24 h less over that week.
        XCTAssertEqual(general.workingSeconds(from: t("2026-12-21T00:00:00+01:00"), to: t("2026-12-28T00:00:00+01:00")), 6 * 24 * hour)
    }

    func testBerlinSpansAroundTheChangeHour() {
        // Sundays 01:00-04:00. 29 Mar: 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z -> 2 h.
        // 25 Oct: 01:00 CEST = 24 Oct 23:00Z, 04:00 CET = 03:00Z -> 4 h.
        let night = BusinessCalendar(name: "night", timeZone: berlinZone, hours: [.sunday: [span("01:00", "04:00")]])
        XCTAssertEqual(night.workingIntervals(on: day("2026-03-29")), [t("2026-03-29T00:00:00Z")..<t("2026-03-29T02:00:00Z")])
        XCTAssertEqual(night.workingIntervals(on: day("2026-10-25")), [t("2026-10-24T23:00:00Z")..<t("2026-10-25T03:00:00Z")])
        // A span starting in the skipped hour: 02:30 does not exist on 29 Mar and
        // moves forward by the gap to 03:30 CEST = 01:30Z; 02:30-04:00 -> 30 min.
        let gap = BusinessCalendar(name: "gap", timeZone: berlinZone, hours: [.sunday: [span("02:30", "04:00")]])
        XCTAssertEqual(gap.workingIntervals(on: day("2026-03-29")), [t("2026-03-29T01:30:00Z")..<t("2026-03-29T02:00:00Z")])
        // The repeated hour: 02:30 on 25 Oct means its first occurrence, 02:30 CEST = 00:30Z.
        XCTAssertEqual(gap.workingIntervals(on: day("2026-10-25")), [t("2026-10-25T00:30:00Z")..<t("2026-10-25T03:00:00Z")])
    }

    // MARK: Daylight saving time in Asia/Shanghai

    func testShanghaiHasNoClockChangeIn2026() {
        // China has kept +08:00 all year since 1992: on the weekends Europe changes its
        // clocks (29 Mar, 25 Oct 2026) a Shanghai all-day calendar has 24 h days, and the
        // office's Monday spans stay at 09:00+08:00 = 01:00Z.
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let days = BusinessCalendar(name: "days", timeZone: shanghai, hours: everyDay([.allDay]), holidays: [day("2026-12-25")])
        XCTAssertEqual(days.workingIntervals(on: day("2026-03-29")), [t("2026-03-28T16:00:00Z")..<t("2026-03-29T16:00:00Z")])
        XCTAssertEqual(days.workingIntervals(on: day("2026-10-25")), [t("2026-10-24T16:00:00Z")..<t("2026-10-25T16:00:00Z")])
        // Mon 30 Mar: 09:00-12:00 = 01:00Z-04:00Z, 13:30-18:30 = 05:30Z-10:30Z.
        XCTAssertEqual(office.workingIntervals(on: day("2026-03-30")),
                       [t("2026-03-30T01:00:00Z")..<t("2026-03-30T04:00:00Z"), t("2026-03-30T05:30:00Z")..<t("2026-03-30T10:30:00Z")])
        // Fri 23 Oct 17:00 + 8 h: 17:00-18:30 1h30m, Mon 26 Oct 09:00-12:00 3 h (4h30m),
        // 13:30 + 3h30m -> 17:00, still +08:00.
        XCTAssertEqual(office.date(addingWorkingSeconds: 8 * hour, to: sh("2026-10-23 17:00")), t("2026-10-26T17:00:00+08:00"))
    }

    /// China kept daylight saving time 1986-1991; in 1991 clocks went from 02:00
    /// +08:00 to 03:00 +09:00 on Sun 14 Apr (18:00Z) and from 02:00 +09:00 back to
    /// 01:00 +08:00 on Sun 15 Sep (17:00Z). The calendar follows the zone's history.
    func testShanghaiDaylightSavingTime1991() {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let spans = [span("09:00", "12:00"), span("13:30", "18:30")]
        let weekdays = Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map { ($0, spans) })
        let office1991 = BusinessCalendar(name: "office", timeZone: shanghai, hours: weekdays)
        // Mon 15 Apr (summer time): 09:00+09:00 = 00:00Z .. 12:00 = 03:00Z; 13:30 = 04:30Z .. 18:30 = 09:30Z.
        XCTAssertEqual(office1991.workingIntervals(on: day("1991-04-15")),
                       [t("1991-04-15T00:00:00Z")..<t("1991-04-15T03:00:00Z"), t("1991-04-15T04:30:00Z")..<t("1991-04-15T09:30:00Z")])
        // P2 from Fri 12 Apr 17:00 +08:00 (09:00Z): Fri 17:00-18:30 1h30m, Mon 15 Apr
        // 09:00-12:00 3 h (4h30m), 13:30 + 3h30m -> 17:00 +09:00 = 08:00Z: 8 working
        // hours, 71 h of elapsed time instead of 72.
        XCTAssertEqual(office1991.date(addingWorkingSeconds: 8 * hour, to: t("1991-04-12T17:00:00+08:00")), t("1991-04-15T17:00:00+09:00"))
        XCTAssertEqual(office1991.workingSeconds(from: t("1991-04-12T17:00:00+08:00"), to: t("1991-04-15T17:00:00+09:00")), 8 * hour)
        // Back to standard time: Fri 13 Sep 17:00 +09:00 (08:00Z) + 8 h -> Mon 16 Sep
        // 17:00 +08:00 = 09:00Z, 73 h later.
        XCTAssertEqual(office1991.date(addingWorkingSeconds: 8 * hour, to: t("1991-09-13T17:00:00+09:00")), t("1991-09-16T17:00:00+08:00"))
        // All-day spans: Sun 14 Apr lasts 23 h (00:00+08:00 = 13 Apr 16:00Z .. 24:00+09:00
        // = 14 Apr 15:00Z), Sun 15 Sep 25 h (00:00+09:00 = 14 Sep 15:00Z .. 24:00+08:00 = 15 Sep 16:00Z).
        let days = BusinessCalendar(name: "days", timeZone: shanghai, hours: everyDay([.allDay]), holidays: [day("1991-12-25")])
        XCTAssertEqual(days.workingIntervals(on: day("1991-04-14")), [t("1991-04-13T16:00:00Z")..<t("1991-04-14T15:00:00Z")])
        XCTAssertEqual(days.workingIntervals(on: day("1991-09-15")), [t("1991-09-14T15:00:00Z")..<t("1991-09-15T16:00:00Z")])
        XCTAssertEqual(days.workingSeconds(from: t("1991-04-14T00:00:00+08:00"), to: t("1991-04-15T00:00:00+09:00")), 23 * hour)
        XCTAssertEqual(days.workingSeconds(from: t("1991-09-15T00:00:00+09:00"), to: t("1991-09-16T00:00:00+08:00")), 25 * hour)
        // Spans at the change hour: 02:30 does not exist on 14 Apr and moves forward by
        // the gap to 03:30 +09:00 = 13 Apr 18:30Z; 02:30-04:00 then lasts 30 min (to 19:00Z).
        // On 15 Sep 01:30 occurs twice and means the first (+09:00, 14 Sep 16:30Z);
        // 01:30-03:00 runs to 03:00 +08:00 = 19:00Z: 2h30m.
        let early = BusinessCalendar(name: "early", timeZone: shanghai, hours: [.sunday: [span("02:30", "04:00")]])
        XCTAssertEqual(early.workingIntervals(on: day("1991-04-14")), [t("1991-04-13T18:30:00Z")..<t("1991-04-13T19:00:00Z")])
        let night = BusinessCalendar(name: "night", timeZone: shanghai, hours: [.sunday: [span("01:30", "03:00")]])
        XCTAssertEqual(night.workingIntervals(on: day("1991-09-15")), [t("1991-09-14T16:30:00Z")..<t("1991-09-14T19:00:00Z")])
    }

    // MARK: SLA clock

    func testClockStates() {
        let opened = sh("2026-03-02 09:00")
        let target = 8 * hour
        // Due: 09:00-12:00 3 h, 13:30-18:30 5 h -> Mon 18:30.
        // Ended Mon 17:00: 3 h + 3.5 h = 6.5 h <= 8 h -> met.
        var m = SLAClock.measure(calendar: office, opened: opened, ended: sh("2026-03-02 17:00"), targetSeconds: target, now: sh("2026-03-10 00:00"))
        XCTAssertEqual(m.state, .met)
        XCTAssertEqual(m.elapsedMinutes, 390)
        XCTAssertEqual(m.targetMinutes, 480)
        XCTAssertEqual(m.due, sh("2026-03-02 18:30"))
        // Open, now Mon 15:00: 3 h + 1.5 h = 4.5 h = 56% -> running.
        m = SLAClock.measure(calendar: office, opened: opened, ended: nil, targetSeconds: target, now: sh("2026-03-02 15:00"))
        XCTAssertEqual(m.state, .running)
        XCTAssertEqual(m.elapsedSeconds, 16200)
        // Open, now Mon 17:00: 6.5 h = 81% -> at-risk.
        m = SLAClock.measure(calendar: office, opened: opened, ended: nil, targetSeconds: target, now: sh("2026-03-02 17:00"))
        XCTAssertEqual(m.state, .atRisk)
        // Exactly 80%: 6.4 h = 6 h 24 min -> 13:30 + 3 h 24 min = 16:54 -> at-risk.
        m = SLAClock.measure(calendar: office, opened: opened, ended: nil, targetSeconds: target, now: sh("2026-03-02 16:54"))
        XCTAssertEqual(m.elapsedSeconds, 23040)
        XCTAssertEqual(m.state, .atRisk)
        // Open, now Tue 09:30: 8 h + 30 min -> breached.
        m = SLAClock.measure(calendar: office, opened: opened, ended: nil, targetSeconds: target, now: sh("2026-03-03 09:30"))
        XCTAssertEqual(m.state, .breached)
        // Ended Tue 10:00: 9 h -> breached.
        m = SLAClock.measure(calendar: office, opened: opened, ended: sh("2026-03-03 10:00"), targetSeconds: target, now: sh("2026-03-10 00:00"))
        XCTAssertEqual(m.state, .breached)
        XCTAssertEqual(m.elapsedMinutes, 540)
        // Ended exactly at the due instant: 8 h -> met.
        m = SLAClock.measure(calendar: office, opened: opened, ended: sh("2026-03-02 18:30"), targetSeconds: target, now: sh("2026-03-10 00:00"))
        XCTAssertEqual(m.state, .met)
    }

    func testClockWithPause() {
        // Opened Mon 2 Mar 09:00, pending 10:00-14:00 (2.5 h of working time),
        // resolved Tue 10:00: 8 h + 1 h - 2.5 h = 6.5 h -> met against 8 h.
        // Due: 1 h before the pause, 14:00-18:30 = 4.5 h (5.5 h), Tue 09:00 + 2.5 h
        // = 09:00-11:30 -> Tue 11:30.
        let pause = [sh("2026-03-02 10:00")..<sh("2026-03-02 14:00")]
        let m = SLAClock.measure(calendar: office, opened: sh("2026-03-02 09:00"), ended: sh("2026-03-03 10:00"),
                                 paused: pause, targetSeconds: 8 * hour, now: sh("2026-03-10 00:00"))
        XCTAssertEqual(m.elapsedSeconds, 23400)
        XCTAssertEqual(m.state, .met)
        XCTAssertEqual(m.due, sh("2026-03-03 11:30"))
    }
}
