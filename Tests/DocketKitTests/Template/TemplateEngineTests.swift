import Foundation
import XCTest
@testable import DocketKit

final class TemplateEngineTests: XCTestCase {
    func render(_ source: String, _ data: TemplateValue, partials: [String: String] = [:],
                unknown: TemplateRenderer.UnknownPartial = .renderEmpty) throws -> String {
        try TemplateRenderer(loader: TemplateDictionaryLoader(partials), unknownPartial: unknown)
            .renderString(Template(source, path: "t.mustache"), with: data)
    }

    func error(_ source: String, partials: [String: String] = [:]) -> String? {
        do {
            let template = try Template(source, path: "forms/x.mustache")
            try TemplateRenderer(loader: TemplateDictionaryLoader(partials), unknownPartial: .fail).check(template)
            return nil
        } catch {
            return error.description
        }
    }

    func testEscapingAndValues() throws {
        XCTAssertEqual(try render("{{a}}|{{{a}}}|{{&a}}", ["a": "<&\"'>"]), "&lt;&amp;&quot;&#39;&gt;|<&\"'>|<&\"'>")
        XCTAssertEqual(try render("{{i}} {{d}} {{e}} {{b}} {{n}}[{{m}}]", ["i": 42, "d": 1.5, "e": 2.0, "b": true, "n": nil, "m": ["x": 1]]), "42 1.5 2 true []")
    }

    func testTruthiness() throws {
        XCTAssertEqual(try render("{{#s}}S{{/s}}{{^s}}not-s{{/s}}", ["s": ""]), "not-s")
        XCTAssertEqual(try render("{{#z}}zero{{/z}}", ["z": 0]), "zero")
        XCTAssertEqual(try render("{{#l}}<{{.}}>{{/l}}{{^l}}none{{/l}}", ["l": []]), "none")
        XCTAssertEqual(try render("{{#m}}{{k}}{{/m}}", ["m": ["k": "v"]]), "v")
        XCTAssertEqual(try render("{{#a.b}}{{c}}{{/a.b}}", ["a": ["b": ["c": "deep"]]]), "deep")
    }

    /// A lazy list (a report's ids, read from the report's own arrays) renders, tests and
    /// encodes as the list of the same items; an empty one is false.
    func testLazyListRendersAsTheList() throws {
        let ids = ["INC-1", "INC-<2>"]
        let lazy = TemplateValue.lazyList(TemplateList(count: ids.count) { .string(ids[$0]) })
        let eager = TemplateValue.list(ids.map(TemplateValue.string))
        let source = "{{#l}}<{{.}}>{{/l}}{{^l}}none{{/l}}"
        XCTAssertEqual(try render(source, ["l": lazy]), "<INC-1><INC-&lt;2&gt;>")
        XCTAssertEqual(try render(source, ["l": lazy]), try render(source, ["l": eager]))
        XCTAssertEqual(try render(source, ["l": .lazyList(TemplateList(count: 0) { _ in .null })]), "none")
        XCTAssertEqual(try JSONEncoder().encode(lazy), try JSONEncoder().encode(eager))
        XCTAssertEqual(lazy, .lazyList(TemplateList(count: 2) { .string(ids[$0]) }))
        XCTAssertNotEqual(lazy, .lazyList(TemplateList(count: 2) { .string(ids[1 - $0]) }))
    }

    /// A long lazy list is rendered in chunks on all cores: the output is the one the same
    /// items give as an eager list (rendered item by item), also with a nested section, a
    /// partial and a lookup into the enclosing context; a failing item stops the render with
    /// the error the render item by item gives.
    func testLongLazyListRendersAsTheListOnAllCores() throws {
        let count = RenderState.parallelItems * 3 + 7
        @Sendable func item(_ index: Int) -> TemplateValue {
            .fields(TemplateFields(names: ["id", "odd", "bad"], values: [.string("INC-\(index)"), .bool(index % 2 == 1), .bool(index == count - 1500)]))
        }
        let lazy = TemplateValue.lazyList(TemplateList(count: count, item: item))
        let eager = TemplateValue.list((0..<count).map(item))
        let source = "{{#l}}{{id}}{{#odd}}*{{/odd}}{{>p}}{{outer}}\n{{/l}}{{^l}}none{{/l}}"
        let partials = ["p": "<{{id}}>"]
        let rendered = try render(source, ["l": lazy, "outer": "&"], partials: partials)
        XCTAssertEqual(rendered, try render(source, ["l": eager, "outer": "&"], partials: partials))
        XCTAssertTrue(rendered.hasPrefix("INC-0<INC-0>&amp;\nINC-1*<INC-1>&amp;\n"))
        let last = count - 1
        XCTAssertTrue(rendered.hasSuffix("INC-\(last)\(last % 2 == 1 ? "*" : "")<INC-\(last)>&amp;\n"))
        XCTAssertEqual(rendered.split(separator: "\n").count, count)

        // The item `bad` names a partial that is not there: the render stops at it, with the error it gives item by item.
        let failing = "{{#l}}{{id}},{{#bad}}{{>missing}}{{/bad}}{{/l}}"
        func failure(_ list: TemplateValue) -> String? {
            do {
                _ = try render(failing, ["l": list], unknown: .fail)
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertNotNil(failure(lazy))
        XCTAssertEqual(failure(lazy), failure(eager))
        XCTAssertNil(failure(.lazyList(TemplateList(count: count) { .string("INC-\($0)") })))
    }

    /// Fields (a report's record items: names compared, not hashed) render, test and encode
    /// as the map of the same names and values; the first of a repeated name wins, as in a
    /// map made from the same pairs; a name not there is looked up in the enclosing context.
    func testFieldsRenderAsTheMap() throws {
        let fields = TemplateValue.fields(TemplateFields(names: ["id", "title", "href", "id"],
                                                         values: ["INC-1", "<b>", nil, "INC-2"]))
        let map: TemplateValue = ["id": "INC-1", "title": "<b>", "href": nil]
        let source = "{{#r}}{{id}} {{title}} {{#href}}link{{/href}}{{^href}}none{{/href}} {{outer}}{{/r}}"
        XCTAssertEqual(try render(source, ["r": fields, "outer": "o"]), "INC-1 &lt;b&gt; none o")
        XCTAssertEqual(try render(source, ["r": fields, "outer": "o"]), try render(source, ["r": map, "outer": "o"]))
        XCTAssertEqual(try render("{{r.title}}|{{r.missing}}|{{#r}}yes{{/r}}", ["r": fields]), "&lt;b&gt;||yes")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(try encoder.encode(fields), try encoder.encode(map))
        XCTAssertNotEqual(try render(source, ["r": .fields(TemplateFields(names: ["id"], values: ["INC-2"]))]),
                          try render(source, ["r": fields]))
        XCTAssertNil(fields["missing"])
        XCTAssertEqual(fields["id"], "INC-1")
    }

    func testTemplateErrorsNameFileLineAndColumn() {
        XCTAssertEqual(error("ok\n  {{#fields}}\n  x\n"),
                       "forms/x.mustache:2:3: error: unclosed section \"fields\" opened here: expected {{/fields}}, found the end of the template")
        XCTAssertEqual(error("a {{name"), "forms/x.mustache:1:3: error: unclosed tag: expected \"}}\" to close the tag opened here, found the end of the template")
        XCTAssertEqual(error("{{#a}}\n{{/b}}"), "forms/x.mustache:2:1: error: expected the end of section \"a\" opened at 1:1, found {{/b}}")
        XCTAssertEqual(error("x{{/a}}"), "forms/x.mustache:1:2: error: expected a section to close, found {{/a}} with no section \"a\" open")
        XCTAssertEqual(error("{{=<% =}}"), "forms/x.mustache:1:1: error: expected two delimiters without \"=\" such as {{=<% %>=}}, found {{=<% =}}")
        XCTAssertEqual(error("{{ }}"), "forms/x.mustache:1:3: error: expected a name in the tag, found {{ }}")
        XCTAssertEqual(error("{{a b}}"), "forms/x.mustache:1:3: error: expected a name without spaces, found {{a b}}")
        XCTAssertEqual(error("{{a..b}}"), "forms/x.mustache:1:3: error: expected a name such as a or a.b, found {{a..b}}")
        XCTAssertNil(error("{{#a}}{{b}}{{/a}}"))
    }

    func testUnknownPartial() throws {
        XCTAssertEqual(try render("[{{>missing}}]", [:]), "[]")
        XCTAssertThrowsError(try render("[{{>missing}}]", [:], unknown: .fail)) { error in
            XCTAssertEqual("\(error)", "t.mustache:1:2: error: unknown partial \"missing\": expected a template named \"missing\", found none")
        }
        // check() finds it in a section the data would never render, and in a partial's partial.
        XCTAssertEqual(error("{{#never}}\n  {{>missing}}\n{{/never}}"),
                       "forms/x.mustache:2:3: error: unknown partial \"missing\": expected a template named \"missing\", found none")
        XCTAssertEqual(error("{{>a}}", partials: ["a": "x\n{{<b}}{{/b}}"]),
                       "a:2:1: error: unknown partial \"b\": expected a template named \"b\", found none")
        XCTAssertNil(error("{{>a}}", partials: ["a": "{{<b}}{{/b}}", "b": "{{>a}}"]))
    }

    func testRecursionWithoutEndIsAnError() {
        XCTAssertThrowsError(try render("{{>self}}", [:], partials: ["self": "x{{>self}}"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("self:1:2: error: expected partials to nest at most 100 deep"), "\(error)")
        }
    }

    func testFormLayoutInheritance() throws {
        let partials = [
            "layout": "<html>\n  <h1>{{$title}}Form{{/title}}</h1>\n  <main>\n    {{$body}}\n    <p>empty</p>\n    {{/body}}\n  </main>\n</html>\n",
            "field": "<tr><th>{{label}}</th><td>{{value}}</td></tr>\n",
        ]
        let child = "{{<layout}}\n{{$title}}{{id}}{{/title}}\n{{$body}}\n<table>\n{{#fields}}\n  {{>field}}\n{{/fields}}\n</table>\n{{/body}}\n{{/layout}}\n"
        let data: TemplateValue = ["id": "INC-2026-0003", "fields": [["label": "状态", "value": "closed"], ["label": "<x>", "value": "a&b"]]]
        XCTAssertEqual(try render(child, data, partials: partials), """
        <html>
          <h1>INC-2026-0003</h1>
          <main>
            <table>
              <tr><th>状态</th><td>closed</td></tr>
              <tr><th>&lt;x&gt;</th><td>a&amp;b</td></tr>
            </table>
          </main>
        </html>

        """)
    }

    func testDirectoryLoaderStaysInsideItsFolder() throws {
        let root = try TestRepository.copy()
        try TestRepository.write("in {{>sub/inner}}", to: "t/outer.mustache", in: root)
        try TestRepository.write("inner", to: "t/sub/inner.mustache", in: root)
        try TestRepository.write("secret", to: "secret.mustache", in: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/t/link.mustache", withDestinationPath: root + "/secret.mustache")
        let loader = TemplateDirectoryLoader(folder: root + "/t", displayFolder: "t")
        XCTAssertNotNil(try loader.template(named: "sub/inner"))
        XCTAssertNil(try loader.template(named: "nothing"))
        for name in ["../secret", "/etc/passwd", "sub/../../secret", "./outer", "link"] {
            XCTAssertThrowsError(try loader.template(named: name), name) { XCTAssertTrue($0 is TemplateNameRefused, name) }
        }
        XCTAssertTrue(loader.place(of: "x") == "t/x.mustache")
    }

    /// Forms are rendered by the thousand: one parse, 10,000 renders.
    func testTenThousandRenders() throws {
        let template = try Template("<h1>{{title}}</h1>\n{{#fields}}\n  <p>{{label}}: {{value}}</p>\n{{/fields}}\n", path: "form")
        let data: TemplateValue = ["title": "INC", "fields": .list((0..<20).map { .map(["label": .string("l\($0)"), "value": .string("v<\($0)>")]) })]
        let renderer = TemplateRenderer()
        let start = Date()
        var bytes = 0
        for _ in 0..<10_000 { bytes += try renderer.render(template, with: data).count }
        print("template: 10,000 renders of a 20-field form in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        XCTAssertEqual(bytes, 10_000 * (try renderer.render(template, with: data).count))
    }

    func testJSONData() throws {
        XCTAssertEqual(try TemplateValue(json: Array(#"{"a": [1, 2.5, true, null, "x"]}"#.utf8)), ["a": [1, 2.5, true, nil, "x"]])
        XCTAssertEqual(try TemplateValue(json: Array("\"top\"".utf8)), "top")
        XCTAssertThrowsError(try TemplateValue(json: Array("{".utf8)))
    }
}
