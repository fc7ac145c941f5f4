import ArgumentParser
import FerryLocalCluster
import Foundation

extension Ferry.Cluster {
    /// `ferry cluster kubeconfig`: where the kubeconfig is.
    struct KubeconfigPath: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kubeconfig",
            abstract: "Print the path of the local cluster's kubeconfig.",
            discussion: "For example: export KUBECONFIG=\"$(ferry cluster kubeconfig)\"")

        @OptionGroup var directory: ClusterDirectoryOptions

        func run() throws {
            let path = directory.directory.kubeconfigPath
            guard FileManager.default.fileExists(atPath: path) else {
                printError("error: no kubeconfig at \(path) yet; run `ferry cluster start` first")
                throw ExitCodes.failure
            }
            print(path)
        }
    }
}
