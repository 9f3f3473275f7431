import Foundation
import XCTest
@testable import DocketKit

/// `docket report`: golden files, determinism, escaping, period errors, --kind all,
/// drill-down links to forms, and the names of the data model in docs/report.md.
final class ReportCommandTests: XCTestCase {
    /// 2026-11-30 10:00 +08:00, the sample's documented instant.
    static let epoch = ["SOURCE_DATE_EPOCH": "1796004000"]

    static func run(_ arguments: [String], in root: String = SampleRepository.root, environment: [String: String] = epoch)
        -> (code: Int32, output: String, errors: String) {
        FormCommandTests.run(arguments, in: root, environment: environment)
    }

    static func json(_ arguments: [String], in root: String = SampleRepository.root) throws -> [String: Any] {
        let result = run(arguments + ["--format", "json"], in: root)
        XCTAssertEqual(result.code, 0, result.errors)
        return try XCTUnwrap(SampleRepository.json(result.output) as? [String: Any])
    }

    // MARK: - Golden files and determinism

    func testGoldenFiles() throws {
        try FileManager.default.createDirectory(atPath: TestRepository.packageRoot + "/Tests/DocketKitTests/Snapshots/report",
                                                withIntermediateDirectories: true)
        for format in ReportFormat.allCases {
            let result = Self.run(["report", "--period", "2026-11", "--format", format.rawValue])
            XCTAssertEqual(result.code, 0, result.errors)
            XCTAssertEqual(result.errors, "")
            // Foundation drops a byte order mark when it reads the golden file: the CSV's is checked here.
            let text = format == .csv && result.output.hasPrefix("\u{FEFF}") ? String(result.output.dropFirst()) : result.output
            try assertSnapshot("report/2026-11.\(format.rawValue)", text)
        }
        let english = Self.run(["report", "--period", "2026-11", "--lang", "en"])
        XCTAssertEqual(english.code, 0, english.errors)
        try assertSnapshot("report/2026-11.en.md", english.output)
    }

    func testTwoRunsGiveTheSameBytesInEveryFormat() throws {
        for kind in ["incident", "all"] {
            for format in ReportFormat.allCases {
                let arguments = ["report", "--period", "2026-Q4", "--kind", kind, "--format", format.rawValue]
                let first = Self.run(arguments), second = Self.run(arguments)
                XCTAssertEqual(first.code, 0, first.errors)
                XCTAssertEqual(first.output, second.output, "\(kind) \(format)")
                XCTAssertFalse(first.output.isEmpty)
            }
            let data = ["report", "--period", "2026-Q4", "--kind", kind, "--data"]
            XCTAssertEqual(Self.run(data).output, Self.run(data).output)
        }
        // Written to a file, the bytes are those of standard output.
        let root = try TestRepository.copy()
        let printed = Self.run(["report", "--period", "2026-11", "--format", "html"], in: root).output
        XCTAssertEqual(Self.run(["report", "--period", "2026-11", "-o", "r.html"], in: root).code, 0)
        XCTAssertEqual(try String(contentsOfFile: root + "/r.html", encoding: .utf8), printed)
        // The JSON is written as it is laid out, to standard output or to the file: the same bytes.
        for extra in [["--format", "json"], ["--data"]] {
            let json = Self.run(["report", "--period", "2026", "--kind", "all"] + extra, in: root).output
            XCTAssertTrue(json.hasSuffix("}\n"), extra.joined())
            XCTAssertEqual(Self.run(["report", "--period", "2026", "--kind", "all", "-o", "r.json"] + extra, in: root).code, 0)
            XCTAssertEqual(try String(contentsOfFile: root + "/r.json", encoding: .utf8), json, extra.joined())
        }
    }

    /// "Generated at" is --now, else SOURCE_DATE_EPOCH, else the end of the period; never the clock.
    /// `DOCKET_PHASES=1` times each phase on standard error; without it nothing is added there,
    /// and the report's bytes are the same either way.
    func testPhasesAreTimedOnlyWhenAsked() throws {
        let plain = Self.run(["report", "--period", "2026-11", "--format", "csv"])
        XCTAssertEqual(plain.errors, "")
        let timed = Self.run(["report", "--period", "2026-11", "--format", "csv"],
                             environment: Self.epoch.merging(["DOCKET_PHASES": "1"]) { $1 })
        XCTAssertEqual(timed.code, 0)
        XCTAssertEqual(timed.output, plain.output)
        let phases = timed.errors.split(separator: "\n").map { $0.split(separator: ":")[0] }
        XCTAssertEqual(phases, ["phase procedures", "phase walk and read", "phase sort", "phase kpis and figures",
                                "phase model", "phase output"])
        XCTAssertNotNil(timed.errors.firstMatch(of: /phase walk and read: [0-9]+\.[0-9]{3} s wall, [0-9]+\.[0-9]{3} s cpu\n/))
    }

    func testGeneratedAtNeverComesFromTheClock() throws {
        let withoutEpoch = Self.run(["report", "--period", "2026-11", "--format", "json"], environment: [:])
        let model = try XCTUnwrap(SampleRepository.json(withoutEpoch.output) as? [String: Any])
        XCTAssertEqual(model["generated_at"] as? String, "2026-12-01 00:00")
        XCTAssertEqual(model["generated_at_source"] as? String, "period-end")
        XCTAssertEqual(withoutEpoch.output, Self.run(["report", "--period", "2026-11", "--format", "json"], environment: [:]).output)
        let epoch = try Self.json(["report", "--period", "2026-11"])
        XCTAssertEqual(epoch["generated_at"] as? String, "2026-11-30 10:00")
        XCTAssertEqual(epoch["generated_at_source"] as? String, "SOURCE_DATE_EPOCH")
        let now = try Self.json(["report", "--period", "2026-11", "--now", "2026-12-02 08:30"])
        XCTAssertEqual(now["generated_at"] as? String, "2026-12-02 08:30")
        XCTAssertEqual(now["generated_at_source"] as? String, "--now")
    }

    // MARK: - Stable JSON keys

    func testStableJSONKeys() throws {
        let model = try Self.json(["report", "--period", "2026-11"])
        XCTAssertEqual(model["period"] as? [String: String], ["from": "2026-11-01", "to": "2026-11-30", "label": "2026-11"])
        let counts = try XCTUnwrap(model["counts"] as? [String: Any])
        for key in ["by_status", "by_priority", "by_category", "by_channel", "by_support_line"] {
            XCTAssertNotNil(counts[key] as? [String: Int], key)
        }
        XCTAssertEqual((counts["by_priority"] as? [String: Int])?["P1"], 1)
        let kpis = try XCTUnwrap(model["kpis"] as? [[String: Any]])
        let response = try XCTUnwrap(kpis.first { $0["id"] as? String == "response-on-time" })
        XCTAssertEqual(response["target"] as? Double, 0.95)
        XCTAssertEqual(response["met"] as? Bool, true)
        XCTAssertEqual(response["label"] as? String, "按时响应率")
        let major = try XCTUnwrap(kpis.first { $0["id"] as? String == "major-incidents" })
        XCTAssertEqual(major["met"] as? Bool, false)
        XCTAssertEqual(major["records"] as? [String], ["INC-2026-0013"])
        let escalation = try XCTUnwrap(kpis.first { $0["id"] as? String == "escalation-rate" })
        XCTAssertTrue(escalation["met"] is NSNull, "no target: met is null")
        let trend = try XCTUnwrap(model["trend"] as? [[String: Any]])
        XCTAssertEqual(trend.map { $0["period"] as? String }, ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"])
        XCTAssertNotNil((trend.first?["kpis"] as? [String: Any])?["incidents-opened"])
        XCTAssertNil(model["drilldowns"], "presentation parts stay out of the JSON")
        XCTAssertNil(model["sections"], "one kind: no repeated sections")
    }

    /// Resolved in the period and breached, and open at its end with a target already breached.
    func testBreachedRecords() throws {
        let model = try Self.json(["report", "--period", "2026-11"])
        let breached = try XCTUnwrap(model["breached"] as? [String: Any])
        let open = try XCTUnwrap((breached["open_at_end"] as? [String: Any])?["records"] as? [String])
        XCTAssertEqual(open, ["INC-2026-0021", "INC-2026-0022"])
        // At the end of October those two were not yet reported: nothing open was breached then.
        let october = try Self.json(["report", "--period", "2026-10"])
        let octoberOpen = ((october["breached"] as? [String: Any])?["open_at_end"] as? [String: Any])?["records"] as? [String]
        XCTAssertFalse(octoberOpen?.contains("INC-2026-0021") ?? true)
        let august = try Self.json(["report", "--period", "2026-08"])
        let resolved = ((august["breached"] as? [String: Any])?["resolved"] as? [String: Any])?["records"] as? [String] ?? []
        XCTAssertFalse(resolved.isEmpty, "August has incidents resolved late")
    }

    // MARK: - --kind all

    func testKindAllHasASectionPerKind() throws {
        let model = try Self.json(["report", "--period", "2026-Q4", "--kind", "all"])
        let sections = try XCTUnwrap(model["sections"] as? [[String: Any]])
        XCTAssertEqual(sections.map { $0["kind"] as? String }, ["incident", "request", "problem", "change"])
        let request = try XCTUnwrap(sections[1]["kpis"] as? [[String: Any]])
        XCTAssertTrue(request.contains { $0["id"] as? String == "fulfilled-on-time" })
        let change = try XCTUnwrap(sections[3]["kpis"] as? [[String: Any]])
        XCTAssertTrue(change.contains { $0["id"] as? String == "change-success-rate" })
        XCTAssertNil(model["kpis"], "several kinds: figures only in sections")
        let html = Self.run(["report", "--period", "2026-Q4", "--kind", "all", "--format", "html"])
        XCTAssertEqual(html.code, 0, html.errors)
        XCTAssertTrue(html.output.contains("id=\"r-change-kpi-change-success-rate\""))
        XCTAssertTrue(html.output.contains("href=\"#r-change-kpi-change-success-rate\""))
        let single = Self.run(["report", "--period", "2026-Q4", "--kind", "变更", "--format", "json"])
        XCTAssertEqual(single.code, 0, single.errors)
        XCTAssertTrue(single.output.contains("\"kind\": \"change\""))
    }

    /// The title says what the report covers: the form's own title for incidents, the kind's
    /// name for another kind, every kind's name for `--kind all` (before: the incident title for all).
    func testTitleNamesTheKindsCovered() throws {
        func title(_ extra: [String]) throws -> String? {
            let model = try Self.json(["report", "--period", "2026-Q4"] + extra)
            return (model["report"] as? [String: Any])?["title"] as? String
        }
        XCTAssertEqual(try title([]), "服务事件统计分析报表")
        XCTAssertEqual(try title(["--lang", "en"]), "Service incident statistics and analysis report")
        XCTAssertEqual(try title(["--kind", "problem"]), "问题统计分析报表")
        XCTAssertEqual(try title(["--kind", "change", "--lang", "en"]), "Change statistics and analysis report")
        XCTAssertEqual(try title(["--kind", "all"]), "事件、服务请求、问题、变更统计分析报表")
        XCTAssertEqual(try title(["--kind", "all", "--lang", "en"]),
                       "Incident, service request, problem and change statistics and analysis report")
        let html = Self.run(["report", "--period", "2026-Q4", "--kind", "problem", "--format", "html"])
        XCTAssertTrue(html.output.contains("<h1>问题统计分析报表</h1>"), html.errors)
    }

    /// The trend table's headings may break a range after its `..`; a month stays whole.
    func testTrendHeadingsBreakARangeAfterItsDots() throws {
        let range = Self.run(["report", "--period", "2026-11-01..2026-11-20", "--kind", "problem", "--format", "html"])
        XCTAssertTrue(range.output.contains("<th class=\"num\">2026-11-01..<wbr>2026-11-20</th>"), range.errors)
        XCTAssertTrue(range.output.contains("<th class=\"num\">2026-07-04..<wbr>2026-07-23</th>"), "the first trend period, 20 days earlier each")
        let month = Self.run(["report", "--period", "2026-11", "--kind", "problem", "--format", "html"])
        XCTAssertTrue(month.output.contains("<th class=\"num\">2026-11</th>"), month.errors)
        XCTAssertFalse(month.output.contains("<wbr>"))
    }

    /// A duration KPI whose target is written in days (the sample's open-problem age, `<= 30d`)
    /// shows its figures and trend in days; one written in hours keeps hours; the JSON's numbers
    /// stay in hours either way.
    func testFiguresReadInTheUnitOfTheirTarget() throws {
        func kpi(_ id: String, kind: String) throws -> [String: Any] {
            // The template's data model: the JSON's keys and the charts.
            let result = Self.run(["report", "--period", "2026-11", "--kind", kind, "--format", "html", "--data"])
            XCTAssertEqual(result.code, 0, result.errors)
            let model = try XCTUnwrap(SampleRepository.json(result.output) as? [String: Any])
            let kpis = try XCTUnwrap(model["kpis"] as? [[String: Any]])
            return try XCTUnwrap(kpis.first { $0["id"] as? String == id }, "no KPI \(id)")
        }
        let age = try kpi("open-problem-age", kind: "problem")
        XCTAssertEqual(age["target_text"] as? String, "<= 30d")
        XCTAssertEqual(age["target"] as? Double, 720)
        let hours = try XCTUnwrap(age["actual"] as? Double)
        XCTAssertEqual(age["actual_text"] as? String, ReportModelBuilder.fixed(hours / 24, 1) + " d")
        for point in try XCTUnwrap(age["trend_points"] as? [[String: Any]]) where point["actual"] is Double {
            XCTAssertTrue((point["actual_text"] as? String)?.hasSuffix(" d") == true, "\(point)")
        }
        let svg = try XCTUnwrap(age["chart"] as? String)
        XCTAssertTrue(svg.contains(">30.0 d</text>"), "the target line is labelled in days")
        XCTAssertFalse(svg.contains(" h</text>"))
        let resolve = try kpi("mean-time-to-resolve", kind: "incident")
        XCTAssertEqual(resolve["target_text"] as? String, "<= 24h")
        XCTAssertTrue((resolve["actual_text"] as? String)?.hasSuffix(" h") == true)
    }

    // MARK: - Usage errors

    func testPeriodErrorsAreUsageErrors() {
        for bad in ["2026-13", "2026-Q5", "11-2026", "2026-02-30", "last month"] {
            let result = Self.run(["report", "--period", bad])
            XCTAssertEqual(result.code, 2, bad)
            XCTAssertTrue(result.errors.contains("expected --period to be a period like 2026, 2026-Q4, 2026-11"), result.errors)
            XCTAssertTrue(result.errors.contains("FROM..TO"), result.errors)
            XCTAssertTrue(result.errors.contains("found \"\(bad)\""), result.errors)
        }
        let missing = Self.run(["report"])
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.errors.contains("expected --period with a period like 2026"), missing.errors)
        XCTAssertEqual(Self.run(["report", "--period", "2026-11", "--kind", "knowledge"]).code, 2)
        XCTAssertEqual(Self.run(["report", "--period", "2026-11", "--format", "pdf"]).code, 2)
        XCTAssertEqual(Self.run(["report", "--period", "2026-11", "--lang", "fr"]).code, 2)
        // A good period passes.
        XCTAssertEqual(Self.run(["report", "--period", "2026-11-01..2026-11-15", "--format", "json"]).code, 0)
    }

    // MARK: - Escaping

    /// A major incident and a configuration item with markup in their titles: escaped in
    /// the tables, the drill-down lists and the SVG chart labels.
    func testRecordTextIsEscapedInHTMLAndSVG() throws {
        let root = try TestRepository.copy()
        let hostile = #"<script>alert(1)</script> & "x""#
        for (path, key) in [("tickets/incidents/2026/INC-2026-0013.md", "title"), ("tickets/cmdb/CI-APP-COURT.md", "name")] {
            var lines = try String(contentsOfFile: root + "/" + path, encoding: .utf8).components(separatedBy: "\n")
            let title = try XCTUnwrap(lines.firstIndex { $0.hasPrefix(key + ":") })
            lines[title] = "\(key): '\(hostile)'"
            try lines.joined(separator: "\n").write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        }
        let result = Self.run(["report", "--period", "2026-11", "--format", "html"], in: root)
        XCTAssertEqual(result.code, 0, result.errors)
        let html = result.output
        XCTAssertFalse(html.lowercased().contains("<script"), "unescaped <script")
        XCTAssertFalse(html.contains("\"x\""), "an unescaped quote from record text")
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
        XCTAssertTrue(html.contains("<td>" + escaped + "</td>"), "the major incident's title in its table")
        XCTAssertTrue(html.contains(">CI-APP-COURT " + escaped + "</text>"), "the configuration item's title in the SVG bar label")
        // JSON and CSV keep the text exactly, in their own quoting.
        let json = try Self.json(["report", "--period", "2026-11"], in: root)
        let top = try XCTUnwrap(json["top_configuration_items"] as? [[String: Any]])
        XCTAssertEqual(top.first { $0["id"] as? String == "CI-APP-COURT" }?["title"] as? String, hostile)
    }

    // MARK: - Drill-down

    func testEveryFigureLinksToTheListOfItsRecords() throws {
        let html = Self.run(["report", "--period", "2026-11", "--format", "html"]).output
        let anchors = Set(html.matches(of: /id="(r-[^"]+)"/).map { String($0.1) })
        let links = Set(html.matches(of: /href="#(r-[^"]+)"/).map { String($0.1) })
        XCTAssertTrue(anchors.contains("r-kpi-response-on-time"))
        XCTAssertTrue(links.contains("r-kpi-response-on-time"))
        XCTAssertEqual(links.subtracting(anchors), [], "every in-document link has its anchor")
        XCTAssertGreaterThan(links.count, 40)
        XCTAssertFalse(html.contains("<script"), "no scripts")
        XCTAssertFalse(html.contains("src=\""), "no external resources")
        XCTAssertFalse(html.contains("http://") && html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
    }

    /// With --forms-dir every id links to its form there; without it, a report written beside
    /// `docket form --all` output links the ids whose form file is there, and no other.
    func testIdsLinkToTheirForms() throws {
        let withDir = Self.run(["report", "--period", "2026-11", "--format", "html", "--forms-dir", "forms"]).output
        XCTAssertTrue(withDir.contains("<a href=\"forms/INC-2026-0013.Q3-CS-01-01.html\">INC-2026-0013</a>"))
        let without = Self.run(["report", "--period", "2026-11", "--format", "html"]).output
        XCTAssertFalse(without.contains(".Q3-CS-01-01.html"))

        let root = try TestRepository.copy()
        let out = root + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let forms = Self.run(["form", "--all", "--kind", "incident", "--since", "2026-11", "-o", "out"], in: root)
        XCTAssertEqual(forms.code, 0, forms.errors)
        try FileManager.default.removeItem(atPath: out + "/INC-2026-0015.Q3-CS-01-01.html")
        let result = Self.run(["report", "--period", "2026-11", "-o", "out/report.html"], in: root)
        XCTAssertEqual(result.code, 0, result.errors)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<a href=\"INC-2026-0013.Q3-CS-01-01.html\">INC-2026-0013</a>"))
        XCTAssertFalse(html.contains("INC-2026-0015.Q3-CS-01-01.html"), "no link to a form that is not there")
    }

    /// A record's drill-down item is rendered once and copied into the other lists that name
    /// it, but a user's template that reads a name of the list (`anchor`) inside the item still
    /// gets each list's own; an item that reads only itself gets the same bytes in every list.
    func testDrilldownItemsThatReadTheirListRenderPerList() throws {
        let root = try TestRepository.copy()
        try TestRepository.write("{{#drilldowns}}{{#records}}{{id}}@{{anchor}}|{{title}} {{/records}}\n{{/drilldowns}}",
                                 to: "templates/reports/Q3-CS-01-04.md.mustache", in: root)
        let result = Self.run(["report", "--period", "2026", "--kind", "all", "--format", "md"], in: root)
        XCTAssertEqual(result.code, 0, result.errors)
        let data = Self.run(["report", "--period", "2026", "--kind", "all", "--data"], in: root)
        let model = try XCTUnwrap(SampleRepository.json(data.output) as? [String: Any])
        let lists = try XCTUnwrap(model["drilldowns"] as? [[String: Any]])
        let expected = lists.map { list in
            ((list["records"] as? [[String: Any]]) ?? []).map { record in
                "\(record["id"] ?? "")@\(list["anchor"] ?? "")|\(HTMLEscape.escape(record["title"] as? String ?? "")) "
            }.joined() + "\n"
        }.joined()
        XCTAssertEqual(result.output, expected)
        // Records named in more than one list, each with its own list's anchor.
        let first = try XCTUnwrap(lists.first { ($0["records"] as? [Any])?.isEmpty == false })
        let id = try XCTUnwrap(((first["records"] as? [[String: Any]])?.first?["id"]) as? String)
        XCTAssertGreaterThan(result.output.components(separatedBy: id + "@").count, 2, id)
    }

    // MARK: - CSV

    func testCSVIsLongFormatWithBOMAndCRLF() throws {
        let csv = Self.run(["report", "--period", "2026-11", "--format", "csv"]).output
        XCTAssertTrue(csv.utf8.starts(with: "\u{FEFF}section,key,value,records\r\n".utf8))
        let lines = csv.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertTrue(lines.contains("incident.kpis,major-incidents,1,INC-2026-0013"))
        XCTAssertTrue(lines.contains("incident.kpis,response-on-time.target,0.95,"))
        XCTAssertTrue(lines.contains("incident.counts,by_priority.P1,1,INC-2026-0013"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("incident.trend,2026-10.incidents-opened,") })
    }

    // MARK: - docs/report.md

    /// Every name of the data model (outside maps keyed by data) is documented in docs/report.md.
    func testEveryModelNameIsDocumented() throws {
        let docs = try String(contentsOfFile: TestRepository.packageRoot + "/docs/report.md", encoding: .utf8)
        let model = try XCTUnwrap(SampleRepository.json(Self.run(["report", "--period", "2026-11", "--kind", "all", "--data"]).output) as? [String: Any])
        var names: Set<String> = []
        // Maps keyed by data: labels, value ids of a field (`by_status`), KPI ids (`trend[].kpis`).
        func keyedByData(_ parent: String?) -> Bool {
            guard let parent else { return false }
            return parent == "labels" || parent == "kpis" || parent.hasPrefix("by_")
        }
        func collect(_ value: Any, parent: String?) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if !keyedByData(parent) { names.insert(key) }
                    collect(child, parent: key)
                }
            } else if let array = value as? [Any] {
                for item in array { collect(item, parent: nil) }
            }
        }
        collect(model, parent: nil)
        for name in names.sorted() {
            XCTAssertTrue(docs.contains("`\(name)`"), "docs/report.md does not list `\(name)`")
        }
        for label in ReportLabels.entries {
            XCTAssertTrue(docs.contains("`\(label.key)`"), "docs/report.md does not list the label `\(label.key)`")
        }
    }
}

/// The SVG builder: escaped labels, bars in proportion, gaps for periods without a figure.
final class SVGChartTests: XCTestCase {
    func testBarsEscapeLabelsAndScaleToTheLargest() {
        let svg = SVGChart.bars([SVGChart.Bar(label: "<b>&\"", value: 2, text: "2"), SVGChart.Bar(label: "二", value: 4, text: "4", link: "#r-x")],
                                title: "t<")
        XCTAssertTrue(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        XCTAssertTrue(svg.contains(">&lt;b&gt;&amp;&quot;</text>"))
        XCTAssertTrue(svg.contains("<title>t&lt;</title>"))
        XCTAssertFalse(svg.contains("<b>"))
        let widths = svg.matches(of: /<rect [^>]*width="([0-9.]+)"/).map { Double($0.1)! }
        XCTAssertEqual(widths.count, 2)
        XCTAssertEqual(widths[1], widths[0] * 2, accuracy: 0.2)
        XCTAssertTrue(svg.contains("<a href=\"#r-x\">"))
        XCTAssertTrue(svg.hasSuffix("</svg>"))
        XCTAssertFalse(svg.contains("<script"))
    }

    func testLineLeavesAGapWhereAPeriodHasNoFigure() {
        let points = [SVGChart.Point(label: "05", value: 1, text: "1"), SVGChart.Point(label: "06", value: 2, text: "2"),
                      SVGChart.Point(label: "07", value: nil, text: "—"), SVGChart.Point(label: "08", value: 3, text: "3"),
                      SVGChart.Point(label: "09", value: 4, text: "4")]
        let svg = SVGChart.line(points, target: 2.5, title: "t") { String($0) }
        XCTAssertEqual(svg.matches(of: #/<polyline /#).count, 2, "two segments around the gap")
        XCTAssertEqual(svg.matches(of: #/<circle /#).count, 4)
        XCTAssertTrue(svg.contains("stroke-dasharray"), "the target line")
        XCTAssertTrue(svg.contains(">07</text>"), "every period is labelled")
        let noTarget = SVGChart.line(points, target: nil, title: "t") { String($0) }
        XCTAssertFalse(noTarget.contains("stroke-dasharray"))
    }

    /// The value label of a point beside the target's label on the axis moves below the
    /// point; a point clear of it keeps its label above.
    func testAValueEqualToTheTargetKeepsClearOfTheTargetLabel() throws {
        /// The baselines of the value labels, the centres of the points and the target label's baseline.
        func layout(_ values: [Double]) -> (value: [Double], point: [Double], target: Double) {
            let points = values.enumerated().map { SVGChart.Point(label: "0\($0.offset)", value: $0.element, text: "70.0%") }
            let svg = SVGChart.line(points, target: 0.7, title: "t") { _ in "70.0%" }
            let texts = svg.matches(of: /<text x="[0-9.]+" y="([0-9.]+)" text-anchor="(end|middle)" fill="(#b00000|#000)">70.0%<\/text>/)
            let target = texts.first { $0.3 == "#b00000" }.map { Double($0.1)! } ?? -1
            let circles = svg.matches(of: /<circle cx="[0-9.]+" cy="([0-9.]+)"/).map { Double($0.1)! }
            return (texts.filter { $0.2 == "middle" }.map { Double($0.1)! }, circles, target)
        }
        // First value on the target, beside its label: below the point, its baseline under the target's.
        let beside = layout([0.7, 0.9, 0.5, 0.7])
        XCTAssertEqual(beside.value.count, 4)
        XCTAssertGreaterThan(beside.target, 0, "the target label is drawn")
        XCTAssertGreaterThan(beside.value[0], beside.point[0], "first value drawn below its point")
        XCTAssertGreaterThan(beside.value[0], beside.target + 4, "and below the target's label")
        XCTAssertLessThan(beside.value[3], beside.point[3], "the last value, far from the axis label, stays above its point")
        // Nothing beside the target's label: every value above its point.
        let clear = layout([0.2, 0.9, 0.5, 0.7])
        for index in 0..<4 { XCTAssertLessThan(clear.value[index], clear.point[index], "value \(index) above its point") }
        // A value just under the target line would be struck through above its point: below it.
        let points = [1.0, 0.857, 1.0, 1.0].enumerated().map { SVGChart.Point(label: "0\($0.offset)", value: $0.element, text: "v\($0.offset)") }
        let svg = SVGChart.line(points, target: 0.95, title: "t") { String($0) }
        let values = svg.matches(of: /<text x="[0-9.]+" y="([0-9.]+)" text-anchor="middle" fill="#000">v([0-9])<\/text>/).map { (Double($0.1)!, Int($0.2)!) }
        let centres = svg.matches(of: /<circle cx="[0-9.]+" cy="([0-9.]+)"/).map { Double($0.1)! }
        XCTAssertEqual(values.map(\.1), [0, 1, 2, 3])
        XCTAssertGreaterThan(values[1].0, centres[1], "struck through above: drawn below")
        XCTAssertLessThan(values[2].0, centres[2], "clear of the line: above")
    }

    /// The y axis moves right of a wide axis label (`1639.0 h`), so the label is not cut off at
    /// the chart's left edge; narrow labels keep the axis where it was.
    func testTheYAxisClearsItsWidestLabel() throws {
        /// The x of the y axis and the left end of each right-aligned axis label.
        func axis(_ values: [Double], format: @escaping (Double) -> String) -> (axis: Double, labelStarts: [Double]) {
            let points = values.enumerated().map { SVGChart.Point(label: "0\($0.offset)", value: $0.element, text: format($0.element)) }
            let svg = SVGChart.line(points, target: nil, title: "t", format: format)
            let axisX = try! XCTUnwrap(svg.firstMatch(of: /<line x1="([0-9.]+)"/).map { Double($0.1)! })
            let labels = svg.matches(of: /<text x="([0-9.]+)" y="[0-9.]+" text-anchor="end" fill="#000">([^<]*)<\/text>/)
            return (axisX, labels.map { Double($0.1)! - SVGChart.textWidth(String($0.2)) })
        }
        let wide = axis([0, 323.8, 1639.0]) { String(format: "%.1f h", $0) }
        XCTAssertEqual(wide.labelStarts.count, 2)
        for start in wide.labelStarts { XCTAssertGreaterThanOrEqual(start, 0, "an axis label starts inside the chart") }
        XCTAssertGreaterThan(wide.axis, 44)
        let narrow = axis([0, 2, 4]) { String(Int($0)) }
        XCTAssertEqual(narrow.axis, 44, "narrow labels keep the axis at 44")
    }

    /// Neighbouring x labels never overprint: short labels stay on one row under their
    /// points; ranges break after their `..`; labels still too wide go every other one a row lower.
    func testCrowdedXLabelsBreakAndStagger() throws {
        /// Each label line: its x, its baseline, its text; and the chart's height.
        func labels(_ texts: [String]) -> (lines: [(x: Double, y: Double, text: String)], height: Double) {
            let points = texts.enumerated().map { SVGChart.Point(label: $0.element, value: Double($0.offset), text: "v") }
            let svg = SVGChart.line(points, target: nil, title: "t") { String($0) }
            let lines = svg.matches(of: /<text x="([0-9.]+)" y="([0-9.]+)" text-anchor="middle" fill="#000">([^<v]+)<\/text>/)
                .map { (Double($0.1)!, Double($0.2)!, String($0.3)) }
            let height = Double(svg.firstMatch(of: /height="([0-9.]+)"/)!.1)!
            return (lines, height)
        }
        /// True when no two lines on one baseline overlap (with the chart's width estimate).
        func clear(_ lines: [(x: Double, y: Double, text: String)]) -> Bool {
            let sorted = lines.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.y == b.y {
                if a.x + SVGChart.textWidth(a.text) / 2 > b.x - SVGChart.textWidth(b.text) / 2 { return false }
            }
            return true
        }
        let months = labels((5...11).map { String(format: "2026-%02d", $0) })
        XCTAssertEqual(months.lines.count, 7)
        XCTAssertEqual(Set(months.lines.map(\.y)).count, 1, "months fit on one row")
        XCTAssertEqual(months.height, 130)
        let days = labels((14...20).map { "2026-11-\($0)" })
        XCTAssertEqual(Set(days.lines.map(\.y)).count, 2, "days take two rows, every other one lower")
        XCTAssertTrue(clear(days.lines))
        XCTAssertGreaterThan(days.height, 130)
        let ranges = labels(["2026-07-04..2026-07-23", "2026-07-24..2026-08-12", "2026-08-13..2026-09-01", "2026-09-02..2026-09-21",
                             "2026-09-22..2026-10-11", "2026-10-12..2026-10-31", "2026-11-01..2026-11-20"])
        XCTAssertEqual(ranges.lines.count, 14, "each range on two lines")
        XCTAssertEqual(ranges.lines.first?.text, "2026-07-04..")
        XCTAssertEqual(ranges.lines.dropFirst().first?.text, "2026-07-23")
        XCTAssertTrue(clear(ranges.lines))
        XCTAssertLessThanOrEqual(ranges.lines.map(\.y).max()!, ranges.height, "inside the chart")
    }

    /// A procedure's `report: {by:}` chooses the distributions: requests by type, changes by
    /// change type, risk and result; incidents keep status, priority, category, channel, support line.
    func testEachKindIsCountedByTheFieldsItsProcedureNames() throws {
        let model = try ReportCommandTests.json(["report", "--period", "2026-Q4", "--kind", "all"])
        let sections = try XCTUnwrap(model["sections"] as? [[String: Any]])
        func keys(_ index: Int) throws -> [String] {
            let counts = try XCTUnwrap(sections[index]["counts"] as? [String: Any])
            return counts.keys.filter { $0.hasPrefix("by_") }.sorted()
        }
        XCTAssertEqual(try keys(0), ["by_category", "by_channel", "by_priority", "by_status", "by_support_line"])
        XCTAssertEqual(try keys(1), ["by_channel", "by_priority", "by_request_type", "by_status"])
        XCTAssertEqual(try keys(2), ["by_category", "by_mode", "by_priority", "by_status"])
        XCTAssertEqual(try keys(3), ["by_change_type", "by_result", "by_risk", "by_status"])
        let changes = try XCTUnwrap(sections[3]["counts"] as? [String: Any])
        let byType = try XCTUnwrap(changes["by_change_type"] as? [String: Int])
        XCTAssertEqual(Set(byType.keys).intersection(["standard", "normal", "emergency"]).count, 3, "every declared change type, also with 0")
        XCTAssertEqual(byType.values.reduce(0, +), changes["opened"] as? Int, "every change requested in the period counted once")
        let csv = ReportCommandTests.run(["report", "--period", "2026-Q4", "--kind", "request", "--format", "csv"])
        XCTAssertEqual(csv.code, 0, csv.errors)
        XCTAssertTrue(csv.output.contains("\r\nrequest.counts,by_request_type."), "CSV rows of the request type")
    }

    /// Rendered in pieces, the output is the same bytes, and a piece never ends inside a character.
    func testTheReportIsWrittenInPiecesOfWholeCharacters() throws {
        XCTAssertEqual(ReportCommand.completeUTF8Prefix(Array("ab".utf8)), 2)
        let wide = Array("a报".utf8)
        XCTAssertEqual(ReportCommand.completeUTF8Prefix(wide), 4)
        XCTAssertEqual(ReportCommand.completeUTF8Prefix(Array(wide.prefix(3))), 1, "the cut character waits for its last byte")
        XCTAssertEqual(ReportCommand.completeUTF8Prefix(Array(wide.prefix(2))), 1)
        XCTAssertEqual(ReportCommand.completeUTF8Prefix([]), 0)
        let template = try Template("{{#items}}{{name}}，{{/items}}", path: "t.mustache")
        let value = TemplateValue.map(["items": .list((0..<500).map { .map(["name": .string("事件\($0)")]) })])
        let whole = try TemplateRenderer().render(template, with: value)
        var pieces: [[UInt8]] = []
        try TemplateRenderer().render(template, with: value, piece: 100) { pieces.append($0) }
        XCTAssertGreaterThan(pieces.count, 10)
        XCTAssertEqual(pieces.flatMap { $0 }, whole)
        let file = NSTemporaryDirectory() + "docket-report-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let written = ReportCommandTests.run(["report", "--period", "2026", "--format", "html", "-o", file])
        XCTAssertEqual(written.code, 0, written.errors)
        let printed = ReportCommandTests.run(["report", "--period", "2026", "--format", "html"])
        XCTAssertEqual(FileSystem.read(file).map { String(decoding: $0, as: UTF8.self) }, printed.output)
    }

    func testCoordinatesAreWrittenWithOneDecimal() {
        XCTAssertEqual(SVGChart.n(12), "12")
        XCTAssertEqual(SVGChart.n(12.25), "12.3")
        XCTAssertEqual(SVGChart.n(-0.04), "0")
        XCTAssertEqual(SVGChart.n(-1.5), "-1.5")
        XCTAssertEqual(ReportModelBuilder.format(0.9333, unit: .fraction), "93.3%")
        XCTAssertEqual(ReportModelBuilder.format(1.25, unit: .hours), "1.3 h")
        XCTAssertEqual(ReportModelBuilder.format(4.5714, unit: .number), "4.57")
        XCTAssertEqual(ReportModelBuilder.format(14, unit: .count), "14")
    }
}
