// A profile of the cluster server while a benchmark round runs, for finding where its time
// goes: with FERRY_BENCH_PROFILE=PREFIX set, `perf record -g` follows the server process
// during each round's applies and writes PREFIX-ROUND.data. Off by default; nothing is
// printed into the report.
import Foundation

struct ServerProfile {
    private let process: Process

    /// Starts recording `pid` when FERRY_BENCH_PROFILE is set and perf can run; nil otherwise.
    static func start(pid: Int32?, round: String) -> ServerProfile? {
        guard let prefix = ProcessInfo.processInfo.environment["FERRY_BENCH_PROFILE"], !prefix.isEmpty,
              let pid else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/perf")
        // FERRY_BENCH_PROFILE_EVENTS picks other events, e.g. `sched:sched_switch` for where threads wait.
        let events = ProcessInfo.processInfo.environment["FERRY_BENCH_PROFILE_EVENTS"].map { ["-e", $0] } ?? ["-F", "1999"]
        process.arguments = ["record"] + events + ["-g", "-p", String(pid), "-o", "\(prefix)-\(round).data"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            print("profile: perf did not start: \(error)")
            return nil
        }
        // perf attaches within a few milliseconds; a short pause keeps the round's start in the profile.
        Thread.sleep(forTimeInterval: 0.2)
        return ServerProfile(process: process)
    }

    /// Stops the recording and waits for perf to write its file.
    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }
}
