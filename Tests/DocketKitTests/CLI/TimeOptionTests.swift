import XCTest
@testable import DocketKit

/// `--now` in a local shape: the error says what is accepted and the accepted form of the same instant.
final class TimeOptionTests: XCTestCase {
    func errors(_ now: String) -> (code: Int32, errors: String) {
        let run = SampleRepository.run(["show", "INC-2026-0021", "--now", now])
        return (run.code, run.errors)
    }

    func testALocalShapeGetsItsAcceptedForm() {
        for local in ["2026/11/30 10:00", "30.11.2026 10:00", "２０２６-11-30 10：00", "2026年11月30日 10:00"] {
            let run = errors(local)
            XCTAssertEqual(run.code, 2, local)
            XCTAssertTrue(run.errors.hasPrefix("docket show: error: expected --now to be a datetime such as 2026-11-30T10:00:00+08:00 or 2026-11-30 10:00, found \"\(local)\"; did you mean \"2026-11-30 10:00\"?\n"), run.errors)
        }
        // The suggestion is accepted as it stands; so is the ISO form without an offset (a local time).
        XCTAssertEqual(errors("2026-11-30 10:00").code, 0)
        XCTAssertEqual(errors("2026-11-30T10:00").code, 0)
    }

    func testNoGuessWithoutATimeOrWhereTheOrderIsAHabit() {
        for text in ["monday", "2026/11/30", "11/30/2026 10:00", "30/11/2026 10:00", "2026-11-31 10:00", "30.11.2026 25:00"] {
            let run = errors(text)
            XCTAssertEqual(run.code, 2, text)
            XCTAssertTrue(run.errors.contains("found \"\(text)\"\n"), run.errors)
            XCTAssertFalse(run.errors.contains("did you mean"), run.errors)
        }
    }

    func testLooseDateTimeReadsDayFirstOnlyWithDots() {
        XCTAssertEqual(LooseDateTime.accepted("03.11.2026 9:12")?.text, "2026-11-03 09:12")
        XCTAssertEqual(LooseDateTime.accepted("3.11.2026")?.text, "2026-11-03")
        XCTAssertEqual(LooseDateTime.accepted("2026-11-03T09:12")?.text, "2026-11-03 09:12")
        XCTAssertNil(LooseDateTime.accepted("03/11/2026 09:12"))
        XCTAssertNil(LooseDateTime.accepted("31.02.2026"))
    }
}
