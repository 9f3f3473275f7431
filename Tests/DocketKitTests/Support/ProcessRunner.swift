import Foundation
@testable import DocketKit

/// Runs a program from the tests, always under `timeout` (a hung child fails the test instead of the suite).
enum ProcessRunner {
    /// `arguments[0]` is looked up on the PATH; standard output and error are returned together.
    static func run(_ arguments: [String], seconds: Int, directory: String? = nil, environment: [String: String]? = nil) -> (status: Int32, output: String) {
        // `timeout` stops the program; the run's own limit is a backstop should `timeout` hang.
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run("/usr/bin/env", ["timeout", "-k", "5", String(seconds)] + arguments,
                                          environment: environment ?? ProcessInfo.processInfo.environment, directory: directory,
                                          input: nil, timeout: Double(seconds + 30), stopSignal: SIGKILL, mergingErrors: true)
        } catch { return (127, error.message) }
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    /// The `docket` executable `swift build`/`swift test` built next to the test bundle.
    static func docketExecutable() throws -> String {
        // Linux: the bundle URL is the products folder; macOS: the .xctest bundle inside it.
        var url = Bundle(for: Marker.self).bundleURL
        for _ in 0..<3 {
            let candidate = url.appendingPathComponent("docket").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        throw NSError(domain: "ProcessRunner", code: 1, userInfo: [NSLocalizedDescriptionKey: "expected the docket executable next to \(Bundle(for: Marker.self).bundleURL.path), found none; run swift build first"])
    }

    private final class Marker {}
}
