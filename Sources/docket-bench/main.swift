// docket-bench: generates a repository of realistic incidents and times Docket's verbs on it,
// beside the ripgrep floor (`rg -c '^status:' tickets`) measured in the same run.
//
//   swift build -c release && .build/release/docket-bench [--count 100000[,300000,…]] [--runs 3] [--keep DIR]
//
// At the first count it times `validate`, `validate` of 10 named files, `sla --format json`,
// `show ID` (no index yet), `list --format json` (which builds the .docket/ index), `show ID` with
// that fresh index and `list --format json --no-index`; at each further count (the repository is grown, not
// rebuilt) `validate` again. Every figure is the child's wall time (best and median of the runs),
// its user CPU time and its peak memory (`ru_maxrss` from `wait4`), next to rg's. Before timing a
// count it flushes the generated files (`sync`) and waits until the kernel writes nothing back
// (`Dirty`/`Writeback` of /proc/meminfo, printed), so no writeback of the generator is timed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Prints a line at once, also into a file or a pipe: each figure as soon as it is measured.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("docket-bench: error: \(message)\n".utf8))
    exit(2)
}

var counts = [100_000]
var runCount = 3
var keep: String?
var sample = FileManager.default.currentDirectoryPath
var arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: docket-bench [--count N[,N…]] [--runs R] [--keep DIR] [--sample REPO]

    generates incidents (default 100000) with the procedures of REPO (default: the current folder)
    and times docket validate, sla, show and list at the first count, validate at each further one,
    beside rg -c '^status:' tickets (skipped when rg is not on the PATH)
    """
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--count":
        let values = arguments.first.map { $0.split(separator: ",").map { Int($0) } } ?? []
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { fail("expected a positive number (or several, comma-separated) after --count") }
        counts = values.map { $0! }
        guard counts == counts.sorted(), Set(counts).count == counts.count else { fail("expected increasing counts after --count, found \(arguments[0])") }
        arguments.removeFirst()
    case "--runs":
        guard let value = arguments.first.flatMap(Int.init), value > 0 else { fail("expected a positive number after --runs") }
        runCount = value
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
        say(usage)
        exit(0)
    default:
        fail("unknown argument \(argument); \(usage)")
    }
}
let fm = FileManager.default
let runs = runCount
sample = URL(fileURLWithPath: sample).standardizedFileURL.path
guard fm.fileExists(atPath: sample + "/procedures/incident.md") else {
    fail("expected the sample repository (procedures/incident.md) in \(sample); run from the package root or pass --sample")
}
let docket = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("docket").path
guard fm.isExecutableFile(atPath: docket) else { fail("expected the docket executable beside docket-bench at \(docket); run swift build -c release first") }

let root: String = {
    let folder = keep ?? (NSTemporaryDirectory() + "docket-bench-\(getpid())")
    return folder.hasPrefix("/") ? folder : fm.currentDirectoryPath + "/" + folder
}()
try? fm.removeItem(atPath: root)
try! fm.createDirectory(atPath: root + "/tickets/incidents/2026", withIntermediateDirectories: true)
try! fm.copyItem(atPath: sample + "/procedures", toPath: root + "/procedures")
try! fm.copyItem(atPath: sample + "/tickets/cmdb", toPath: root + "/tickets/cmdb")
// The form templates, so that `docket form --all` can be timed on the generated repository.
if fm.fileExists(atPath: sample + "/templates") { try! fm.copyItem(atPath: sample + "/templates", toPath: root + "/templates") }

/// The instant every verb measures at: the sample's documented SLA instant, a Monday.
let now = "2026-11-30T10:00:00+08:00"

// MARK: - Generation

let titles = ["财务系统报表导出超时", "庭审系统音视频中断", "远程提讯画面卡顿", "邮件无法发送附件", "三楼打印机无法打印", "数据库连接池耗尽", "核心交换机端口告警", "OA 系统登录缓慢"]
let items = ["CI-APP-FIN", "CI-APP-COURT", "CI-APP-ARRAIGN", "CI-APP-MAIL", "CI-TERM-PRN-3F", "CI-DB-ORA01", "CI-NET-CORE-SW1", "CI-SRV-APP01"]
let channels = ["phone", "email", "web", "im", "monitoring", "inspection", "referral", "fax"]
let levels = ["high", "medium", "low"]
let matrix = ["high": ["high": "P1", "medium": "P2", "low": "P3"], "medium": ["high": "P2", "medium": "P3", "low": "P4"], "low": ["high": "P3", "medium": "P4", "low": "P4"]]
let states = ["closed", "closed", "closed", "resolved", "in-progress", "assigned", "new"]

/// `value` in decimal, zero-padded to `width` digits (String(format:) costs more than the file write).
func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

func incidentID(_ number: Int) -> String { "INC-2026-" + padded(number, 6) }

func incident(_ number: Int) -> String {
    let id = incidentID(number)
    let month = 1 + number % 11, day = 1 + number % 27, hour = 9 + number % 8
    let at = { (minutes: Int) -> String in
        let total = hour * 60 + minutes
        return "2026-\(padded(month, 2))-\(padded(day + total / (24 * 60), 2)) \(padded(total / 60 % 24, 2)):\(padded(total % 60, 2))"
    }
    let impact = levels[(number / 3) % 3 == 0 ? 1 : (number / 3) % 3], urgency = levels[1 + number % 2]
    let priority = matrix[impact]![urgency]!
    let channel = channels[number % channels.count]
    let status = states[number % states.count]
    // A `new` incident is one reported in the last hour before `now`, as in a desk that triages:
    // months-old untriaged records would time the printing of `untriaged` warnings instead.
    let reported = status == "new" ? "2026-11-30 09:\(padded(number % 60, 2))" : at(0)
    var lines = ["---", "id: \(id)", "title: \(titles[number % titles.count])", "status: \(status)",
                 "reported_at: \(reported)", "reporter: 用户\(number % 500)", "contact: \"0571-8800\(padded(number % 10_000, 4))\"", "channel: \(channel)"]
    if status != "new" {
        lines += ["category: software/application", "impact: \(impact)", "urgency: \(urgency)", "priority: \(priority)",
                  "assignee: lisi", "support_line: line-1", "responded_at: \(at(8))", "configuration_items: [\(items[number % items.count])]"]
    }
    if status == "assigned" || status == "in-progress" {
        // Open for months at `now`: escalated as the SLA requires, so the
        // repository validates clean (as a real one would) instead of timing error output.
        lines += ["escalations:",
                  "  - {at: \(at(20)), to: line-2, by: lisi, reason: 一线无法解决，转二线}",
                  "  - {at: \(at(30)), to: incident-manager, by: lisi, reason: 预计超过解决时限，通报事件经理}"]
    }
    if status == "resolved" || status == "closed" { lines.append("resolved_at: \(at(95))") }
    if status == "closed" {
        lines += ["closed_at: \(at(180))", "closed_by: zhangsan", "closure_code: success", "user_confirmed: true", "customer_notified: true", "satisfaction: \(1 + number % 5)"]
    }
    lines += ["---", "## 事件描述", "用户报告\(titles[number % titles.count]), 影响日常办公, 请尽快处理。", "", "## 处理记录"]
    if status != "new" { lines += ["- \(at(8)) lisi: 电话联系用户, 确认现象", "- \(at(40)) lisi: 查询知识库, 按已知方法处理"] }
    if status == "resolved" || status == "closed" {
        lines += ["", "## 故障根源", "应用服务器连接池参数过小, 高峰期连接耗尽。", "", "## 解决方案", "调整连接池上限并重启应用服务, 用户确认恢复正常。"]
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Writes incidents `first...last` straight into their files, one at a time: the disk holds the
/// records and nothing else, and memory holds one record.
func generate(_ first: Int, _ last: Int) {
    let start = Date()
    let folder = root + "/tickets/incidents/2026/"
    for number in first...last {
        let path = folder + incidentID(number) + ".md"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { fail("could not create \(path) (errno \(errno))") }
        var text = incident(number)
        let written = text.withUTF8 { write(fd, $0.baseAddress!, $0.count) }
        guard written == text.utf8.count, close(fd) == 0 else { fail("could not write \(path)") }
    }
    say("generated incidents \(first)–\(last) in \(root) (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
}

// MARK: - Timing

/// One run of a child process.
struct Run {
    var wall: Double
    var user: Double
    var maxRSSMB: Double
    var status: Int32
    var lastLine: String
}

/// The full path of `name` on the PATH, or nil.
func which(_ name: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = folder + "/" + name
        if fm.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

let outputPath = root + ".out"

/// Runs `executable` in `root` with its standard output in a file, and measures it with
/// `wait4`: wall time, user CPU time and peak memory of this child alone.
func run(_ executable: String, _ arguments: [String]) -> Run {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let start = Date()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { fail("could not start \(executable) (errno \(spawned))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 { guard errno == EINTR else { fail("wait4 failed (errno \(errno))") } }
    let wall = Date().timeIntervalSince(start)
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    #if canImport(Glibc)
    let maxRSSMB = Double(usage.ru_maxrss) / 1024         // Linux counts KiB
    #else
    let maxRSSMB = Double(usage.ru_maxrss) / 1_048_576    // Darwin counts bytes
    #endif
    let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return Run(wall: wall, user: user, maxRSSMB: maxRSSMB, status: exitCode, lastLine: lastLine(of: outputPath))
}

/// The last line of a file, read from its end (validate's output at 10^6 records is large).
func lastLine(of path: String) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    let size = (try? handle.seekToEnd()) ?? 0
    try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
    let tail = handle.readDataToEndOfFile()
    return String(decoding: tail, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
}

/// Best and median of the runs (after one warm-up run that fills the page cache).
struct Timing {
    var name: String
    var runs: [Run]
    var best: Double { runs.map(\.wall).min() ?? 0 }
    var median: Double { let sorted = runs.map(\.wall).sorted(); return sorted.isEmpty ? 0 : sorted[sorted.count / 2] }
    var user: Double { runs.map(\.user).min() ?? 0 }
    var memory: Double { runs.map(\.maxRSSMB).max() ?? 0 }
}

func time(_ name: String, _ executable: String, _ arguments: [String], warm: Bool = true) -> Timing {
    if warm { _ = run(executable, arguments) }
    return Timing(name: name, runs: (0..<runs).map { _ in run(executable, arguments) })
}

func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

/// `Dirty` and `Writeback` of `/proc/meminfo` in MB; nil where there is no such file (macOS).
func pageCacheBacklog() -> (dirty: Double, writeback: Double)? {
    guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
    var dirty: Double?, writeback: Double?
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count >= 2, let kB = Double(parts[1]) else { continue }
        if parts[0] == "Dirty:" { dirty = kB / 1024 }
        if parts[0] == "Writeback:" { writeback = kB / 1024 }
    }
    guard let dirty, let writeback else { return nil }
    return (dirty, writeback)
}

/// Flushes the just-generated files to disk and waits (at most a minute) until the kernel's
/// backlog of dirty pages is small, so that no writeback of the generator runs while a verb is
/// timed; returns what it found, for the count's heading.
func settle() -> String {
    let start = Date()
    let before = pageCacheBacklog()
    sync()
    var after = pageCacheBacklog()
    // Other processes may keep some pages dirty: 32 MB and nothing being written is settled.
    while let backlog = after, backlog.writeback > 0 || backlog.dirty > 32, Date().timeIntervalSince(start) < 60 {
        usleep(200_000)
        sync()
        after = pageCacheBacklog()
    }
    func describe(_ backlog: (dirty: Double, writeback: Double)?) -> String {
        backlog.map { String(format: "Dirty %.0f MB, Writeback %.0f MB", $0.dirty, $0.writeback) } ?? "unknown"
    }
    return "  sync: \(describe(before)) before, \(describe(after)) after \(String(format: "%.1f", Date().timeIntervalSince(start))) s"
}

let rg = which("rg")
if rg == nil { say("rg is not on the PATH: the ripgrep floor is skipped (install ripgrep to print it)") }
guard chdir(root) == 0 else { fail("could not enter \(root)") }

var generated = 0
for (position, count) in counts.enumerated() {
    generate(generated + 1, count)
    generated = count
    let settled = settle()
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown"
    say("\n\(count) incidents, \(runs) runs each after a warm-up, load average \(load) before:")
    say(settled)
    let floor = rg.map { time("rg -c '^status:' tickets", $0, ["-c", "^status:", "tickets"]) }
    var timings: [(Timing, String)] = []
    let validate = time("validate", docket, ["validate", "--now", now, "--root", root])
    // User CPU per record: the figure that must not grow with the count.
    let perRecord = String(format: "%.1f", validate.user / Double(count + 12) * 1e6)
    timings.append((validate, "exit \(validate.runs.last?.status ?? -1): \(validate.runs.last?.lastLine ?? ""); \(perRecord) µs user per file"))
    if position == 0 {
        let named = (0..<10).map { index in "tickets/incidents/2026/" + incidentID(1 + index * (count / 10)) + ".md" }
        let partial = time("validate, 10 named files", docket, ["validate", "--now", now, "--root", root] + named)
        timings.append((partial, "exit \(partial.runs.last?.status ?? -1)"))
        let sla = time("sla --format json", docket, ["sla", "--now", now, "--format", "json", "--root", root])
        timings.append((sla, "exit \(sla.runs.last?.status ?? -1)"))
        let show = time("show " + incidentID(count / 2), docket, ["show", incidentID(count / 2), "--now", now, "--root", root])
        timings.append((show, "exit \(show.runs.last?.status ?? -1)"))
        let list = time("list --format json", docket, ["list", "--format", "json", "--root", root])
        timings.append((list, "exit \(list.runs.last?.status ?? -1)"))
        // The runs above left a fresh .docket/ index (list builds it, show only uses one).
        let indexed = time("show " + incidentID(count / 2) + ", fresh index", docket, ["show", incidentID(count / 2), "--now", now, "--root", root])
        timings.append((indexed, "exit \(indexed.runs.last?.status ?? -1)"))
        let unindexed = time("list --format json --no-index", docket, ["list", "--format", "json", "--no-index", "--root", root])
        timings.append((unindexed, "exit \(unindexed.runs.last?.status ?? -1)"))
    }
    if let floor {
        say("  \(floor.name): best \(seconds(floor.best)) s, median \(seconds(floor.median)) s, user \(seconds(floor.user)) s, peak \(String(format: "%.0f", floor.memory)) MB")
    }
    for (timing, note) in timings {
        let ratio = floor.map { String(format: ", %.1f× rg", timing.best / max($0.best, 0.001)) } ?? ""
        say("  \(timing.name): best \(seconds(timing.best)) s, median \(seconds(timing.median)) s\(ratio), user \(seconds(timing.user)) s, peak \(String(format: "%.0f", timing.memory)) MB (\(note))")
    }
}
unlink(outputPath)
if keep == nil { try? fm.removeItem(atPath: root) }
