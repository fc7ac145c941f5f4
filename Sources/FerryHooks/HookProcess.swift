import FerryKubeClient
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The programs a hook starts: the hook it chains, and `ferry sync`, in the foreground or detached.
///
/// Spawned with `posix_spawn`, not Foundation's `Process`: a detached sync must outlive the hook
/// and must hold none of its descriptors (git, or whatever ran git, waits for the end of the
/// output pipes it handed the hook, so an inherited one would make `git commit` wait for the sync).
/// Every child gets only standard input, output and error.
public enum HookProcess {
    /// Where a child's standard input comes from.
    public enum Input: Sendable {
        /// The hook's own standard input.
        case inherited
        /// `/dev/null`.
        case empty
        /// These bytes (a post-receive hook's ref lines, read once and handed to each program).
        case bytes([UInt8])
    }

    /// A program that could not be started.
    public struct SpawnError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Runs `executable` to its end with the hook's standard output and error; returns its exit
    /// status (128 + the signal when killed).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           input: Input) throws -> Int32 {
        var pipeEnds: [Int32] = [-1, -1]
        if case .bytes = input {
            guard pipe(&pipeEnds) == 0 else { throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))") }
            _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
        }
        let pid: pid_t
        do {
            defer { if pipeEnds[0] >= 0 { close(pipeEnds[0]) } }
            pid = try spawn(executable, arguments, environment: environment,
                            input: pipeEnds[0] >= 0 ? pipeEnds[0] : nil, emptyInput: { if case .empty = input { true } else { false } }(),
                            output: nil, detached: false)
        } catch {
            if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
            throw error
        }
        if case .bytes(let bytes) = input {
            // A program that exits without reading its input is its business: EPIPE (SIGPIPE is
            // ignored by the caller) ends the writing, not the hook.
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(pipeEnds[1], $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
            close(pipeEnds[1])
        }
        return wait(for: pid)
    }

    /// Starts `executable` in a session of its own, with standard input from `/dev/null` and
    /// standard output and error appended to `output`; returns at once. Closing the terminal,
    /// or git ending the hook's process group, does not reach it.
    public static func detach(_ executable: String, _ arguments: [String], environment: [String: String],
                              output: Int32) throws -> pid_t {
        try spawn(executable, arguments, environment: environment, input: nil, emptyInput: true, output: output, detached: true)
    }

    /// The exit status of a child (128 + the signal when killed).
    public static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                              input: Int32?, emptyInput: Bool, output: Int32?, detached: Bool) throws -> pid_t {
        let standardInput: Spawn.Input = if let input { .descriptor(input) } else if emptyInput { .empty } else { .inherited }
        do {
            return try Spawn.start(executable, arguments: arguments, environment: environment, input: standardInput,
                                   output: output, error: output, newSession: detached)
        } catch let failure as Spawn.Failure {
            throw SpawnError(description: failure.description)
        }
    }
}
