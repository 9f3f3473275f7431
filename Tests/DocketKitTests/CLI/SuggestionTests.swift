import XCTest
@testable import DocketKit

/// "Did you mean" for record ids: typos of one or two characters among many ids.
final class SuggestionTests: XCTestCase {
    private let ids = ["INC-2026-0013", "INC-2026-0031", "INC-2026-0100", "INC-2026-004193", "PRB-2026-0001"]

    func testOneChangedCharacter() {
        XCTAssertEqual(Suggestion.nearestID(to: "INC-2026-0014", in: ids), "INC-2026-0013")
    }

    func testSwappedNeighbours() {
        // A swap counts one edit, as does one change to INC-2026-0100: ties go to the smaller id.
        XCTAssertEqual(Suggestion.nearestID(to: "INC-2026-0103", in: ids), "INC-2026-0013")
        XCTAssertEqual(Suggestion.nearestID(to: "INC-2026-3001", in: ["INC-2026-0301", "INC-2026-9999"]), "INC-2026-0301")
    }

    func testDroppedAndAddedCharacter() {
        XCTAssertEqual(Suggestion.nearestID(to: "INC-2026-013", in: ids), "INC-2026-0013")
        XCTAssertEqual(Suggestion.nearestID(to: "INC-2026-00133", in: ids), "INC-2026-0013")
    }

    func testNothingNearEnough() {
        XCTAssertNil(Suggestion.nearestID(to: "INC-2025-9999", in: ids))
        XCTAssertNil(Suggestion.nearestID(to: "CHG-2026-0001", in: ids))
    }

    func testFilterRestrictsCandidates() {
        XCTAssertNil(Suggestion.nearestID(to: "PRB-2026-0002", in: ids, where: { $0.hasPrefix("INC-") }))
        XCTAssertEqual(Suggestion.nearestID(to: "PRB-2026-0002", in: ids), "PRB-2026-0001")
    }

    func testLengthPrefilterKeepsTheNearestName() {
        XCTAssertEqual(Suggestion.nearest(to: "reslved_at", in: ["resolved_at", "responded_at", "reported_at"]), "resolved_at")
        XCTAssertNil(Suggestion.nearest(to: "x", in: ["resolved_at"]))
    }
}
