import Foundation
import XCTest

/// Compares `text` with the golden file Snapshots/`name`; with RECORD_SNAPSHOTS=1
/// in the environment, writes the file instead and fails, so a recording run never
/// passes unnoticed (run the tests again without it to check the new file).
func assertSnapshot(_ name: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let path = TestRepository.packageRoot + "/Tests/DocketKitTests/Snapshots/" + name
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        XCTFail("recorded snapshot \(name); review the change and run the tests again without RECORD_SNAPSHOTS", file: file, line: line)
        return
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    XCTAssertEqual(text, expected, "snapshot \(name) differs; re-record with RECORD_SNAPSHOTS=1", file: file, line: line)
}
