import ArgumentParser
import FerryLocalCluster

extension Ferry.Cluster {
    /// `ferry cluster reset`.
    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the local cluster if it runs and delete its data: objects, certificates, token and kubeconfig.")

        @OptionGroup var directory: ClusterDirectoryOptions

        func run() async throws {
            let directory = directory.directory
            do {
                switch try await ClusterControl.reset(directory) {
                case .reset(let stopped):
                    if let stopped { print("stopped (pid \(stopped))") }
                    print("reset: deleted the cluster in \(directory.path)")
                case .nothingToReset:
                    print("nothing to reset: \(directory.path) does not exist")
                }
            } catch {
                printError("error: \(error.message)")
                throw ExitCodes.failure
            }
        }
    }
}
