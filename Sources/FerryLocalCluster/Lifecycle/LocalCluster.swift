import FerryKube
import Foundation
import Logging
import ServiceLifecycle

/// The composition root of the embedded cluster: the data directory and its
/// credentials, the store, the REST layer, the controllers and the HTTPS server.
///
/// ```swift
/// let cluster = try LocalCluster(configuration: .init(dataDirectory: DataDirectory(path: dir), port: 0)) { endpoint in
///     print("ready at \(endpoint.url), kubeconfig \(endpoint.kubeconfigPath)")
/// }
/// try await cluster.run()   // until cancelled or gracefully shut down (it is a `Service`)
/// ```
///
/// Creating it takes the data directory's lock (one server per store), prepares the
/// certificates and token, opens the store and makes sure the `default` namespace
/// exists. `run()` listens; once it does, it writes the kubeconfig, the pid file and
/// `cluster.ready`, then calls `onReady`.
public final class LocalCluster: Service, Sendable {
    /// How to run a cluster.
    public struct Configuration: Sendable {
        /// Where the store, certificates and kubeconfig live.
        public var dataDirectory: DataDirectory
        /// The address to listen on; loopback unless told otherwise.
        public var address: String
        /// The port; 0 picks a free one (it ends up in the kubeconfig).
        public var port: Int
        /// How long a connection with no request in progress stays open.
        public var idleTimeout: Duration
        /// What the controllers simulate: pod start delay, image catalog...
        public var settings: ClusterSettings
        /// How many events a watch may resume from; older resourceVersions get 410 Expired.
        public var watchHistory: Int
        /// Where the request log and lifecycle messages go.
        public var logger: Logger
        /// Faults to inject into API requests (`--faults`); nil for none.
        public var faults: FaultInjector?

        /// A configuration; the logger defaults to one that discards everything.
        public init(dataDirectory: DataDirectory, address: String = "127.0.0.1", port: Int = 6443,
                    idleTimeout: Duration = APIServer.defaultIdleTimeout,
                    settings: ClusterSettings = ClusterSettings(), watchHistory: Int = 10_000, logger: Logger? = nil) {
            self.dataDirectory = dataDirectory
            self.address = address
            self.port = port
            self.idleTimeout = idleTimeout
            self.settings = settings
            self.watchHistory = watchHistory
            self.logger = logger ?? Logger(label: "ferry.cluster", factory: { _ in SwiftLogNoOpLogHandler() })
        }
    }

    /// Where a running cluster is reached.
    public struct Endpoint: Sendable, Equatable {
        /// `https://127.0.0.1:PORT`.
        public var url: String
        /// The port bound.
        public var port: Int
        /// The kubeconfig that reaches it.
        public var kubeconfigPath: String
    }

    /// The configuration it was created with.
    public let configuration: Configuration
    /// The cluster's objects.
    public let store: ObjectStore
    /// The REST semantics, as the server exposes them.
    public let api: ResourceAPI
    private let credentials: ClusterCredentials
    private let lock: ClusterLock
    private let onReady: @Sendable (Endpoint) async -> Void

    /// The bearer token clients must send.
    public var token: String { credentials.token }
    /// The CA certificate (PEM) that signed the server's certificate.
    public var caCertificatePEM: String { credentials.caCertificatePEM }

    /// Prepares a cluster; see the type's summary. Throws when the directory is not
    /// writable, another server uses it, or the store cannot be opened.
    public init(configuration: Configuration, onReady: @escaping @Sendable (Endpoint) async -> Void = { _ in }) throws(LocalClusterError) {
        let directory = configuration.dataDirectory
        try directory.prepare()
        lock = try ClusterLock(directory)
        credentials = try CertificateAuthority.loadOrCreate(in: directory, hosts: [configuration.address])
        // The store holds Secrets: its owner alone may read it (SQLite gives the
        // -wal and -shm files the database file's mode).
        try directory.createPrivateFile(directory.storePath)
        do {
            store = try ObjectStore(path: directory.storePath, watchHistory: configuration.watchHistory)
        } catch {
            throw LocalClusterError(.other, "cannot open the cluster store \(directory.storePath): \(error); `ferry cluster reset` starts afresh")
        }
        api = ResourceAPI(store: store)
        self.configuration = configuration
        self.onReady = onReady
        try Self.ensureDefaultNamespace(store)
    }

    /// Serves until the task is cancelled or the service group shuts down
    /// gracefully: open watches are ended, then the controllers stop, and the data
    /// directory's lock is released. A cluster runs once.
    public func run() async throws {
        let directory = configuration.dataDirectory
        let address = configuration.address
        let port = configuration.port
        let logger = configuration.logger
        let server = APIServer(
            api: api, identity: credentials.serverIdentity, token: credentials.token,
            address: address, port: port, idleTimeout: configuration.idleTimeout, logger: logger,
            faults: configuration.faults)
        let credentials = self.credentials
        let onReady = self.onReady
        // A cluster runs once: when it is done, the directory is free for the next one.
        let lock = self.lock
        defer {
            unlink(directory.readyPath)
            if ClusterLock.recordedPID(directory) == getpid() { unlink(directory.pidPath) }
            lock.release()
        }
        try PortCheck.ensureAvailable(address: address, port: port)
        try directory.write("\(getpid())\n", to: directory.pidPath, mode: 0o644)

        let controllers = ControllerManager(store: store, settings: configuration.settings, clock: .system,
                                            rootCertificatePEM: credentials.caCertificatePEM, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The controllers run beside the server and stop once it has: during a
            // graceful shutdown, requests still in flight may need them.
            group.addTask { await controllers.run() }
            defer { group.cancelAll() }
            do {
                try await server.run { boundPort in
                    let endpoint = Endpoint(url: Kubeconfig.serverURL(address: address, port: boundPort), port: boundPort,
                                            kubeconfigPath: directory.kubeconfigPath)
                    do {
                        try Self.publish(endpoint, credentials: credentials, directory: directory)
                    } catch {
                        logger.error("\(error)")
                    }
                    logger.notice("ferry local cluster ready at \(endpoint.url) (kubeconfig \(endpoint.kubeconfigPath))")
                    await onReady(endpoint)
                }
            } catch let error as LocalClusterError {
                throw error
            } catch {
                if PortCheck.isAddressInUse(error) { throw LocalClusterError.portInUse(address: address, port: port) }
                throw LocalClusterError(.other, "cannot serve on \(address):\(port): \(error)")
            }
        }
    }

    /// Writes the kubeconfig and `cluster.ready` for a server that listens.
    private static func publish(_ endpoint: Endpoint, credentials: ClusterCredentials, directory: DataDirectory) throws(LocalClusterError) {
        let kubeconfig = Kubeconfig.render(server: endpoint.url, caCertificatePEM: credentials.caCertificatePEM, token: credentials.token)
        try directory.write(kubeconfig, to: directory.kubeconfigPath, mode: 0o600)
        let ready: JSONValue = ["pid": .int(Int64(getpid())), "url": .string(endpoint.url), "port": .int(Int64(endpoint.port))]
        try directory.write(ready.jsonText + "\n", to: directory.readyPath, mode: 0o644)
    }

    /// The `default` namespace exists from the first start, as in every cluster.
    private static func ensureDefaultNamespace(_ store: ObjectStore) throws(LocalClusterError) {
        let key = StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "default")
        do {
            try store.ensure(key, SystemObjects.namespace("default"))
        } catch {
            throw LocalClusterError(.other, "cannot create the default namespace: \(error)")
        }
    }
}
