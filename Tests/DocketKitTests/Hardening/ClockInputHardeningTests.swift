import Foundation
import XCTest
@testable import DocketKit

/// Issue 10, item 4, in a temporary repository and under a deadline: a clock input out of
/// range stops every verb that reads the clock at once (exit 2, nothing on standard output),
/// instead of measuring open records against it (`SOURCE_DATE_EPOCH=100000000000000` ran
/// for ever at 1.9 GB). The range and its message are TimeTests' subject; this test holds
/// the verbs to it.
final class ClockInputHardeningTests: XCTestCase {
    var root = ""
    let range = "from 1970-01-01T00:00:00Z to 9999-12-30T23:59:59Z (0 to 253402214399 seconds since 1970)"
    /// The verbs that read `--now` or `SOURCE_DATE_EPOCH`.
    let verbs = [["validate"], ["sla"], ["show", "INC-2026-0022"]]

    override func setUpWithError() throws { root = try TestRepository.copy() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func run(_ arguments: [String], epoch: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int32, output: String, errors: String) {
        let environment = epoch.map { ["SOURCE_DATE_EPOCH": $0] } ?? [:]
        return try XCTUnwrap(TestRepository.run(arguments, in: root, environment: environment, within: 20),
                             "docket \(arguments.joined(separator: " ")) did not finish within 20 s", file: file, line: line)
    }

    func testHugeSourceDateEpochStopsEveryVerbAtOnce() throws {
        for epoch in ["100000000000000", "253402214400", "-1", "-100000000000000"] {
            for verb in verbs {
                let result = try run(verb, epoch: epoch)
                XCTAssertEqual(result.status, 2, "\(verb) \(epoch)")
                XCTAssertEqual(result.output, "", "\(verb) \(epoch)")
                XCTAssertTrue(result.errors.hasPrefix("docket \(verb[0]): error: expected SOURCE_DATE_EPOCH \(range), found \"\(epoch)\""), result.errors)
            }
        }
        // Past Int64: not read as a number at all, still exit 2 with the variable named.
        let overflow = try run(["validate"], epoch: "99999999999999999999999")
        XCTAssertEqual(overflow.status, 2)
        XCTAssertTrue(overflow.errors.hasPrefix("docket validate: error: expected SOURCE_DATE_EPOCH"), overflow.errors)
    }

    func testNowOutOfRangeStopsEveryVerbTheSameWay() throws {
        for now in ["9999-12-31T00:00:00Z", "1969-12-31T23:59:59Z"] {
            for verb in verbs {
                let result = try run(verb + ["--now", now])
                XCTAssertEqual(result.status, 2, "\(verb) \(now)")
                XCTAssertEqual(result.output, "")
                XCTAssertTrue(result.errors.hasPrefix("docket \(verb[0]): error: expected --now \(range), found \"\(now)\""), result.errors)
            }
        }
    }

    /// The last accepted instant is measured, not refused, and quickly (whole weeks at a step).
    func testLatestEpochIsAcceptedByEveryVerb() throws {
        for verb in verbs {
            let result = try run(verb, epoch: "253402214399")
            XCTAssertNotEqual(result.status, 2, "\(verb): \(result.errors)")
            XCTAssertFalse(result.output.isEmpty, "\(verb)")
        }
    }
}
