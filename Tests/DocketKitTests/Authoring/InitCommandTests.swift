import Foundation
import XCTest
@testable import DocketKit

final class InitCommandTests: XCTestCase {
    func temporaryFolder() throws -> String {
        let path = try TestRepository.emptyFolder("init")
        return FileSystem.realPath(path)!
    }

    /// The files on disk that `Scripts/embed-resources.sh` embeds, relative to the package root.
    func files(under folders: [String]) -> [String] {
        var found: [String] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: TestRepository.packageRoot + "/" + folder) else { continue }
            while let item = walker.nextObject() as? String {
                let path = folder + "/" + item
                if FileSystem.kind(TestRepository.packageRoot + "/" + path) == .file, !item.hasSuffix(".DS_Store") { found.append(path) }
            }
        }
        return found.sorted()
    }

    func testTheEmbeddedFilesAreNotStale() {
        for (embedded, folders) in [(EmbeddedResources.repository, ["procedures", "templates"]), (EmbeddedResources.sample, ["tickets"])] {
            XCTAssertEqual(embedded.map(\.path).sorted(), files(under: folders), "run Scripts/embed-resources.sh")
            for (path, text) in embedded {
                XCTAssertEqual(Array(text.utf8), bytes(TestRepository.packageRoot + "/" + path), "\(path) is stale: run Scripts/embed-resources.sh")
            }
        }
    }

    func testInitGivesARepositoryThatValidatesClean() throws {
        let folder = try temporaryFolder()
        let run = TestRepository.run(["init", "desk"], in: folder)
        XCTAssertEqual(run.status, 0, run.errors)
        let root = folder + "/desk"
        for path in ["procedures/incident.md", "procedures/roles.md", ".gitattributes", ".gitignore", "README.md", "tickets/incidents/.gitkeep", "tickets/cmdb/.gitkeep"] {
            XCTAssertEqual(FileSystem.kind(root + "/" + path), .file, path)
            XCTAssertTrue(run.output.contains(path + "\n"), path)
        }
        XCTAssertEqual(String(decoding: bytes(root + "/.gitattributes"), as: UTF8.self).components(separatedBy: "\n").last { !$0.isEmpty }, "*.md text eol=lf")
        XCTAssertEqual(bytes(root + "/procedures/incident.md"), bytes(TestRepository.packageRoot + "/procedures/incident.md"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/tickets/incidents/2026"))
        let validation = TestRepository.run(["validate", "--root", root], in: folder)
        XCTAssertEqual(validation.status, 0, validation.output)
        XCTAssertEqual(validation.output, "no problems in 0 files\n")
        // The new repository takes new records at once.
        let new = TestRepository.run(["new", "incident", "--title", "t", "--as", "wangwu", "--now", "2026-11-30 10:00", "--set", "reporter=x",
                                      "--set", "channel=phone", "--set", "description=x", "--root", root], in: folder)
        XCTAssertEqual(new.output, "tickets/incidents/2026/INC-2026-0001.md\n", new.errors)
    }

    func testSampleAddsTheSampleRecords() throws {
        let folder = try temporaryFolder()
        XCTAssertEqual(TestRepository.run(["init", "--sample"], in: folder).status, 0)
        XCTAssertEqual(bytes(folder + "/tickets/incidents/2026/INC-2026-0022.md"), bytes(TestRepository.packageRoot + "/tickets/incidents/2026/INC-2026-0022.md"))
        let validation = TestRepository.run(["validate", "--now", "2026-11-30 10:00"], in: folder)
        XCTAssertEqual(validation.status, 0, validation.output)
        // The same findings as in the sample itself.
        XCTAssertEqual(validation.output, SampleRepository.run(["validate", "--now", "2026-11-30 10:00"]).output)
    }

    func testANonEmptyFolderIsRefusedAndNoFileIsEverOverwritten() throws {
        let folder = try temporaryFolder()
        try TestRepository.write("ours\n", to: "README.md", in: folder)
        let refused = TestRepository.run(["init"], in: folder)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errors.contains("expected an empty folder"), refused.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/procedures/incident.md"))
        let forced = TestRepository.run(["init", "--force"], in: folder)
        XCTAssertTrue(forced.errors.contains("kept 1 existing file: README.md"), forced.errors)
        XCTAssertEqual(forced.status, 0, forced.errors)
        XCTAssertEqual(String(decoding: bytes(folder + "/README.md"), as: UTF8.self), "ours\n")
        XCTAssertEqual(FileSystem.kind(folder + "/procedures/incident.md"), .file)
        try Data().write(to: URL(fileURLWithPath: folder + "/file"))
        XCTAssertEqual(TestRepository.run(["init", "file"], in: folder).status, 1)
    }

    /// Only the executable, copied to a folder with no source checkout, run from there.
    func testTheBinaryAloneInitialisesARepository() throws {
        let docket = try XCTUnwrap(DocketBinary.path, "the docket executable is built with the tests")
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(atPath: docket, toPath: folder + "/docket")
        let environment = ["PATH": folder + ":/usr/bin:/bin"]
        let initialised = try DocketBinary.run(folder + "/docket", ["init", "desk"], in: folder, environment: environment)
        XCTAssertEqual(initialised.status, 0, initialised.errors)
        let validation = try DocketBinary.run(folder + "/docket", ["validate", "--root", "desk"], in: folder, environment: environment)
        XCTAssertEqual(validation.status, 0, validation.output + validation.errors)
        XCTAssertEqual(validation.output, "no problems in 0 files\n")
    }
}
