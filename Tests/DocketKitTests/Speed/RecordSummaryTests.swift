import XCTest
@testable import DocketKit

/// What one checked file keeps for the cross-record pass: the links with the field's key as
/// the procedure writes it (one string shared by every record) and the kind it expects.
final class RecordSummaryTests: XCTestCase {
    private func summary(of text: String, procedures given: ProcedureSet? = nil) throws -> RecordSummary {
        let procedures = try given ?? ProcedureSet.load(root: TestRepository.packageRoot)
        let checker = RecordChecker(procedures: procedures, now: 1_764_468_000)
        let file = TicketFile(path: "tickets/incidents/2026/INC-2026-9001.md", root: TestRepository.packageRoot, kind: "incident", stem: "INC-2026-9001")
        return try XCTUnwrap(checker.check(file, bytes: Array(text.utf8)).summary)
    }

    private func incident(_ extra: String) -> String {
        "---\nid: INC-2026-9001\ntitle: t\nstatus: new\nreported_at: 2026-11-30 09:30\nreporter: r\nchannel: phone\n\(extra)---\n## 事件描述\nx\n"
    }

    /// The address of a string's bytes: equal for two strings that share one buffer.
    private func storage(_ text: String) -> UInt? {
        var copy = text
        return copy.withUTF8 { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    func testLinksKeepTheProcedureKeyAndTheExpectedKind() throws {
        let procedures = try ProcedureSet.load(root: TestRepository.packageRoot)
        let key = try XCTUnwrap(procedures.procedure(kind: "incident")?.field("configuration_items")?.key)
        let read = try summary(of: incident("configuration_items: [CI-APP-FIN, CI-DB-ORA01]\nrelated: [PRB-2026-0001]\n"), procedures: procedures)
        XCTAssertEqual(read.links.map(\.field), ["configuration_items", "configuration_items", "related"])
        XCTAssertEqual(read.links.map(\.reference.id), ["CI-APP-FIN", "CI-DB-ORA01", "PRB-2026-0001"])
        XCTAssertEqual(read.links.map(\.expectedKind), ["cmdb", "cmdb", nil])
        // Longer than a small string: shared with the procedure, not a copy per record.
        XCTAssertGreaterThan(key.utf8.count, 15)
        XCTAssertEqual(storage(read.links[0].field), storage(key))
        XCTAssertEqual(storage(read.links[1].field), storage(key))
    }

    /// A summary is kept per record until the cross-record pass ends: the kind and severities
    /// come from its procedure (one reference) and no field leaves padding behind it.
    func testSummaryKeepsItsProcedureAndNoPadding() throws {
        let read = try summary(of: incident(""))
        XCTAssertEqual(read.kind, "incident")
        XCTAssertEqual(read.severities, read.procedure.severities)
        XCTAssertLessThanOrEqual(MemoryLayout<RecordSummary>.stride, 104)
    }

    func testARecordWithoutReferencesKeepsNoLinks() throws {
        let read = try summary(of: incident(""))
        XCTAssertTrue(read.links.isEmpty)
        XCTAssertEqual(read.id, "INC-2026-9001")
        XCTAssertTrue(read.namedByID)
    }
}
