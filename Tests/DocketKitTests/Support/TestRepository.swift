import Foundation
@testable import DocketKit

/// The bundled sample repository and temporary copies of it.
enum TestRepository {
    /// The package root (holds procedures/ and tickets/).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("package root not found from \(#filePath)")
    }()

    /// A new empty folder `docket-NAME-UUID` in the temporary directory. The caller may remove
    /// it; whatever is left (a test that stopped midway, one that keeps its folder for a later
    /// step) is removed when the test process exits.
    static func emptyFolder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("docket-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        TemporaryFolders.shared.add(path)
        return path
    }

    /// A fresh copy of the sample's procedures/ and tickets/ in a temporary folder.
    static func copy() throws -> String {
        let root = try emptyFolder("test")
        for folder in ["procedures", "tickets", "templates"] where FileManager.default.fileExists(atPath: packageRoot + "/" + folder) {
            try FileManager.default.copyItem(atPath: packageRoot + "/" + folder, toPath: root + "/" + folder)
        }
        return FileSystem.realPath(root) ?? root
    }

    static func write(_ text: String, to path: String, in root: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Runs `docket ARGS` in-process; returns exit code, standard output and standard error.
    static func run(_ arguments: [String], in root: String, environment: [String: String] = [:]) -> (status: Int32, output: String, errors: String) {
        let console = Console(environment: environment, currentDirectory: root)
        let status = Docket.run(arguments, console: console)
        return (status, console.output, console.errors)
    }

    /// Runs `docket ARGS` in-process on a thread of its own (8 MiB of stack, like a main
    /// thread) and waits at most `seconds`: nil when the verb did not finish in time, so a
    /// test fails instead of hanging (the thread is left running).
    static func run(_ arguments: [String], in root: String, environment: [String: String] = [:], within seconds: Double) -> (status: Int32, output: String, errors: String)? {
        final class Box: @unchecked Sendable { var result: (status: Int32, output: String, errors: String)? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = run(arguments, in: root, environment: environment)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.result
    }
}

/// The temporary folders the tests made, removed when the test process exits: every
/// `swift test` run used to leave its copies of the sample (15 MB each) in the temporary directory.
/// `@unchecked Sendable`: `paths` is read and written with `lock` held.
final class TemporaryFolders: @unchecked Sendable {
    static let shared: TemporaryFolders = {
        let folders = TemporaryFolders()
        atexit { TemporaryFolders.shared.removeAll() }
        return folders
    }()
    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) { lock.withLock { paths.append(path) } }

    func removeAll() {
        let made = lock.withLock { () -> [String] in
            defer { paths = [] }
            return paths
        }
        for path in made { try? FileManager.default.removeItem(atPath: path) }
    }
}
