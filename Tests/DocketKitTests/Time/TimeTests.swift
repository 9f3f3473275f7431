import Foundation
import XCTest
@testable import DocketKit

/// The time module: civil dates, zone offsets, the duration grammar, periods
/// and the clock bounds. Figures come from Foundation's calendar (a second,
/// independent implementation) or are worked out by hand.
final class TimeTests: XCTestCase {
    private let shanghai = DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    private let newYork = DateTimeParser(timeZone: TimeZone(identifier: "America/New_York")!)
    private let utc = DateTimeParser(timeZone: TimeZone(identifier: "UTC")!)

    // MARK: Civil dates

    func testLocalDateParsesOnlyDaysThatExist() {
        XCTAssertEqual(LocalDate(parsing: "2024-02-29"), LocalDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(LocalDate(parsing: "2000-02-29")?.dayNumber, 11_016)
        for bad in ["2026-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", ""] {
            XCTAssertNil(LocalDate(parsing: bad), bad)
        }
    }

    func testDayNumbersAgreeWithFoundationAndRoundTrip() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var random = SeededGenerator(state: 9)
        for _ in 0..<2000 {
            let day = Int(random.next() % 2_932_897)   // 1970-01-01 … 9999-12-31
            let date = LocalDate(dayNumber: day)
            XCTAssertEqual(date.dayNumber, day)
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            XCTAssertEqual([date.year, date.month, date.day], [parts.year!, parts.month!, parts.day!], "day \(day)")
            XCTAssertEqual(LocalDate(parsing: date.description), date)
        }
        XCTAssertEqual(LocalDate(dayNumber: -1).description, "1969-12-31")
        XCTAssertEqual(LocalDate(year: 999, month: 1, day: 2).description, "0999-01-02")
        XCTAssertEqual(LocalDate(dayNumber: 0).weekday, .thursday)
    }

    // MARK: Zones and offsets

    func testOffsetTableAgreesWithFoundation() {
        var random = SeededGenerator(state: 20_261_130)
        for identifier in ["Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"] {
            let zone = TimeZone(identifier: identifier)!
            let dates = DateTimeParser(timeZone: zone)
            for _ in 0..<500 {
                let instant = Int64(random.next() % 4_102_444_800)   // 1970 … 2100
                XCTAssertEqual(dates.offset(at: instant), zone.secondsFromGMT(for: Instants.date(instant)), "\(identifier) at \(instant)")
            }
        }
    }

    func testLocalTimesInAGapMoveForwardAndRepeatedTimesMeanTheFirst() {
        // New York, 8 Mar 2026: 02:00 EST becomes 03:00 EDT; 02:30 does not exist and means 03:30 EDT.
        XCTAssertEqual(newYork.datetime("2026-03-08 02:30"), utc.datetime("2026-03-08T07:30:00Z"))
        XCTAssertEqual(newYork.datetime("2026-03-08 01:59"), utc.datetime("2026-03-08T06:59:00Z"))
        XCTAssertEqual(newYork.datetime("2026-03-08 03:00"), utc.datetime("2026-03-08T07:00:00Z"))
        // 1 Nov 2026: 02:00 EDT becomes 01:00 EST; 01:30 happens twice and means the first (EDT).
        XCTAssertEqual(newYork.datetime("2026-11-01 01:30"), utc.datetime("2026-11-01T05:30:00Z"))
        XCTAssertEqual(newYork.datetime("2026-11-01 02:30"), utc.datetime("2026-11-01T07:30:00Z"))
        // The same rule in the calendars: a span starting at 02:30 on that day starts at 07:30Z.
        let calendar = BusinessCalendar(name: "n", timeZone: newYork.timeZone, hours: [.sunday: [WorkingSpan(startMinute: 150, endMinute: 240)]])
        XCTAssertEqual(calendar.workingIntervals(on: LocalDate(year: 2026, month: 3, day: 8)).map { Instants.seconds($0.lowerBound) },
                       [utc.datetime("2026-03-08T07:30:00Z")!])
    }

    func testLocalDayAndTextOfAnInstant() {
        let instant = utc.datetime("2026-12-31T16:30:00Z")!
        XCTAssertEqual(shanghai.localDate(of: instant), LocalDate(year: 2027, month: 1, day: 1))
        XCTAssertEqual(newYork.localDate(of: instant), LocalDate(year: 2026, month: 12, day: 31))
        XCTAssertEqual(shanghai.localDay(of: instant), LocalDate(year: 2027, month: 1, day: 1).dayNumber)
        XCTAssertEqual(shanghai.localText(instant), "2027-01-01 00:30")
        XCTAssertEqual(shanghai.iso8601(instant), "2027-01-01T00:30:00+08:00")
        XCTAssertEqual(newYork.iso8601(instant), "2026-12-31T11:30:00-05:00")
        XCTAssertEqual(utc.localDate(of: -1), LocalDate(year: 1969, month: 12, day: 31))
        XCTAssertEqual(shanghai.instant(LocalDate(year: 2026, month: 11, day: 3), hour: 9, minute: 12), shanghai.datetime("2026-11-03 09:12"))
    }

    /// Offsets west of UTC and offsets with minutes print with their sign and both parts.
    func testOffsetsPrintWithSignHoursAndMinutes() {
        let instant = utc.datetime("2026-11-03T01:05:09Z")!
        XCTAssertEqual(DateTimeParser(timeZone: TimeZone(identifier: "America/St_Johns")!).iso8601(instant), "2026-11-02T21:35:09-03:30")
        XCTAssertEqual(DateTimeParser(timeZone: TimeZone(identifier: "Asia/Kolkata")!).iso8601(instant), "2026-11-03T06:35:09+05:30")
        XCTAssertEqual(DateTimeParser(timeZone: TimeZone(identifier: "Asia/Kathmandu")!).localText(instant), "2026-11-03 06:50")
        XCTAssertEqual(utc.iso8601(0), "1970-01-01T00:00:00+00:00")
        XCTAssertEqual(utc.localText(86_399), "1970-01-01 23:59")
    }

    func testDatesPrintWithFourDigitYears() {
        XCTAssertEqual(utc.iso8601(Instants.latestClock), "9999-12-30T23:59:59+00:00")
        XCTAssertEqual(DateTimeParser(timeZone: TimeZone(identifier: "Pacific/Kiritimati")!).localText(Instants.latestClock), "9999-12-31 13:59")
        XCTAssertEqual(utc.localText(Instants.earliestClock), "1970-01-01 00:00")
        let early = utc.datetime("0999-03-04 05:06")!
        XCTAssertEqual(utc.localText(early), "0999-03-04 05:06")
        XCTAssertEqual(utc.iso8601(early), "0999-03-04T05:06:00+00:00")
    }

    // MARK: Durations

    func testDurationGrammarIsDescendingUnitsEachAtMostOnce() {
        XCTAssertEqual(DurationText.parse("15m"), 900)
        XCTAssertEqual(DurationText.parse("4h"), 14_400)
        XCTAssertEqual(DurationText.parse("1h30m"), 5400)
        XCTAssertEqual(DurationText.parse("2d"), 172_800)
        XCTAssertEqual(DurationText.parse("1d2h3m4s"), 93_784)
        XCTAssertEqual(DurationText.parse("0m"), 0)
        XCTAssertEqual(DurationText.parse("90m"), 5400)
        for bad in ["", "15", "m", "1.5h", "30m1h", "1h1h", "1m1d", "4 h", "-1h", "1x", "1H", "9999999999h", "h1"] {
            XCTAssertNil(DurationText.parse(bad), bad)
        }
    }

    func testDurationFormatIsInTheGrammar() {
        XCTAssertEqual(DurationText.format(0), "0m")
        XCTAssertEqual(DurationText.format(93_784), "1d2h3m4s")
        XCTAssertEqual(DurationText.format(172_800), "2d")
        XCTAssertEqual(DurationText.format(94_680, largestUnit: .hour), "26h18m")
        XCTAssertEqual(DurationText.format(-3900, largestUnit: .hour), "-1h5m")
        XCTAssertEqual(SLAText.duration(seconds: -3959), "-1h5m")   // whole minutes, towards zero
        var random = SeededGenerator(state: 77)
        for _ in 0..<1000 {
            let seconds = Int(random.next() % 10_000_000)
            XCTAssertEqual(DurationText.parse(DurationText.format(seconds)), seconds)
            XCTAssertEqual(DurationText.parse(DurationText.format(seconds, largestUnit: .hour)), seconds)
        }
    }

    /// One grammar everywhere: a record field and sla.md accept and refuse the same texts.
    func testRecordsAndSLADocumentShareTheGrammar() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sla = try String(contentsOfFile: root + "/procedures/sla.md", encoding: .utf8)
        for (text, accepted) in [("1h30m", true), ("30m1h", false)] {
            let edited = sla.replacingOccurrences(of: "resolution: 4h", with: "resolution: \(text)")
            XCTAssertNotEqual(edited, sla)
            try TestRepository.write(edited, to: "procedures/sla.md", in: root)
            let result = TestRepository.run(["sla", "--now", "2026-11-30T10:00:00+08:00"], in: root)
            XCTAssertEqual(result.status, accepted ? 0 : 2, "\(text): \(result.errors)")
            if !accepted { XCTAssertTrue(result.errors.contains("expected a duration like 15m, 4h, 1h30m or 2d, found \"30m1h\""), result.errors) }
        }
        XCTAssertNil(DurationText.parse("30m1h"))   // what FieldDecoder calls for a `duration` field
    }

    // MARK: Periods

    func testPeriodForms() {
        func days(_ text: String) -> String? { Period(parsing: text)?.description }
        XCTAssertEqual(days("2026"), "2026-01-01..2026-12-31")
        XCTAssertEqual(days("2026-Q4"), "2026-10-01..2026-12-31")
        XCTAssertEqual(days("2026-q1"), "2026-01-01..2026-03-31")
        XCTAssertEqual(days("2024-02"), "2024-02-01..2024-02-29")
        XCTAssertEqual(days("2026-11-03"), "2026-11-03..2026-11-03")
        XCTAssertEqual(days("2026-11-01..2026-11-30"), "2026-11-01..2026-11-30")
        XCTAssertEqual(days("2026-01..2026-03"), "2026-01-01..2026-03-31")
        XCTAssertEqual(days("2025..2026-Q1"), "2025-01-01..2026-03-31")
        for bad in ["", "26", "2026-Q5", "2026-Q0", "2026-13", "2026-11-31", "2026-12..2026-11", "2026-11-01...2026-11-02",
                    "2026-11-01..", "..2026-11-01", "2026-11-1", "2026-11 ", "2026-W45"] {
            XCTAssertNil(Period(parsing: bad), bad)
        }
    }

    func testPeriodInstantsAreLocalMidnights() {
        let november = Period(parsing: "2026-11")!.instants(in: shanghai)
        XCTAssertEqual(november, utc.datetime("2026-10-31T16:00:00Z")!..<utc.datetime("2026-11-30T16:00:00Z")!)
        // Across a change of offset: New York's November has 30 days and one extra hour.
        let newYorkNovember = Period(parsing: "2026-11")!.instants(in: newYork)
        XCTAssertEqual(newYorkNovember.upperBound - newYorkNovember.lowerBound, 30 * 86_400 + 3600)
        XCTAssertFalse(november.contains(shanghai.datetime("2026-12-01 00:00")!))
        XCTAssertTrue(november.contains(shanghai.datetime("2026-11-30 23:59")!))
    }

    func testSLAPeriodAcceptsQuartersAndYears() {
        let now = "2026-11-30T10:00:00+08:00"
        func ids(_ period: String) -> [String] {
            slaJSON(docket(["sla", "--root", packageRoot, "--now", now, "--period", period, "--format", "json"]).output)
                .compactMap { $0["id"] as? String }.sorted()
        }
        let months = (ids("2026-10") + ids("2026-11") + ids("2026-12")).sorted()
        XCTAssertFalse(months.isEmpty)
        XCTAssertEqual(ids("2026-Q4"), months)
        XCTAssertEqual(ids("2026-10..2026-12"), months)
        XCTAssertEqual(ids("2025"), [])
        let bad = docket(["sla", "--root", packageRoot, "--period", "2026-Q5"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.errors.contains("expected --period to be a period like 2026, 2026-Q4, 2026-11, 2026-11-03 or FROM..TO"), bad.errors)
    }

    // MARK: Clock input

    func testClockInputIsBoundedTheSameWayFromBothSources() {
        let message = "from 1970-01-01T00:00:00Z to 9999-12-30T23:59:59Z (0 to 253402214399 seconds since 1970)"
        for epoch in ["100000000000000", "-1", "253402214400"] {
            let result = TestRepository.run(["validate", "--root", packageRoot], in: packageRoot, environment: ["SOURCE_DATE_EPOCH": epoch])
            XCTAssertEqual(result.status, 2, epoch)
            XCTAssertTrue(result.errors.contains("expected SOURCE_DATE_EPOCH \(message), found \"\(epoch)\""), result.errors)
        }
        for now in ["0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31T00:00:00Z", "9999-12-31T09:00:00+09:00"] {
            for verb in ["validate", "sla"] {
                let result = TestRepository.run([verb, "--root", packageRoot, "--now", now], in: packageRoot)
                XCTAssertEqual(result.status, 2, "\(verb) \(now)")
                XCTAssertTrue(result.errors.contains("expected --now \(message), found \"\(now)\""), result.errors)
            }
        }
    }

    func testClockAtTheBoundsIsAcceptedAndMeasuredQuickly() {
        // Measuring open records at the end of 9999 walks 8,000 years of office hours: whole
        // weeks are added in one step (this ran out of memory before the bound and the step).
        let latest = TestRepository.run(["sla", "--root", packageRoot, "--format", "json"], in: packageRoot,
                                        environment: ["SOURCE_DATE_EPOCH": String(Instants.latestClock)])
        XCTAssertEqual(latest.status, 0, latest.errors)
        let breached = slaJSON(latest.output).first { $0["id"] as? String == "INC-2026-0022" }?["resolution"] as? [String: Any]
        // Mon–Fri 8 h from 27 Nov 2026 to 30 Dec 9999: about 2,088 h a year for 7,973 years.
        let hours = (breached?["elapsed_minutes"] as? Int ?? 0) / 60
        XCTAssertTrue((16_500_000...16_700_000).contains(hours), "\(hours) h")
        XCTAssertTrue(latest.output.contains("\"due\": \"2026-11-27T18:30:00+08:00\""), latest.output)
        let now = TestRepository.run(["validate", "--root", packageRoot, "--now", "9999-12-30T23:59:59Z"], in: packageRoot)
        XCTAssertNotEqual(now.status, 2, now.errors)
        let earliest = TestRepository.run(["validate", "--root", packageRoot], in: packageRoot, environment: ["SOURCE_DATE_EPOCH": "0"])
        XCTAssertNotEqual(earliest.status, 2, earliest.errors)
    }

    /// The whole-week step agrees with day-by-day counting: working time is additive.
    func testLongSpansAddUpLikeShortOnes() {
        let office = BusinessCalendar(
            name: "office", timeZone: shanghai.timeZone,
            hours: Dictionary(uniqueKeysWithValues: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                ($0, [WorkingSpan(startMinute: 540, endMinute: 720), WorkingSpan(startMinute: 810, endMinute: 1110)])
            }),
            holidays: [LocalDate(year: 2030, month: 2, day: 4)])
        let start = Instants.date(shanghai.datetime("2026-11-02 10:15")!)
        var random = SeededGenerator(state: 5)
        for _ in 0..<20 {
            let middle = start.addingTimeInterval(Double(random.next() % 400_000_000))
            let end = middle.addingTimeInterval(Double(random.next() % 400_000_000))
            let whole = office.workingSeconds(from: start, to: end)
            XCTAssertEqual(whole, office.workingSeconds(from: start, to: middle) + office.workingSeconds(from: middle, to: end))
        }
        // 2026-11-02 (a Monday) to 2126-11-02: every week 40 h, less the one holiday's 8 h.
        let weeks = (LocalDate(year: 2126, month: 11, day: 2).dayNumber - LocalDate(year: 2026, month: 11, day: 2).dayNumber) / 7
        let from = Instants.date(shanghai.datetime("2026-11-02 00:00")!), to = from.addingTimeInterval(Double(weeks * 7 * 86_400))
        XCTAssertEqual(office.workingSeconds(from: from, to: to), weeks * 40 * 3600 - 8 * 3600)
    }

    /// Digits padded to a width: written in place when they fit, through the general path otherwise.
    func testDigitsPadToTheWidthAndKeepTheSign() {
        XCTAssertEqual(TimeText.digits(0, 2), "00")
        XCTAssertEqual(TimeText.digits(9, 2), "09")
        XCTAssertEqual(TimeText.digits(59, 2), "59")
        XCTAssertEqual(TimeText.digits(2026, 4), "2026")
        XCTAssertEqual(TimeText.digits(7, 4), "0007")
        XCTAssertEqual(TimeText.digits(12345, 4), "12345", "wider than the width: every digit")
        XCTAssertEqual(TimeText.digits(100, 2), "100")
        XCTAssertEqual(TimeText.digits(-5, 4), "-0005")
        XCTAssertEqual(TimeText.digits(5, 0), "5")
        XCTAssertNotEqual(TimeText.digits(5, 2), "5")
    }
}
