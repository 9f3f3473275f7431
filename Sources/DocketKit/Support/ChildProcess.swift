import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with `posix_spawn` and collects its output. Foundation's `Process.run` on
/// Linux (Swift 6.3.1) can crash while it lists `/proc/self/fd` (an over-read of `d_name`,
/// swift-corelibs-foundation pull request 5472), most often while other threads open files —
/// which is what validation does beside `git`. Pipes are close-on-exec, so a child
/// inherits only its own three.
enum ChildProcess {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
    }

    struct Failure: Error { var message: String }

    /// Runs `executable ARGS` with `environment` (the whole environment), feeding `input` to
    /// its standard input; sends SIGTERM after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    input: [UInt8]?, timeout: Double) throws(Failure) -> Result {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        // pipe2 is not visible from Swift here: pipe, then close-on-exec at once (a child
        // spawned by another thread in between only holds the pipe until it exits).
        for index in 0..<3 {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                throw Failure(message: "cannot create a pipe: \(String(cString: strerror(errno)))")
            }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if index == 0 { inPipe = fds } else if index == 1 { outPipe = fds } else { errPipe = fds }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard spawned == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw Failure(message: String(cString: strerror(spawned)))
        }
        let timer = Expiry()
        let watchdog = DispatchWorkItem { timer.expired = true; kill(pid, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let group = DispatchGroup()
        let errors = Collected()
        let errFD = errPipe[0], inFD = inPipe[1]
        DispatchQueue.global().async(group: group) { errors.bytes = readAll(errFD) }
        DispatchQueue.global().async(group: group) {
            if let input {
                input.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = write(inFD, buffer.baseAddress! + offset, buffer.count - offset)
                        if written < 0 { if errno == EINTR { continue }; break }
                        offset += written
                    }
                }
            }
            close(inFD)
        }
        let output = readAll(outPipe[0])
        group.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        watchdog.cancel()
        close(outPipe[0]); close(errFD)
        // Exit code, or 128 + the signal that stopped it, as a shell reports it.
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitCode, stdout: output, stderr: errors.bytes, timedOut: timer.expired)
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { if errno == EINTR { continue }; break }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }

    /// `@unchecked Sendable`: written by one queued block, read after `group.wait()`.
    private final class Collected: @unchecked Sendable { var bytes: [UInt8] = [] }

    /// Set by the watchdog, which may run while the child is being reaped.
    private final class Expiry: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var expired: Bool {
            get { lock.withLock { stopped } }
            set { lock.withLock { stopped = newValue } }
        }
    }
}
