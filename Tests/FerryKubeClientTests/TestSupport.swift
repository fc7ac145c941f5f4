import FerryKube
@testable import FerryKubeClient
import FerryTesting
import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A temporary directory, removed when `body` ends.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-kube-client-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Writes `text` to `name` in `directory` and returns the path.
@discardableResult
func write(_ text: String, to name: String, in directory: URL, executable: Bool = false) throws -> String {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
    return url.path
}

/// Ferry's embedded cluster, started with the built `ferry` binary on a free port in a
/// temporary data directory, and stopped (directory removed) when `body` ends.
struct LocalCluster: Sendable {
    let directory: URL
    var kubeconfigPath: String { directory.appendingPathComponent("kubeconfig").path }

    static func with<T>(address: String = "127.0.0.1", _ body: (LocalCluster) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-kc-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cluster = LocalCluster(directory: directory)
        let result: T
        do {
            let started = try await offThePool {
                try FerryBinary.run(["cluster", "start", "--data-dir", directory.path, "--port", "0", "--address", address])
            }
            guard started.succeeded else {
                throw TestFailure("ferry cluster start failed (\(started.status)): \(started.errorOutput)\(started.output)")
            }
            result = try await body(cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
        return result
    }

    private func stop() async {
        _ = try? await offThePool { [directory] in try FerryBinary.run(["cluster", "stop", "--data-dir", directory.path]) }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The settings of the kubeconfig the cluster wrote.
    func config() throws -> ClusterConfig {
        try KubeconfigLoader(explicitPath: kubeconfigPath).clusterConfig()
    }

    /// The cluster's parsed kubeconfig.
    func kubeconfig() throws -> Kubeconfig { try Kubeconfig.read(file: kubeconfigPath) }

    /// The bearer token the cluster accepts.
    func token() throws -> String {
        guard let token = try kubeconfig().users.values.first?.token else { throw TestFailure("the cluster's kubeconfig has no token") }
        return token
    }

    /// The server URL.
    func server() throws -> String { try config().server }

    /// The PEM CA certificate.
    func caPEM() throws -> [UInt8] {
        guard let ca = try config().tls.certificateAuthorityPEM else { throw TestFailure("the cluster's kubeconfig has no CA") }
        return ca
    }

    /// The port the server listens on.
    func port() throws -> Int {
        guard let port = URLComponents(string: try server())?.port else { throw TestFailure("no port in the server URL") }
        return port
    }
}

/// A client for `config` that is always shut down.
func withClient<T>(_ config: ClusterConfig, options: KubeClientOptions = testOptions(),
                   _ body: (KubeClient) async throws -> T) async throws -> T {
    try await KubeClient.withClient(config, options: options, body)
}

/// Options for tests: quick retries, so that failures show up fast.
func testOptions(retries: Int = 2, timeout: Duration = .seconds(10)) -> KubeClientOptions {
    KubeClientOptions(requestTimeout: timeout, connectTimeout: .seconds(5),
                      retry: RetryPolicy(maxRetries: retries, initialBackoff: .milliseconds(50), maxBackoff: .milliseconds(200)),
                      logger: quietLogger)
}

/// A logger that drops everything: retries are expected in some tests and need not be printed.
let quietLogger = Logger(label: "ferry.kube-client.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// A failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A TCP port nobody listens on: bound to find it free, then closed.
func unusedPort() throws -> Int {
    let listener = try ListeningSocket(listen: false)
    let port = listener.port
    listener.close()
    return port
}

/// A TCP socket on 127.0.0.1 with a kernel-chosen port; with `listen`, connections are
/// accepted by the kernel but never answered.
final class ListeningSocket: @unchecked Sendable {
    // The descriptor is only touched at creation and in close(), from the test itself.
    private var descriptor: Int32
    let port: Int

    init(listen shouldListen: Bool) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            _ = Glibc.close(fd)
            throw TestFailure("bind() failed")
        }
        if shouldListen && Glibc.listen(fd, 16) != 0 {
            _ = Glibc.close(fd)
            throw TestFailure("listen() failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        #else
        throw TestFailure("sockets are only set up on Linux here")
        #endif
    }

    func close() {
        #if canImport(Glibc)
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
        #endif
    }

    deinit { close() }
}

/// Runs `body` and returns how long it took.
func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let result = try await body()
    return (result, ContinuousClock.now - start)
}

/// A ConfigMap to apply.
func configMap(_ name: String, namespace: String = "default", labels: [String: String] = [:],
               data: [String: String] = [:]) -> JSONValue {
    var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
    if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
    return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata,
            "data": .object(data.mapValues { .string($0) })]
}

/// The identity of a ConfigMap.
func configMapID(_ name: String, namespace: String? = "default") -> ObjectIdentity {
    ObjectIdentity(apiVersion: "v1", kind: "ConfigMap", namespace: namespace, name: name)
}

/// The kind ConfigMap.
let configMapKind = GroupVersionKind(apiVersion: "v1", kind: "ConfigMap")

/// A kubeconfig for the local cluster with the user replaced by `user` (YAML lines under `user:`).
func kubeconfig(server: String, caPEM: [UInt8]?, user: String, clusterExtra: String = "") -> String {
    let ca = caPEM.map { "    certificate-authority-data: \(Data($0).base64EncodedString())\n" } ?? ""
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: \(server)
        \(ca)\(clusterExtra)users:
        - name: me
          user:
        \(user)
        contexts:
        - name: local
          context:
            cluster: local
            user: me
        current-context: local

        """
}
