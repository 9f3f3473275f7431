import Foundation
import XCTest
@testable import DocketKit

/// Lists whose items have keys (`TemplateList(count:keys:item:)`): an item's output is
/// rendered once and copied for the same key, and only when it depends on the item alone.
final class ItemOutputsTests: XCTestCase {
    /// Counts the items a list made (from any core).
    final class Made: @unchecked Sendable {
        private let lock = NSLock()
        private var made = 0
        func add() { lock.withLock { made += 1 } }
        var count: Int { lock.withLock { made } }
    }

    /// Records `0..<records`, named in a list of `count` entries (entry `i` names record
    /// `i % records`), as `{id, title, href}` items keyed by record in `space`.
    static func records(_ count: Int, of records: Int, space: TemplateKeySpace, made: Made? = nil,
                        keyed: Bool = true) -> (lazy: TemplateValue, eager: TemplateValue) {
        @Sendable func item(_ index: Int) -> TemplateValue {
            made?.add()
            let record = index % records
            return .fields(TemplateFields(names: ["id", "title", "href"], values: [
                .string("INC-\(record)"), .string("t<\(record)>"), record % 2 == 0 ? .string("INC-\(record).html") : .null]))
        }
        let keys = TemplateItemKeys(space: space) { $0 % records }
        let lazy = keyed ? TemplateList(count: count, keys: keys, item: item) : TemplateList(count: count, item: item)
        return (.lazyList(lazy), .list((0..<count).map(item)))
    }

    func render(_ source: String, _ data: TemplateValue, partials: [String: String] = [:]) throws -> String {
        try TemplateRenderer(loader: TemplateDictionaryLoader(partials)).renderString(Template(source, path: "t.mustache"), with: data)
    }

    static let item = "{{#l}}<li>{{#href}}<a href=\"{{href}}\">{{id}}</a>{{/href}}{{^href}}{{id}}{{/href}}{{title}}</li>\n{{/l}}"

    /// A record named in several lists (of one key space) is made and rendered once: the
    /// output is the one the same items give as eager lists, rendered item by item.
    func testAnItemIsRenderedOncePerKey() throws {
        let space = TemplateKeySpace(count: 3), made = Made()
        let first = Self.records(10, of: 3, space: space, made: made), second = Self.records(4, of: 3, space: space, made: made)
        let source = "{{#groups}}[{{name}}]\n" + Self.item + "{{/groups}}"
        func data(_ pick: (TemplateValue, TemplateValue) -> TemplateValue) -> TemplateValue {
            ["groups": [["name": "a", "l": pick(first.lazy, first.eager)], ["name": "b", "l": pick(second.lazy, second.eager)]]]
        }
        let eager = try render(source, data { $1 })
        let madeEagerly = made.count
        XCTAssertEqual(try render(source, data { lazy, _ in lazy }), eager)
        XCTAssertEqual(made.count - madeEagerly, 3)
        XCTAssertTrue(eager.contains("<li><a href=\"INC-0.html\">INC-0</a>t&lt;0&gt;</li>\n<li>INC-1t&lt;1&gt;</li>\n"), eager)
        // Without keys every entry makes its item.
        let unkeyed = Self.records(10, of: 3, space: space, made: made, keyed: false)
        let before = made.count
        XCTAssertEqual(try render(Self.item, ["l": unkeyed.lazy]), try render(Self.item, ["l": unkeyed.eager]))
        XCTAssertEqual(made.count - before, 10)
    }

    /// An item whose output reads a name from around the list (or a name found nowhere, or a
    /// partial) is rendered each time: the same record in two lists with different
    /// surroundings renders as each list's surroundings say.
    func testAnItemThatLooksOutsideItselfIsRenderedEachTime() throws {
        let space = TemplateKeySpace(count: 2)
        let list = Self.records(4, of: 2, space: space)
        for body in ["{{id}}:{{outer}};", "{{id}}:{{#outer}}[{{.}}]{{/outer}};", "{{id}}{{^nowhere}}:{{/nowhere}};", "{{id}}{{>p}};"] {
            let source = "{{#groups}}{{#l}}" + body + "{{/l}}|{{/groups}}"
            func data(_ list: TemplateValue) -> TemplateValue {
                ["groups": [["outer": "A", "l": list], ["outer": "B", "l": list], ["l": list]]]
            }
            let partials = ["p": "{{outer}}"]
            let lazy = try render(source, data(list.lazy), partials: partials)
            XCTAssertEqual(lazy, try render(source, data(list.eager), partials: partials), body)
            XCTAssertTrue(lazy.hasPrefix("INC-0"), lazy)
        }
        XCTAssertEqual(try render("{{#groups}}{{#l}}{{id}}:{{outer}};{{/l}}|{{/groups}}",
                                  ["groups": [["outer": "A", "l": list.lazy], ["outer": "B", "l": list.lazy]]]),
                       "INC-0:A;INC-1:A;INC-0:A;INC-1:A;|INC-0:B;INC-1:B;INC-0:B;INC-1:B;|")
    }

    /// A list in a standalone partial rendered at two indentations gives each its own.
    func testIndentationIsNotCopied() throws {
        let list = Self.records(3, of: 2, space: TemplateKeySpace(count: 2))
        let partials = ["p": "{{#l}}\n{{id}}\n{{/l}}\n"]
        let source = "{{>p}}\n  {{>p}}\n"
        XCTAssertEqual(try render(source, ["l": list.lazy], partials: partials), "INC-0\nINC-1\nINC-0\n  INC-0\n  INC-1\n  INC-0\n")
        XCTAssertEqual(try render(source, ["l": list.lazy], partials: partials), try render(source, ["l": list.eager], partials: partials))
    }

    /// Lists of two key spaces never share outputs: key 0 of one is not key 0 of the other.
    func testSpacesAreApart() throws {
        let first = Self.records(2, of: 2, space: TemplateKeySpace(count: 2))
        let other = TemplateList(count: 2, keys: TemplateItemKeys(space: TemplateKeySpace(count: 2)) { $0 }) { .fields(TemplateFields(names: ["id"], values: [.string("REQ-\($0)")])) }
        XCTAssertEqual(try render("{{#a}}{{id}} {{/a}}{{#b}}{{id}} {{/b}}", ["a": first.lazy, "b": .lazyList(other)]), "INC-0 INC-1 REQ-0 REQ-1 ")
        XCTAssertEqual(try render("{{#g}}{{#l}}{{id}} {{/l}}{{/g}}", ["g": [["l": first.lazy], ["l": .lazyList(other)]]]), "INC-0 INC-1 REQ-0 REQ-1 ")
    }

    /// A key outside the space, or -1, renders the item as it comes.
    func testItemsWithoutKeyRender() throws {
        let keys = TemplateItemKeys(space: TemplateKeySpace(count: 1)) { $0 == 0 ? 0 : $0 == 1 ? -1 : 5 }
        let list = TemplateList(count: 3, keys: keys) { .string("x\($0)") }
        XCTAssertEqual(try render("{{#l}}{{.}},{{/l}}", ["l": .lazyList(list)]), "x0,x1,x2,")
    }

    /// A long list renders on all cores: the items rendered by one core are copied by the
    /// others afterwards, a lookup outside the item is still the surroundings', and the
    /// output, whole or handed to a sink in small pieces, is the eager list's.
    func testLongKeyedListsOnAllCores() throws {
        let space = TemplateKeySpace(count: 5000), made = Made()
        let count = RenderState.parallelItems * 3 + 7
        let first = Self.records(count, of: 5000, space: space, made: made), second = Self.records(count, of: 5000, space: space, made: made)
        let data: TemplateValue = ["groups": [["outer": "A", "l": first.lazy], ["outer": "B", "l": second.lazy]]]
        let eagerData: TemplateValue = ["groups": [["outer": "A", "l": first.eager], ["outer": "B", "l": second.eager]]]
        for (body, readsOutside) in [(Self.item, false), ("{{#l}}{{id}}{{outer}}\n{{/l}}", true)] {
            let source = "{{#groups}}" + body + "{{/groups}}"
            let template = try Template(source, path: "t")
            let renderer = TemplateRenderer()
            let eager = try renderer.render(template, with: eagerData)
            var pieces: [UInt8] = []
            let before = made.count
            try renderer.render(template, with: data, piece: 100) { pieces += $0 }
            let madeOnce = made.count - before
            XCTAssertEqual(pieces, eager, body)
            XCTAssertEqual(try renderer.render(template, with: data), eager, body)
            if readsOutside {
                XCTAssertEqual(madeOnce, 2 * count, body)
            } else {
                // Each record at least once; twice at most for those two cores met in one window of chunks.
                XCTAssertGreaterThanOrEqual(madeOnce, 5000, body)
                XCTAssertLessThanOrEqual(madeOnce, RenderState.parallelWindow * RenderState.parallelChunk, body)
            }
        }
    }
}
