import XCTest
@testable import DocketKit

/// The report's id table (`ReportRecordTable`) and the small value groups of the figures.
final class ReportRecordTableTests: XCTestCase {
    /// On the sample, the table holds exactly the titles of `ReportFigures.titles`, in id order.
    func testTheTableAnswersAsTheTitlesDictionary() throws {
        let figures = try XCTUnwrap(SampleKPIs.report(TestPeriod.parse("2026")).figures)
        let table = figures.recordTable
        XCTAssertFalse(figures.titles.isEmpty)
        XCTAssertEqual(table.count, figures.titles.count)
        for (id, title) in figures.titles {
            let index = try XCTUnwrap(table.index(of: id), id)
            XCTAssertEqual(table.id(at: index), id)
            XCTAssertEqual(table.title(at: index), title)
            XCTAssertEqual(Array(table.titleBytes(at: index)), Array(title.utf8))
            XCTAssertEqual(table.title(of: id), title)
        }
        XCTAssertEqual((0..<table.count).map { table.id(at: $0) }, figures.titles.keys.sorted())
    }

    /// An id the table does not hold has no number and no title: before the first, between two, after the last.
    func testAnIdNotInTheTableIsNotFound() {
        var table = ReportRecordTable()
        table.append(id: "INC-2", title: "two")
        table.append(id: "INC-4", title: "")
        table.append(id: "INC-6", title: "打印机卡纸")
        for missing in ["INC-1", "INC-3", "INC-5", "INC-7", "", "INC-"] {
            XCTAssertNil(table.index(of: missing), missing)
            XCTAssertNil(table.title(of: missing), missing)
        }
        XCTAssertEqual(table.title(of: "INC-4"), "")
        XCTAssertEqual(table.title(of: "INC-6"), "打印机卡纸")
        XCTAssertEqual(table.index(of: "INC-2"), 0)
    }

    /// Ids appended out of byte order are still found (by looking at each).
    func testIdsOutOfOrderAreStillFound() {
        var table = ReportRecordTable()
        for id in ["b", "a", "c", "ab"] { table.append(id: id, title: id.uppercased()) }
        XCTAssertEqual(["a", "ab", "b", "c"].map { table.title(of: $0) }, ["A", "AB", "B", "C"])
        XCTAssertNil(table.index(of: "d"))
    }

    /// Values beyond the short list's limit are found through the dictionary, each list in
    /// the order its ids came; a value never seen has no ids.
    func testSmallGroupsKeepEveryValueBeyondTheLinearLimit() {
        var groups = KPIEngine.SmallGroups()
        let count = KPIEngine.SmallGroups.linearLimit * 2
        for round in 0..<3 {
            for value in 0..<count { groups.append("id-\(round)-\(value)", to: value == 0 ? nil : "v\(value)") }
        }
        XCTAssertEqual(groups.values.count, count)
        XCTAssertEqual(groups.values.first, .some(nil))
        for value in 0..<count {
            XCTAssertEqual(groups.records(of: value == 0 ? nil : "v\(value)"), (0..<3).map { "id-\($0)-\(value)" })
        }
        XCTAssertEqual(groups.records(of: "v\(count)"), [])
        var few = KPIEngine.SmallGroups()
        few.append("a", to: "P1")
        few.append("b", to: "P2")
        few.append("c", to: "P1")
        XCTAssertEqual(few.records(of: "P1"), ["a", "c"])
        XCTAssertEqual(few.records(of: "P3"), [])
    }
}
