import Foundation
import XCTest

/// Compares `text` with the golden file Snapshots/`name`; with RECORD_SNAPSHOTS=1
/// in the environment, writes the file instead.
func assertSnapshot(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let path = TestRepository.packageRoot + "/Tests/DocketKitTests/Snapshots/" + name
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    XCTAssertEqual(text, expected, "snapshot \(name) differs; re-record with RECORD_SNAPSHOTS=1", file: file, line: line)
}
