/// Wall and CPU time of each phase of `docket report`, written to standard error when
/// `DOCKET_PHASES=1`: which phase runs on one core while the other waits shows as wall
/// time above CPU time / cores. Off, it measures nothing. An instance, not `Phases`' process-wide
/// switch: the report reads `DOCKET_PHASES` from its command's environment and writes through
/// its console (tests run it in-process).
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

    // One clock and one format with `Phases` (validate, sla): only where the lines go differs.
    static func seconds(_ value: Double) -> String { Phases.format(value) }
    static func wallSeconds() -> Double { Phases.wallSeconds() }
    static func cpuSeconds() -> Double { Phases.cpuSeconds() }
}
