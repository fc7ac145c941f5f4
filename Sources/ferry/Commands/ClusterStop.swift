import ArgumentParser
import FerryLocalCluster

extension Ferry.Cluster {
    /// `ferry cluster stop`.
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the local cluster; its state stays for the next start.",
            discussion: "Sends SIGTERM (open watches end, requests in flight finish), then SIGKILL after 20 s. Stopping a stopped cluster exits 0.")

        @OptionGroup var directory: ClusterDirectoryOptions

        func run() async throws {
            do {
                switch try await ClusterControl.stop(directory.directory) {
                case .stopped(let pid): print("stopped (pid \(pid))")
                case .notRunning: print("not running")
                }
            } catch {
                printError("error: \(error.message)")
                throw ExitCodes.failure
            }
        }
    }
}
