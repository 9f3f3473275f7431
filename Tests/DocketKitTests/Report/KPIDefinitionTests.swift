import XCTest
@testable import DocketKit

/// The `kpis:` block of a procedure: the sample's definitions, and `procedure-invalid`
/// with line and column for malformed ones.
final class KPIDefinitionTests: XCTestCase {
    static let incidentText = try! String(contentsOfFile: TestRepository.packageRoot + "/procedures/incident.md", encoding: .utf8)

    /// incident.md with its `kpis:` block replaced by `block` (lines indented as in the file).
    static func incident(kpis block: String) -> String {
        let start = incidentText.range(of: "\nkpis:\n")!.lowerBound
        let end = incidentText.range(of: "\nseverity: {}\n")!.lowerBound
        return String(incidentText[..<start]) + "\nkpis:\n" + block + String(incidentText[end...])
    }

    static func parse(_ text: String) throws -> Procedure {
        let bytes = Array(text.utf8)
        let node = try ProcedureSet.frontMatter(bytes, path: "procedures/incident.md")!
        return try ProcedureParser(path: "procedures/incident.md").parse(node)
    }

    /// Parses `block` and expects `procedure-invalid` containing `message` at the line holding
    /// `marker` (the first after `kpis:`) and the column where `marker` starts (or `column`).
    func assertInvalid(_ block: String, _ message: String, at marker: String, column: Int? = nil,
                       file: StaticString = #filePath, line: UInt = #line) {
        let text = Self.incident(kpis: block)
        do {
            _ = try Self.parse(text)
            XCTFail("expected procedure-invalid for:\n\(block)", file: file, line: line)
        } catch let error as ProcedureError {
            XCTAssertTrue(error.message.contains(message), "message: \(error.message)", file: file, line: line)
            let lines = text.components(separatedBy: "\n")
            let kpisLine = lines.firstIndex(of: "kpis:")!
            guard let index = lines[kpisLine...].firstIndex(where: { $0.contains(marker) }) else {
                return XCTFail("marker \(marker) not found", file: file, line: line)
            }
            XCTAssertEqual(error.position.line, index + 1, "line of \(error.message)", file: file, line: line)
            // Columns count UTF-8 bytes, as every diagnostic's.
            let expectedColumn = column ?? (lines[index][..<lines[index].range(of: marker)!.lowerBound].utf8.count + 1)
            XCTAssertEqual(error.position.column, expectedColumn, "column of \(error.message)", file: file, line: line)
            XCTAssertEqual(error.diagnostic.rule, "procedure-invalid", file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    /// `report: {by:}`: declared enum, state, person or bool fields, each once.
    func testReportByNamesTheFieldsTheReportCountsBy() throws {
        let procedures = try ProcedureSet.load(root: TestRepository.packageRoot)
        XCTAssertEqual(procedures.procedure(kind: "request")?.reportFields, ["status", "request_type", "priority", "channel"])
        XCTAssertEqual(procedures.procedure(kind: "change")?.reportFields, ["status", "change_type", "risk", "result"])
        XCTAssertNil(procedures.procedure(kind: "cmdb")?.reportFields, "a document without report: leaves the default")
        func parse(_ block: String) throws -> Procedure {
            let text = Self.incidentText.replacingOccurrences(
                of: "\nreport: {by: [status, priority, category, channel, support_line]}\n", with: "\n" + block + "\n")
            XCTAssertNotEqual(text, Self.incidentText, "the sample's report: line is replaced")
            return try Self.parse(text)
        }
        XCTAssertEqual(try parse("report: {by: [priority, assignee]}").reportFields, ["priority", "assignee"])
        XCTAssertEqual(try parse("report: {by: category}").reportFields, ["category"])
        for (block, message) in [
            ("report: {by: [priority, urgent]}", "expected a declared field for report by, found \"urgent\""),
            ("report: {by: [title]}", "expected an enum, state, person or bool field in report by, found \"title\" of type string"),
            ("report: {by: [status, status]}", "expected each field once in report by, found \"status\" twice"),
            ("report: {fields: [status]}", "fields"),
            ("report: {}", "expected key \"by\" in report, found none"),
        ] {
            XCTAssertThrowsError(try parse(block), block) { error in
                XCTAssertTrue((error as? ProcedureError)?.message.contains(message) ?? false, "\(block): \(error)")
            }
        }
    }

    func testTheSampleDeclaresItsKPIs() throws {
        let procedures = try ProcedureSet.load(root: TestRepository.packageRoot)
        let incident = procedures.procedure(kind: "incident")!
        XCTAssertEqual(incident.kpis.map(\.id), [
            "incidents-opened", "incidents-resolved", "response-on-time", "resolution-on-time", "first-line-resolution",
            "escalation-rate", "workaround-share", "satisfaction-mean", "mean-time-to-resolve", "median-time-to-resolve",
            "backlog", "major-incidents",
        ])
        let response = incident.kpis[2]
        XCTAssertEqual(response.measure, .slaMet)
        XCTAssertEqual(response.sla, "response")
        XCTAssertEqual(response.timestamp, "resolved_at")
        XCTAssertEqual(response.per, ["priority"])
        XCTAssertEqual(response.target, KPITarget(comparison: .atLeast, value: 0.95, text: ">= 95%"))
        XCTAssertEqual(incident.kpis[8].target?.value, 24)
        XCTAssertEqual(incident.kpis[10].buckets, [86_400, 3 * 86_400, 7 * 86_400])
        XCTAssertEqual(incident.kpis[11].filter.clauses.count, 2)
        for kind in ["request", "problem", "change"] {
            XCTAssertFalse(procedures.procedure(kind: kind)!.kpis.isEmpty, kind)
        }
        let unapproved = procedures.procedure(kind: "change")!.kpis.first { $0.id == "unapproved-changes" }!
        XCTAssertEqual(unapproved.filter.clauses.compactMap(\.rule), ["change-approval"])
        XCTAssertEqual(unapproved.target?.text, "= 0")
    }

    func testAValidMinimalBlockParses() throws {
        let procedure = try Self.parse(Self.incident(kpis: """
          - {id: opened, zh: 事件总数, en: Opened, measure: count, timestamp: reported_at}
          - {id: slow, zh: 慢, en: Slow, measure: duration, statistic: median, from: reported_at, to: resolved_at, timestamp: resolved_at, target: "< 1h30m"}
        """))
        XCTAssertEqual(procedure.kpis.map(\.id), ["opened", "slow"])
        XCTAssertEqual(procedure.kpis[1].target?.value, 1.5)
        XCTAssertEqual(procedure.kpis[1].target?.comparison, .below)
    }

    func testUnknownMeasure() {
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: percent, timestamp: reported_at}
        """, "expected a measure (count, share, mean, median, duration, sla-met, backlog, backlog-age), found \"percent\"", at: "percent")
    }

    func testShareWithoutCountIf() {
        assertInvalid("""
          - id: a
            zh: 甲
            en: A
            measure: share
            timestamp: reported_at
        """, "expected key \"count_if\" in the KPI definition, found none", at: "id: a")
    }

    func testTargetInTheWrongUnit() {
        assertInvalid("""
          - id: a
            zh: 甲
            en: A
            measure: share
            timestamp: reported_at
            count_if: {when: {major: true}}
            target: ">= 95"
        """, "expected the target value to be a percentage such as 95%, found \"95\"", at: "\">= 95\"")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: duration, statistic: mean, from: reported_at, to: resolved_at, timestamp: resolved_at, target: "<= 8 hours"}
        """, "expected the target value to be a duration such as 8h, 30m or 2d", at: "\"<= 8 hours\"")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: count, timestamp: reported_at, target: "95%"}
        """, "expected a target such as \">= 95%\"", at: "\"95%\"")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: share, timestamp: reported_at, count_if: {when: {major: true}}, target: "<= 120%"}
        """, "expected a percentage from 0% to 100%, found \"120%\"", at: "\"<= 120%\"")
    }

    func testTimestampMustBeADeclaredDatetimeField() {
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: count, timestamp: reportd_at}
        """, "expected a declared field for timestamp, found \"reportd_at\", did you mean \"reported_at\"?", at: "reportd_at")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: count, timestamp: priority}
        """, "expected a datetime field for timestamp, found \"priority\" of type enum", at: "priority}")
    }

    func testDuplicateIDUnknownKeyAndMisplacedKey() {
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: count, timestamp: reported_at}
          - {id: a, zh: 乙, en: B, measure: count, timestamp: resolved_at}
        """, "expected each KPI id once in kpis, found \"a\" twice", at: "id: a, zh: 乙", column: 10)
        assertInvalid("""
          - id: a
            zh: 甲
            en: A
            measure: count
            timestamp: reported_at
            traget: "= 0"
        """, "unknown key \"traget\" in a KPI definition, did you mean \"target\"?", at: "traget")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: count, timestamp: reported_at, field: satisfaction}
        """, "unexpected key \"field\" for measure count", at: "field:")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: backlog, timestamp: reported_at, from: reported_at, to: resolved_at}
        """, "unexpected key \"timestamp\" for measure backlog", at: "timestamp:")
    }

    func testFiltersAndBuckets() {
        assertInvalid("""
          - id: a
            zh: 甲
            en: A
            measure: count
            timestamp: reported_at
            where: {when: {majr: true}}
        """, "expected a declared field in where, found \"majr\", did you mean \"major\"?", at: "{when", column: 12)
        assertInvalid("""
          - id: a
            zh: 甲
            en: A
            measure: count
            timestamp: reported_at
            where: [{rule: sla-breach}]
        """, "expected a rule checked on single records", at: "sla-breach")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: backlog, from: reported_at, to: resolved_at, buckets: [3d, 1d]}
        """, "expected bucket ages in ascending order, found \"1d\"", at: "1d]")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: mean, field: priority, timestamp: closed_at}
        """, "expected an int field for mean, found \"priority\" of type enum", at: "priority,")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: sla-met, sla: closure, timestamp: resolved_at}
        """, "expected sla response or resolution, found \"closure\"", at: "closure")
        assertInvalid("""
          - {id: a, zh: 甲, en: A, measure: count, timestamp: reported_at, per: [title]}
        """, "expected an enum, state, person or bool field in per, found \"title\" of type string", at: "title]")
    }

    func testKPIsMustBeAList() {
        let text = Self.incident(kpis: "").replacingOccurrences(of: "\nkpis:\n", with: "\nkpis: {id: a}\n")
        XCTAssertThrowsError(try Self.parse(text)) { error in
            let error = error as! ProcedureError
            XCTAssertEqual(error.message, "expected kpis as a list of KPI definitions, found a mapping")
            let line = text.components(separatedBy: "\n").firstIndex(of: "kpis: {id: a}")! + 1
            XCTAssertEqual(error.position.line, line)
            XCTAssertEqual(error.position.column, 7)
        }
    }

    /// A broken block stops `docket validate` with exit code 2 and the position.
    func testValidateReportsABrokenBlockAsProcedureInvalid() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let text = Self.incident(kpis: "  - {id: a, zh: 甲, en: A, measure: count, timestamp: reported_at, target: \"= many\"}\n")
        try TestRepository.write(text, to: "procedures/incident.md", in: root)
        let run = TestRepository.run(["validate", "--now", "2026-11-30T10:00:00+08:00"], in: root)
        XCTAssertEqual(run.status, 2)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("= many") }! + 1
        let column = text.components(separatedBy: "\n")[line - 1].components(separatedBy: "\"= many\"")[0].utf8.count + 1
        let printed = run.output + run.errors
        XCTAssertTrue(printed.contains("procedures/incident.md:\(line):\(column): error: "), printed)
        XCTAssertTrue(printed.contains("expected the target value to be a whole number such as 0, found \"many\" in \"= many\" [procedure-invalid]"), printed)
    }

    func testTargetComparisons() {
        let atLeast = KPITarget(comparison: .atLeast, value: 0.95, text: ">= 95%")
        XCTAssertTrue(atLeast.isMet(by: 19.0 / 20.0))
        XCTAssertFalse(atLeast.isMet(by: 18.0 / 20.0))
        XCTAssertTrue(KPITarget(comparison: .equal, value: 0, text: "= 0").isMet(by: 0))
        XCTAssertFalse(KPITarget(comparison: .equal, value: 0, text: "= 0").isMet(by: 1))
        XCTAssertFalse(KPITarget(comparison: .below, value: 8, text: "< 8h").isMet(by: 8))
        XCTAssertTrue(KPITarget(comparison: .above, value: 4, text: "> 4").isMet(by: 4.5))
        guard case .success(let days) = KPITargetParser.parse("<= 2d", unit: .hours) else { return XCTFail() }
        XCTAssertEqual(days.value, 48)
        XCTAssertTrue(days.inDays, "a target written in days is shown in days")
        guard case .success(let hours) = KPITargetParser.parse("<= 8h", unit: .hours) else { return XCTFail() }
        XCTAssertFalse(hours.inDays)
        guard case .failure = KPITargetParser.parse(">= 4.5", unit: .count) else { return XCTFail("a count takes a whole number") }
    }
}
