import Foundation
import XCTest
@testable import DocketKit

/// `FileSystem.list` (also the walk's listing) gives what a plain listing gives: every name but
/// `.` and `..`, named as `VisibleText.fileName` names it, in the byte order of the names, with
/// its kind.
final class FolderListingTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestRepository.emptyFolder("listing")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// Makes an empty file whose name is these bytes (not necessarily UTF-8).
    func touch(_ name: [UInt8]) throws {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
    }

    /// The reference: `readdir`, each name through `VisibleText.fileName`, its kind from
    /// `lstat` of the name's bytes, sorted by comparing the names' bytes one by one.
    func plainListing() -> [FileSystem.Entry] {
        guard let handle = opendir(folder) else { return [] }
        defer { closedir(handle) }
        var entries: [FileSystem.Entry] = []
        while let entry = readdir(handle) {
            let bytes = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: UInt8.self, capacity: 256) { pointer in
                    Array(UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))))
                }
            }
            let name = bytes.withUnsafeBufferPointer { VisibleText.fileName($0) }
            if name == "." || name == ".." { continue }
            // The kind from the name's own bytes (a name that is not UTF-8 has no String path).
            var info = stat()
            let path = Array(folder.utf8) + [UInt8(ascii: "/")] + bytes + [0]
            let found = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &info) } }
            entries.append(FileSystem.Entry(name: name, kind: found == 0 ? FileSystem.kind(mode: info.st_mode) : .other))
        }
        return entries.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    func testNamesComeInByteOrderWithTheirKindsAsListGivesThem() throws {
        // Shared starts of several lengths, names that are starts of others, upper before lower
        // case, non-ASCII (after every ASCII byte) and a name that is not UTF-8.
        let names = ["INC-2026-2.md", "INC-2026-10.md", "INC-2026-1.md", "INC-2026-100000000.md", "INC-2026-10000000.md",
                     "INC-2026-1000000.md", "INC-2025-9.md", "inc-2026-1.md", "Z.md", "a", "ab", "é.md", "事件.md", "INC"]
        for name in names { try touch(Array(name.utf8)) }
        try touch([0x66, 0xFF, 0x2E, 0x6D, 0x64])
        try FileManager.default.createDirectory(atPath: folder + "/2026", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.md", withDestinationPath: "Z.md")
        let listed = FileSystem.list(folder)
        XCTAssertEqual(listed.map(\.name), plainListing().map(\.name))
        XCTAssertEqual(listed.map(\.kind), plainListing().map(\.kind))
        XCTAssertEqual(listed.map(\.name), [
            "2026", "INC", "INC-2025-9.md", "INC-2026-1.md", "INC-2026-10.md", "INC-2026-1000000.md", "INC-2026-10000000.md",
            "INC-2026-100000000.md", "INC-2026-2.md", "Z.md", "a", "ab", "f\\xff.md", "inc-2026-1.md", "link.md", "é.md", "事件.md",
        ])
        XCTAssertEqual(listed.first { $0.name == "2026" }?.kind, .directory)
        XCTAssertEqual(listed.first { $0.name == "link.md" }?.kind, .symlink)
    }

    /// The walk's listing: the same names and kinds as `list`, read from one buffer of bytes.
    func testListingHoldsTheNamesOfListAsBytes() throws {
        for name in ["INC-2026-2.md", "INC-2026-10.md", "é.md"] { try touch(Array(name.utf8)) }
        try touch([0x66, 0xFF, 0x2E, 0x6D, 0x64])
        let listing = FileSystem.listing(folder)
        XCTAssertEqual(listing.entries.indices.map { listing.name(at: $0) }, ["INC-2026-10.md", "INC-2026-2.md", "f\\xff.md", "é.md"])
        XCTAssertEqual(listing.entries.indices.map { listing.name(at: $0) }, FileSystem.list(folder).map(\.name))
        XCTAssertEqual(listing.entries.map(\.kind), [.file, .file, .file, .file])
        XCTAssertEqual(listing.bytes.count, listing.entries.reduce(0) { $0 + $1.count })
        XCTAssertTrue(FileSystem.listing(folder + "/missing").entries.isEmpty)
    }

    func testNamesThatShareEveryByteButTheLastComeInOrder() throws {
        for number in stride(from: 999, through: 0, by: -7) { try touch(Array("INC-2026-\(number).md".utf8)) }
        XCTAssertEqual(FileSystem.list(folder).map(\.name), plainListing().map(\.name))
        XCTAssertEqual(FileSystem.list(folder).map(\.name), plainListing().map(\.name).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    func testAnEmptyMissingOrOneNameFolder() throws {
        XCTAssertEqual(FileSystem.list(folder).count, 0)
        XCTAssertEqual(FileSystem.list(folder + "/missing").count, 0)
        try touch(Array("only.md".utf8))
        XCTAssertEqual(FileSystem.list(folder).map(\.name), ["only.md"])
    }
}
