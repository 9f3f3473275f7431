// The docket executable: a thin shell over DocketKit.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import DocketKit

/// Buffers standard output; standard error goes out at once (after flushing output, to keep order).
/// `@unchecked Sendable`: only the `Console`'s writes reach it, from the thread that runs the verb.
final class StandardStreams: @unchecked Sendable {
    private var buffer: [UInt8] = []

    func write(_ text: String, toStandardError: Bool) {
        if toStandardError {
            flush()
            Self.writeAll(Array(text.utf8), to: 2)
        } else {
            // One copy of the bytes where the text has them in one piece (a native String does).
            if text.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
                buffer.append(contentsOf: text.utf8)
            }
            if buffer.count >= 1 << 16 { flush() }
        }
    }

    func flush() {
        Self.writeAll(buffer, to: 1)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            #else
            let count = bytes.withUnsafeBytes { Darwin.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            #endif
            if count < 0 { if errno == EINTR { continue }; return }
            offset += count
        }
    }
}

let streams = StandardStreams()
let console = Console(
    environment: ProcessInfo.processInfo.environment,
    currentDirectory: FileManager.default.currentDirectoryPath,
    isTerminal: isatty(STDOUT_FILENO) == 1,
    write: { text, toStandardError in streams.write(text, toStandardError: toStandardError) })
ExitTeardown.skipped = true
let status = Docket.run(Array(CommandLine.arguments.dropFirst()), console: console)
streams.flush()
Phases.mark("write and teardown")
exit(status)
