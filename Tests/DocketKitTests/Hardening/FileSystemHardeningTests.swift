#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest
@testable import DocketKit

/// The root is a wall and nothing is skipped: special files, links out, loops, dangling
/// links, hidden and odd names, each in a temporary copy of the sample repository.
///
/// Files outside the root carry a marker that would show up in a diagnostic or in
/// `docket list` if they were read: their `status` is the marker, which `validate`
/// would report as `status-unknown` and `list` would print.
final class FileSystemHardeningTests: XCTestCase {
    var root = ""
    var outside = ""
    let marker = "outside-marker-\(UInt32.random(in: 0...UInt32.max))"

    override func setUpWithError() throws {
        root = try TestRepository.copy()
        outside = try TestRepository.emptyFolder("outside")
        try FileManager.default.createDirectory(atPath: outside + "/incidents/2026", withIntermediateDirectories: true)
        outside = FileSystem.realPath(outside) ?? outside
        let record = try String(contentsOfFile: root + "/tickets/incidents/2026/INC-2026-0001.md", encoding: .utf8)
            .replacingOccurrences(of: "INC-2026-0001", with: "INC-2026-0999")
            .replacingOccurrences(of: "status: closed", with: "status: \(marker)")
        XCTAssertTrue(record.contains(marker))
        for path in ["INC-2026-0999.md", "incidents/2026/INC-2026-0999.md"] {
            try Data(record.utf8).write(to: URL(fileURLWithPath: outside + "/" + path))
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
        try? FileManager.default.removeItem(atPath: outside)
    }

    // MARK: helpers

    /// Runs `docket ARGS` in-process on a thread of its own; fails the test instead of
    /// hanging when the verb does not finish within `seconds` (a FIFO opened for reading would block).
    func run(_ arguments: [String], seconds: Double = 60, file: StaticString = #filePath, line: UInt = #line) -> (status: Int32, output: String, errors: String) {
        guard let result = TestRepository.run(arguments, in: root, within: seconds) else {
            XCTFail("docket \(arguments.joined(separator: " ")) did not finish within \(seconds) s", file: file, line: line)
            return (-1, "", "")
        }
        return result
    }

    func link(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
    }

    func makeFIFO(_ path: String) throws {
        XCTAssertEqual(mkfifo(root + "/" + path, 0o644), 0, "mkfifo \(path)")
    }

    /// Binds a Unix socket at `path` (the socket file stays after the descriptor is closed).
    func makeSocket(_ path: String) throws {
        let full = root + "/" + path
        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(full.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        XCTAssertLessThan(bytes.count, capacity, "socket path too long for sun_path")
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0, "bind \(path)")
    }

    func assertNothingOutsideRead(_ result: (status: Int32, output: String, errors: String), file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(result.output.contains(marker), "a file outside the root was read:\n\(result.output)", file: file, line: line)
        XCTAssertFalse(result.errors.contains(marker), "a file outside the root was read:\n\(result.errors)", file: file, line: line)
        XCTAssertFalse(result.output.contains("INC-2026-0999"), "a file outside the root was listed:\n\(result.output)", file: file, line: line)
    }

    /// The text diagnostic line of `path`, if any.
    func diagnostic(_ path: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(path + ":1:1: error:") }.map(String.init)
    }

    // MARK: special files

    func testFIFORecordIsReportedAndNeverOpenedByAnyVerb() throws {
        let path = "tickets/incidents/2026/INC-2026-0900.md"
        try makeFIFO(path)
        for arguments in [["validate"], ["validate", path]] {
            let result = run(arguments)
            XCTAssertEqual(result.status, 1, result.output)
            let line = try XCTUnwrap(diagnostic(path, in: result.output), result.output)
            XCTAssertTrue(line.contains("expected a regular file, found a FIFO (named pipe); it was not opened"), line)
            XCTAssertTrue(line.hasSuffix("[path-unsafe]"), line)
        }
        let list = run(["list"])
        XCTAssertEqual(list.status, 0)
        XCTAssertTrue(list.errors.contains("could not be read"), list.errors)
        XCTAssertFalse(list.output.contains("INC-2026-0900"), list.output)
        XCTAssertEqual(run(["show", "INC-2026-0001"]).status, 0)
        XCTAssertEqual(run(["sla", "--now", "2026-11-30T10:00:00+08:00"]).status, 0)
        let yaml = run(["yaml", path])
        XCTAssertEqual(yaml.status, 1)
        XCTAssertTrue(yaml.errors.contains("expected a regular file, found a FIFO (named pipe) at \(path); it was not opened"), yaml.errors)
    }

    func testFIFOIsRefusedByTheLoaderWithoutBlocking() throws {
        try makeFIFO("tickets/incidents/2026/INC-2026-0900.md")
        let full = root + "/tickets/incidents/2026/INC-2026-0900.md"
        // The walk's entry swapped for a FIFO after the walk: the non-blocking open and fstat refuse it.
        guard case .notRegular(.fifo) = FileSystem.read(full, limit: nil) else { return XCTFail("a FIFO was read") }
        guard case .refused(.notRegular(.fifo)) = RecordLoader.readUnvetted(full, insideOf: root, limit: 1 << 20) else { return XCTFail("a FIFO was read") }
        guard case .bytes(let bytes) = RecordLoader.readUnvetted(root + "/tickets/incidents/2026/INC-2026-0001.md", insideOf: root, limit: 1 << 20) else {
            return XCTFail("a regular record was refused")
        }
        XCTAssertFalse(bytes.isEmpty)
    }

    func testSocketRecordIsReported() throws {
        let path = "tickets/incidents/2026/INC-2026-0901.md"
        try makeSocket(path)
        XCTAssertEqual(FileSystem.kind(root + "/" + path), .socket)
        let result = run(["validate"])
        XCTAssertEqual(result.status, 1)
        let line = try XCTUnwrap(diagnostic(path, in: result.output), result.output)
        XCTAssertTrue(line.contains("found a socket; it was not opened") && line.hasSuffix("[path-unsafe]"), line)
        XCTAssertEqual(run(["list"]).status, 0)
    }

    func testFolderNamedLikeARecordIsReported() throws {
        let path = "tickets/incidents/2026/INC-2026-0902.md"
        try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
        let result = run(["validate"])
        XCTAssertEqual(result.status, 1)
        let line = try XCTUnwrap(diagnostic(path, in: result.output), result.output)
        XCTAssertTrue(line.contains("expected a record file, found a folder with a record's name") && line.hasSuffix("[path-unsafe]"), line)
    }

    // MARK: the root is a wall

    func testFolderLinkOutsideIsRefusedWalkedOrNamed() throws {
        let path = "tickets/incidents/2026/outdir"
        try link(path, to: outside + "/incidents/2026")
        try link("tickets/incidents/2026/etc", to: "/etc")
        for arguments in [["validate"], ["validate", path], ["validate", path + "/"], ["validate", path + "//"]] {
            let result = run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.output) \(result.errors)")
            let line = try XCTUnwrap(diagnostic(path, in: result.output), "\(arguments): \(result.output) \(result.errors)")
            XCTAssertTrue(line.contains("found a symbolic link that leads outside it; it was not followed") && line.hasSuffix("[path-unsafe]"), line)
            assertNothingOutsideRead(result)
        }
        XCTAssertNotNil(diagnostic("tickets/incidents/2026/etc", in: run(["validate"]).output))
        for arguments in [["list"], ["sla", "--now", "2026-11-30T10:00:00+08:00"], ["show", "INC-2026-0999"]] {
            assertNothingOutsideRead(run(arguments))
        }
    }

    func testFolderLinkInsideIsFollowed() throws {
        // The year folder lives elsewhere in the repository, reached through a link.
        try FileManager.default.createDirectory(atPath: root + "/archive", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: root + "/tickets/incidents/2026", toPath: root + "/archive/2026")
        try link("tickets/incidents/2026", to: "../../archive/2026")
        let record = try String(contentsOfFile: root + "/archive/2026/INC-2026-0001.md", encoding: .utf8)
            .replacingOccurrences(of: "INC-2026-0001", with: "INC-2026-0950")
        try TestRepository.write(record, to: "archive/2026/INC-2026-0950.md", in: root)
        let result = run(["validate"])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertFalse(result.output.contains("[path-unsafe]"), result.output)
        XCTAssertTrue(result.output.contains("in 178 files"), result.output)
        XCTAssertTrue(run(["list"]).output.contains("INC-2026-0950"))
        let named = run(["validate", "tickets/incidents/2026/"])
        XCTAssertEqual(named.status, 0, named.output + named.errors)
        XCTAssertTrue(named.output.contains("in 109 files"), named.output)
    }

    func testTicketsLinkedOutsideIsPathUnsafeAndNotRead() throws {
        try FileManager.default.removeItem(atPath: root + "/tickets")
        try link("tickets", to: outside)
        let result = run(["validate"])
        XCTAssertEqual(result.status, 1)
        let line = try XCTUnwrap(diagnostic("tickets", in: result.output), result.output)
        XCTAssertTrue(line.contains("leads outside it") && line.hasSuffix("[path-unsafe]"), line)
        XCTAssertTrue(result.output.contains("1 error, 0 warnings in 0 files"), result.output)
        assertNothingOutsideRead(result)
        for arguments in [["list"], ["sla", "--now", "2026-11-30T10:00:00+08:00"], ["show", "INC-2026-0999"]] {
            assertNothingOutsideRead(run(arguments))
        }
    }

    func testProceduresLinkedOutsideIsPathUnsafe() throws {
        try FileManager.default.moveItem(atPath: root + "/procedures", toPath: outside + "/procedures")
        try link("procedures", to: outside + "/procedures")
        let result = run(["validate"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.hasPrefix("procedures:1:1: error: expected a path inside the repository"), result.errors)
        XCTAssertTrue(result.errors.contains("[path-unsafe]"), result.errors)
        XCTAssertEqual(result.output, "")
    }

    func testProcedureDocumentThatIsAFIFOIsRefused() throws {
        try makeFIFO("procedures/extra.md")
        let result = run(["validate"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.errors.hasPrefix("procedures/extra.md:1:1: error: expected a regular file, found a FIFO"), result.errors)
    }

    func testLoopAndDanglingLinksHaveTheirOwnMessages() throws {
        try link("tickets/incidents/2026/INC-2026-0903.md", to: "INC-2026-0904.md")
        try link("tickets/incidents/2026/INC-2026-0904.md", to: "INC-2026-0903.md")
        try link("tickets/incidents/2026/INC-2026-0905.md", to: "INC-2026-9999.md")
        let result = run(["validate"])
        XCTAssertEqual(result.status, 1)
        for path in ["tickets/incidents/2026/INC-2026-0903.md", "tickets/incidents/2026/INC-2026-0904.md"] {
            let line = try XCTUnwrap(diagnostic(path, in: result.output), result.output)
            XCTAssertTrue(line.contains("found a loop of links") && line.hasSuffix("[path-unsafe]"), line)
            XCTAssertFalse(line.contains("outside"), line)
        }
        let dangling = try XCTUnwrap(diagnostic("tickets/incidents/2026/INC-2026-0905.md", in: result.output), result.output)
        XCTAssertTrue(dangling.contains("found one whose target does not exist") && dangling.hasSuffix("[path-unsafe]"), dangling)
        XCTAssertFalse(dangling.contains("outside"), dangling)
        let named = run(["validate", "tickets/incidents/2026/INC-2026-0905.md"])
        XCTAssertEqual(named.status, 1)
        XCTAssertNotNil(diagnostic("tickets/incidents/2026/INC-2026-0905.md", in: named.output), named.output + named.errors)
    }

    // MARK: nothing skipped in silence

    func testHiddenUpperCaseAndMarkdownNamesAreReported() throws {
        let record = try String(contentsOfFile: root + "/tickets/incidents/2026/INC-2026-0001.md", encoding: .utf8)
        let cases = [
            ("tickets/incidents/2026/INC-2026-0906.MD", "expected the extension .md, found .MD; rename the file to INC-2026-0906.md"),
            ("tickets/incidents/2026/INC-2026-0907.markdown", "expected the extension .md, found .markdown; rename the file to INC-2026-0907.md"),
            ("tickets/incidents/2026/.INC-2026-0908.md", "expected a record name without a leading dot, found .INC-2026-0908.md"),
            ("tickets/incidents/2026/.drafts/INC-2026-0909.md", "expected records outside hidden folders, found INC-2026-0909.md in tickets/incidents/2026/.drafts"),
            ("tickets/.archive/INC-2026-0910.md", "expected records outside hidden folders, found INC-2026-0910.md in tickets/.archive"),
        ]
        for (path, _) in cases { try TestRepository.write(record, to: path, in: root) }
        try TestRepository.write("", to: "tickets/incidents/2026/.gitkeep", in: root)
        try TestRepository.write("notes", to: "tickets/incidents/2026/notes.txt", in: root)
        let result = run(["validate"])
        XCTAssertEqual(result.status, 1)
        for (path, words) in cases {
            let line = try XCTUnwrap(diagnostic(path, in: result.output), "\(path) not reported:\n\(result.output)")
            XCTAssertTrue(line.contains(words) && line.hasSuffix("[id-format]"), line)
        }
        XCTAssertFalse(result.output.contains(".gitkeep"), result.output)
        XCTAssertFalse(result.output.contains("notes.txt"), result.output)
        XCTAssertTrue(result.output.contains("\(cases.count) errors"), result.output)
    }

    // MARK: docket yaml

    func testYAMLRefusesFIFOAndOversizedFileAndReadsOrdinaryOnes() throws {
        try makeFIFO("pipe.yaml")
        let fifo = run(["yaml", "pipe.yaml"])
        XCTAssertEqual(fifo.status, 1)
        XCTAssertTrue(fifo.errors.contains("expected a regular file, found a FIFO (named pipe) at pipe.yaml; it was not opened"), fifo.errors)
        try TestRepository.write("a: " + String(repeating: "x", count: 1 << 20) + "\n", to: "big.yaml", in: root)
        let big = run(["yaml", "big.yaml"])
        XCTAssertEqual(big.status, 1)
        XCTAssertTrue(big.errors.contains("expected a file of at most 1048576 bytes, found 1048580 bytes at big.yaml; it was not read"), big.errors)
        let folder = run(["yaml", "tickets"])
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.errors.contains("found a folder at tickets"), folder.errors)
        try TestRepository.write("a: 1\n", to: "small.yaml", in: root)
        XCTAssertEqual(run(["yaml", "small.yaml"]).status, 0)
        // Any regular file the user names, also outside the repository.
        let outsideFile = run(["yaml", outside + "/INC-2026-0999.md"])
        XCTAssertEqual(outsideFile.status, 0)
        XCTAssertTrue(outsideFile.output.contains(marker))
    }

    func testOversizedRecordIsRefusedBeforeReading() throws {
        let path = "tickets/incidents/2026/INC-2026-0911.md"
        try TestRepository.write("---\nid: INC-2026-0911\n---\n" + String(repeating: "x", count: 1 << 20), to: path, in: root)
        let loader = RecordLoader(root: root, procedures: try ProcedureSet.load(root: root))
        guard case .refused(.tooLarge(let size, let limit)) = loader.bytes(atPath: path) else { return XCTFail("an oversized record was read") }
        XCTAssertEqual(limit, 1 << 20)
        XCTAssertGreaterThan(size, limit)
        let result = run(["validate", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(diagnostic(path, in: result.output)?.hasSuffix("[file-too-large]") ?? false, result.output)
    }

    // MARK: procedure values that name paths

    func testProcedurePathValuesAreProcedureInvalidWithPosition() throws {
        let original = try String(contentsOfFile: root + "/procedures/incident.md", encoding: .utf8)
        let cases = [
            ("folder: incidents", "folder: ../../x", "expected folder as one folder name under tickets/"),
            ("folder: incidents", "folder: /etc", "found \"/etc\""),
            ("folder: incidents", "folder: .hidden", "found \".hidden\""),
            ("id_pattern: \"INC-{year}-{seq}\"", "id_pattern: \"INC/{year}-{seq}\"", "expected an id pattern such as INC-{year}-{seq}"),
            ("id_pattern: \"INC-{year}-{seq}\"", "id_pattern: \"INC\"", "found \"INC\""),
            ("id_pattern: \"INC-{year}-{seq}\"", "id_pattern: \"INC-{bogus}\"", "expected an id pattern"),
        ]
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        for (old, new, words) in cases {
            let line = try XCTUnwrap(lines.firstIndex { $0 == old }) + 1
            try TestRepository.write(original.replacingOccurrences(of: old, with: new), to: "procedures/incident.md", in: root)
            let result = run(["validate"])
            XCTAssertEqual(result.status, 2, new)
            XCTAssertTrue(result.errors.hasPrefix("procedures/incident.md:\(line):"), "\(new): \(result.errors)")
            XCTAssertTrue(result.errors.contains(words) && result.errors.contains("[procedure-invalid]"), "\(new): \(result.errors)")
        }
        try TestRepository.write(original, to: "procedures/incident.md", in: root)
        XCTAssertEqual(run(["validate"]).status, 0)
    }
}
