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

    /// A list's numbers (`indices(of:)`) are those `index(of:)` gives, -1 for an id not held,
    /// whether the ids come in order, out of order, repeated, or far apart.
    func testTheNumbersOfAListAreThoseOfEachId() {
        var table = ReportRecordTable()
        let ids = (0..<1000).map { "INC-2026-" + String(1000 + 2 * $0) } + ["事件-一个很长的编号-" + String(repeating: "x", count: 40)]
        for id in ids { table.append(id: id, title: "t " + id) }
        let missing = ["", "INC-", "INC-2026-1001", "INC-2026-0999", "INC-2026-2999", "INC-2026-3000", "事件"]
        let lists: [[String]] = [
            ids, Array(ids.reversed()), ids.enumerated().filter { $0.offset % 97 == 0 }.map(\.element),
            [ids[5], ids[5], ids[3], ids[900], ids[0], ids[1000]], missing, missing + ids + missing, [],
        ]
        for list in lists {
            XCTAssertEqual(table.indices(of: list), list.map { table.index(of: $0).map { Int32($0) } ?? -1 })
        }
        XCTAssertEqual(table.indices(of: ids), (0..<Int32(ids.count)).map { $0 })
        XCTAssertEqual(table.indices(of: missing), missing.map { _ in -1 })
        XCTAssertEqual(ReportRecordTable().indices(of: ["INC-1"]), [-1])
        // A table appended out of order answers by looking at each id.
        var unordered = ReportRecordTable()
        for id in ["b", "a", "c"] { unordered.append(id: id, title: id) }
        XCTAssertEqual(unordered.indices(of: ["a", "b", "c", "d"]), [1, 0, 2, -1])
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
