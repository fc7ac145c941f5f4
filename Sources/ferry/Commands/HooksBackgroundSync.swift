import ArgumentParser
import FerryHooks
import FerrySync
import Foundation

extension Ferry {
    /// What a detached hook sync runs: `ferry sync` between two lines of its own in the log
    /// (its standard output and error), one sync at a time per repository.
    struct HooksBackgroundSync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "background-sync",
            abstract: "Run a hook's sync in the background (started by `ferry hooks run`).",
            shouldDisplay: false)

        @Option var hook: String
        @Option var lock: String
        @Argument(parsing: .postTerminator) var syncArguments: [String]

        func run() throws {
            let commit = syncArguments.firstIndex(of: "--rev").map { syncArguments[$0 + 1].prefix(7) } ?? "HEAD"
            line("\(hook): syncing \(commit) (pid \(getpid()))")
            // Two quick commits start two syncs: the second waits here rather than being refused
            // the instance's lock, so that the last commit is the one that ends up deployed.
            let descriptor = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
            }
            defer { if descriptor >= 0 { close(descriptor) } }
            let status = (try? HookProcess.run(ferryExecutablePath(), syncArguments,
                                                environment: ProcessInfo.processInfo.environment, input: .empty)) ?? -1
            if status == 0 {
                line("\(hook): sync of \(commit) finished: exit 0")
            } else {
                let stands = hook == GitHook.postReceive.rawValue ? "the push stands" : "the commit stands"
                line("\(hook): sync of \(commit) failed: exit \(status); \(stands): fix what is reported above and commit again, or run `ferry sync`")
                throw ExitCode(status)
            }
        }

        /// A timestamped line, written at once: the log is read while the sync runs.
        private func line(_ text: String) {
            let stamp = ISO8601DateFormatter().string(from: Date())
            FileHandle.standardOutput.write(Data("\(stamp) \(text)\n".utf8))
        }
    }
}
