#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `DOCKET_PHASES=1`: each phase of a run, with its wall and CPU time (user and system, all
/// threads), printed to standard error as it ends — for contributors looking for serial
/// phases: a phase whose CPU time is close to its wall time kept one core busy, not all.
///
/// Off (the default) a mark costs one check of a constant.
public enum Phases {
    /// True when the environment asks for phase timings.
    public static let enabled: Bool = getenv("DOCKET_PHASES").map { String(cString: $0) }.map { !$0.isEmpty && $0 != "0" } ?? false

    /// The wall and CPU clocks at the last mark; guarded by its lock (marks may come from any thread).
    private final class Clock: @unchecked Sendable {
        let lock = NSLock()
        var wall = Phases.wallSeconds()
        var cpu = Phases.cpuSeconds()
    }
    private static let clock = Clock()

    /// Starts measuring: the next mark counts from here.
    public static func begin() {
        guard enabled else { return }
        clock.lock.lock()
        defer { clock.lock.unlock() }
        clock.wall = wallSeconds()
        clock.cpu = cpuSeconds()
    }

    /// Ends the phase that ran since the last mark (or `begin`): prints
    /// `phase NAME: W s wall, C s cpu, P MB peak` (P: the process's peak resident memory so far,
    /// so the phase where it grows shows).
    public static func mark(_ name: StaticString) {
        guard enabled else { return }
        clock.lock.lock()
        defer { clock.lock.unlock() }
        let wall = wallSeconds(), cpu = cpuSeconds()
        let line = "phase \(name): \(format(wall - clock.wall)) s wall, \(format(cpu - clock.cpu)) s cpu, \(peakMegabytes()) MB peak\n"
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
        clock.wall = wall
        clock.cpu = cpu
    }

    /// Seconds with three decimals, without Foundation's formatter (locale-free).
    static func format(_ seconds: Double) -> String {
        let millis = max(0, Int((seconds * 1000).rounded()))
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Monotonic wall clock, seconds.
    static func wallSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// User and system time of the whole process, every thread, seconds.
    static func cpuSeconds() -> Double {
        let usage = selfUsage()
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The process's peak resident memory so far, whole megabytes (`ru_maxrss`).
    static func peakMegabytes() -> Int {
        #if canImport(Glibc)
        return Int(selfUsage().ru_maxrss) / 1024           // Linux counts KiB
        #else
        return Int(selfUsage().ru_maxrss) / 1_048_576      // Darwin counts bytes
        #endif
    }

    private static func selfUsage() -> rusage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return usage
    }
}
