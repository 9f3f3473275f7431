import Foundation
import XCTest
@testable import DocketKit

final class ChildProcessTests: XCTestCase {
    private let environment = ["PATH": "/usr/bin:/bin"]

    func testRunsInTheGivenFolderWithTheGivenEnvironmentAndInput() throws {
        let folder = try TestRepository.copy() + "/tickets"
        let resolved = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        let result = try ChildProcess.run("/bin/sh", ["-c", "pwd -P; echo \"$GREETING\"; cat"], environment: ["GREETING": "你好"],
                                          directory: folder, input: Array("from stdin\n".utf8), timeout: 60)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), resolved + "\n你好\nfrom stdin\n")
        XCTAssertFalse(result.timedOut)
    }

    func testWithoutAFolderTheChildStartsInOurs() throws {
        let result = try ChildProcess.run("/bin/pwd", ["-P"], environment: environment, input: nil, timeout: 60)
        let ours = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), ours + "\n")
    }

    func testAMissingFolderIsAFailureNotAChildInTheWrongPlace() {
        XCTAssertThrowsError(try ChildProcess.run("/bin/pwd", [], environment: environment, directory: "/nonexistent/docket-folder",
                                                  input: nil, timeout: 60))
    }

    func testMergedErrorsKeepTheOrderTheyWereWritten() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "echo one; echo two >&2; echo three; exit 3"], environment: environment,
                                          input: nil, timeout: 60, mergingErrors: true)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "one\ntwo\nthree\n")
        XCTAssertEqual(result.stderr, [])
        XCTAssertEqual(result.status, 3)
        let separate = try ChildProcess.run("/bin/sh", ["-c", "echo one; echo two >&2"], environment: environment, input: nil, timeout: 60)
        XCTAssertEqual(String(decoding: separate.stdout, as: UTF8.self), "one\n")
        XCTAssertEqual(String(decoding: separate.stderr, as: UTF8.self), "two\n")
    }

    func testTheTimeoutStopsTheChildWithTheGivenSignal() throws {
        let result = try ChildProcess.run("/bin/sleep", ["30"], environment: environment, input: nil, timeout: 0.2, stopSignal: SIGKILL)
        XCTAssertTrue(result.timedOut)
        XCTAssertEqual(result.status, 128 + SIGKILL)
    }

    func testAStartedChildCanBeKilledAndReportsTheSignal() throws {
        let child = try ChildProcess.start("/bin/sleep", ["30"], environment: environment, streams: .discarded)
        child.send(SIGKILL)
        XCTAssertEqual(child.wait(), ChildProcess.Termination(waitStatus: SIGKILL))
        XCTAssertEqual(ChildProcess.Termination(waitStatus: SIGKILL).status, 137)
        let finished = try ChildProcess.start("/bin/sh", ["-c", "exit 4"], environment: environment, streams: .inherited).wait()
        XCTAssertEqual(finished.status, 4)
        XCTAssertNil(finished.signal)
    }

    func testAMissingProgramIsAFailure() {
        XCTAssertThrowsError(try ChildProcess.start("/nonexistent/program", [], environment: environment, streams: .discarded))
    }
}
