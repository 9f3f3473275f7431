import XCTest
@testable import DocketKit

/// `RecordStore.choose`: which index entries `show` reads, the same over the index bytes read
/// in place as over decoded entries.
final class RecordStoreChooseTests: XCTestCase {
    func entry(_ path: String, _ id: String?, _ targets: [String]) -> RecordIndex.Entry {
        RecordIndex.Entry(path: path, stamp: .unknown, kind: "incident", id: id, row: id.map { ListCommand.Row(id: $0, kind: "incident") },
                          links: targets.map { RecordIndex.Link(field: "related", target: $0) })
    }

    lazy var entries: [RecordIndex.Entry] = [
        entry("tickets/a.md", "INC-1", ["PRB-1"]),
        entry("tickets/b.md", "PRB-1", []),
        entry("tickets/c.md", "INC-2", ["INC-1"]),
        // A later file with the same id: neither it nor where it links is the store's.
        entry("tickets/d.md", "INC-1", ["INC-8"]),
        entry("tickets/e.md", nil, []),
        entry("tickets/f.md", "INC-3", ["PRB-9"]),
        entry("tickets/g.md", "INC-2", []),
        entry("tickets/h.md", "INC-40", ["INC-1", "PRB-1"]),
    ]

    func bothForms() throws -> [(String, (String) -> (own: Int, chosen: [String: Int])?)] {
        let bytes = IndexFile.encode(fingerprint: 7, entries: entries)
        let slots = try XCTUnwrap(IndexFile.slots(bytes, fingerprint: 7))
        let inPlace = InPlaceIndexRecords(bytes: bytes, slots: slots)
        let decoded = DecodedIndexRecords(entries: entries)
        return [("in place", { RecordStore.choose(around: $0, in: inPlace) }), ("decoded", { RecordStore.choose(around: $0, in: decoded) })]
    }

    func testTheRecordWhatItLinksToAndWhatLinksToItEachTheFirstOfItsId() throws {
        for (form, choose) in try bothForms() {
            let chosen = try XCTUnwrap(choose("INC-1"), form)
            XCTAssertEqual(chosen.own, 0, form)
            XCTAssertEqual(chosen.chosen, ["INC-1": 0, "PRB-1": 1, "INC-2": 2, "INC-40": 7], form)
            let problem = try XCTUnwrap(choose("PRB-1"), form)
            XCTAssertEqual(problem.own, 1, form)
            XCTAssertEqual(problem.chosen, ["PRB-1": 1, "INC-1": 0, "INC-40": 7], form)
        }
    }

    func testAnIdNoEntryHasIsNil() throws {
        for (form, choose) in try bothForms() {
            XCTAssertNil(choose("INC-9"), form)
            XCTAssertNil(choose("inc-1"), "ids are compared byte for byte (\(form))")
            XCTAssertNil(choose(""), form)
        }
    }
}
