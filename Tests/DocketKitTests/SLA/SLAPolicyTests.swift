import Foundation
import XCTest
@testable import DocketKit

// A tiny hand-built YAML node model: scalars sit at (line, column 10) unless
// told otherwise; a mapping's keys sit at column 3 of their value's line.

private func position(_ line: Int, _ column: Int) -> SourceRange {
    SourceRange(at: SourcePosition(offset: line * 100 + column, line: line, column: column))
}

private func s(_ text: String, _ line: Int = 1, _ column: Int = 10) -> YAMLNode {
    YAMLNode(content: .scalar(text, .plain), range: position(line, column))
}

private func m(_ pairs: [(String, YAMLNode)], _ line: Int = 1) -> YAMLNode {
    let yamlPairs = pairs.map { key, value in
        YAMLPair(key: YAMLNode(content: .scalar(key, .plain), range: position(value.range.start.line, 3)), value: value)
    }
    return YAMLNode(content: .mapping(yamlPairs, flow: false), range: position(line, 1))
}

private func l(_ items: [YAMLNode], _ line: Int = 1) -> YAMLNode {
    YAMLNode(content: .sequence(items, flow: true), range: position(line, 1))
}

/// The contract's example document (section 9a), with the full 2026 office calendar.
private func document(
    hours: YAMLNode = m([("mon-fri", l([s("09:00-12:00"), s("13:30-18:30")]))]),
    holidays: YAMLNode = l(["2026-01-01..2026-01-03", "2026-02-15..2026-02-23", "2026-04-04..2026-04-06",
                            "2026-05-01..2026-05-05", "2026-06-19..2026-06-21", "2026-09-25..2026-09-27",
                            "2026-10-01..2026-10-07"].map { s($0) }),
    workdays: YAMLNode = l(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"].map { s($0) }),
    timezone: YAMLNode = s("Asia/Shanghai"),
    p2: YAMLNode = m([("response", s("30m")), ("resolution", s("8h")), ("calendar", s("office"))]),
    escalation: YAMLNode = m([("line-2", s("50%")), ("incident-manager", s("100%"))])
) -> YAMLNode {
    m([
        ("calendars", m([
            ("office", m([("timezone", timezone), ("hours", hours), ("holidays", holidays), ("workdays", workdays)])),
        ])),
        ("targets", m([
            ("incident", m([
                ("P1", m([("response", s("15m")), ("resolution", s("4h")), ("calendar", s("24x7"))])),
                ("P2", p2),
                ("P3", m([("response", s("2h")), ("resolution", s("24h")), ("calendar", s("office"))])),
                ("P4", m([("response", s("4h")), ("resolution", s("40h")), ("calendar", s("office"))])),
            ])),
        ])),
        ("pause", m([("incident", l([s("pending")]))])),
        ("escalation", m([("incident", escalation)])),
    ])
}

private func sh(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text.replacingOccurrences(of: " ", with: "T") + ":00+08:00")!
}

final class SLAPolicyTests: XCTestCase {
    private func assertError(_ node: YAMLNode, line: Int, column: Int, contains text: String,
                             file: StaticString = #filePath, lineNumber: UInt = #line) {
        do {
            _ = try SLAPolicy.load(from: node, path: "procedures/sla.md")
            XCTFail("expected an error containing \"\(text)\"", file: file, line: lineNumber)
        } catch {
            XCTAssertEqual(error.path, "procedures/sla.md", file: file, line: lineNumber)
            XCTAssertEqual(error.position.line, line, "message: \(error.message)", file: file, line: lineNumber)
            XCTAssertEqual(error.position.column, column, "message: \(error.message)", file: file, line: lineNumber)
            XCTAssertTrue(error.message.contains(text), "message: \(error.message)", file: file, line: lineNumber)
            // Lowercase apart from quoted input and names.
            XCTAssertEqual(error.message.first.map { String($0) }, error.message.first.map { $0.lowercased() }, file: file, line: lineNumber)
            XCTAssertFalse(error.message.hasSuffix("."), file: file, line: lineNumber)
        }
    }

    func testGoodDocumentLoads() throws {
        let policy = try SLAPolicy.load(from: document(), path: "procedures/sla.md")
        XCTAssertEqual(Set(policy.calendars.keys), ["24x7", "office"])
        XCTAssertEqual(policy.target(kind: "incident", priority: "P1"), SLATarget(response: 900, resolution: 14400, calendar: "24x7"))
        XCTAssertEqual(policy.target(kind: "incident", priority: "P4"), SLATarget(response: 14400, resolution: 144_000, calendar: "office"))
        XCTAssertEqual(policy.pause["incident"], ["pending"])
        XCTAssertEqual(policy.escalation["incident"], [EscalationThreshold(level: "line-2", percent: 50),
                                                       EscalationThreshold(level: "incident-manager", percent: 100)])
        let office = try XCTUnwrap(policy.calendar(for: XCTUnwrap(policy.target(kind: "incident", priority: "P2"))))
        XCTAssertEqual(office.timeZone.identifier, "Asia/Shanghai")
        XCTAssertEqual(office.holidays.count, 3 + 9 + 3 + 5 + 3 + 3 + 7)
        XCTAssertEqual(office.workdays.count, 6)
        XCTAssertEqual(office.hours[.friday]?.count, 2)
        XCTAssertNil(office.hours[.saturday])
        // The loaded calendar behaves like the contract says (see BusinessCalendarTests).
        XCTAssertEqual(office.date(addingWorkingSeconds: 8 * 3600, to: sh("2026-02-14 17:00")), sh("2026-02-24 17:00"))
    }

    func testDayKeyForms() throws {
        let hours = m([("mon,wed", l([s("09:00-12:00")])), ("thu-fri", l([s("13:00-24:00")])), ("SUN", s("00:00-24:00"))])
        let policy = try SLAPolicy.load(from: document(hours: hours), path: "procedures/sla.md")
        let office = try XCTUnwrap(policy.calendars["office"])
        XCTAssertEqual(office.hours[.monday], [WorkingSpan(startMinute: 540, endMinute: 720)])
        XCTAssertNil(office.hours[.tuesday])
        XCTAssertEqual(office.hours[.wednesday], [WorkingSpan(startMinute: 540, endMinute: 720)])
        XCTAssertEqual(office.hours[.friday], [WorkingSpan(startMinute: 780, endMinute: 1440)])
        XCTAssertEqual(office.hours[.sunday], [.allDay])
    }

    func testMissingTimeZoneUsesDefault() throws {
        let node = m([("calendars", m([("c", m([("hours", m([("mon", l([s("09:00-10:00")]))]))]))]))])
        let policy = try SLAPolicy.load(from: node, path: "p", defaultTimeZone: TimeZone(identifier: "Europe/Berlin"))
        XCTAssertEqual(policy.calendars["c"]?.timeZone.identifier, "Europe/Berlin")
        assertErrorNoDefault(node)
    }

    private func assertErrorNoDefault(_ node: YAMLNode) {
        XCTAssertThrowsError(try SLAPolicy.load(from: node, path: "p"))
    }

    // MARK: Broken documents

    func testUnknownCalendarReferencedByTarget() {
        let p2 = m([("response", s("30m")), ("resolution", s("8h")), ("calendar", s("ofice", 42, 17))])
        assertError(document(p2: p2), line: 42, column: 17, contains: "found \"ofice\"")
    }

    func testSpanThatEndsBeforeItStarts() {
        let hours = m([("mon-fri", l([s("09:00-12:00"), s("18:30-13:30", 42, 20)]))])
        assertError(document(hours: hours), line: 42, column: 20, contains: "ends after it starts")
    }

    func testMalformedSpans() {
        for bad in ["9-12", "09:00", "09:00-12:60", "25:00-26:00", "24:00-24:30", "09:00–12:00", "ab:cd-12:00"] {
            let hours = m([("mon", l([s(bad, 42, 20)]))])
            assertError(document(hours: hours), line: 42, column: 20, contains: "expected a span like 09:00-18:00")
        }
    }

    func testOverlappingSpans() {
        let hours = m([("mon", l([s("09:00-12:00"), s("11:00-13:00", 42, 20)]))])
        assertError(document(hours: hours), line: 42, column: 20, contains: "overlap")
    }

    func testUnknownDayKey() {
        for bad in ["monday", "mon-fry", "mon,,wed", "fri-mon", "mon-tue-wed", ""] {
            let hours = m([(bad, l([s("09:00-12:00")], 42))])
            // The key sits at column 3 of its value's line.
            assertError(document(hours: hours), line: 42, column: 3, contains: "day")
        }
    }

    func testDayGivenTwice() {
        let hours = m([("mon-fri", l([s("09:00-12:00")])), ("fri", l([s("13:00-14:00")], 42))])
        assertError(document(hours: hours), line: 42, column: 3, contains: "found fri again")
    }

    func testBadDates() {
        for bad in ["2026-02-30", "2026-1-1", "tomorrow", "2026-01-03..2026-01-01", "2026-01-01..", "2026-01-01..2027-06-01"] {
            let holidays = l([s("2026-01-01"), s(bad, 42, 12)])
            assertError(document(holidays: holidays), line: 42, column: 12, contains: "expected a date")
        }
        let workdays = l([s("2026-13-01", 43, 12)])
        assertError(document(workdays: workdays), line: 43, column: 12, contains: "found \"2026-13-01\"")
    }

    func testDateBothHolidayAndWorkday() {
        let workdays = l([s("2026-01-04"), s("2026-02-16", 42, 14)])
        assertError(document(workdays: workdays), line: 42, column: 14, contains: "2026-02-16 in both")
    }

    func testUnknownTimeZone() {
        assertError(document(timezone: s("Asia/Shanghia", 42, 15)), line: 42, column: 15, contains: "found \"Asia/Shanghia\"")
    }

    func testBadDuration() {
        for bad in ["30", "half an hour", "1.5h", "0m"] {
            let p2 = m([("response", s(bad, 42, 16)), ("resolution", s("8h")), ("calendar", s("office"))])
            assertError(document(p2: p2), line: 42, column: 16, contains: "expected a duration")
        }
    }

    func testPriorityWithoutBothTargets() {
        let p2 = m([("response", s("30m")), ("calendar", s("office"))], 42)
        assertError(document(p2: p2), line: 42, column: 1, contains: "found only response")
        let none = m([("calendar", s("office"))], 43)
        assertError(document(p2: none), line: 43, column: 1, contains: "found neither")
    }

    func testUnknownTargetKey() {
        let p2 = m([("response", s("30m")), ("resolution", s("8h")), ("calendar", s("office")), ("resolve", s("8h", 42))])
        assertError(document(p2: p2), line: 42, column: 3, contains: "found \"resolve\"")
    }

    func testBadPercentage() {
        for bad in ["50", "50 %", "half", "%", "-5%", "12.5%"] {
            let escalation = m([("line-2", s(bad, 42, 11))])
            assertError(document(escalation: escalation), line: 42, column: 11, contains: "expected a percentage like 50%")
        }
    }

    func testWrongShapes() {
        assertError(document(hours: l([s("09:00-12:00")], 42)), line: 42, column: 1, contains: "found a list")
        assertError(s("text", 1, 1), line: 1, column: 1, contains: "expected a mapping")
        let redefined = m([("calendars", m([("24x7", m([("timezone", s("UTC"))], 42))]))])
        assertError(redefined, line: 42, column: 3, contains: "built-in 24x7")
    }
}
