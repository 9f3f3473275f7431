/// Where a command writes, and what it knows of its environment. The
/// executable fills it from the process; tests fill it with buffers.
///
/// `@unchecked Sendable`: a verb writes to it only from the thread that runs the verb
/// (parallel workers return values, they do not print); everything else is a `let`.
public final class Console: @unchecked Sendable {
    public private(set) var output = ""
    public private(set) var errors = ""
    public let environment: [String: String]
    public let currentDirectory: String
    /// True when standard output is a terminal (colour allowed unless NO_COLOR is set).
    public let isTerminal: Bool
    let write: ((String, Bool) -> Void)?

    /// - Parameter write: called for each piece of output (`true`: standard error); nil buffers everything.
    public init(environment: [String: String], currentDirectory: String, isTerminal: Bool = false, write: ((String, Bool) -> Void)? = nil) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.isTerminal = isTerminal
        self.write = write
    }

    public func print(_ text: String) {
        if let write { write(text + "\n", false) } else { output += text + "\n" }
    }

    public func printRaw(_ text: String) {
        if let write { write(text, false) } else { output += text }
    }

    public func error(_ text: String) {
        if let write { write(text + "\n", true) } else { errors += text + "\n" }
    }

    /// Sends what is buffered for standard output on its way, before a child process writes
    /// to the same streams (the editor of `new --edit`), so the two keep their order.
    public func flushOutput() {
        // The executable flushes standard output before each write to standard error.
        write?("", true)
    }

    public var useColor: Bool { isTerminal && environment["NO_COLOR"].map(\.isEmpty) ?? true }
}
