import Foundation
import XCTest
@testable import DocketKit

/// `signals:` in a procedure document: read, and checked against the calendars of sla.md.
final class SignalsProcedureTests: XCTestCase {
    func testSampleSignalsAreRead() throws {
        let procedures = try ProcedureSet.load(root: TestRepository.packageRoot)
        let signals = try XCTUnwrap(procedures.procedure(kind: "incident")?.signals)
        XCTAssertEqual(signals.calendar, "office")
        XCTAssertEqual(signals.untriaged, 4 * 3600)
        XCTAssertEqual(signals.pendingTooLong, 200 * 3600)
    }

    func testUnknownCalendarAndBadDurationAreProcedureInvalid() throws {
        let root = try TestRepository.copy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/procedures/incident.md"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        for (slip, expected) in [("calendar: offce", "did you mean \"office\"?"), ("untriaged: 4 hours", "expected untriaged as a duration such as 4h")] {
            let text = original.replacingOccurrences(of: slip.hasPrefix("calendar") ? "calendar: office" : "untriaged: 4h", with: slip)
            XCTAssertNotEqual(text, original)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try ProcedureSet.load(root: root)) { error in
                let diagnostic = (error as? ProcedureError)?.diagnostic
                XCTAssertEqual(diagnostic?.rule, "procedure-invalid")
                XCTAssertTrue(diagnostic?.message.contains(expected) ?? false, diagnostic?.message ?? "")
            }
        }
    }
}
