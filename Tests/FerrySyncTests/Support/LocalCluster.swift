import FerryKube
import FerryKubeClient
import FerryTesting
import Foundation

/// The embedded local cluster, started with the real `ferry cluster start` in a fresh
/// directory, and a client of the engine's own for it: the engine's steps run
/// in-process against a real API server over HTTPS.
final class LocalCluster: Sendable {
    let container: String
    let dataDirectory: String
    let config: ClusterConfig

    /// With `images`, only those exist: a pod using another stays in `ImagePullBackOff`.
    static func start(images: [String]? = nil) async throws -> LocalCluster {
        let container = NSTemporaryDirectory() + "ferry-sync-" + UUID().uuidString.prefix(8).lowercased()
        let dataDirectory = container + "/cluster"
        try FileManager.default.createDirectory(atPath: container, withIntermediateDirectories: true)
        var arguments = ["cluster", "start", "--data-dir", dataDirectory, "--port", "0", "--pod-start-delay", "200ms"]
        if let images {
            try (images.joined(separator: "\n") + "\n").write(toFile: container + "/images.txt", atomically: true, encoding: .utf8)
            arguments += ["--images", container + "/images.txt"]
        }
        let command = arguments
        let started = try await offThePool { try FerryBinary.run(command) }
        guard started.succeeded else { throw FerryTesting.ProcessError(command: ["ferry"] + arguments, result: started) }
        let config = try KubeconfigLoader(explicitPath: dataDirectory + "/kubeconfig").clusterConfig(context: nil)
        return LocalCluster(container: container, dataDirectory: dataDirectory, config: config)
    }

    private init(container: String, dataDirectory: String, config: ClusterConfig) {
        self.container = container
        self.dataDirectory = dataDirectory
        self.config = config
    }

    deinit {
        _ = try? FerryBinary.run(["cluster", "stop", "--data-dir", dataDirectory])
        try? FileManager.default.removeItem(atPath: container)
    }

    /// Runs `body` with a client of this cluster.
    func withClient<Result: Sendable>(_ body: (KubeClient) async throws -> Result) async throws -> Result {
        try await KubeClient.withClient(config, body)
    }

    /// `kubectl ARGUMENTS` against this cluster, which must succeed (blocking: for use
    /// inside the engine's synchronous event callback, off the pool's threads' work).
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) throws -> String {
        let result = try FerryTesting.run("/usr/bin/kubectl", ["--kubeconfig", dataDirectory + "/kubeconfig",
                                                              "--cache-dir", container + "/kubectl-cache"] + arguments,
                                          input: input.map { Data($0.utf8) })
        guard result.succeeded else { throw FerryTesting.ProcessError(command: ["kubectl"] + arguments, result: result) }
        return result.output
    }
}
