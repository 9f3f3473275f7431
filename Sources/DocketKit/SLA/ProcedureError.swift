/// Why a procedure document (for example `procedures/sla.md`) was rejected.
///
/// `message` is lowercase, without a trailing period, and says what was
/// expected and what was found; `position` is the start of the offending node.
public struct ProcedureError: Error, Sendable, Equatable {
    /// Path of the procedure document, relative to the repository root.
    public var path: String
    /// Where the offending node starts.
    public var position: SourcePosition
    /// Lowercase, no trailing period: what was expected and what was found.
    public var message: String

    public init(path: String, position: SourcePosition, message: String) {
        self.path = path
        self.position = position
        self.message = message
    }
}
