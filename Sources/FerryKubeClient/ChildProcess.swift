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

    private static let grace: Duration = .milliseconds(500)

    private static func runBlocking(executable: String, arguments: [String], environment: [String: String],
                                    timeout: Duration) throws -> ProcessOutput {
        let outputPipe = try Spawn.makePipe()
        let errorPipe: (read: Int32, write: Int32)
        do {
            errorPipe = try Spawn.makePipe()
        } catch {
            close(outputPipe.read)
            close(outputPipe.write)
            throw error
        }
        defer {
            close(outputPipe.read)
            close(errorPipe.read)
        }
        let pid: pid_t
        do {
            defer {
                close(outputPipe.write)
                close(errorPipe.write)
            }
            pid = try Spawn.start(executable, arguments: arguments, environment: environment, input: .empty,
                                  output: outputPipe.write, error: errorPipe.write)
        }
        var result = ProcessOutput(status: 0, standardOutput: [], standardError: [], timedOut: false)
        var exitStatus = collect(pid: pid, output: outputPipe.read, error: errorPipe.read, timeout: timeout, into: &result)
        if exitStatus == nil {
            exitStatus = Spawn.exitStatus(of: pid)
        }
        result.status = exitStatus ?? -1
        return result
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
            if exitStatus == nil, let status = Spawn.exitStatus(of: pid, blocking: false) {
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
