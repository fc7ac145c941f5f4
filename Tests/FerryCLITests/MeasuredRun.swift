import Foundation

/// A program run to its end (or killed when it hangs), with its peak memory: what the
/// bad-input corpus needs beyond `FerryTesting.run`, whose `Process` cannot report `rusage`.
struct MeasuredRun: Sendable {
    /// The exit status, or the signal number when `signal` is set.
    var status: Int32
    /// The signal that ended the program, if one did (a crash, or the kill after `limit`).
    var signal: Int32?
    /// Whether it was still running at the time limit and was killed.
    var hung: Bool
    var output: String
    var errorOutput: String
    /// The program's peak resident set size in bytes: GNU time's `%M`, else its `ru_maxrss`
    /// (an upper bound then, as it counts this process's memory at the spawn).
    var peakMemory: Int
    /// Wall-clock time, for the log only: never asserted.
    var duration: Duration

    /// Runs `executable` with `arguments`, standard input empty, output and error captured in
    /// files (nothing can stall on a full pipe); kills it after `limit` seconds, which only
    /// guards against a hang and never decides a result otherwise.
    static func run(_ executable: String, _ arguments: [String], limit: Double = 120) throws -> MeasuredRun {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputPath = directory.appendingPathComponent("stdout").path
        let errorPath = directory.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // The program is measured by GNU time when installed: its own rusage would also count
        // this test process's memory, which posix_spawn's vfork hands over up to the exec.
        let memoryPath = directory.appendingPathComponent("memory").path
        let measuredByTime = FileManager.default.isExecutableFile(atPath: Self.gnuTime)
        let command = measuredByTime
            ? [Self.gnuTime, "-f", "%M", "-o", memoryPath, executable] + arguments
            : [executable] + arguments
        // Its own process group, so that a hung program is killed with everything it started.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(executable): \(String(cString: strerror(spawned)))"])
        }

        var status: Int32 = 0
        var usage = rusage()
        var hung = false
        let deadline = started + .milliseconds(Int(limit * 1000))
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0, errno != EINTR { break }
            if clock.now >= deadline, !hung {
                hung = true
                kill(-pid, SIGKILL)
                while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        let duration = clock.now - started
        // The wait status, decoded as <sys/wait.h>'s macros do (Swift does not import them).
        var signal: Int32? = status & 0x7f == 0 ? nil : status & 0x7f
        var exitStatus = signal ?? (status >> 8) & 0xff
        var peakKiB = Int(usage.ru_maxrss)
        if measuredByTime, !hung {
            // GNU time's file: "Command terminated by signal N" or "Command exited with non-zero
            // status N" when so, then the peak in KiB on the last line.
            let report = text(of: memoryPath).split(separator: "\n")
            if let line = report.first(where: { $0.contains("terminated by signal") }),
               let number = line.split(separator: " ").last.flatMap({ Int32($0) }) {
                signal = number
                exitStatus = number
            }
            if let last = report.last, let kib = Int(last.trimmingCharacters(in: .whitespaces)) { peakKiB = kib }
        }
        return MeasuredRun(
            status: exitStatus,
            signal: signal,
            hung: hung,
            output: text(of: outputPath),
            errorOutput: text(of: errorPath),
            peakMemory: peakKiB * 1024,
            duration: duration)
    }

    /// GNU time, which reports the peak memory of the program it runs alone.
    static let gnuTime = "/usr/bin/time"

    /// A captured stream, decoded leniently: a bad message may echo bytes that are not UTF-8.
    private static func text(of path: String) -> String {
        String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data(), as: UTF8.self)
    }
}
