import Foundation
import XCTest
@testable import DocketKit

final class RecordStoreTests: XCTestCase {
    func testLinksAreTwoWay() throws {
        let root = SampleRepository.root
        let store = RecordStore.load(root: root, procedures: try ProcedureSet.load(root: root))
        XCTAssertEqual(store.skipped, [])
        XCTAssertEqual(store.ids, store.ids.sorted())
        XCTAssertNotNil(store.record("PRB-2026-0001"))
        // INC-2026-0004 lists the problem; the problem does not list the incident.
        XCTAssertTrue(store.outgoing["INC-2026-0004"]!.contains { $0.field == "problems" && $0.target == "PRB-2026-0001" })
        XCTAssertFalse(store.outgoing["PRB-2026-0001"]!.contains { $0.target == "INC-2026-0004" })
        XCTAssertTrue(store.linked(to: "PRB-2026-0001").contains("INC-2026-0004"))
        XCTAssertTrue(store.linked(to: "INC-2026-0004").contains("PRB-2026-0001"))
        // Every link is seen from both ends.
        for id in store.ids {
            for other in store.linked(to: id) where store.record(other) != nil {
                XCTAssertTrue(store.linked(to: other).contains(id), "\(id) ↔ \(other)")
            }
        }
        let links = store.links(of: "PRB-2026-0001")
        XCTAssertTrue(links.contains(RecordLink(direction: .incoming, field: "problems", other: "INC-2026-0004")))
        XCTAssertTrue(links.contains(RecordLink(direction: .incoming, field: "problems", other: "CHG-2026-0002")))
        XCTAssertFalse(store.outgoing["PRB-2026-0001"]!.contains { $0.target == "CHG-2026-0002" })
    }

    func testBrokenFilesAreSkippedAndCounted() throws {
        let temp = URL(fileURLWithPath: try TestRepository.emptyFolder("store"))
        defer { try? FileManager.default.removeItem(at: temp) }
        try FileManager.default.copyItem(atPath: SampleRepository.root + "/procedures", toPath: temp.path + "/procedures")
        let folder = temp.appendingPathComponent("tickets/problems/2026")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "no front matter here\n".write(to: folder.appendingPathComponent("PRB-2026-0009.md"), atomically: true, encoding: .utf8)
        let good = try String(contentsOfFile: SampleRepository.root + "/tickets/problems/2026/PRB-2026-0001.md", encoding: .utf8)
        try good.write(to: folder.appendingPathComponent("PRB-2026-0001.md"), atomically: true, encoding: .utf8)
        let store = RecordStore.load(root: temp.path, procedures: try ProcedureSet.load(root: temp.path))
        XCTAssertEqual(store.ids, ["PRB-2026-0001"])
        XCTAssertEqual(store.skipped, ["tickets/problems/2026/PRB-2026-0009.md"])
        // A link to a record that does not exist is still an outgoing link.
        XCTAssertTrue(store.links(of: "PRB-2026-0001").contains(RecordLink(direction: .outgoing, field: "configuration_items", other: "CI-APP-FIN")))

        let list = SampleRepository.run(["list", "--root", temp.path])
        XCTAssertEqual(list.code, 0)
        XCTAssertTrue(list.errors.contains("1 file could not be read as records"), list.errors)
        let show = SampleRepository.run(["show", "PRB-2026-0009", "--root", temp.path])
        XCTAssertEqual(show.code, 1)
        XCTAssertTrue(show.errors.contains("could not be read"), show.errors)
        let missing = SampleRepository.run(["show", "PRB-2026-0001", "--root", temp.path])
        XCTAssertTrue(missing.output.contains("missing"), missing.output)
    }

    func testDisplayWidthCountsWideCharactersAsTwoColumns() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("事件"), 4)
        XCTAssertEqual(DisplayWidth.of("（Ａ）"), 6)
        XCTAssertEqual(DisplayWidth.table([["事件", "x"], ["ab", "y"]]), "事件  x\nab    y")
    }
}
