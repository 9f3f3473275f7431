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

    /// Runs `executable ARGS` in `directory` with `input` on its standard input, stopped with
    /// SIGKILL after `timeout` seconds.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
                    input: String? = nil, timeout: Double = 120) throws -> (status: Int32, output: String, errors: String) {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let result = try ChildProcess.run(executable, arguments, environment: env, directory: directory,
                                          input: input.map { Array($0.utf8) }, timeout: timeout, stopSignal: SIGKILL)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }
}

/// Runs a writing verb again and again, killing each run with SIGKILL at a random moment
/// of a run's length, and checks after every run that the file is its old bytes or the new
/// ones, never a part: the kill test of every writing verb.
enum KillLoop {
    /// Runs `measure` once (its length spreads the kill moments; the machine may be busy),
    /// then `rounds` runs of `arguments(round)`; after each, the file at `path` must hold the
    /// bytes it held or `next(those bytes, round)`. At most 300 seconds.
    static func run(_ docket: String, path: String, in root: String, measure: [String], rounds: Int = 200,
                    arguments: (Int) -> [String], next: ([UInt8], Int) -> [UInt8],
                    file: StaticString = #filePath, line: UInt = #line) throws -> (killed: Int, completed: Int) {
        var generator = SystemRandomNumberGenerator()
        var completed = 0, killed = 0
        let measured = Date()
        try DocketBinary.run(docket, measure, in: root)
        var runMicroseconds = UInt32(min(2.0, Date().timeIntervalSince(measured)) * 1_000_000)
        // The load of a shared machine changes between the measure and the loop: after 10
        // kills in a row the window doubles (to 4 s at most), so some runs still finish.
        var killedInARow = 0
        var current = FileSystem.read(path) ?? []
        let start = Date()
        for round in 0..<rounds {
            XCTAssertLessThan(Date().timeIntervalSince(start), 300, "the kill loop runs under a time limit", file: file, line: line)
            if Date().timeIntervalSince(start) > 300 { break }
            let child = try ChildProcess.start(docket, arguments(round), environment: ProcessInfo.processInfo.environment,
                                               streams: .discarded)
            usleep(UInt32.random(in: 0...runMicroseconds + runMicroseconds / 4, using: &generator))
            child.send(SIGKILL)
            if child.wait().signal == SIGKILL {
                killed += 1
                killedInARow += 1
                if killedInARow == 10 { runMicroseconds = min(runMicroseconds * 2, 4_000_000); killedInARow = 0 }
            } else {
                completed += 1
                killedInARow = 0
            }
            let now = FileSystem.read(path) ?? []
            if now == next(current, round) {
                current = now
            } else {
                XCTAssertEqual(now, current, "round \(round): the file is neither the old nor the new content", file: file, line: line)
                if now != current { break }
            }
        }
        XCTAssertGreaterThan(killed, 0, "some runs were killed midway", file: file, line: line)
        XCTAssertGreaterThan(completed, 0, "some runs finished", file: file, line: line)
        return (killed, completed)
    }
}

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
