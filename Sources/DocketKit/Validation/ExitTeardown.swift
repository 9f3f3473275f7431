import Foundation

/// The executable exits right after its verb: memory it still holds goes back to the
/// system with the process, so freeing a million records' summaries one by one first is
/// wasted time. The executable turns `skipped` on; in-process callers (the tests) leave it
/// off and everything is freed as usual.
public enum ExitTeardown {
    /// `@unchecked Sendable`: `skipped` and `kept` are read and written with `lock` held.
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var skipped = false
        var kept: [Any] = []
    }
    private static let state = State()

    /// True when values handed to `keep` live until the process exits.
    public static var skipped: Bool {
        get { state.lock.withLock { state.skipped } }
        set { state.lock.withLock { state.skipped = newValue } }
    }

    /// Keeps `value` alive until the process exits when teardown is skipped; else does nothing.
    static func keep(_ value: Any) {
        state.lock.withLock { if state.skipped { state.kept.append(value) } }
    }
}
