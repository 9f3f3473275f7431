import Foundation
import XCTest
@testable import DocketKit

/// `docket show` parses only the records around the one shown: its view must be the one the
/// whole store gives, for every record of the sample.
final class ShowAroundTests: XCTestCase {
    func view(_ store: RecordStore, _ id: String, now: Int64) -> (String, String)? {
        guard let record = store.record(id), let procedure = store.procedures.procedure(kind: record.kind) else { return nil }
        let sla = SLAEvaluator(procedures: store.procedures, now: now)?.evaluate(record)
        let view = RecordView(store: store, record: record, procedure: procedure, sla: sla, now: now)
        return (view.text(), view.value().json())
    }

    func testEveryRecordOfTheSampleShowsAsFromTheWholeStore() throws {
        let root = SampleRepository.root
        let procedures = try ProcedureSet.load(root: root)
        let whole = RecordStore.load(root: root, procedures: procedures)
        let now: Int64 = 1_796_004_000   // 2026-11-30T10:00:00+08:00
        XCTAssertGreaterThan(whole.ids.count, 150)
        var compared = 0
        for id in whole.ids {
            guard let around = RecordStore.load(root: root, procedures: procedures, around: id) else { continue }
            XCTAssertLessThan(around.records.count, whole.records.count, id)
            let expected = try XCTUnwrap(view(whole, id, now: now), id)
            let found = try XCTUnwrap(view(around, id, now: now), id)
            XCTAssertEqual(found.0, expected.0, id)
            XCTAssertEqual(found.1, expected.1, id)
            compared += 1
        }
        XCTAssertEqual(compared, whole.ids.count, "every sample record is named by its id: none needs the whole store")
        XCTAssertNil(RecordStore.load(root: root, procedures: procedures, around: "INC-2026-9999"))
    }

    /// A second file carrying the id, earlier by path, is the record the store keeps: the partial
    /// store gives way to the whole one, so `show` prints what it printed before.
    func testADuplicateIdThatWinsByPathFallsBackToTheWholeStore() throws {
        let temp = URL(fileURLWithPath: try TestRepository.emptyFolder("around"))
        defer { try? FileManager.default.removeItem(at: temp) }
        try FileManager.default.copyItem(atPath: SampleRepository.root + "/procedures", toPath: temp.path + "/procedures")
        let folder = temp.appendingPathComponent("tickets/problems/2026")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = try String(contentsOfFile: SampleRepository.root + "/tickets/problems/2026/PRB-2026-0001.md", encoding: .utf8)
        try good.write(to: folder.appendingPathComponent("PRB-2026-0001.md"), atomically: true, encoding: .utf8)
        let procedures = try ProcedureSet.load(root: temp.path)
        XCTAssertNotNil(RecordStore.load(root: temp.path, procedures: procedures, around: "PRB-2026-0001"))
        // PRB-2026-0000.md sorts first and says it is PRB-2026-0001.
        try good.write(to: folder.appendingPathComponent("PRB-2026-0000.md"), atomically: true, encoding: .utf8)
        XCTAssertNil(RecordStore.load(root: temp.path, procedures: procedures, around: "PRB-2026-0001"))
        let shown = SampleRepository.run(["show", "PRB-2026-0001", "--root", temp.path, "--now", "2026-11-30T10:00:00+08:00"])
        XCTAssertEqual(shown.code, 0)
        XCTAssertTrue(shown.output.contains("tickets/problems/2026/PRB-2026-0000.md"), shown.output)
    }

    /// The record's own file is looked for before the walk, in its kind's folder or one folder
    /// below; found elsewhere (two folders below), through a symbolic link, or twice, the walk
    /// decides as before, and the view is the whole store's in each case.
    func testTheOwnFileFoundBeforeTheWalkMustBeTheOneTheWalkFinds() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manager = FileManager.default
        let procedures = try ProcedureSet.load(root: root)
        let now: Int64 = 1_796_004_000
        func agrees(_ id: String, _ context: String) throws {
            let whole = RecordStore.load(root: root, procedures: procedures)
            let around = try XCTUnwrap(RecordStore.load(root: root, procedures: procedures, around: id), context)
            XCTAssertEqual(view(around, id, now: now)?.0, view(whole, id, now: now)?.0, context)
            XCTAssertEqual(view(around, id, now: now)?.1, view(whole, id, now: now)?.1, context)
        }
        XCTAssertEqual(RecordStore.ownFile(root: root, procedures: procedures, id: "PRB-2026-0001")?.path, "tickets/problems/2026/PRB-2026-0001.md")
        try agrees("PRB-2026-0001", "where its name puts it")
        // Two folders below the kind's: not looked for there, found by the walk.
        try manager.createDirectory(atPath: root + "/tickets/problems/2026/q4", withIntermediateDirectories: true)
        try manager.moveItem(atPath: root + "/tickets/problems/2026/PRB-2026-0001.md", toPath: root + "/tickets/problems/2026/q4/PRB-2026-0001.md")
        XCTAssertNil(RecordStore.ownFile(root: root, procedures: procedures, id: "PRB-2026-0001"))
        try agrees("PRB-2026-0001", "two folders below")
        // Through a linked folder: never read before the walk has judged the link.
        let outside = root + "-outside"
        try manager.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: outside) }
        try manager.moveItem(atPath: root + "/tickets/problems/2026/q4/PRB-2026-0001.md", toPath: outside + "/PRB-2026-0001.md")
        try manager.createSymbolicLink(atPath: root + "/tickets/problems/linked", withDestinationPath: outside)
        XCTAssertNil(RecordStore.ownFile(root: root, procedures: procedures, id: "PRB-2026-0001"), "a linked folder is not entered")
        XCTAssertNil(RecordStore.load(root: root, procedures: procedures, around: "PRB-2026-0001"), "the walk refuses the link: no record")
        try manager.removeItem(atPath: root + "/tickets/problems/linked")
        // Named twice, in two year folders: the walk finds both, the whole store decides.
        try manager.copyItem(atPath: outside + "/PRB-2026-0001.md", toPath: root + "/tickets/problems/2026/PRB-2026-0001.md")
        try manager.createDirectory(atPath: root + "/tickets/problems/2025", withIntermediateDirectories: true)
        try manager.copyItem(atPath: outside + "/PRB-2026-0001.md", toPath: root + "/tickets/problems/2025/PRB-2026-0001.md")
        XCTAssertEqual(RecordStore.ownFile(root: root, procedures: procedures, id: "PRB-2026-0001")?.stem, "PRB-2026-0001")
        XCTAssertNil(RecordStore.load(root: root, procedures: procedures, around: "PRB-2026-0001"), "the id's file twice: the whole store")
    }

    /// `list` loads the store with the row fields only: the same ids, those fields and links, no bytes kept.
    func testAStoreWithoutBodiesKeepsIdsFieldsAndLinks() throws {
        let root = SampleRepository.root
        let procedures = try ProcedureSet.load(root: root)
        let whole = RecordStore.load(root: root, procedures: procedures)
        let light = RecordStore.load(root: root, procedures: procedures, keeping: Set(["id", "status"] + procedures.procedures.map(\.titleField)))
        XCTAssertEqual(light.ids, whole.ids)
        XCTAssertEqual(light.skipped, whole.skipped)
        for id in whole.ids {
            XCTAssertEqual(light.links(of: id), whole.links(of: id), id)
            XCTAssertEqual(light.record(id)?.status, whole.record(id)?.status, id)
            XCTAssertEqual(light.record(id).flatMap(light.title), whole.record(id).flatMap(whole.title), id)
            XCTAssertEqual(light.record(id)?.bytes.count, 0, id)
            XCTAssertNil(light.record(id)?.fields["reporter"], id)
            XCTAssertGreaterThan(whole.record(id)?.bytes.count ?? 0, 0, id)
        }
        let listed = SampleRepository.run(["list", "--format", "json", "--root", root])
        XCTAssertEqual(listed.code, 0)
        XCTAssertEqual((SampleRepository.json(listed.output) as? [Any])?.count, whole.ids.count)
    }
}
