#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall and CPU time of each phase of `docket report`, written to standard error when
/// `DOCKET_PHASES=1`: which phase runs on one core while the other waits shows as wall
/// time above CPU time / cores. Off, it measures nothing.
final class ReportPhases: @unchecked Sendable {
    /// Set by `DOCKET_PHASES=1` in the command's environment.
    let enabled: Bool
    private let write: (String) -> Void
    private var lastWall: Double
    private var lastCPU: Double

    init(environment: [String: String], write: @escaping (String) -> Void) {
        self.enabled = environment["DOCKET_PHASES"] == "1"
        self.write = write
        self.lastWall = enabled ? Self.wallSeconds() : 0
        self.lastCPU = enabled ? Self.cpuSeconds() : 0
    }

    /// Ends the phase `name` (begun at the previous mark or at `init`) and writes its
    /// figures: `phase NAME: 1.234 s wall, 2.345 s cpu`.
    func mark(_ name: String) {
        guard enabled else { return }
        let wall = Self.wallSeconds(), cpu = Self.cpuSeconds()
        write("phase \(name): \(Self.seconds(wall - lastWall)) s wall, \(Self.seconds(cpu - lastCPU)) s cpu")
        lastWall = wall
        lastCPU = cpu
    }

    static func seconds(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return String(thousandths / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    static func wallSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// User and system time of the whole process, every thread.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
