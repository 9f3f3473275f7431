import XCTest
@testable import DocketKit

/// List items added and removed in the list's own style.
final class FrontMatterEditorSequenceTests: XCTestCase {
    func edit(_ text: String, _ change: (FrontMatterEditor) throws -> [UInt8]) throws -> String {
        String(decoding: try change(try FrontMatterEditor(Array(text.utf8))), as: UTF8.self)
    }

    func testBlockListsGainAndLoseOnlyTheirItemsLines() throws {
        let file = "---\r\nids:\r\n    -   a   # first\r\n    # between\r\n    - b\r\nnext: 1\r\n---\r\nbody\r\n"
        XCTAssertEqual(try edit(file) { try $0.appendingItem(.string("c: d"), to: "ids") },
                       "---\r\nids:\r\n    -   a   # first\r\n    # between\r\n    - b\r\n    - 'c: d'\r\nnext: 1\r\n---\r\nbody\r\n")
        XCTAssertEqual(try edit(file) { try $0.removingItem(at: 0, of: "ids") },
                       "---\r\nids:\r\n    # between\r\n    - b\r\nnext: 1\r\n---\r\nbody\r\n")
        XCTAssertEqual(try edit(file) { try $0.replacingItems(of: "ids", with: [.string("x"), .string("y")]) },
                       "---\r\nids:\r\n    -   x\r\n    -   y\r\nnext: 1\r\n---\r\nbody\r\n")
        // The last item gone: an empty flow list, not an empty value.
        XCTAssertEqual(try edit("---\nids:\n  - a\n---\n") { try $0.removingItem(at: 0, of: "ids") }, "---\nids: []\n---\n")
        // A mapping after a block mapping item is a block mapping too; after a flow one, a flow one.
        let entry = YAMLValue.mapping([YAMLMappingEntry("at", .int(2)), YAMLMappingEntry("to", .string("a, b"))])
        XCTAssertEqual(try edit("---\r\ne:\r\n  -   at: 1\r\n      to: x\r\n---\r\n") { try $0.appendingItem(entry, to: "e") },
                       "---\r\ne:\r\n  -   at: 1\r\n      to: x\r\n  -   at: 2\r\n      to: a, b\r\n---\r\n")
        XCTAssertEqual(try edit("---\ne:\n  - {at: 1}\n---\n") { try $0.appendingItem(entry, to: "e") },
                       "---\ne:\n  - {at: 1}\n  - {at: 2, to: 'a, b'}\n---\n")
        XCTAssertEqual(try edit("---\ne:\n  - at: 1\n    to: x\n---\n") { try $0.replacingItems(of: "e", with: [entry]) },
                       "---\ne:\n  - at: 2\n    to: a, b\n---\n")
        // Kept items keep the comments above and beside them, in the new order.
        XCTAssertEqual(try edit(file) { try $0.replacingItems(of: "ids", with: [.string("b"), .string("x"), .string("a")]) },
                       "---\r\nids:\r\n    # between\r\n    - b\r\n    -   x\r\n    -   a   # first\r\nnext: 1\r\n---\r\nbody\r\n")
    }

    func testFlowListsAndEmptyValuesStayOnTheirLine() throws {
        let file = "---\nids: [a, 'b']   # note\n---\n"
        XCTAssertEqual(try edit(file) { try $0.appendingItem(.string("c"), to: "ids") }, "---\nids: [a, b, c]   # note\n---\n")
        XCTAssertEqual(try edit(file) { try $0.removingItem(at: 1, of: "ids") }, "---\nids: [a]   # note\n---\n")
        XCTAssertEqual(try edit("---\nids:\nx: 1\n---\n") { try $0.appendingItem(.string("a"), to: "ids") }, "---\nids: [a]\nx: 1\n---\n")
    }

    func testRefusals() throws {
        let file = Array("---\nids: [a]\ntitle: t\n---\n".utf8)
        let editor = try FrontMatterEditor(file)
        XCTAssertThrowsError(try editor.appendingItem(.string("x"), to: "title")) { error in
            XCTAssertEqual((error as? FrontMatterEditError)?.message, "expected \"title\" to hold a list, found a single value; set the whole value instead")
        }
        XCTAssertThrowsError(try editor.removingItem(at: 3, of: "ids"))
        XCTAssertThrowsError(try editor.appendingItem(.string("x"), to: "none"))
    }
}
