import Foundation
import XCTest
@testable import DocketKit

/// `docket sla` renders each listed record in the worker that measured it, reads a body only
/// when it can hold a pause mark and selects records before measuring them: its output must be
/// the bytes of the reports read whole, selected, sorted and rendered at the end.
final class SLARenderTests: XCTestCase {
    func testJSONLineIsOneElementOfTheLinesLayout() {
        let values: [OutputValue] = [
            .object([("id", .string("INC-1 \"q\"\n")), ("calendar", .null),
                     ("response", .object([("state", .string("met")), ("due", .null)])), ("resolution", .null),
                     ("escalations_due", .array([.object([("to", .string("line-2")), ("escalated", .bool(true))])]))]),
            .object([("id", .string("a"))]),
            .string("x\u{2028}"),
            .int(3),
        ]
        for value in values {
            var line: [UInt8] = []
            JSONOutput.appendLine(value, breakFrom: "response", to: &line)
            XCTAssertEqual("[\n" + String(decoding: line, as: UTF8.self) + "\n]",
                           OutputValue.array([value]).json(.lines(breakFrom: "response")))
        }
        // The lines break where the named key is: another key gives other bytes.
        var other: [UInt8] = []
        JSONOutput.appendLine(values[0], breakFrom: "calendar", to: &other)
        XCTAssertNotEqual("[\n" + String(decoding: other, as: UTF8.self) + "\n]",
                          OutputValue.array([values[0]]).json(.lines(breakFrom: "response")))
    }

    /// The reports of the repository's incidents read whole (bodies included), selected and
    /// sorted as `docket sla --help` documents.
    private func reference(_ root: String, now: Int64, _ select: (SLAReport, Procedure) -> Bool) throws -> [SLAReport] {
        let procedures = try ProcedureSet.load(root: root)
        let procedure = try XCTUnwrap(procedures.procedure(kind: "incident"))
        let evaluator = try XCTUnwrap(SLAEvaluator(procedures: procedures, now: now))
        let folder = root + "/tickets/incidents/2026"
        var reports: [SLAReport] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".md") {
            let path = "tickets/incidents/2026/" + name
            var sink = DiagnosticSink(path: path)
            let bytes = Array(try XCTUnwrap(FileManager.default.contents(atPath: folder + "/" + name)))
            let record = try XCTUnwrap(RecordReader(procedures: procedures).read(path: path, bytes: bytes, procedure: procedure, sink: &sink))
            if let report = evaluator.evaluate(record), select(report, procedure) { reports.append(report) }
        }
        func remaining(_ report: SLAReport) -> Int { report.resolution.map { $0.targetSeconds - $0.elapsedSeconds } ?? Int.max }
        return reports.sorted { a, b in
            remaining(a) != remaining(b) ? remaining(a) < remaining(b) : a.id != b.id ? a.id < b.id : a.path < b.path
        }
    }

    func testEveryFormatPrintsTheReportsReadWhole() throws {
        let repo = try TemporaryRepository()
        defer { repo.cleanUp() }
        let folder = "tickets/incidents/2026/"
        // Breached, open.
        try repo.write(folder + "INC-2026-0001.md", incident("INC-2026-0001", reported: "2026-02-13 17:00", priority: "P2", status: "assigned"))
        // Paused now: the mark is in the body, which must be read.
        try repo.write(folder + "INC-2026-0002.md", incident("INC-2026-0002", reported: "2026-02-24 09:00", priority: "P3",
            worklog: "- 2026-02-24 09:30 lisi: [in-progress] 开始处理\n- 2026-02-24 09:45 lisi: [pending] 等待用户\n"))
        // Closed: left out of the open records, listed in its period.
        try repo.write(folder + "INC-2026-0003.md", incident("INC-2026-0003", reported: "2026-02-24 09:00", priority: "P3", status: "closed",
            extraFields: "resolved_at: 2026-02-24 11:00\nclosed_at: 2026-02-24 12:00\n"))
        // Two with the same remaining time: ordered by id; one without a priority: last.
        try repo.write(folder + "INC-2026-0005.md", incident("INC-2026-0005", reported: "2026-02-24 09:00", priority: "P4"))
        try repo.write(folder + "INC-2026-0004.md", incident("INC-2026-0004", reported: "2026-02-24 09:00", priority: "P4"))
        try repo.write(folder + "INC-2026-0006.md", "---\nid: INC-2026-0006\ntitle: 新\nstatus: new\nreported_at: 2026-02-24 09:00\nreporter: 用户\nchannel: phone\n---\n## 事件描述\n新。\n")

        let nowText = "2026-02-24T10:00:00+08:00"
        let now = try XCTUnwrap(DateTimeParser(timeZone: try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))).datetime(nowText))
        let open = try reference(repo.root, now: now) { report, procedure in !procedure.finalStates.contains(report.status ?? "") }
        XCTAssertEqual(open.map(\.id), ["INC-2026-0001", "INC-2026-0002", "INC-2026-0004", "INC-2026-0005", "INC-2026-0006"])
        XCTAssertTrue(open[1].isPaused)
        let february = try reference(repo.root, now: now) { _, _ in true }
        XCTAssertEqual(february.count, 6)

        func run(_ arguments: [String]) -> String {
            let result = repo.run(["sla", "--now", nowText] + arguments)
            XCTAssertEqual(result.status, 0, result.errors)
            return result.output
        }
        for (arguments, reports) in [([String](), open), (["--period", "2026-02"], february)] {
            XCTAssertEqual(run(arguments + ["--format", "json"]), SLAReportFormat.value(reports).json(.lines(breakFrom: "response")) + "\n")
            XCTAssertEqual(run(arguments + ["--format", "csv"]), CSVOutput.render(header: SLACommand.csvHeader, rows: reports.map(SLACommand.csvRow)))
            XCTAssertEqual(run(arguments), TextTable.render([SLACommand.tableHeader] + reports.map(SLACommand.tableRow)) + "\n"
                           + "\(reports.count) records, as of 2026-02-24 10:00 (Asia/Shanghai)\n")
        }
        // The paused record shows as paused in the table: its body was read.
        XCTAssertTrue(run([]).contains("(paused)"))
        // Without the closed record the period's listing would be the open one.
        XCTAssertNotEqual(run(["--period", "2026-02", "--format", "json"]), run(["--format", "json"]))
        // An empty selection: an empty array, a header, a line.
        XCTAssertEqual(run(["--period", "2025", "--format", "json"]), "[]\n")
        XCTAssertEqual(run(["--period", "2025", "--format", "csv"]), CSVOutput.render(header: SLACommand.csvHeader, rows: []))
        XCTAssertEqual(run(["--period", "2025"]), "no records, as of 2026-02-24 10:00 (Asia/Shanghai)\n")
    }

    /// `docket sla --format json` writes each line straight from the report: the bytes of the
    /// report's value tree laid out by `JSONOutput.appendLine`, for every sample record at three
    /// instants and for reports changed to hold what the sample lacks.
    func testJSONLineFromTheReportIsTheValueTreeLine() throws {
        func tree(_ report: SLAReport) -> String {
            var line: [UInt8] = []
            JSONOutput.appendLine(SLAReportFormat.value(report), breakFrom: "response", to: &line)
            return String(decoding: line, as: UTF8.self)
        }
        func direct(_ report: SLAReport) -> String {
            var line: [UInt8] = []
            SLAReportFormat.appendLine(report, to: &line)
            return String(decoding: line, as: UTF8.self)
        }
        var compared = 0
        var escalations = 0
        for now: Int64 in [1_796_054_400, 1_782_871_200, 2_208_960_000] {
            for var report in try reference(packageRoot, now: now, { _, _ in true }) {
                XCTAssertEqual(direct(report), tree(report), report.id)
                escalations += report.escalations.count
                compared += 1
                // No priority, a text to escape, a due instant of never, an escalation recorded.
                report.priority = nil
                report.id += "\"\\\n\u{1}\u{2028}标识"
                if var resolution = report.resolution { resolution.due = .distantFuture; report.resolution = resolution }
                for index in report.escalations.indices { report.escalations[index].escalated.toggle() }
                if !report.escalations.isEmpty { report.escalations[0].at = .distantFuture }
                XCTAssertEqual(direct(report), tree(report), report.id)
            }
        }
        XCTAssertGreaterThan(compared, 10)
        XCTAssertGreaterThan(escalations, 0)
    }
}
