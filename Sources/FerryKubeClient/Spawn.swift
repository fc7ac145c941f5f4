import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a program with `posix_spawn`, for the few places Ferry runs one (credential
/// plugins, syncs started by git hooks): the child gets only its three standard
/// descriptors, default signal handling and an empty signal mask, whatever the parent
/// set up; optionally a session of its own, so that a closing terminal does not reach it.
public enum Spawn {
    /// Where a child's standard input comes from.
    public enum Input: Sendable {
        case inherited
        case empty
        case descriptor(Int32)
    }

    /// A program that could not be started (or a pipe for it made).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// A pipe whose ends close on exec, so that children other threads spawn meanwhile do not
    /// keep it open (pipe2 with O_CLOEXEC would be atomic, but glibc declares it only under _GNU_SOURCE).
    public static func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw Failure("pipe: \(String(cString: strerror(errno)))") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// A child's exit status (128 + the signal when killed); nil when `blocking` is off and it
    /// still runs, -1 when it cannot be reaped.
    public static func exitStatus(of pid: pid_t, blocking: Bool = true) -> Int32? {
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

    /// Starts `executable` (a path); `output` and `error` nil inherit the parent's.
    public static func start(_ executable: String, arguments: [String], environment: [String: String],
                             input: Input, output: Int32?, error: Int32?, newSession: Bool = false) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch input {
        case .inherited: break
        case .empty: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, 0)
        }
        if let output { posix_spawn_file_actions_adddup2(&actions, output, 1) }
        if let error { posix_spawn_file_actions_adddup2(&actions, error, 2) }
        // Linux has no POSIX_SPAWN_CLOEXEC_DEFAULT: every other open descriptor is closed one by one
        // (glibc ignores closing one that has been closed since it was listed).
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The parent ignores SIGPIPE and may trap SIGTERM; its children should not.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession { flags |= newSessionFlag }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // ETXTBSY: the executable is still open for writing somewhere, typically in a child
        // another thread forked while the file was being written (it closes on exec). Brief.
        var attempts = 1
        while status == ETXTBSY, attempts < 10 {
            usleep(50_000)
            attempts += 1
            status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        guard status == 0 else { throw Failure("cannot start \(executable): \(String(cString: strerror(status)))") }
        return pid
    }

    #if os(Linux)
    /// POSIX_SPAWN_SETSID (glibc ≥ 2.26), which glibc declares only under _GNU_SOURCE.
    private static let newSessionFlag: Int32 = 0x80
    #else
    private static let newSessionFlag: Int32 = Int32(POSIX_SPAWN_SETSID)
    #endif

    private static func openDescriptors() -> [Int32] {
        #if os(Linux)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
        #else
        return Array(3..<256)
        #endif
    }
}
