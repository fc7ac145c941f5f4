import Foundation

/// Starting the server as a daemon: a child in its own session (so that closing the
/// terminal does not end it), standard input from /dev/null, output appended to
/// the log file, and default signal handling whatever the parent had set.
enum BackgroundProcess {
    /// Spawns `arguments` (the executable first) with this process's environment, but
    /// for the variables in `setting`, and returns its pid.
    static func spawn(_ arguments: [String], logPath: String, setting: [String: String] = [:]) throws(LocalClusterError) -> pid_t {
        guard let executable = arguments.first else { throw LocalClusterError(.startFailed, "nothing to start") }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Nothing but the three standard streams may reach the daemon: an inherited
        // pipe or socket would keep whoever ran `ferry cluster start` waiting for an
        // end-of-file (Foundation's Process watches a socket pair to see its child exit).
        for descriptor in inheritedDescriptors() {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        let flags = Self.setSessionFlag | Self.closeOnExecDefaultFlag | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(setting) { $1 }
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnvironment.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else {
            throw LocalClusterError(.startFailed, "cannot start \(executable): \(DataDirectory.errorText(result))")
        }
        return pid
    }

    #if os(Linux)
    /// glibc's `POSIX_SPAWN_SETSID`, which it declares only under `_GNU_SOURCE`, so Swift does not see it.
    private static let setSessionFlag: Int32 = 0x80
    /// Linux has no `POSIX_SPAWN_CLOEXEC_DEFAULT`: descriptors are closed one by one instead.
    private static let closeOnExecDefaultFlag: Int32 = 0

    /// The descriptors above the standard three that this process has open.
    private static func inheritedDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        // The directory's own descriptor is among them; closing a closed one is harmless.
        return names.compactMap { Int32($0) }.filter { $0 > 2 }
    }
    #else
    private static let setSessionFlag = Int32(POSIX_SPAWN_SETSID)
    private static let closeOnExecDefaultFlag = Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
    private static func inheritedDescriptors() -> [Int32] { [] }
    #endif

    /// The child's exit status once it has ended (reaping it), nil while it runs.
    static func exitStatus(of pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    /// The path of the running executable, to start it again as the server.
    static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// The last `count` lines of a file (for a log), or nothing.
    static func tail(_ path: String, lines count: Int) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(count).map(String.init)
    }
}
