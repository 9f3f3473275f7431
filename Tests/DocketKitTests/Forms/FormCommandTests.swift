import Foundation
import XCTest
@testable import DocketKit

/// `docket form`: golden files, escaping of hostile record text in every HTML form,
/// determinism, --strict, every bundled record, errors.
final class FormCommandTests: XCTestCase {
    /// 2026-11-30 10:00 +08:00, the instant the sample's SLA figures are documented at: forms carry it as generated_at.
    static let epoch = ["SOURCE_DATE_EPOCH": "1796004000"]

    static func run(_ arguments: [String], in root: String = SampleRepository.root, environment: [String: String] = epoch)
        -> (code: Int32, output: String, errors: String) {
        let console = Console(environment: environment, currentDirectory: root)
        let code = Docket.run(arguments, console: console)
        return (code, console.output, console.errors)
    }

    // MARK: - Golden files

    /// The sample records of the golden files, with the forms each gets.
    static let goldenForms: [(id: String, forms: [String])] = [
        ("INC-2026-0013", ["Q3-CS-01-01", "Q3-CS-01-02", "Q3-CS-01-03"]),   // P1, major: escalations, links both ways, fault report
        ("INC-2026-0022", ["Q3-CS-01-01"]),                                  // open, SLA breached
        ("CHG-2026-0002", ["Q3-CS-04-01"]),
        ("PRB-2026-0001", ["Q3-CS-02-01"]),
        ("REQ-2026-0003", ["Q3-CS-01-05", "Q3-CS-01-02"]),                  // with an SLA finding
    ]

    func testGoldenFiles() throws {
        try FileManager.default.createDirectory(atPath: TestRepository.packageRoot + "/Tests/DocketKitTests/Snapshots/forms", withIntermediateDirectories: true)
        for (id, forms) in Self.goldenForms {
            for form in forms {
                for format in ["html", "md"] {
                    for lang in ["zh", "en"] {
                        let result = Self.run(["form", id, "--template", form, "--format", format, "--lang", lang])
                        XCTAssertEqual(result.code, 0, "\(id) \(form) \(format) \(lang): \(result.errors)")
                        XCTAssertEqual(result.errors, "")
                        try assertSnapshot("forms/\(id).\(form).\(lang).\(format)", result.output)
                    }
                }
            }
        }
        let data = Self.run(["form", "INC-2026-0013", "--data"])
        XCTAssertEqual(data.code, 0)
        try assertSnapshot("forms/INC-2026-0013.data.json", data.output)
    }

    func testEnglishAndChineseDisplayValues() throws {
        let zh = try XCTUnwrap(SampleRepository.json(Self.run(["form", "INC-2026-0013", "--data"]).output) as? [String: Any])
        let en = try XCTUnwrap(SampleRepository.json(Self.run(["form", "INC-2026-0013", "--data", "--lang", "en"]).output) as? [String: Any])
        func field(_ model: [String: Any], _ key: String) -> [String: Any] { (model["fields"] as? [String: Any])?[key] as? [String: Any] ?? [:] }
        XCTAssertEqual(field(zh, "priority")["raw"] as? String, "P1")
        XCTAssertEqual(field(zh, "priority")["display"] as? String, "紧急")
        XCTAssertEqual(field(en, "priority")["display"] as? String, "Critical")
        XCTAssertEqual((field(en, "priority")["label"] as? [String: Any])?["zh"] as? String, "优先级")
        XCTAssertEqual(field(zh, "assignee")["display"] as? String, "孙七")
        XCTAssertEqual(field(zh, "assignee")["raw"] as? String, "sunqi")
        XCTAssertEqual(field(zh, "reported_at")["display"] as? String, "2026-11-10 09:05")
        XCTAssertEqual(field(zh, "major")["display"] as? String, "是")
        XCTAssertEqual(field(en, "major")["display"] as? String, "Yes")
        XCTAssertEqual(field(zh, "contact")["present"] as? Bool, true)
        XCTAssertEqual(field(zh, "priority_reason")["present"] as? Bool, false)
        XCTAssertEqual(zh["generated_at"] as? String, "2026-11-30 10:00")
        XCTAssertEqual(zh["generated_at_source"] as? String, "SOURCE_DATE_EPOCH")
        // The SLA block is the record's element of docket sla --format json.
        let sla = Self.run(["sla", "--period", "2026-11", "--format", "json", "--kind", "incident"], environment: Self.epoch).output
        let element = (SampleRepository.json(sla) as? [[String: Any]])?.first { $0["id"] as? String == "INC-2026-0013" }
        XCTAssertEqual((zh["sla"] as? [String: Any]).map { NSDictionary(dictionary: $0) }, element.map { NSDictionary(dictionary: $0) })
        let links = zh["links"] as? [[String: Any]] ?? []
        XCTAssertTrue(links.contains { $0["id"] as? String == "PRB-2026-0002" && $0["direction"] as? String == "incoming" })
        XCTAssertEqual(((zh["linked"] as? [String: Any])?["change"] as? [[String: Any]])?.map { $0["id"] as? String }, ["CHG-2026-0001"])
    }

    // MARK: - Safety

    static let hostileTitle = #"<script>alert(1)</script> & "x" 'y'"#

    /// A copy of the sample where one record of every kind with a form carries hostile text:
    /// the title, a work-log line with an image tag, a Markdown link to a javascript: URL.
    static func hostileRepository() throws -> (root: String, ids: [String]) {
        let root = try TestRepository.copy()
        let ids = ["INC-2026-0013", "REQ-2026-0003", "PRB-2026-0001", "CHG-2026-0002"]
        for id in ids {
            let kindFolder = ["INC": "incidents", "REQ": "requests", "PRB": "problems", "CHG": "changes"][String(id.prefix(3))]!
            let path = root + "/tickets/\(kindFolder)/2026/\(id).md"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            var lines = text.components(separatedBy: "\n")
            let titleLine = lines.firstIndex { $0.hasPrefix("title:") }!
            lines[titleLine] = "title: '<script>alert(1)</script> & \"x\" ''y'''"
            // After the first heading of the body: the description section.
            let heading = lines.firstIndex { $0.hasPrefix("## ") }!
            lines.insert("[点我](javascript:alert(1)) <img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">x</a>", at: heading + 2)
            if let worklog = lines.firstIndex(where: { $0 == "## 处理记录" }), let first = lines[worklog...].firstIndex(where: { $0.hasPrefix("- 20") }) {
                let entry = lines[first]
                let stamp = entry.prefix(18)   // "- 2026-11-10 09:06"
                let person = entry.dropFirst(19).prefix { $0 != ":" }
                lines.insert("\(stamp) \(person): <img src=x onerror=alert(1)> javascript:alert(3)", at: first + 1)
            }
            text = lines.joined(separator: "\n")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return (root, ids)
    }

    /// Every HTML form template, filled from records whose title, description and work log
    /// carry markup: no tag or attribute from record text reaches the page, no javascript: link.
    func testHostileRecordTextIsEscapedInEveryHTMLForm() throws {
        let (root, ids) = try Self.hostileRepository()
        let templates = try FormTemplates(root: root)
        let names = templates.available(.html)
        XCTAssertEqual(Set(FormCatalog.forms.map(\.number)).subtracting(names), [], "every catalog form has an HTML template")
        var rendered = 0
        for name in names {
            for id in ids {
                let kind = ["INC": "incident", "REQ": "request", "PRB": "problem", "CHG": "change"][String(id.prefix(3))]!
                guard FormCatalog.definition(name).applies(to: kind) else { continue }
                let result = Self.run(["form", id, "--template", name], in: root)
                XCTAssertEqual(result.code, 0, "\(id) \(name): \(result.errors)")
                let html = result.output
                rendered += 1
                XCTAssertFalse(html.lowercased().contains("<script"), "\(id) \(name): unescaped <script")
                XCTAssertFalse(html.lowercased().contains("<img"), "\(id) \(name): unescaped <img")
                XCTAssertNil(html.range(of: #"<[^>]*onerror="#, options: .regularExpression), "\(id) \(name): onerror in a tag")
                XCTAssertFalse(html.lowercased().contains("href=\"javascript:"), "\(id) \(name): javascript: link")
                XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"), "\(id) \(name): the title, escaped")
            }
        }
        XCTAssertGreaterThanOrEqual(rendered, 7)
        // The Markdown link keeps its text, not its URL; the work log keeps its text, escaped.
        let incident = Self.run(["form", "INC-2026-0013"], in: root).output
        XCTAssertFalse(incident.contains("javascript:alert(1)"))
        XCTAssertTrue(incident.contains("点我"))
        XCTAssertTrue(incident.contains("&lt;img src=x onerror=alert(1)&gt; javascript:alert(3)"))
        // The index lists the hostile title escaped too.
        let out = root + "/out"
        XCTAssertEqual(Self.run(["form", "--all", "-o", out], in: root).code, 0)
        let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertFalse(index.contains("<script"))
        XCTAssertTrue(index.contains("&lt;script&gt;"))
    }

    // MARK: - Determinism

    func testSameRepositoryAndEpochGiveTheSameBytes() throws {
        let root = try TestRepository.copy()
        XCTAssertEqual(Self.run(["form", "--all", "--with-fault-reports", "-o", "a"], in: root).code, 0)
        XCTAssertEqual(Self.run(["form", "--all", "--with-fault-reports", "-o", "b"], in: root).code, 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/a").sorted()
        XCTAssertEqual(files, try FileManager.default.contentsOfDirectory(atPath: root + "/b").sorted())
        XCTAssertEqual(files.count, 164)   // 161 records with forms (the hand-written story and the May–October history), the fault reports of INC-2026-0013 and INC-2026-0115, the index
        for file in files {
            XCTAssertEqual(FileManager.default.contents(atPath: root + "/a/" + file), FileManager.default.contents(atPath: root + "/b/" + file), file)
        }
        // A different epoch changes generated_at, so the bytes differ: the test can fail.
        let other = Self.run(["form", "INC-2026-0003"], in: root, environment: ["SOURCE_DATE_EPOCH": "1796090400"]).output
        XCTAssertNotEqual(other, Self.run(["form", "INC-2026-0003"], in: root).output)
        XCTAssertEqual(try String(contentsOfFile: root + "/a/INC-2026-0003.Q3-CS-01-01.html", encoding: .utf8),
                       Self.run(["form", "INC-2026-0003"], in: root).output)
    }

    func testTheClockIsUsedOnlyWhenNothingElseIsGivenAndSaysSo() {
        let result = Self.run(["form", "INC-2026-0003", "--data"], environment: [:])
        XCTAssertEqual(result.code, 0)
        XCTAssertTrue(result.errors.contains("generated_at is the current time"), result.errors)
        XCTAssertTrue(result.output.contains("\"generated_at_source\": \"clock\""))
        let given = Self.run(["form", "INC-2026-0003", "--data", "--now", "2026-12-01 08:00"], environment: [:])
        XCTAssertEqual(given.errors, "")
        XCTAssertTrue(given.output.contains("\"generated_at\": \"2026-12-01 08:00\""))
        XCTAssertTrue(given.output.contains("\"generated_at_source\": \"--now\""))
    }

    // MARK: - Validation findings and --strict

    func testAFailingRecordGetsItsFormWithFindingsAndStrictRefusesIt() throws {
        let root = try TestRepository.copy()
        let path = root + "/tickets/incidents/2026/INC-2026-0003.md"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "channel: monitoring", with: "channel: pigeon")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let lenient = Self.run(["form", "INC-2026-0003"], in: root)
        XCTAssertEqual(lenient.code, 0, lenient.errors)
        XCTAssertTrue(lenient.output.contains("<section class=\"findings\">"))
        XCTAssertTrue(lenient.output.contains("enum-value"))
        let strict = Self.run(["form", "INC-2026-0003", "--strict", "-o", "x.html"], in: root)
        XCTAssertEqual(strict.code, 1)
        XCTAssertEqual(strict.output, "")
        XCTAssertTrue(strict.errors.contains("expected a record that passes validation (--strict)"), strict.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/x.html"))
        let all = Self.run(["form", "--all", "--strict", "-o", "out"], in: root)
        XCTAssertEqual(all.code, 1)
        XCTAssertTrue(all.errors.contains("tickets/incidents/2026/INC-2026-0003.md"), all.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out/index.html"))
        // A valid record passes --strict; the sample's clean record has no findings block.
        let clean = Self.run(["form", "INC-2026-0013", "--strict"], in: root)
        XCTAssertEqual(clean.code, 0, clean.errors)
        XCTAssertFalse(clean.output.contains("<section class=\"findings\">"))
    }

    // MARK: - Every bundled record

    func testEveryBundledRecordRendersInEveryApplicableForm() throws {
        let root = try TestRepository.copy()
        let procedures = try ProcedureSet.load(root: root)
        let store = RecordStore.load(root: root, procedures: procedures)
        for form in FormCatalog.forms {
            let expected = store.ids.filter { form.applies(to: store.records[$0]!.kind) }
            XCTAssertFalse(expected.isEmpty, form.number)
            for format in ["html", "md"] {
                let out = "out-\(form.number)-\(format)"
                let result = Self.run(["form", "--all", "--template", form.number, "--format", format, "-o", out], in: root)
                XCTAssertEqual(result.code, 0, "\(form.number) \(format): \(result.errors)")
                let files = try FileManager.default.contentsOfDirectory(atPath: root + "/" + out).filter { !$0.hasPrefix("index.") }.sorted()
                XCTAssertEqual(files, expected.map { "\($0).\(form.number).\(format)" }.sorted())
                for file in files {
                    let bytes = FileManager.default.contents(atPath: root + "/" + out + "/" + file) ?? Data()
                    XCTAssertGreaterThan(bytes.count, 500, file)
                    let text = String(decoding: bytes, as: UTF8.self)
                    XCTAssertTrue(text.contains(form.zh), file)
                    XCTAssertFalse(text.contains("{{"), file)
                }
            }
        }
    }

    func testAllWithFiltersAndIndex() throws {
        let root = try TestRepository.copy()
        let result = Self.run(["form", "--all", "--kind", "incident", "--priority", "P1", "--with-fault-reports", "--format", "md", "-o", "p1"], in: root)
        XCTAssertEqual(result.code, 0, result.errors)
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/p1").sorted()
        XCTAssertTrue(files.contains("INC-2026-0013.Q3-CS-01-03.md"), "\(files)")
        XCTAssertTrue(files.contains("index.md"))
        XCTAssertFalse(files.contains { $0.hasPrefix("REQ-") || $0.hasPrefix("INC-2026-0003.") })
        let index = try String(contentsOfFile: root + "/p1/index.md", encoding: .utf8)
        let listed = index.components(separatedBy: "\n").filter { $0.hasPrefix("| [") }
        XCTAssertEqual(listed.count, files.count - 1)
        XCTAssertEqual(listed, listed.sorted())
    }

    // MARK: - Errors

    func testUnknownIDGetsDidYouMean() {
        let result = Self.run(["form", "INC-2026-013"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.errors.contains("did you mean INC-2026-0013?"), result.errors)
    }

    func testTemplateErrorsNameFileLineAndColumn() throws {
        let root = try TestRepository.copy()
        try TestRepository.write("<h1>{{form.title}}</h1>\n{{#fields}}\n", to: "templates/forms/Q3-CS-01-01.html.mustache", in: root)
        let result = Self.run(["form", "INC-2026-0003"], in: root)
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.errors.hasPrefix("templates/forms/Q3-CS-01-01.html.mustache:2:1: error: unclosed section"), result.errors)
        try TestRepository.write("{{>partials/nowhere.html}}", to: "templates/forms/Q3-CS-01-02.html.mustache", in: root)
        let partial = Self.run(["form", "INC-2026-0003", "--template", "Q3-CS-01-02"], in: root)
        XCTAssertEqual(partial.code, 2)
        XCTAssertTrue(partial.errors.hasPrefix("templates/forms/Q3-CS-01-02.html.mustache:1:1: error: unknown partial"), partial.errors)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(Self.run(["form", "INC-2026-0003", "--template", "Q3-CS-04-01"]).code, 2)
        let unknown = Self.run(["form", "INC-2026-0003", "--template", "Q3-CS-01-0"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.errors.contains("did you mean Q3-CS-01-01?") || unknown.errors.contains("expected a form for incident"), unknown.errors)
        XCTAssertEqual(Self.run(["form", "INC-2026-0003", "--format", "pdf"]).code, 2)
        XCTAssertEqual(Self.run(["form", "INC-2026-0003", "--lang", "fr"]).code, 2)
        XCTAssertEqual(Self.run(["form", "--all"]).code, 2)
        XCTAssertEqual(Self.run(["form", "INC-2026-0003", "--kind", "incident"]).code, 2)
        let knowledge = Self.run(["form", "KB-0001"])
        XCTAssertEqual(knowledge.code, 2)
        XCTAssertTrue(knowledge.errors.contains("expected a record of a kind with a form"), knowledge.errors)
        let root = try TestRepository.copy()
        let inside = Self.run(["form", "INC-2026-0003", "-o", "tickets/x.md"], in: root)
        XCTAssertEqual(inside.code, 2)
        XCTAssertTrue(inside.errors.contains("expected -o outside tickets/"), inside.errors)
        try FileManager.default.removeItem(atPath: root + "/templates")
        let missing = Self.run(["form", "INC-2026-0003"], in: root)
        XCTAssertEqual(missing.code, 2)
        XCTAssertTrue(missing.errors.contains("expected form templates in templates/forms/"), missing.errors)
    }

    func testOutputFileIsWrittenWholeAndItsFormatFollowsTheExtension() throws {
        let root = try TestRepository.copy()
        let result = Self.run(["form", "INC-2026-0013", "-o", "f.md"], in: root)
        XCTAssertEqual(result.code, 0, result.errors)
        XCTAssertEqual(result.output, "")
        let text = try String(contentsOfFile: root + "/f.md", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("# 服务事件单"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.contains("docket-tmp") }, [])
    }

    // MARK: - docs/forms.md

    /// Every name of the model (outside maps keyed by data: fields, sections, labels, roles,
    /// linked) is documented in docs/forms.md as `name`.
    func testEveryModelNameIsDocumented() throws {
        let docs = try String(contentsOfFile: TestRepository.packageRoot + "/docs/forms.md", encoding: .utf8)
        let model = try XCTUnwrap(SampleRepository.json(Self.run(["form", "INC-2026-0013", "--data"]).output) as? [String: Any])
        var names: Set<String> = []
        func collect(_ value: Any, skipKeys: Bool) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if !skipKeys { names.insert(key) }
                    let dataKeyed = ["fields", "sections", "labels", "roles", "linked"].contains(key) && !skipKeys
                    if dataKeyed, let map = child as? [String: Any] {
                        for entry in map.values { collect(entry, skipKeys: false) }
                    } else {
                        collect(child, skipKeys: false)
                    }
                }
            } else if let array = value as? [Any] {
                for item in array { collect(item, skipKeys: false) }
            }
        }
        collect(model, skipKeys: false)
        for name in names.sorted() {
            XCTAssertTrue(docs.contains("`\(name)`"), "docs/forms.md does not list `\(name)`")
        }
        for label in FormLabels.entries {
            XCTAssertTrue(docs.contains("`\(label.key)`"), "docs/forms.md does not list the label `\(label.key)`")
        }
    }
}
