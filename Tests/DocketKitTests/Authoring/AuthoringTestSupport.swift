import Foundation
import XCTest
@testable import DocketKit

/// The built `docket` executable and a way to run it as a child process under a timeout.
enum DocketBinary {
    /// `docket` beside the test bundle (SwiftPM builds every product before the tests).
    static var path: String? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("docket").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let fallback = TestRepository.packageRoot + "/.build/debug/docket"
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    /// Runs `executable ARGS` in `directory`, stopped with SIGKILL after `timeout` seconds.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
                    timeout: Double = 120) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let errorData = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errorData.data = err.fileHandleForReading.readDataToEndOfFile() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errorData.data, as: UTF8.self))
    }
}

/// Standard error read on another thread; read back only after that thread is done.
final class DataBox: @unchecked Sendable { var data = Data() }

extension XCTestCase {
    func bytes(_ path: String) -> [UInt8] { FileSystem.read(path) ?? [] }
}

/// The ids `docket new` gives next in a copy of the sample: one past the highest of the
/// kind in 2026, so the tests follow the sample as it grows.
enum SampleIDs {
    /// The `offset`-th id after the sample's highest `PREFIX-2026-NNNN` under `tickets/FOLDER/2026`.
    static func next(_ prefix: String, folder: String, offset: Int = 0) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestRepository.packageRoot + "/tickets/" + folder + "/2026")) ?? []
        let highest = names.compactMap { name -> Int? in
            guard name.hasPrefix(prefix + "-2026-"), name.hasSuffix(".md") else { return nil }
            return Int(name.dropFirst(prefix.count + 6).dropLast(3))
        }.max() ?? 0
        let number = String(highest + 1 + offset)
        return prefix + "-2026-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
    }

    static func path(_ id: String, folder: String) -> String { "tickets/\(folder)/2026/\(id).md" }
}
