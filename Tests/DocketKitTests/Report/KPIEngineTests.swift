import XCTest
@testable import DocketKit

/// The KPI engine on the sample, checked against figures recomputed here from what
/// `docket list --format json` and `docket yaml` print, without the engine.
final class KPIEngineTests: XCTestCase {
    /// One incident as `docket yaml` prints its front matter.
    /// Unchecked: the JSON values are read only, after the one-time load.
    struct Incident: @unchecked Sendable {
        var id: String
        var fields: [String: Any]

        func time(_ key: String) -> Date? {
            guard let text = fields[key] as? String else { return nil }
            return Incident.parse(text)
        }

        static func parse(_ text: String) -> Date? {
            if text.contains("T") { return ISO8601DateFormatter().date(from: text) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TestPeriod.zone
            formatter.dateFormat = text.count == 16 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss"
            return formatter.date(from: text)
        }
    }

    static let incidents: [Incident] = {
        let list = TestRepository.run(["list", "--kind", "incident", "--format", "json"], in: TestRepository.packageRoot)
        let rows = try! JSONSerialization.jsonObject(with: Data(list.output.utf8)) as! [[String: Any]]
        return rows.map { row in
            let id = row["id"] as! String
            let year = id.split(separator: "-")[1]
            let yaml = TestRepository.run(["yaml", "tickets/incidents/\(year)/\(id).md"], in: TestRepository.packageRoot)
            let fields = try! JSONSerialization.jsonObject(with: Data(yaml.output.utf8)) as! [String: Any]
            return Incident(id: id, fields: fields)
        }
    }()

    func range(_ period: KPIPeriod) -> Range<Date> {
        Date(timeIntervalSince1970: Double(period.from))..<Date(timeIntervalSince1970: Double(period.to))
    }

    func incidents(_ key: String, in period: KPIPeriod) -> [Incident] {
        let range = range(period)
        return Self.incidents.filter { $0.time(key).map(range.contains) ?? false }
    }

    /// Recomputes ten incident KPIs and compares figures and record ids with the engine's.
    func assertIndependentFigures(_ period: KPIPeriod, file: StaticString = #filePath, line: UInt = #line) {
        let report = SampleKPIs.report(period)
        func engine(_ id: String) -> KPIResult { report.kpi(id, kind: "incident")! }
        func ids(_ list: [Incident]) -> [String] { list.map(\.id).sorted() }
        func check(_ id: String, _ actual: Double?, _ records: [String], _ population: [String]) {
            let result = engine(id)
            XCTAssertEqual(result.records, records, id, file: file, line: line)
            XCTAssertEqual(result.population, population, id, file: file, line: line)
            switch (result.actual, actual) {
            case (let left?, let right?): XCTAssertEqual(left, right, accuracy: 1e-9, id, file: file, line: line)
            default: XCTAssertEqual(result.actual, actual, id, file: file, line: line)
            }
        }
        let opened = incidents("reported_at", in: period)
        let resolved = incidents("resolved_at", in: period)
        let closed = incidents("closed_at", in: period)
        XCTAssertFalse(resolved.isEmpty, "the period has resolved incidents", file: file, line: line)

        check("incidents-opened", Double(opened.count), ids(opened), ids(opened))
        check("incidents-resolved", Double(resolved.count), ids(resolved), ids(resolved))

        let firstLine = resolved.filter { ($0.fields["escalations"] as? [Any] ?? []).isEmpty }
        check("first-line-resolution", Double(firstLine.count) / Double(resolved.count), ids(firstLine), ids(resolved))

        let escalated = opened.filter { !($0.fields["escalations"] as? [Any] ?? []).isEmpty }
        check("escalation-rate", opened.isEmpty ? nil : Double(escalated.count) / Double(opened.count), ids(escalated), ids(opened))

        let workaround = closed.filter { $0.fields["closure_code"] as? String == "workaround" }
        check("workaround-share", closed.isEmpty ? nil : Double(workaround.count) / Double(closed.count), ids(workaround), ids(closed))

        let rated = closed.filter { $0.fields["satisfaction"] is Int }
        let scores = rated.map { Double($0.fields["satisfaction"] as! Int) }
        check("satisfaction-mean", scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count), ids(rated), ids(rated))

        let hours = resolved.map { $0.time("resolved_at")!.timeIntervalSince($0.time("reported_at")!) / 3600 }
        check("mean-time-to-resolve", hours.reduce(0, +) / Double(hours.count), ids(resolved), ids(resolved))
        let sorted = hours.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        check("median-time-to-resolve", median, ids(resolved), ids(resolved))

        let end = range(period).upperBound
        let backlog = Self.incidents.filter { incident in
            guard let reported = incident.time("reported_at"), reported < end else { return false }
            return incident.time("resolved_at").map { $0 >= end } ?? true
        }
        check("backlog", Double(backlog.count), ids(backlog), ids(backlog))
        let old = backlog.filter { end.timeIntervalSince($0.time("reported_at")!) > 7 * 86_400 }
        XCTAssertEqual(engine("backlog").buckets.last?.records, ids(old), file: file, line: line)

        let major = opened.filter { $0.fields["major"] as? Bool == true || $0.fields["priority"] as? String == "P1" }
        check("major-incidents", Double(major.count), ids(major), ids(major))
        XCTAssertEqual(report.figures?.majorIncidents, ids(major), file: file, line: line)
        XCTAssertEqual(report.figures?.opened, ids(opened), file: file, line: line)
        XCTAssertEqual(report.figures?.closed, ids(closed), file: file, line: line)
        XCTAssertEqual(report.figures?.backlog, ids(backlog), file: file, line: line)
        XCTAssertEqual(report.figures?.workaroundClosures.map(\.id), ids(workaround), file: file, line: line)

        // Opened per priority, as the distribution and as docket list --priority would count them.
        let byPriority = Dictionary(grouping: opened) { $0.fields["priority"] as? String ?? "-" }
        let distribution = report.figures!.distributions.first { $0.field == "priority" }!
        for item in distribution.items {
            XCTAssertEqual(item.records, ids(byPriority[item.value ?? "-"] ?? []), item.value ?? "-", file: file, line: line)
        }
    }

    /// Six KPIs and the counts recomputed here from `docket list` and `docket yaml` equal
    /// what `docket report --format json` prints, figure and record ids.
    func assertReportJSONAgrees(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let period = TestPeriod.parse(text)
        let run = TestRepository.run(["report", "--period", text, "--format", "json"], in: TestRepository.packageRoot)
        XCTAssertEqual(run.status, 0, run.errors, file: file, line: line)
        let model = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], file: file, line: line)
        let kpis = try XCTUnwrap(model["kpis"] as? [[String: Any]], file: file, line: line)
        func check(_ id: String, _ actual: Double?, _ records: [Incident]) {
            guard let kpi = kpis.first(where: { $0["id"] as? String == id }) else { return XCTFail("no \(id)", file: file, line: line) }
            XCTAssertEqual(kpi["records"] as? [String], records.map(\.id).sorted(), id, file: file, line: line)
            if let actual {
                XCTAssertEqual(kpi["actual"] as? Double ?? .nan, actual, accuracy: 1e-9, id, file: file, line: line)
            } else {
                XCTAssertTrue(kpi["actual"] is NSNull, id, file: file, line: line)
            }
        }
        let opened = incidents("reported_at", in: period)
        let resolved = incidents("resolved_at", in: period)
        let closed = incidents("closed_at", in: period)
        check("incidents-opened", Double(opened.count), opened)
        check("incidents-resolved", Double(resolved.count), resolved)
        let firstLine = resolved.filter { ($0.fields["escalations"] as? [Any] ?? []).isEmpty }
        check("first-line-resolution", resolved.isEmpty ? nil : Double(firstLine.count) / Double(resolved.count), firstLine)
        let workaround = closed.filter { $0.fields["closure_code"] as? String == "workaround" }
        check("workaround-share", closed.isEmpty ? nil : Double(workaround.count) / Double(closed.count), workaround)
        let rated = closed.filter { $0.fields["satisfaction"] is Int }
        let scores = rated.map { Double($0.fields["satisfaction"] as! Int) }
        check("satisfaction-mean", scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count), rated)
        let hours = resolved.map { $0.time("resolved_at")!.timeIntervalSince($0.time("reported_at")!) / 3600 }
        check("mean-time-to-resolve", hours.isEmpty ? nil : hours.reduce(0, +) / Double(hours.count), resolved)
        let major = opened.filter { $0.fields["major"] as? Bool == true || $0.fields["priority"] as? String == "P1" }
        check("major-incidents", Double(major.count), major)
        // The counts of the records opened in the period, per priority.
        let byPriority = try XCTUnwrap((model["counts"] as? [String: Any])?["by_priority"] as? [String: Int], file: file, line: line)
        for (priority, count) in byPriority {
            XCTAssertEqual(count, opened.filter { ($0.fields["priority"] as? String ?? "-") == priority }.count, priority, file: file, line: line)
        }
        XCTAssertEqual(byPriority.values.reduce(0, +), opened.count, file: file, line: line)
    }

    func testDocketReportJSONAgreesWithIndependentFigures() throws {
        try assertReportJSONAgrees("2026-11")
        try assertReportJSONAgrees("2026-08")
        try assertReportJSONAgrees("2026-Q3")
    }

    func testIndependentFiguresForAMonth() {
        assertIndependentFigures(TestPeriod.month("2026-11"))
        assertIndependentFigures(TestPeriod.month("2026-08"))
    }

    func testIndependentFiguresForAQuarter() {
        assertIndependentFigures(TestPeriod.quarter("2026-Q3"))
    }

    func testTheSampleShowsMetAndMissedTargets() {
        let report = SampleKPIs.report(TestPeriod.month("2026-11"))
        let incidentKPIs = report.kpis.filter { $0.kind == "incident" }
        XCTAssertEqual(report.kpi("major-incidents")?.met, false)
        XCTAssertEqual(report.kpi("workaround-share")?.met, true)
        // Over the trend, each target of the incident procedure is met in some month and missed in another.
        for kpi in incidentKPIs where kpi.target != nil && kpi.id != "major-incidents" {
            let outcomes = Set((kpi.trend.map(\.met) + [kpi.met]).compactMap { $0 })
            XCTAssertEqual(outcomes, [true, false], "\(kpi.id): \(kpi.trend)")
        }
        for kpi in report.kpis where kpi.measure != .count && kpi.measure != .backlog {
            XCTAssertTrue(kpi.trend.contains { $0.actual != nil }, "\(kpi.id) has figures in the trend")
        }
        let resolution = report.kpi("resolution-on-time", kind: "incident")!
        let august = SampleKPIs.report(TestPeriod.month("2026-08")).kpi("resolution-on-time")!
        XCTAssertEqual(august.met, false)
        XCTAssertEqual(august.breakdowns.first?.items.map(\.value), ["P1", "P2", "P3", "P4"])
        XCTAssertEqual(resolution.trend.count, 6)
        XCTAssertEqual(resolution.trend.last?.period, TestPeriod.month("2026-10"))
        XCTAssertEqual(resolution.trend.first?.period, TestPeriod.month("2026-05"))
    }

    /// SLA compliance per priority agrees with `docket sla --format json` for the same records.
    func testSLAComplianceAgreesWithDocketSLA() throws {
        let period = TestPeriod.month("2026-08")
        let run = TestRepository.run(["sla", "--kind", "incident", "--period", "2026-07-01..2026-08-31", "--format", "json",
                                      "--now", "2026-11-30T10:00:00+08:00"], in: TestRepository.packageRoot)
        XCTAssertEqual(run.status, 0, run.errors)
        let rows = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [[String: Any]]
        let resolvedInAugust = Set(incidents("resolved_at", in: period).map(\.id))
        var met: [String] = [], breached: [String] = []
        for row in rows where resolvedInAugust.contains(row["id"] as! String) {
            let state = (row["resolution"] as? [String: Any])?["state"] as? String
            if state == "met" { met.append(row["id"] as! String) } else if state == "breached" { breached.append(row["id"] as! String) }
        }
        let figures = SampleKPIs.report(period).figures!
        XCTAssertEqual(figures.slaByPriority.flatMap(\.resolutionMet).sorted(), met.sorted())
        XCTAssertEqual(figures.slaByPriority.flatMap(\.resolutionBreached).sorted(), breached.sorted())
        XCTAssertFalse(breached.isEmpty)
        XCTAssertEqual(figures.breached.filter { $0.kind == "incident" && $0.resolution == .breached }.map(\.id), breached.sorted())
    }

    func testRepeatIncidentsAndConfigurationItems() {
        let figures = SampleKPIs.report(TestPeriod.month("2026-08")).figures!
        let audio = figures.repeatIncidents.first { $0.configurationItem == "CI-APP-ARRAIGN" }
        XCTAssertNotNil(audio)
        XCTAssertGreaterThanOrEqual(audio?.records.count ?? 0, 4)
        let top = figures.topConfigurationItems
        XCTAssertFalse(top.isEmpty)
        for (left, right) in zip(top, top.dropFirst()) {
            XCTAssertTrue(left.records.count > right.records.count || (left.records.count == right.records.count && left.id < right.id))
        }
        XCTAssertEqual(figures.workaroundClosures.flatMap(\.problems).first, "PRB-2026-0101")
    }

    func testTwoRunsAreEqual() {
        let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
        let other = RecordStore.load(root: TestRepository.packageRoot, procedures: procedures)
        let streaming = KPIEngine(root: TestRepository.packageRoot, procedures: procedures)
        for period in [TestPeriod.month("2026-11"), TestPeriod.quarter("2026-Q4"), TestPeriod.month("2026-08")] {
            let report = SampleKPIs.report(period)
            XCTAssertEqual(report, KPIEngine(store: other).report(period: period))
            // Reading the files without keeping them gives the same report as the loaded store.
            XCTAssertEqual(report, streaming.report(period: period))
        }
    }

    /// Read from the repository, a record's body is parsed only when it may hold a work-log
    /// state mark (SLA pauses), or when a KPI filter of its kind runs a rule; the reports equal
    /// those of fully read records (`testTwoRunsAreEqual`, whose periods hold paused incidents).
    func testBodiesAreReadOnlyWhenTheFactsNeedThem() {
        XCTAssertTrue(KPIEngine.mayHoldStateMark(ArraySlice(Array("## 处理记录\n- 2026-11-02 09:00 lisi: [pending] 等待用户\n".utf8))))
        XCTAssertFalse(KPIEngine.mayHoldStateMark(ArraySlice(Array("## 处理记录\n- 2026-11-02 09:00 lisi: 电话联系用户\n".utf8))))
        let procedures = try! ProcedureSet.load(root: TestRepository.packageRoot)
        let context = KPIEngine.Context(procedures: procedures, periods: [TestPeriod.month("2026-11")], figuresKinds: ["incident"])
        // unapproved-changes filters by the rule change-approval; no incident KPI runs a rule.
        XCTAssertEqual(context.ruleKinds, ["change"])
    }

    func testPrecedingPeriods() {
        let november = TestPeriod.month("2026-11")
        XCTAssertEqual(november.preceding(2, timeZone: TestPeriod.zone), [TestPeriod.month("2026-09"), TestPeriod.month("2026-10")])
        let q4 = TestPeriod.quarter("2026-Q4")
        XCTAssertEqual(q4.preceding(6, timeZone: TestPeriod.zone).first, TestPeriod.quarter("2025-Q2"))
        XCTAssertEqual(q4.preceding(6, timeZone: TestPeriod.zone).last, TestPeriod.quarter("2026-Q3"))
        let year = KPIPeriod(from: TestPeriod.instant(2026, 1), to: TestPeriod.instant(2027, 1))
        XCTAssertEqual(year.preceding(1, timeZone: TestPeriod.zone), [KPIPeriod(from: TestPeriod.instant(2025, 1), to: TestPeriod.instant(2026, 1))])
        let tenDays = KPIPeriod(from: TestPeriod.instant(2026, 11) + 86_400 * 4, to: TestPeriod.instant(2026, 11) + 86_400 * 14)
        XCTAssertEqual(tenDays.preceding(1, timeZone: TestPeriod.zone), [KPIPeriod(from: tenDays.from - 864_000, to: tenDays.from)])
        // The product's period parser and the calendar arithmetic agree.
        XCTAssertEqual(TestPeriod.parse("2026-11"), KPIPeriod(from: TestPeriod.instant(2026, 11), to: TestPeriod.instant(2026, 12)))
        XCTAssertEqual(TestPeriod.parse("2026-Q3"), KPIPeriod(from: TestPeriod.instant(2026, 7), to: TestPeriod.instant(2026, 10)))
        let odd = KPIPeriod(from: 1000, to: 1600)
        XCTAssertEqual(odd.preceding(2, timeZone: TestPeriod.zone), [KPIPeriod(from: -200, to: 400), KPIPeriod(from: 400, to: 1000)])
    }

    /// A change approved after it was implemented counts as unapproved (rule change-approval);
    /// the sample itself has none.
    func testUnapprovedChangesCountWhatChangeApprovalReports() throws {
        let november = TestPeriod.month("2026-11")
        XCTAssertEqual(SampleKPIs.report(november).kpi("unapproved-changes")?.actual, 0)
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = "tickets/changes/2026/CHG-2026-0002.md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        try TestRepository.write(text.replacingOccurrences(of: "approved_at: 2026-10-30 16:00", with: "approved_at: 2026-11-06 16:00"), to: path, in: root)
        let procedures = try ProcedureSet.load(root: root)
        let report = KPIEngine(store: RecordStore.load(root: root, procedures: procedures)).report(period: november)
        let unapproved = report.kpi("unapproved-changes")!
        XCTAssertEqual(unapproved.actual, 1)
        XCTAssertEqual(unapproved.met, false)
        XCTAssertEqual(unapproved.records, ["CHG-2026-0002"])
    }

    /// `--kind all` reads the records once: the reports of several figures kinds from one
    /// engine equal the reports of one engine per kind, over the repository and over a store.
    func testOneReadServesTheFiguresOfEveryKind() throws {
        let root = TestRepository.packageRoot
        let procedures = try ProcedureSet.load(root: root)
        let kinds = ["incident", "request", "problem", "change"]
        for text in ["2026-11", "2026-Q4", "2026"] {
            let period = TestPeriod.parse(text)
            let together = KPIEngine(root: root, procedures: procedures).reports(period: period, figuresKinds: kinds, phases: nil)
            XCTAssertEqual(together.count, kinds.count)
            for (kind, report) in zip(kinds, together) {
                let alone = KPIEngine(root: root, procedures: procedures, figuresKind: kind).report(period: period)
                XCTAssertEqual(report, alone, "\(kind), \(text)")
                XCTAssertEqual(report.figures?.kind, kind)
                XCTAssertNotNil(report.figures?.opened.first, "\(kind), \(text): the sample opens records of every kind")
            }
            let fromStore = KPIEngine(store: SampleKPIs.store).reports(period: period, figuresKinds: kinds.reversed(), phases: nil)
            XCTAssertEqual(fromStore.map { $0.figures?.kind }, kinds.reversed())
            XCTAssertEqual(fromStore.reversed().map(\.figures), together.map(\.figures), "\(text): the store and the folder agree")
        }
    }

    /// Changes have no resolution timestamp: a change leaves the backlog when it is closed
    /// (`closed_at`), and a change in a final state without one is no backlog either.
    /// Before, every change opened before the end of the period was backlog.
    func testChangeBacklogEndsAtItsClosingState() throws {
        func backlog(_ period: String, _ store: RecordStore = SampleKPIs.store) -> [String]? {
            KPIEngine(store: store, figuresKind: "change").report(period: TestPeriod.parse(period)).figures?.backlog
        }
        // Open at the end of November: reviewed, implemented, approved; the two closed ones are not.
        XCTAssertEqual(backlog("2026-11"), ["CHG-2026-0001", "CHG-2026-0003", "CHG-2026-0005"])
        // CHG-2026-0002 was opened in October and closed on 13 November: backlog at the end of October.
        XCTAssertEqual(backlog("2026-10"), ["CHG-2026-0002"])
        // Closed without a closing timestamp: not backlog at any end.
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = "tickets/changes/2026/CHG-2026-0002.md"
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        XCTAssertTrue(text.contains("closed_at: 2026-11-13 14:00\n"))
        try TestRepository.write(text.replacingOccurrences(of: "closed_at: 2026-11-13 14:00\n", with: ""), to: path, in: root)
        let store = RecordStore.load(root: root, procedures: try ProcedureSet.load(root: root))
        XCTAssertEqual(backlog("2026-10", store), [])
        // Incidents still leave the backlog at their resolution timestamp, closed or not.
        let incidents = SampleKPIs.report(TestPeriod.month("2026-11")).figures!.backlog
        XCTAssertEqual(incidents, SampleKPIs.report(TestPeriod.month("2026-11")).kpi("backlog", kind: "incident")!.records)
    }

    func testEmptyPopulations() {
        let period = TestPeriod.month("2025-01")
        let report = SampleKPIs.report(period)
        XCTAssertEqual(report.kpi("incidents-opened")?.actual, 0)
        XCTAssertEqual(report.kpi("major-incidents")?.met, true)
        XCTAssertNil(report.kpi("resolution-on-time")?.actual)
        XCTAssertNil(report.kpi("resolution-on-time")?.met)
        XCTAssertNil(report.kpi("satisfaction-mean")?.actual)
        XCTAssertEqual(report.kpi("backlog")?.buckets.map(\.label), ["< 1d", "1d–3d", "3d–7d", "> 7d"])
    }
}
