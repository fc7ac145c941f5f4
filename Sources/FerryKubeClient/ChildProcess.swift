import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A finished child process: its status and both outputs.
struct ProcessOutput: Sendable {
    var status: Int32
    var standardOutput: [UInt8]
    var standardError: [UInt8]
    var timedOut: Bool

    /// Runs `executable` (a path) with empty standard input and collects both outputs,
    /// never waiting past `timeout`: then the child is killed.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`, not Foundation's `Process`,
    /// which on Linux learns of the exit through a socket every grandchild inherits: a
    /// plugin that leaves a helper running would look alive until the helper ends. The
    /// child gets no descriptor but its three standard ones and an empty signal mask.
    /// Outputs are read by polling, so a helper holding them open cannot block either;
    /// after the child exits, what remains is read for at most a short grace period.
    static func run(executable: String, arguments: [String], environment: [String: String],
                    timeout: Duration) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            // Blocking polls and waits happen on a thread of their own: never on the
            // cooperative pool, and not on Dispatch's global queue either, whose few
            // threads other blocking work can hold, so that the timeout would not start.
            let thread = Thread {
                do {
                    continuation.resume(returning: try runBlocking(executable: executable, arguments: arguments,
                                                                   environment: environment, timeout: timeout))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    private static let grace: Duration = .milliseconds(500)

    private static func runBlocking(executable: String, arguments: [String], environment: [String: String],
                                    timeout: Duration) throws -> ProcessOutput {
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&errorPipe) == 0 else {
            close(outputPipe[0])
            close(outputPipe[1])
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec, so that children other threads spawn meanwhile do not keep them open
        // (pipe2 with O_CLOEXEC would be atomic, but glibc declares it only under _GNU_SOURCE).
        for descriptor in outputPipe + errorPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        defer {
            close(outputPipe[0])
            close(errorPipe[0])
        }
        let pid: pid_t
        do {
            defer {
                close(outputPipe[1])
                close(errorPipe[1])
            }
            pid = try spawn(executable, arguments: arguments, environment: environment,
                            output: outputPipe[1], error: errorPipe[1])
        }
        var result = ProcessOutput(status: 0, standardOutput: [], standardError: [], timedOut: false)
        var exitStatus = collect(pid: pid, output: outputPipe[0], error: errorPipe[0], timeout: timeout, into: &result)
        if exitStatus == nil {
            exitStatus = wait(for: pid, blocking: true)
        }
        result.status = exitStatus ?? -1
        return result
    }

    private static func spawn(_ executable: String, arguments: [String], environment: [String: String],
                              output: Int32, error: Int32) throws -> pid_t {
        do {
            return try Spawn.start(executable, arguments: arguments, environment: environment, input: .empty,
                                   output: output, error: error)
        } catch let failure as Spawn.Failure {
            throw SpawnError(description: failure.description)
        }
    }

    /// The exit status (128 + signal when killed), or nil while it runs (when not blocking).
    private static func wait(for pid: pid_t, blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if reaped == pid { break }
            if reaped == -1 && errno == EINTR { continue }
            return reaped == 0 ? nil : -1
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// Reads both pipes until they close, the child has been gone for the grace period, or
    /// the deadline passes (then the child is killed); returns the exit status if reaped.
    private static func collect(pid: pid_t, output: Int32, error: Int32, timeout: Duration,
                                into result: inout ProcessOutput) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        var exitStatus: Int32?
        var exitedAt: ContinuousClock.Instant?
        var open: [Int32] = [output, error]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let now = ContinuousClock.now
            if exitStatus == nil, let status = wait(for: pid, blocking: false) {
                exitStatus = status
                exitedAt = now
            }
            if let exitStatus, open.isEmpty { return exitStatus }
            if let exitedAt, now - exitedAt >= grace { return exitStatus }
            if now >= deadline {
                if exitStatus == nil {
                    kill(pid, SIGKILL)
                    result.timedOut = true
                }
                return exitStatus
            }
            if open.isEmpty {
                // Both outputs closed, the child not yet gone: wait for it, still within the deadline.
                usleep(20_000)
                continue
            }
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&descriptors, nfds_t(descriptors.count), 50) > 0 else { continue }
            for entry in descriptors where entry.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if entry.fd == output {
                        result.standardOutput.append(contentsOf: buffer[0..<count])
                    } else {
                        result.standardError.append(contentsOf: buffer[0..<count])
                    }
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
    }
}
