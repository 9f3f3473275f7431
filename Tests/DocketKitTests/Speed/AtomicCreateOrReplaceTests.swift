import Foundation
import XCTest
@testable import DocketKit

/// `AtomicFile.createOrReplace`, the write of the `.docket/` index.
final class AtomicCreateOrReplaceTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        let path = try TestRepository.emptyFolder("create-or-replace")
        try FileManager.default.createDirectory(atPath: path + "/.docket", withIntermediateDirectories: true)
        root = FileSystem.realPath(path)!
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func contents(_ path: String) -> String? { FileSystem.read(path).map { String(decoding: $0, as: UTF8.self) } }
    func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }

    func testCreatesThenReplacesWithTheModeAndNoTemporaryFileLeft() throws {
        let path = root + "/.docket/index-v1"
        try AtomicFile.createOrReplace(path, with: Array("first".utf8), mode: 0o644, root: root)
        XCTAssertEqual(contents(path), "first")
        XCTAssertEqual(try mode(path), 0o644)
        chmod(path, 0o600)
        try AtomicFile.createOrReplace(path, with: Array("second".utf8), mode: 0o644, root: root)
        XCTAssertEqual(contents(path), "second")
        XCTAssertEqual(try mode(path), 0o644, "the mode given, not the old file's")
        XCTAssertEqual(FileSystem.list(root + "/.docket").map(\.name), ["index-v1"])
    }

    func testALinkThereIsReplacedNotFollowed() throws {
        let target = root + "/target.txt", link = root + "/.docket/index-v1"
        try Data("target".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try AtomicFile.createOrReplace(link, with: Array("index".utf8), mode: 0o644, root: root)
        XCTAssertEqual(FileSystem.kind(link), .file)
        XCTAssertEqual(contents(link), "index")
        XCTAssertEqual(contents(target), "target")
    }

    func testAFolderAFIFOAndAFolderOutsideTheRootAreRefused() throws {
        let folder = root + "/.docket/index-v1"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.createOrReplace(folder, with: [1], mode: 0o644, root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .notRegular(folder, .directory))
        }
        let fifo = root + "/.docket/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertThrowsError(try AtomicFile.createOrReplace(fifo, with: [1], mode: 0o644, root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .notRegular(fifo, .fifo))
        }
        let outside = try TestRepository.emptyFolder("outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: outside)
        XCTAssertThrowsError(try AtomicFile.createOrReplace(root + "/out/index-v1", with: [1], mode: 0o644, root: root)) { error in
            XCTAssertEqual(error as? AtomicFile.Failure, .outsideRoot(root + "/out/index-v1"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside), [])
        XCTAssertEqual(FileSystem.list(root + "/.docket").map(\.name), ["fifo", "index-v1"], "nothing written beside them")
    }
}
