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

    /// Runs `executable` to its end with the hook's standard output and error; returns its exit
    /// status (128 + the signal when killed).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           input: Input) throws -> Int32 {
        // Bytes go through a pipe; the child gets its read end as standard input.
        let pipeEnds: (read: Int32, write: Int32)? = if case .bytes = input { try Spawn.makePipe() } else { nil }
        let standardInput: Spawn.Input = switch input {
        case .inherited: .inherited
        case .empty: .empty
        case .bytes: .descriptor(pipeEnds?.read ?? -1)
        }
        let pid: pid_t
        do {
            defer { if let pipeEnds { close(pipeEnds.read) } }
            pid = try Spawn.start(executable, arguments: arguments, environment: environment, input: standardInput,
                                  output: nil, error: nil)
        } catch {
            if let pipeEnds { close(pipeEnds.write) }
            throw error
        }
        if case .bytes(let bytes) = input, let pipeEnds {
            // A program that exits without reading its input is its business: EPIPE (SIGPIPE is
            // ignored by the caller) ends the writing, not the hook.
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(pipeEnds.write, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
            close(pipeEnds.write)
        }
        return Spawn.exitStatus(of: pid) ?? -1
    }

    /// Starts `executable` in a session of its own, with standard input from `/dev/null` and
    /// standard output and error appended to `output`; returns at once. Closing the terminal,
    /// or git ending the hook's process group, does not reach it.
    public static func detach(_ executable: String, _ arguments: [String], environment: [String: String],
                              output: Int32) throws -> pid_t {
        try Spawn.start(executable, arguments: arguments, environment: environment, input: .empty, output: output,
                        error: output, newSession: true)
    }
}
