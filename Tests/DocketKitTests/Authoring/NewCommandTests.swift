import Foundation
import XCTest
@testable import DocketKit

final class NewCommandTests: XCTestCase {
    let now = "2026-11-30 10:00"
    let fields = ["--set", "reporter=张三", "--set", "channel=电话", "--set", "description=三楼打印机卡纸"]

    func testWritesTheNextIncidentWithItsTimestampAndInitialState() throws {
        let root = try TestRepository.copy()
        let run = TestRepository.run(["new", "incident", "--title", "打印机卡纸: 三楼", "--as", "wangwu", "--now", now] + fields, in: root)
        XCTAssertEqual(run.status, 0, run.errors)
        let id = SampleIDs.next("INC", folder: "incidents"), path = SampleIDs.path(id, folder: "incidents")
        XCTAssertEqual(run.output, path + "\n")
        let text = String(decoding: bytes(root + "/" + path), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("---\nid: \(id)\ntitle: '打印机卡纸: 三楼'\nstatus: new\nreported_at: 2026-11-30 10:00\n"), text)
        XCTAssertTrue(text.contains("\nchannel: phone\n"), "a label is written as its id: \(text)")
        XCTAssertTrue(text.contains("三楼打印机卡纸"), text)
        XCTAssertTrue(text.contains("- 2026-11-30 10:00 wangwu: "), text)
        XCTAssertEqual(TestRepository.run(["validate", "--now", now], in: root).status, 0)
        // A new year starts at 0001 in its own folder.
        let next = TestRepository.run(["new", "incident", "--title", "t", "--as", "wangwu", "--now", "2027-01-02 08:00"] + fields, in: root)
        XCTAssertEqual(next.output, "tickets/incidents/2027/INC-2027-0001.md\n", next.errors)
    }

    func testARecordWithErrorsIsRefusedUnlessForced() throws {
        let root = try TestRepository.copy()
        // The template fills every required field; a value the procedure does not allow is an error.
        let bad = ["new", "request", "--title", "r", "--as", "wangwu", "--now", now, "--set", "request_type=nonsense"]
        let run = TestRepository.run(bad, in: root)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.errors.contains("request_type"), run.errors)
        let path = SampleIDs.path(SampleIDs.next("REQ", folder: "requests"), folder: "requests")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/" + path))
        let forced = TestRepository.run(bad + ["--force"], in: root)
        XCTAssertEqual(forced.status, 0, forced.errors)
        XCTAssertEqual(forced.output, path + "\n")
        for bad in [["new", "incidents-x", "--title", "t", "--as", "wangwu"], ["new", "incident", "--as", "wangwu"],
                    ["new", "cmdb", "--title", "t", "--as", "wangwu"], ["new", "incident", "--title", "t", "--as", "wangwu", "--set", "=x"]] {
            XCTAssertEqual(TestRepository.run(bad + ["--now", now], in: root).status, 2, "\(bad)")
        }
    }

    func testANumberHeldOnlyOnAnotherBranchIsNotReused() throws {
        let root = try TestRepository.copy()
        guard var git = Git(directory: root) else { throw XCTSkip("git is not available") }
        git.timeout = 120
        let identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
        for command in [["init", "-q", "-b", "main"], ["add", "-A"], identity + ["commit", "-qm", "sample"], ["checkout", "-qb", "colleague"]] {
            XCTAssertEqual(try git.run(command).status, 0, "\(command)")
        }
        let theirs = SampleIDs.path(SampleIDs.next("INC", folder: "incidents", offset: 4), folder: "incidents")
        try FileManager.default.copyItem(atPath: root + "/tickets/incidents/2026/INC-2026-0025.md", toPath: root + "/" + theirs)
        for command in [["add", "-A"], identity + ["commit", "-qm", "theirs"], ["update-ref", "refs/remotes/origin/far", "HEAD"], ["checkout", "-q", "main"], ["branch", "-D", "colleague"]] {
            XCTAssertEqual(try git.run(command).status, 0, "\(command)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/" + theirs))
        let run = TestRepository.run(["new", "incident", "--title", "t", "--as", "wangwu", "--now", now] + fields, in: root)
        XCTAssertEqual(run.output, SampleIDs.path(SampleIDs.next("INC", folder: "incidents", offset: 5), folder: "incidents") + "\n", run.errors)
    }

    func testTwentyConcurrentProcessesGetTwentyDistinctValidRecords() throws {
        let docket = try XCTUnwrap(DocketBinary.path, "the docket executable is built with the tests")
        let root = try TestRepository.copy()
        let results = ResultBox()
        let common = ["--as", "wangwu", "--now", now] + fields
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            let run = try? DocketBinary.run(docket, ["new", "incident", "--title", "并发 \(index)"] + common,
                                            in: root, timeout: 300)
            results.append(run?.output ?? "failed \(index): \(run?.errors ?? "")")
        }
        let paths = results.items.map { $0.trimmingCharacters(in: .newlines) }
        XCTAssertEqual(Set(paths).count, 20, paths.joined(separator: "\n"))
        XCTAssertEqual(Set(paths), Set((0..<20).map { SampleIDs.path(SampleIDs.next("INC", folder: "incidents", offset: $0), folder: "incidents") }))
        let validation = TestRepository.run(["validate", "--now", now], in: root)
        XCTAssertEqual(validation.status, 0, validation.output)
    }

    func testEditOpensTheEditorAndValidatesAfterwards() throws {
        let root = try TestRepository.copy()
        let fine = TestRepository.run(["new", "incident", "--title", "t", "--as", "wangwu", "--now", now, "--edit"] + fields, in: root,
                                      environment: ["EDITOR": "true", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(fine.status, 0, fine.errors)
        // The editor breaks the record: the file stays as left, and the findings say what is wrong.
        let broken = TestRepository.run(["new", "incident", "--title", "t", "--as", "wangwu", "--now", now, "--edit"] + fields, in: root,
                                        environment: ["VISUAL": "sed -i 's/^status: new/status: nonsense/'", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertEqual(broken.output, SampleIDs.path(SampleIDs.next("INC", folder: "incidents", offset: 1), folder: "incidents") + "\n")
        XCTAssertTrue(broken.errors.contains("[status-unknown]"), broken.errors)
    }

    func testTheEditorHasTheTerminalsStreamsAndItsArguments() throws {
        let docket = try XCTUnwrap(DocketBinary.path, "the docket executable is built with the tests")
        let root = try TestRepository.copy()
        // $VISUAL is a command line with its own arguments; the editor reads docket's standard
        // input and writes to its standard output and error, as a terminal editor does.
        let visual = "read answer; echo \"editor read $answer\"; echo \"editor warns\" >&2; grep -c '^id:'"
        let run = try DocketBinary.run(docket, ["new", "incident", "--title", "t", "--as", "wangwu", "--now", now, "--edit"] + fields,
                                       in: root, environment: ["VISUAL": visual, "EDITOR": "false"], input: "yes\n", timeout: 120)
        XCTAssertEqual(run.status, 0, run.errors)
        let path = SampleIDs.path(SampleIDs.next("INC", folder: "incidents"), folder: "incidents")
        XCTAssertEqual(run.output, path + "\neditor read yes\n1\n")
        XCTAssertEqual(run.errors, "editor warns\n")
        // $EDITOR when $VISUAL is empty; its exit status is reported.
        let failing = try DocketBinary.run(docket, ["new", "incident", "--title", "t", "--as", "wangwu", "--now", now, "--edit"] + fields,
                                           in: root, environment: ["VISUAL": "", "EDITOR": "exit 3;"], timeout: 120)
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.errors.contains("expected the editor exit 3; to exit 0, found 3"), failing.errors)
    }

    func testIDPatternNumbers() throws {
        let pattern = try XCTUnwrap(IDPattern("INC-{year}-{seq}"))
        XCTAssertEqual(pattern.numbers(of: "INC-2026-0042")?.sequence, 42)
        XCTAssertEqual(pattern.numbers(of: "INC-2026-0042")?.year, 2026)
        XCTAssertNil(pattern.numbers(of: "INC-2026-42"))
        XCTAssertEqual(pattern.id(year: 2026, sequence: 7), "INC-2026-0007")
        XCTAssertEqual(pattern.id(year: 2026, sequence: 12345), "INC-2026-12345")
        XCTAssertEqual(RecordNumbers.next(after: ["INC-2025-0100", "INC-2026-0009", "INC-2026-0010", "notes"], pattern: pattern, year: 2026), 11)
        XCTAssertFalse(try XCTUnwrap(IDPattern("CI-{code}")).isNumbered)
        XCTAssertNil(try XCTUnwrap(IDPattern("CI-{code}")).id(year: 2026, sequence: 1))
    }

    func testScalarsKeepTheirMeaning() {
        for (text, expected) in [("plain text", "plain text"), ("a: b", "'a: b'"), ("true", "'true'"), ("42", "'42'"),
                                 ("- x", "'- x'"), ("x #y", "'x #y'"), ("say \"hi\"", "say \"hi\""), ("\"q", "'\"q'"),
                                 ("", "''"), ("中文：冒号", "中文：冒号"), ("a\nb", "\"a\\nb\"")] {
            XCTAssertEqual(FrontMatterValue.text(.string(text)), expected, text)
        }
    }
}

/// Results collected from concurrent work.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ item: String) { lock.lock(); stored.append(item); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
