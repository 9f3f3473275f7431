import Foundation
import XCTest
@testable import DocketKit

final class ListCommandTests: XCTestCase {
    func ids(_ arguments: [String]) throws -> [String] {
        let run = SampleRepository.run(["list", "--format", "json"] + arguments)
        XCTAssertEqual(run.code, 0, run.errors)
        let rows = try XCTUnwrap(SampleRepository.json(run.output) as? [[String: Any]], run.output)
        return rows.compactMap { $0["id"] as? String }
    }

    func testTableListsEveryRecordSortedByIDWithAlignedColumns() {
        let run = SampleRepository.run(["list"])
        XCTAssertEqual(run.code, 0, run.errors)
        var lines = run.output.components(separatedBy: "\n")
        XCTAssertEqual(lines.removeLast(), "")
        XCTAssertEqual(lines.removeLast(), "177 records")
        XCTAssertTrue(lines[0].hasPrefix("ID "))
        XCTAssertTrue(lines[0].hasSuffix("OPENED            TITLE"), lines[0])
        let rows = Array(lines.dropFirst())
        XCTAssertEqual(rows.count, 177)
        let ids = rows.map { String($0.prefix { $0 != " " }) }
        XCTAssertEqual(ids, ids.sorted())
        // The title column starts at the same display column on every line, wide characters counting two.
        let titleColumn = DisplayWidth.of(String(lines[0][..<lines[0].range(of: "TITLE")!.lowerBound]))
        for row in rows {
            let problem = row.hasPrefix("PRB-2026-0001")
            if problem {
                let title = "财务系统查询缓慢及超时反复发生"
                XCTAssertEqual(DisplayWidth.of(String(row[..<row.range(of: title)!.lowerBound])), titleColumn)
            }
        }
        let incident = rows.first { $0.hasPrefix("INC-2026-0001 ") }!
        XCTAssertTrue(incident.contains("incident"))
        XCTAssertTrue(incident.contains("closed"))
        XCTAssertTrue(incident.contains("P4"))
        XCTAssertTrue(incident.contains("wangwu"))
        XCTAssertTrue(incident.contains("2026-03-12 10:05"))
        XCTAssertTrue(incident.hasSuffix("立案庭三楼网络打印机无法打印"))
    }

    func testFilters() throws {
        XCTAssertEqual(try ids(["--kind", "problem"]).count, 7)
        XCTAssertEqual(try ids(["--kind", "问题"]), try ids(["--kind", "problems"]))
        let open = try ids(["--open"])
        XCTAssertFalse(open.contains("INC-2026-0001"))
        XCTAssertTrue(open.contains("INC-2026-0025"))
        let pending = try ids(["--status", "pending"])
        XCTAssertTrue(pending.contains("INC-2026-0025"))
        XCTAssertEqual(try ids(["--status", "挂起"]), pending)
        XCTAssertTrue(try ids(["--status", "closed", "--kind", "problem"]).allSatisfy { $0.hasPrefix("PRB-") })
        let lisi = try ids(["--assignee", "lisi"])
        XCTAssertTrue(lisi.contains("INC-2026-0002"))
        XCTAssertEqual(try ids(["--assignee", "李四"]), lisi)
        let p1 = try ids(["--priority", "P1", "--kind", "incident"])
        XCTAssertTrue(p1.contains("INC-2026-0013"))
        XCTAssertEqual(try ids(["--priority", "紧急", "--kind", "incident"]), p1)
        // Dates are inclusive, in the repository's time zone.
        XCTAssertEqual(try ids(["--kind", "incident", "--since", "2026-11-10", "--until", "2026-11-10"]), ["INC-2026-0013", "INC-2026-0014"])
        XCTAssertEqual(try ids(["--kind", "incident", "--until", "2026-03-12"]), ["INC-2026-0001"])
        // Linked either way: the incidents list the problem, the problem lists the change.
        let linked = try ids(["--linked-to", "PRB-2026-0001"])
        for id in ["INC-2026-0004", "INC-2026-0008", "CHG-2026-0002", "KB-0001", "CI-APP-FIN"] { XCTAssertTrue(linked.contains(id), id) }
        XCTAssertFalse(linked.contains("PRB-2026-0001"))
    }

    func testJSONRows() throws {
        let run = SampleRepository.run(["list", "--format", "json", "--kind", "problem"])
        let rows = try XCTUnwrap(SampleRepository.json(run.output) as? [[String: Any]])
        let first = try XCTUnwrap(rows.first)
        XCTAssertEqual(first["id"] as? String, "PRB-2026-0001")
        XCTAssertEqual(first["assignee"] as? String, "zhouba")
        XCTAssertEqual(first["assignee_name"] as? String, "周八")
        XCTAssertEqual(first["opened"] as? String, "2026-10-14T09:20:00+08:00")
        XCTAssertEqual(first["priority"] as? String, "P2")
        XCTAssertEqual(run.output, SampleRepository.run(["list", "--kind", "problem", "--format=json"]).output)
    }

    func testCSVHasBOMCRLFAndQuoting() {
        let run = SampleRepository.run(["list", "--format", "csv", "--kind", "problem"])
        XCTAssertEqual(run.code, 0, run.errors)
        XCTAssertTrue(run.output.hasPrefix("\u{FEFF}id,kind,status,priority,assignee,opened,title,assignee_name\r\n"), run.output)
        XCTAssertTrue(run.output.contains("\r\nPRB-2026-0001,problem,closed,P2,zhouba,2026-10-14 09:20,财务系统查询缓慢及超时反复发生,周八\r\n"))
        let row = ListCommand.Row(id: "X-1", kind: "k", status: nil, priority: nil, person: nil, personName: nil, opened: nil,
                                  title: "a, \"b\"\nc")
        let text = ListCommand.csv([row], dates: DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
        XCTAssertTrue(text.hasSuffix("\r\nX-1,k,,,,,\"a, \"\"b\"\"\nc\",\r\n"), text)
    }

    /// Rows are rendered one at a time and handed over in pieces; the text is what the whole
    /// value tree gives (`OutputValue.json()`, `TextTable.render`), wide and escaped text included.
    func testStreamedRowsEqualTheValueTreeRendering() throws {
        let dates = DateTimeParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let procedures = try ProcedureSet.load(root: SampleRepository.root)
        func row(_ number: Int) -> ListCommand.Row {
            let id = "INC-2026-" + String(100_000 + number)
            let status: String? = number % 3 == 0 ? nil : "closed"
            let person: String? = number % 5 == 0 ? nil : "lisi"
            let name: String? = person == nil ? nil : "李四"
            let title = number % 7 == 0 ? "打印机\n\"脱机\"\u{1b}" : number % 11 == 0 ? "a\\b\r\t\u{08}\u{0C}\u{01}\u{2028}\u{2029}\u{20A8}\u{7F}é😀"
                : "财务系统 " + String(number)
            let opened = Int64(1_790_000_000) + Int64(number) * 3600
            return ListCommand.Row(id: id, kind: "incident", status: status, priority: "P" + String(number % 4 + 1),
                                   person: person, personName: name, opened: opened, title: title)
        }
        let rows = (0..<3000).map(row)
        var pieces: [String] = []
        ListCommand.json(rows, dates: dates, procedures: procedures) { pieces.append($0) }
        XCTAssertGreaterThan(pieces.count, 1)
        let tree = OutputValue.array(rows.map { row -> OutputValue in
            .object([
                ("id", .string(row.id)), ("kind", .string(row.kind)), ("status", .string(row.status)),
                ("status_zh", .string(row.status.flatMap { procedures.procedure(kind: "incident")?.state($0)?.zh })),
                ("priority", .string(row.priority)), ("assignee", .string(row.person)), ("assignee_name", .string(row.personName)),
                ("opened", .string(row.opened.map(dates.iso8601))), ("title", .string(row.title)),
            ])
        })
        XCTAssertEqual(pieces.joined(), tree.json() + "\n")
        var empty = ""
        ListCommand.json([], dates: dates, procedures: procedures) { empty += $0 }
        XCTAssertEqual(empty, OutputValue.array([]).json() + "\n")

        pieces = []
        ListCommand.table(rows, dates: dates) { pieces.append($0) }
        XCTAssertGreaterThan(pieces.count, 1)
        let display = OutputValue.array(rows.map { row -> OutputValue in
            .object([
                ("id", .string(row.id)), ("kind", .string(row.kind)), ("status", .string(row.status)),
                ("priority", .string(row.priority)), ("assignee", .string(row.person)),
                ("opened", .string(row.opened.map(dates.localText))), ("title", .string(row.title)),
            ])
        })
        XCTAssertEqual(pieces.joined(), TextTable.render(display, columns: ListCommand.headers) + "\n3000 records\n")
    }

    func testUnknownValuesExitTwoWithASuggestion() {
        let kind = SampleRepository.run(["list", "--kind", "incdent"])
        XCTAssertEqual(kind.code, 2)
        XCTAssertTrue(kind.errors.contains("found \"incdent\"; did you mean \"incident\"?"), kind.errors)
        let status = SampleRepository.run(["list", "--kind", "problem", "--status", "closd"])
        XCTAssertEqual(status.code, 2)
        XCTAssertTrue(status.errors.contains("did you mean \"closed\"?"), status.errors)
        XCTAssertEqual(SampleRepository.run(["list", "--priority", "P9"]).code, 2)
        XCTAssertEqual(SampleRepository.run(["list", "--assignee", "nobody"]).code, 2)
        XCTAssertEqual(SampleRepository.run(["list", "--since", "2026-02-30"]).code, 2)
        XCTAssertEqual(SampleRepository.run(["list", "--format", "xml"]).code, 2)
        let linked = SampleRepository.run(["list", "--linked-to", "PRB-2026-001"])
        XCTAssertEqual(linked.code, 2)
        XCTAssertTrue(linked.errors.contains("did you mean PRB-2026-0001?"), linked.errors)
    }
}
