import Foundation
import XCTest
@testable import DocketKit

/// The walk takes a plain record file (`<id>.md` in a kind's folder) on its name's bytes (session 10);
/// every other name still goes through the full judgement. Both kinds of name side by side: what the
/// index holds and what it reports must be what the full judgement gives.
final class WalkByteNamesTests: XCTestCase {
    func testPlainNamesAreRecordsAndEveryOtherNameIsJudgedAsBefore() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let record = try String(contentsOfFile: root + "/tickets/incidents/2026/INC-2026-0001.md", encoding: .utf8)
        let records = ["INC-2026-0901.md", "INC-2026-09020.md"]
        let misnamed = ["INC-2026-0903.MD", "INC-2026-0904.Md", ".INC-2026-0905.md", "INC-26-0906.md", "INC-2026-0907é.md",
                        "inc-2026-0908.md", "INC-2026-0909.md.md", ".md", "INC-2026-0910.markdown"]
        for name in records + misnamed { try TestRepository.write(record, to: "tickets/incidents/2026/" + name, in: root) }
        try TestRepository.write("notes", to: "tickets/incidents/2026/INC-2026-0911.txt", in: root)
        try TestRepository.write("notes", to: "tickets/incidents/2026/md", in: root)
        let procedures = try ProcedureSet.load(root: root)
        let index = RepositoryScanner.scan(root: root, procedures: procedures)
        let paths = Set(index.files.map(\.path))
        for name in records {
            XCTAssertTrue(paths.contains("tickets/incidents/2026/" + name), name)
            let file = try XCTUnwrap(index.files.first { $0.path == "tickets/incidents/2026/" + name })
            XCTAssertEqual(file.stem, String(name.dropLast(3)))
            XCTAssertEqual(file.kind, "incident")
            XCTAssertEqual(index.byID[file.stem]?.count, 1)
        }
        XCTAssertTrue(paths.contains("tickets/incidents/2026/INC-2026-0001.md"))
        for name in misnamed {
            let path = "tickets/incidents/2026/" + name
            XCTAssertFalse(paths.contains(path), name)
            XCTAssertTrue(index.unreadable.contains(path), name)
            XCTAssertTrue(index.diagnostics.contains { $0.path == path && $0.rule == RuleID.idFormat.rawValue }, name)
        }
        XCTAssertFalse(index.diagnostics.contains { $0.path.hasSuffix(".txt") || $0.path.hasSuffix("/md") })
    }
}
