import Foundation
import XCTest
@testable import DocketKit

/// The package root, which is also the bundled sample repository.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// A temporary repository: `procedures/` copied from the sample (and
/// `tickets/` too when `withTickets`), removed by `cleanUp()`.
final class TemporaryRepository {
    let root: String

    init(withTickets: Bool = false) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("docket-sla-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = base.path
        try FileManager.default.copyItem(atPath: packageRoot + "/procedures", toPath: root + "/procedures")
        if withTickets {
            try FileManager.default.copyItem(atPath: packageRoot + "/tickets", toPath: root + "/tickets")
        }
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: root) }

    /// Runs `docket ARGS --root ROOT` with a buffering console.
    func run(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
        docket(arguments + ["--root", root], directory: root)
    }
}

/// Runs docket in-process with a buffering console and no environment.
func docket(_ arguments: [String], directory: String = packageRoot) -> (status: Int32, output: String, errors: String) {
    let console = Console(environment: [:], currentDirectory: directory)
    let status = Docket.run(arguments, console: console)
    return (status, console.output, console.errors)
}

/// The `docket sla --format json` output as objects by id, in output order.
func slaJSON(_ output: String, file: StaticString = #filePath, line: UInt = #line) -> [[String: Any]] {
    guard let data = output.data(using: .utf8),
          let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
        XCTFail("not a JSON array: \(output)", file: file, line: line)
        return []
    }
    return array
}

/// An incident in `state` with the given priority and report time.
func incident(_ id: String, reported: String, priority: String, status: String = "in-progress",
              extraFields: String = "", worklog: String = "") -> String {
    let (impact, urgency) = ["P1": ("high", "high"), "P2": ("high", "medium"), "P3": ("medium", "medium"), "P4": ("low", "low")][priority]!
    return """
    ---
    id: \(id)
    title: 测试事件
    status: \(status)
    reported_at: \(reported)
    reporter: 测试用户
    channel: phone
    category: software/application
    impact: \(impact)
    urgency: \(urgency)
    priority: \(priority)
    assignee: lisi
    support_line: line-1
    responded_at: \(reported)
    \(extraFields)---
    ## 事件描述
    测试。

    ## 处理记录
    \(worklog)

    """
}
