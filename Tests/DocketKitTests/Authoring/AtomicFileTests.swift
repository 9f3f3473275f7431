import Foundation
import XCTest
@testable import DocketKit

final class AtomicFileTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        let path = try TestRepository.emptyFolder("atomic")
        try FileManager.default.createDirectory(atPath: path + "/tickets", withIntermediateDirectories: true)
        root = FileSystem.realPath(path)!
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func contents(_ path: String) -> String? { FileSystem.read(path).map { String(decoding: $0, as: UTF8.self) } }

    func testReplaceWritesAndKeepsTheMode() throws {
        let path = root + "/tickets/a.md"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o640)
        try AtomicFile.replace(path, with: Array("new".utf8), root: root)
        XCTAssertEqual(contents(path), "new")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o640)
        XCTAssertEqual(FileSystem.list(root + "/tickets").map(\.name), ["a.md"], "no temporary file is left")
    }

    func testAWriteRemovesTheTemporaryFilesKilledWritesLeftAndNoOthers() throws {
        let folder = root + "/tickets"
        let path = folder + "/a.md"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let old = Date(timeIntervalSinceNow: -120)
        // Left by writes killed two minutes ago, one of a record, one of a new record.
        for name in [".a.md.docket-tmp-4242-0", ".b.md.docket-tmp-4243-3"] {
            try Data("half".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder + "/" + name)
        }
        // A write running now in another process, an old hidden file of the user's and an old
        // link named like a temporary file all stay.
        try Data("running".utf8).write(to: URL(fileURLWithPath: folder + "/.a.md.docket-tmp-4244-0"))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/.notes"))
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder + "/.notes")
        try FileManager.default.createSymbolicLink(atPath: folder + "/.c.md.docket-tmp-1-0", withDestinationPath: path)
        try AtomicFile.replace(path, with: Array("new".utf8), root: root)
        XCTAssertEqual(FileSystem.list(folder).map(\.name), [".a.md.docket-tmp-4244-0", ".c.md.docket-tmp-1-0", ".notes", "a.md"])
        XCTAssertEqual(contents(path), "new")
        // A new record's write sweeps its folder too, once the running write is a minute old.
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: folder + "/.a.md.docket-tmp-4244-0")
        try AtomicFile.create(folder + "/d.md", with: Array("d".utf8), root: root)
        XCTAssertEqual(FileSystem.list(folder).map(\.name), [".c.md.docket-tmp-1-0", ".notes", "a.md", "d.md"])
    }

    func testAFailureAtAnyStepLeavesTheOldFileWhole() throws {
        let path = root + "/tickets/a.md"
        try Data("old content".utf8).write(to: URL(fileURLWithPath: path))
        for step in [AtomicFile.Step.temporaryWritten, .synced] {
            XCTAssertThrowsError(try AtomicFile.replace(path, with: Array("new".utf8), root: root, failAfter: step))
            XCTAssertEqual(contents(path), "old content")
            XCTAssertEqual(FileSystem.list(root + "/tickets").map(\.name), ["a.md"])
        }
    }

    func testALinkASpecialFileAndAPathOutsideTheRootAreRefused() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("docket-outside-\(UUID().uuidString)").path
        try Data("theirs".utf8).write(to: URL(fileURLWithPath: outside))
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let link = root + "/tickets/link.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
        XCTAssertThrowsError(try AtomicFile.replace(link, with: [1], root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .notRegular(link, .symlink))
            XCTAssertEqual((error as? AtomicFile.Failure)?.message, "expected a regular file at \(link), found a symbolic link; it was not written")
        }
        XCTAssertEqual(contents(outside), "theirs")
        XCTAssertEqual(FileSystem.kind(link), .symlink)

        let fifo = root + "/tickets/fifo.md"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertThrowsError(try AtomicFile.replace(fifo, with: [1], root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .notRegular(fifo, .fifo))
        }
        XCTAssertThrowsError(try AtomicFile.replace(outside, with: [1], root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .outsideRoot(outside))
        }
        // A folder inside the root that is a link leading out counts as outside.
        let linkedFolder = root + "/tickets/out"
        try FileManager.default.createSymbolicLink(atPath: linkedFolder, withDestinationPath: (outside as NSString).deletingLastPathComponent)
        let through = linkedFolder + "/" + (outside as NSString).lastPathComponent
        XCTAssertThrowsError(try AtomicFile.replace(through, with: [1], root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .outsideRoot(through))
        }
        XCTAssertThrowsError(try AtomicFile.create(root + "/tickets/out/new.md", with: [1], root: root))
        XCTAssertEqual(contents(outside), "theirs")
        XCTAssertThrowsError(try AtomicFile.replace(root + "/tickets/none.md", with: [1], root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .missing(root + "/tickets/none.md"))
        }
    }

    func testAnOutputFileReplacesALinkWithoutFollowingIt() throws {
        let target = root + "/target.txt", link = root + "/out.txt"
        try Data("target".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try FileSystem.writeAtomically(Array("report".utf8), to: link)
        XCTAssertEqual(FileSystem.kind(link), .file)
        XCTAssertEqual(contents(link), "report")
        XCTAssertEqual(contents(target), "target")
        chmod(target, 0o600)
        try AtomicFile.write(Array("again".utf8), to: target)
        XCTAssertEqual(contents(target), "again")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int, 0o600)
    }

    /// An output written in pieces appears whole at commit, keeps the old file's mode and
    /// leaves no temporary file; discarded, the old file stays as it was.
    func testAStreamedOutputAppearsWholeOrNotAtAll() throws {
        let path = root + "/report.html"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o640)
        let stream = try AtomicFile.Stream(to: path)
        try stream.write("报表 ")
        try stream.write(Array("part two".utf8))
        XCTAssertEqual(contents(path), "old", "nothing shows before the commit")
        try stream.commit()
        XCTAssertEqual(contents(path), "报表 part two")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o640)
        let discarded = try AtomicFile.Stream(to: path)
        try discarded.write("half")
        discarded.discard()
        XCTAssertEqual(contents(path), "报表 part two")
        XCTAssertEqual(FileSystem.list(root).map(\.name).sorted(), ["report.html", "tickets"], "no temporary file is left")
        XCTAssertThrowsError(try AtomicFile.Stream(to: root + "/missing/report.html"), "a folder that does not exist")
    }

    func testCreateNeverOverwritesAndMakesFolders() throws {
        let path = root + "/tickets/incidents/2026/INC-2026-0001.md"
        try AtomicFile.create(path, with: Array("first".utf8), root: root)
        XCTAssertEqual(contents(path), "first")
        XCTAssertThrowsError(try AtomicFile.create(path, with: Array("second".utf8), root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .exists(path))
        }
        XCTAssertEqual(contents(path), "first")
        XCTAssertEqual(FileSystem.list(root + "/tickets/incidents/2026").map(\.name), ["INC-2026-0001.md"])
    }
}
