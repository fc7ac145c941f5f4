import FerryKube
import FerryLocalCluster
import FerryTesting
import Foundation
import Logging
import Synchronization

/// A local cluster served in-process on 127.0.0.1 (a free port), with a temporary
/// data directory and quick pods, for tests that talk to it over real HTTPS.
///
/// ```swift
/// let cluster = try await ServedCluster.start()
/// defer { cluster.stopSoon() }          // or `await cluster.stop()`
/// let reply = try await cluster.client.get("/api/v1/namespaces")
/// let result = try await cluster.kubectl("get", "ns")
/// ```
final class ServedCluster: Sendable {
    /// The cluster itself (its store, REST layer, token).
    let cluster: LocalCluster
    /// Where it listens.
    let endpoint: LocalCluster.Endpoint
    /// Its data directory.
    let directory: DataDirectory
    /// A client that trusts the cluster's CA and sends its token.
    let client: HTTPSClient
    /// Every line the server logged.
    let log: LogCapture
    private let task: Task<Void, any Error>
    private let ownsDirectory: Bool
    /// kubectl's discovery cache, fresh for this cluster (the wire doc's pitfall 3).
    let kubectlCacheDirectory: String

    var url: String { endpoint.url }
    var port: Int { endpoint.port }
    var token: String { cluster.token }
    var caCertificatePEM: String { cluster.caCertificatePEM }
    var kubeconfigPath: String { endpoint.kubeconfigPath }
    var store: ObjectStore { cluster.store }

    private init(cluster: LocalCluster, endpoint: LocalCluster.Endpoint, task: Task<Void, any Error>,
                 ownsDirectory: Bool, log: LogCapture) throws {
        self.cluster = cluster
        self.endpoint = endpoint
        self.directory = cluster.configuration.dataDirectory
        self.task = task
        self.ownsDirectory = ownsDirectory
        self.log = log
        self.client = try HTTPSClient(port: endpoint.port, caPEM: cluster.caCertificatePEM, token: cluster.token)
        self.kubectlCacheDirectory = NSTemporaryDirectory() + "ferry-kubectl-cache-" + UUID().uuidString
    }

    /// Starts a cluster; `dataDirectory` reuses an existing one (which is then kept).
    /// `imageCatalog` lists the images that exist (nil: all of them).
    /// `watchHistory` is how many events a watch may resume from.
    static func start(dataDirectory: String? = nil, podStartDelay: Duration = .milliseconds(20),
                      imageCatalog: Set<String>? = nil, watchHistory: Int = 10_000,
                      idleTimeout: Duration = APIServer.defaultIdleTimeout) async throws -> ServedCluster {
        let path = dataDirectory ?? NSTemporaryDirectory() + "ferry-cluster-" + UUID().uuidString
        let log = LogCapture()
        let configuration = LocalCluster.Configuration(
            dataDirectory: DataDirectory(path: path), address: "127.0.0.1", port: 0, idleTimeout: idleTimeout,
            settings: ClusterSettings(podStartDelay: podStartDelay, imageCatalog: imageCatalog, imagePullBackOffDelay: .milliseconds(300)),
            watchHistory: watchHistory, logger: log.logger)
        let (ready, readyContinuation) = AsyncStream<Result<LocalCluster.Endpoint, any Error>>.makeStream()
        let cluster = try LocalCluster(configuration: configuration) { endpoint in
            readyContinuation.yield(.success(endpoint))
        }
        let task = Task {
            do {
                try await cluster.run()
            } catch {
                readyContinuation.yield(.failure(error))
                throw error
            }
            readyContinuation.finish()
        }
        for await result in ready {
            let started = try ServedCluster(cluster: cluster, endpoint: try result.get(), task: task,
                                          ownsDirectory: dataDirectory == nil, log: log)
            await started.settleWatchers()
            try await started.awaitSystemObjects()
            return started
        }
        throw HTTPSClient.ClientError("the cluster ended before it was ready")
    }

    /// Watches the cluster holds itself (the controllers'), counted once it settles.
    private let baselineWatchers = Mutex(0)

    /// Open watch streams served to clients: the store's watchers but the cluster's own.
    var clientWatches: Int { store.watches.watcherCount - baselineWatchers.withLock { $0 } }

    /// Waits until the controllers have subscribed (the count holds still), and
    /// takes that as the baseline.
    private func settleWatchers() async {
        var last = -1
        var stable = 0
        for _ in 0..<100 where stable < 5 {
            let count = store.watches.watcherCount
            stable = count == last && count > 0 ? stable + 1 : 0
            last = count
            try? await Task.sleep(for: .milliseconds(10))
        }
        baselineWatchers.withLock { $0 = max(0, last) }
    }

    /// Waits until the controllers have made what every cluster has (each system
    /// namespace's ServiceAccount and `kube-root-ca.crt`, the `kubernetes` Service, the Node), so that a test
    /// starts from a settled cluster and its lists and watches see them from the start.
    private func awaitSystemObjects() async throws {
        let namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]
        let keys = namespaces.flatMap { namespace in
            [StoreKey(ResourceCatalog.configMaps, namespace: namespace, name: "kube-root-ca.crt"),
             StoreKey(ResourceCatalog.serviceAccounts, namespace: namespace, name: "default")]
        } + [
            StoreKey(ResourceCatalog.services, namespace: "default", name: "kubernetes"),
            StoreKey(ResourceCatalog.nodes, namespace: nil, name: "ferry-local"),
            StoreKey(ResourceCatalog.leases, namespace: "kube-node-lease", name: "ferry-local"),
        ]
        for _ in 0..<3000 {
            if keys.allSatisfy({ store.get($0) != nil }) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw HTTPSClient.ClientError("the cluster's controllers never made \(keys.filter { store.get($0) == nil })")
    }

    /// Stops the server and waits until it has.
    func stop() async {
        task.cancel()
        _ = await task.result
        cleanUp()
    }

    deinit {
        task.cancel()
    }

    private func cleanUp() {
        try? FileManager.default.removeItem(atPath: kubectlCacheDirectory)
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory.path) }
    }

    // MARK: kubectl

    /// Where kubectl is; nil when it is not installed (the kubectl tests then skip).
    static let kubectlPath: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") ? "/usr/bin/kubectl" : nil

    /// Runs kubectl against this cluster with its kubeconfig and a fresh cache
    /// directory. It runs on a thread of its own: the test's cooperative threads
    /// must stay free to serve kubectl's requests.
    func kubectl(_ arguments: String..., input: String? = nil) async throws -> FerryTesting.ProcessResult {
        try await kubectl(arguments, input: input)
    }

    /// See ``kubectl(_:input:)``.
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> FerryTesting.ProcessResult {
        guard let kubectl = Self.kubectlPath else { throw HTTPSClient.ClientError("kubectl is not installed") }
        let full = ["--kubeconfig", kubeconfigPath, "--cache-dir", kubectlCacheDirectory] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = nil
        environment["HOME"] = kubectlCacheDirectory
        let data = input.map { Data($0.utf8) }
        await Self.kubectlSlots.acquire()
        defer { Self.kubectlSlots.release() }
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { [environment] in
                continuation.resume(with: Result { try FerryTesting.run(kubectl, full, environment: environment, input: data) })
            }
        }
    }

    /// kubectl is CPU-hungry: a few at a time leave the machine to the tests running beside them.
    private static let kubectlSlots = Slots(3)

    // MARK: Requests

    /// Writes an object straight into the store (bypassing the REST layer), for
    /// tests about the transport alone.
    @discardableResult
    func seed(_ object: JSONValue) throws -> JSONValue {
        let apiVersion = object["apiVersion"]?.string ?? ""
        let kind = object["kind"]?.string ?? ""
        guard let resource = store.served.resource(apiVersion: apiVersion, kind: kind),
              let name = object[path: ["metadata", "name"]]?.string else {
            throw HTTPSClient.ClientError("cannot seed \(apiVersion) \(kind)")
        }
        let key = StoreKey(resource, namespace: object[path: ["metadata", "namespace"]]?.string, name: name)
        let result = try store.write(key) { _ in object }
        return result.object ?? .null
    }
}

/// A log handler that keeps every message, so tests can read the request log.
final class LogCapture: Sendable {
    private let messages = Mutex<[String]>([])

    var lines: [String] { messages.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "ferry.cluster.test") { _ in Handler(capture: self) }
        logger.logLevel = .info
        return logger
    }

    fileprivate func append(_ line: String) { messages.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append("\(event.level) \(event.message)")
        }
    }
}

/// A counting semaphore for async code: at most `count` holders at a time, the
/// others wait in order.
final class Slots: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ count: Int) { state = Mutex(State(free: count)) }

    func acquire() async {
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
