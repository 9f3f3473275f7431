#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest
@testable import DocketKit

/// `FileSystem.withBytes`/`read`: one reused buffer per thread, `fstat` only when its answer is
/// needed. Each file's bytes are exactly its own, whatever was read before on the thread; sizes
/// on either side of the first read (64 KiB) and of the limit are read or refused as before.
final class FileSystemReadTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = try TestRepository.emptyFolder("read")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A file of `count` bytes cycling through the letters, so any byte out of place shows.
    func write(_ name: String, count: Int) throws -> (path: String, bytes: [UInt8]) {
        let bytes = (0..<count).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    func bytes(_ result: FileSystem.ReadResult<[UInt8]>) -> [UInt8]? {
        if case .bytes(let bytes) = result { return bytes }
        return nil
    }

    func testEachFileReadsAsItsOwnBytesAfterLargerOnes() throws {
        // Largest first: a later, smaller file must not show the bytes left in the buffer.
        for count in [300_000, 65_537, 65_536, 65_535, 4_000, 1, 0] {
            let file = try write("f\(count)", count: count)
            XCTAssertEqual(bytes(FileSystem.read(file.path, limit: 1 << 20)), file.bytes, "\(count) bytes")
            XCTAssertEqual(bytes(FileSystem.read(file.path, limit: nil)), file.bytes, "\(count) bytes, no limit")
        }
    }

    func testWithBytesHandsOverTheBytesInPlace() throws {
        let file = try write("f", count: 5_000)
        guard case .bytes(let found) = FileSystem.withBytes(file.path, limit: 1 << 20, { $0.occurs(Array("xyzab".utf8)) }) else {
            return XCTFail("a regular file was refused")
        }
        XCTAssertTrue(found)
        guard case .bytes(let missing) = FileSystem.withBytes(file.path, limit: 1 << 20, { $0.occurs(Array("abd".utf8)) }) else {
            return XCTFail("a regular file was refused")
        }
        XCTAssertFalse(missing)
    }

    func testLimitIsKeptOnEitherSideOfTheFirstRead() throws {
        for (count, limit) in [(100, 100), (70_000, 70_000), (100, 99), (70_000, 69_999), (70_000, 100), (200_000, 65_536)] {
            let file = try write("f\(count)-\(limit)", count: count)
            let result = FileSystem.read(file.path, limit: limit)
            if count <= limit {
                XCTAssertEqual(bytes(result), file.bytes, "\(count) bytes, limit \(limit)")
            } else if case .tooLarge(let size) = result {
                XCTAssertEqual(size, count, "the size reported is the file's")
            } else {
                XCTFail("\(count) bytes over the limit \(limit) were read: \(result)")
            }
        }
    }

    func testNoRegularFileIsRefusedByItsKind() throws {
        guard case .notRegular(.directory) = FileSystem.read(folder, limit: nil) else { return XCTFail("a folder was read") }
        // An endless device is refused as a device, not as a file over the limit, nor read to its end.
        guard case .notRegular(.device) = FileSystem.read("/dev/zero", limit: 1 << 20) else { return XCTFail("/dev/zero was read") }
        guard case .notRegular(.device) = FileSystem.read("/dev/zero", limit: nil) else { return XCTFail("/dev/zero was read") }
        guard case .notRegular(.device) = FileSystem.read("/dev/null", limit: nil) else { return XCTFail("/dev/null was read as empty") }
        let fifo = folder + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        guard case .notRegular(.fifo) = FileSystem.read(fifo, limit: 10) else { return XCTFail("a FIFO was read") }
        guard case .failed(ENOENT) = FileSystem.read(folder + "/missing", limit: nil) else { return XCTFail("a missing file was read") }
    }

    func testUnreadableFileFailsWithItsError() throws {
        guard getuid() != 0 else { throw XCTSkip("root reads every file") }
        let file = try write("locked", count: 10)
        XCTAssertEqual(chmod(file.path, 0), 0)
        guard case .failed(EACCES) = FileSystem.read(file.path, limit: nil) else { return XCTFail("an unreadable file was read") }
    }

    func testReadsFromManyThreadsAreEachTheirFilesBytes() throws {
        let files = try (0..<64).map { try write("t\($0)", count: 1_000 + $0 * 997) }
        let same = parallelMap(files.count * 8) { position -> Bool in
            let file = files[position % files.count]
            if case .bytes(let read) = FileSystem.read(file.path, limit: 1 << 20) { return read == file.bytes }
            return false
        }
        XCTAssertTrue(same.allSatisfy { $0 })
    }
}
