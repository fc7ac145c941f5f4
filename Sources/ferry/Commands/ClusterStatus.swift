import ArgumentParser
import FerryLocalCluster

extension Ferry.Cluster {
    /// `ferry cluster status`, with LSB's exit codes.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tell whether the local cluster runs.",
            discussion: "Exit status: 0 running, 1 not running but its pid file remains (it crashed or was killed), 3 not running.")

        @OptionGroup var directory: ClusterDirectoryOptions

        func run() throws {
            let directory = directory.directory
            switch ClusterControl.status(directory) {
            case .running(let pid, let url):
                let who = pid.map { " (pid \($0))" } ?? ""
                print(url.map { "running\(who) at \($0)" } ?? "starting\(who)")
            case .dead(let pid):
                print("not running, but \(directory.pidPath) remains (pid \(pid)); see \(directory.logPath)")
                throw ExitCodes.failure
            case .stopped:
                print("not running")
                throw Ferry.Cluster.notRunningExitCode
            }
        }
    }
}
