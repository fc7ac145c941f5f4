import ArgumentParser
import FerryLocalCluster
import Foundation

extension Ferry.Cluster {
    /// `ferry cluster start`: the server in the background.
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the local cluster in the background and write its kubeconfig.",
            discussion: """
                Returns once the server answers. The server's output goes to DIR/cluster.log, its pid \
                to DIR/cluster.pid, and a kubeconfig (HTTPS with the cluster's own CA and a bearer token) \
                to DIR/kubeconfig. Starting a cluster that already runs changes nothing and exits 0.
                """)

        @OptionGroup var directory: ClusterDirectoryOptions
        @OptionGroup var server: ClusterServerOptions

        func run() async throws {
            if let images = server.images, !FileManager.default.isReadableFile(atPath: images) {
                printError("error: cannot read the image catalog \(images); pass an existing file to --images")
                throw ExitCodes.failure
            }
            let options = ClusterControl.StartOptions(
                dataDirectory: directory.directory, address: server.address, port: server.port, imagesFile: server.images,
                podStartDelay: server.podStartDelay, idleTimeout: server.idleTimeout, faults: server.faults)
            do {
                switch try await ClusterControl.start(options) {
                case .started(let pid, let url, let kubeconfig):
                    print("started (pid \(pid)) at \(url)")
                    print("kubeconfig: \(kubeconfig)")
                case .alreadyRunning(let pid, let url):
                    print("already running\(pid.map { " (pid \($0))" } ?? "")\(url.map { " at \($0)" } ?? "")")
                }
            } catch {
                printError("error: \(error.message)")
                throw ExitCodes.failure
            }
        }
    }
}
