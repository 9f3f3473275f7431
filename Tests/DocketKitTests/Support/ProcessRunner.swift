import Foundation

/// Runs a program from the tests, always under `timeout` (a hung child fails the test instead of the suite).
enum ProcessRunner {
    /// `arguments[0]` is looked up on the PATH; standard output and error are returned together.
    static func run(_ arguments: [String], seconds: Int, directory: String? = nil, environment: [String: String]? = nil) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "-k", "5", String(seconds)] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (127, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
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
