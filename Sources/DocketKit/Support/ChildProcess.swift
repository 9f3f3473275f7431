import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with `posix_spawn`: the one way Docket (and its tests) start a process.
/// Foundation's `Process.run` on Linux (Swift 6.3.1) can crash while it lists `/proc/self/fd`
/// (an over-read of `d_name`, swift-corelibs-foundation pull request 5472), most often while
/// other threads open files — which is what validation does beside `git`. Pipes are
/// close-on-exec, so a child inherits only its own three.
enum ChildProcess {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
        var timedOut: Bool
    }

    struct Failure: Error { var message: String }

    /// Where a started child's standard streams go when nobody collects them.
    enum Streams {
        /// The parent's own standard input, output and error: the terminal of an editor.
        case inherited
        /// Input from and output to `/dev/null`.
        case discarded
    }

    /// How a child ended: its exit code, or 128 + the signal that stopped it (as a shell
    /// reports it), with that signal.
    struct Termination: Equatable {
        var status: Int32
        var signal: Int32?

        init(waitStatus: Int32) {
            let signal = waitStatus & 0x7f
            self.signal = signal == 0 ? nil : signal
            status = signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal
        }
    }

    /// A child started by `start`; `wait` must be called once to reap it.
    struct Running {
        let pid: pid_t

        /// Sends `signal` to the child.
        func send(_ signal: Int32) { kill(pid, signal) }

        /// Waits until the child exits.
        func wait() -> Termination {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return Termination(waitStatus: status)
        }
    }

    /// Starts `executable ARGS` in `directory` (nil: this process's) with `environment` (the
    /// whole environment) and `streams`, and returns at once.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String],
                      directory: String? = nil, streams: Streams) throws(Failure) -> Running {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if case .discarded = streams {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        return Running(pid: try spawn(executable, arguments, environment: environment, directory: directory, actions: &actions))
    }

    /// Runs `executable ARGS` in `directory` (nil: this process's) with `environment` (the
    /// whole environment), feeding `input` to its standard input (nil: an empty one); sends
    /// `stopSignal` after `timeout` seconds. With `mergingErrors`, standard error goes into
    /// `stdout` in the order it was written and `stderr` is empty.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                    directory: String? = nil, input: [UInt8]?, timeout: Double,
                    stopSignal: Int32 = SIGTERM, mergingErrors: Bool = false) throws(Failure) -> Result {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        // pipe2 is not visible from Swift here: pipe, then close-on-exec at once (a child
        // spawned by another thread in between only holds the pipe until it exits).
        for index in 0..<3 {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                let message = String(cString: strerror(errno))
                for fd in inPipe + outPipe where fd >= 0 { close(fd) }
                throw Failure(message: "cannot create a pipe: \(message)")
            }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if index == 0 { inPipe = fds } else if index == 1 { outPipe = fds } else { errPipe = fds }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, mergingErrors ? outPipe[1] : errPipe[1], 2)
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, environment: environment, directory: directory, actions: &actions)
        } catch {
            for fd in inPipe + outPipe + errPipe { close(fd) }
            throw error
        }
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        let timer = Expiry()
        let watchdog = DispatchWorkItem { timer.expired = true; kill(pid, stopSignal) }
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
        let termination = Running(pid: pid).wait()
        watchdog.cancel()
        close(outPipe[0]); close(errFD)
        return Result(status: termination.status, stdout: output, stderr: errors.bytes, timedOut: timer.expired)
    }

    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                              directory: String?, actions: inout posix_spawn_file_actions_t) throws(Failure) -> pid_t {
        var program = executable, programArguments = arguments
        if let directory {
            if let addChdir = ChangeDirectoryAction.function {
                let added = directory.withCString { addChdir(&actions, $0) }
                guard added == 0 else { throw Failure(message: String(cString: strerror(added))) }
            } else {
                // Older C libraries: GNU env changes the folder, then execs the program.
                program = "/usr/bin/env"
                programArguments = ["-C", directory, "--", executable] + arguments
            }
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + programArguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(message: String(cString: strerror(spawned))) }
        return pid
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29, macOS 10.15) sets the child's
    /// working folder between fork and exec. Swift's Glibc module does not show it on this
    /// toolchain, so it is looked up by name; a `chdir` in the parent would move every
    /// thread's folder, and a `fork` of a threaded process may only call async-signal-safe
    /// functions, which Swift code cannot promise. Nil when the C library lacks it.
    private enum ChangeDirectoryAction {
        typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        static let function: Function? = {
            guard let handle = dlopen(nil, RTLD_NOW),
                  let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
            return unsafeBitCast(symbol, to: Function.self)
        }()
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
