// docket-bench: generates a repository of N realistic incidents and times `docket validate` on it.
//
//   swift build -c release && .build/release/docket-bench [--count 100000] [--keep DIR]
//
// Prints wall time and peak memory (max RSS of the child process) for a full
// validation and for a validation of 10 named files, and wall time of
// `docket sla --format json` (open records at 2026-11-30 10:00).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("docket-bench: error: \(message)\n".utf8))
    exit(2)
}

var count = 100_000
var keep: String?
var sample = FileManager.default.currentDirectoryPath
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--count":
        guard let value = arguments.first.flatMap(Int.init), value > 0 else { fail("expected a positive number after --count") }
        count = value
        arguments.removeFirst()
    case "--keep":
        guard let value = arguments.first else { fail("expected a folder after --keep") }
        keep = value
        arguments.removeFirst()
    case "--sample":
        guard let value = arguments.first else { fail("expected the sample repository after --sample") }
        sample = value
        arguments.removeFirst()
    case "--help", "-h":
        print("usage: docket-bench [--count N] [--keep DIR] [--sample REPO]\n\ngenerates N incidents (default 100000) with the procedures of REPO (default: the current folder) and times docket validate")
        exit(0)
    default:
        fail("unknown argument \(argument)")
    }
}
guard FileManager.default.fileExists(atPath: sample + "/procedures/incident.md") else {
    fail("expected the sample repository (procedures/incident.md) in \(sample); run from the package root or pass --sample")
}
let docket = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("docket").path
guard FileManager.default.isExecutableFile(atPath: docket) else { fail("expected the docket executable beside docket-bench at \(docket); run swift build -c release first") }

let root = keep ?? (NSTemporaryDirectory() + "docket-bench-\(getpid())")
let fm = FileManager.default
try? fm.removeItem(atPath: root)
try! fm.createDirectory(atPath: root + "/tickets/incidents/2026", withIntermediateDirectories: true)
try! fm.copyItem(atPath: sample + "/procedures", toPath: root + "/procedures")
try! fm.copyItem(atPath: sample + "/tickets/cmdb", toPath: root + "/tickets/cmdb")
// The form templates, so that `docket form --all` can be timed on the generated repository.
if fm.fileExists(atPath: sample + "/templates") { try! fm.copyItem(atPath: sample + "/templates", toPath: root + "/templates") }

// MARK: - Generation

let titles = ["财务系统报表导出超时", "庭审系统音视频中断", "远程提讯画面卡顿", "邮件无法发送附件", "三楼打印机无法打印", "数据库连接池耗尽", "核心交换机端口告警", "OA 系统登录缓慢"]
let items = ["CI-APP-FIN", "CI-APP-COURT", "CI-APP-ARRAIGN", "CI-APP-MAIL", "CI-TERM-PRN-3F", "CI-DB-ORA01", "CI-NET-CORE-SW1", "CI-SRV-APP01"]
let channels = ["phone", "email", "web", "im", "monitoring", "inspection", "referral", "fax"]
let levels = ["high", "medium", "low"]
let matrix = ["high": ["high": "P1", "medium": "P2", "low": "P3"], "medium": ["high": "P2", "medium": "P3", "low": "P4"], "low": ["high": "P3", "medium": "P4", "low": "P4"]]

func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

func incident(_ number: Int) -> String {
    let id = "INC-2026-" + String(format: "%06d", number)
    let month = 1 + number % 11, day = 1 + number % 27, hour = 9 + number % 8
    let at = { (minutes: Int) -> String in
        let total = hour * 60 + minutes
        return "2026-\(two(month))-\(two(day + total / (24 * 60))) \(two(total / 60 % 24)):\(two(total % 60))"
    }
    let impact = levels[(number / 3) % 3 == 0 ? 1 : (number / 3) % 3], urgency = levels[1 + number % 2]
    let priority = matrix[impact]![urgency]!
    let channel = channels[number % channels.count]
    let states = ["closed", "closed", "closed", "resolved", "in-progress", "assigned", "new"]
    let status = states[number % states.count]
    var lines = ["---", "id: \(id)", "title: \(titles[number % titles.count])", "status: \(status)",
                 "reported_at: \(at(0))", "reporter: 用户\(number % 500)", "contact: \"0571-8800\(String(format: "%04d", number % 10_000))\"", "channel: \(channel)"]
    if status != "new" {
        lines += ["category: software/application", "impact: \(impact)", "urgency: \(urgency)", "priority: \(priority)",
                  "assignee: lisi", "support_line: line-1", "responded_at: \(at(8))", "configuration_items: [\(items[number % items.count])]"]
    }
    if ["assigned", "in-progress"].contains(status) {
        // Open for months at the clock's now: escalated as the SLA requires, so the
        // repository validates clean (as a real one would) instead of timing error output.
        lines += ["escalations:",
                  "  - {at: \(at(20)), to: line-2, by: lisi, reason: 一线无法解决，转二线}",
                  "  - {at: \(at(30)), to: incident-manager, by: lisi, reason: 预计超过解决时限，通报事件经理}"]
    }
    if ["resolved", "closed"].contains(status) { lines.append("resolved_at: \(at(95))") }
    if status == "closed" {
        lines += ["closed_at: \(at(180))", "closed_by: zhangsan", "closure_code: success", "user_confirmed: true", "customer_notified: true", "satisfaction: \(1 + number % 5)"]
    }
    lines += ["---", "## 事件描述", "用户报告\(titles[number % titles.count]), 影响日常办公, 请尽快处理。", "", "## 处理记录"]
    if status != "new" { lines += ["- \(at(8)) lisi: 电话联系用户, 确认现象", "- \(at(40)) lisi: 查询知识库, 按已知方法处理"] }
    if ["resolved", "closed"].contains(status) {
        lines += ["", "## 故障根源", "应用服务器连接池参数过小, 高峰期连接耗尽。", "", "## 解决方案", "调整连接池上限并重启应用服务, 用户确认恢复正常。"]
    }
    return lines.joined(separator: "\n") + "\n"
}

let generationStart = Date()
let base = root + "/tickets/incidents/2026/"
for number in 1...count {
    let id = "INC-2026-" + String(format: "%06d", number)
    guard fm.createFile(atPath: base + id + ".md", contents: Data(incident(number).utf8)) else { fail("could not write \(base + id).md") }
}
print("generated \(count) incidents in \(root) (\(String(format: "%.1f", Date().timeIntervalSince(generationStart))) s)")

// MARK: - Timing

func run(_ arguments: [String]) -> (seconds: Double, maxRSSMB: Double, status: Int32, lastLine: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: docket)
    process.arguments = arguments + ["--root", root]
    let pipe = Pipe()
    process.standardOutput = pipe
    let start = Date()
    try! process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(start)
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    let maxRSSMB = Double(usage.ru_maxrss) / 1024         // Linux counts KiB
    #else
    getrusage(RUSAGE_CHILDREN, &usage)
    let maxRSSMB = Double(usage.ru_maxrss) / 1_048_576    // Darwin counts bytes
    #endif
    let text = String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    return (seconds, maxRSSMB, process.terminationStatus, text)
}

_ = run(["validate"])  // warm the file cache
var full: [Double] = []
var rss = 0.0
var summary = ""
for _ in 0..<3 {
    let result = run(["validate"])
    full.append(result.seconds)
    rss = max(rss, result.maxRSSMB)
    summary = "exit \(result.status): \(result.lastLine)"
}
var named: [String] = []
for index in 0..<10 {
    let number = 1 + index * (count / 10)
    named.append(root + "/tickets/incidents/2026/INC-2026-" + String(format: "%06d", number) + ".md")
}
var partial: [Double] = []
for _ in 0..<3 { partial.append(run(["validate"] + named).seconds) }
print("validate, \(count) incidents: best \(String(format: "%.3f", full.min()!)) s, median \(String(format: "%.3f", full.sorted()[1])) s, peak RSS \(String(format: "%.0f", rss)) MB (\(summary))")
print("validate, 10 named files: best \(String(format: "%.3f", partial.min()!)) s, median \(String(format: "%.3f", partial.sorted()[1])) s")
var slaTimes: [Double] = []
var slaSummary = ""
for _ in 0..<3 {
    let result = run(["sla", "--now", "2026-11-30T10:00:00+08:00", "--format", "json"])
    slaTimes.append(result.seconds)
    slaSummary = "exit \(result.status)"
}
print("sla --format json, \(count) incidents: best \(String(format: "%.3f", slaTimes.min()!)) s, median \(String(format: "%.3f", slaTimes.sorted()[1])) s (\(slaSummary))")
if keep == nil { try? fm.removeItem(atPath: root) }
