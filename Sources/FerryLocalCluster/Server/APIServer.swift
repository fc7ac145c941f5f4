import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import NIOPosix

/// The cluster's Kubernetes API over HTTPS: HTTP/1.1 with keep-alive and chunked
/// watch streams, every request but the health checks authenticated by the bearer
/// token, the semantics left to ``ResourceAPI``.
public struct APIServer: Sendable {
    /// The server's certificate (chain first) and private key, PEM-encoded.
    public struct Identity: Sendable {
        /// The server certificate, then any intermediates.
        public var certificateChainPEM: String
        /// The server certificate's private key.
        public var privateKeyPEM: String

        /// An identity from PEM text.
        public init(certificateChainPEM: String, privateKeyPEM: String) {
            self.certificateChainPEM = certificateChainPEM
            self.privateKeyPEM = privateKeyPEM
        }
    }

    let api: ResourceAPI
    let identity: Identity
    let token: String
    let address: String
    let port: Int
    let idleTimeout: Duration
    let logger: Logger
    let clock: @Sendable () -> Date
    let faults: FaultInjector?

    /// A server for `api`, to listen on `address:port` (port 0: any free port). A
    /// connection with no request in progress for `idleTimeout` is closed.
    public init(api: ResourceAPI, identity: Identity, token: String, address: String = "127.0.0.1", port: Int,
                idleTimeout: Duration = APIServer.defaultIdleTimeout,
                logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }, faults: FaultInjector? = nil) {
        self.api = api
        self.identity = identity
        self.token = token
        self.address = address
        self.port = port
        self.idleTimeout = idleTimeout
        self.logger = logger
        self.clock = clock
        self.faults = faults
    }

    /// Listens and serves until the task is cancelled or a graceful shutdown (of
    /// the service group it runs in) ends it. `onListening` gets the port bound.
    public func run(onListening: @escaping @Sendable (_ port: Int) async -> Void) async throws {
        var handler = RequestHandler(api: api, authenticator: Authenticator(token: token), logger: logger, clock: clock)
        handler.faults = faults
        let faults = self.faults
        let requestedPort = port
        let application = Application(
            responder: handler,
            server: try .tls(.http1(configuration: .init(idleTimeout: .nanoseconds(Self.nanoseconds(idleTimeout)))),
                             tlsConfiguration: try tlsConfiguration()),
            configuration: ApplicationConfiguration(address: .hostname(address, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? requestedPort
                faults?.listening(on: port)
                await onListening(port)
            },
            eventLoopGroupProvider: .shared(Self.eventLoops),
            logger: logger)
        try await application.run()
    }

    /// kube-apiserver's idle timeout (Go's `http.Server.IdleTimeout` in its secure
    /// serving, 90 s, the keep-alive of Go's default transport): long enough for a
    /// client's pooled connection, short enough that abandoned ones do not pile up.
    /// A watch is a request in progress, so it is never cut by this timeout.
    public static let defaultIdleTimeout: Duration = .seconds(90)

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(1, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// One event loop for every connection: TLS and HTTP framing for a single-node
    /// cluster's clients fit on one thread, and the handlers run on the concurrency pool
    /// beside it. Measured with 4 clients on 2 cores, one loop served 25% more applies
    /// than NIO's default of a loop per core, whose extra thread only competed with the
    /// handlers for the same cores.
    static let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    private func tlsConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(identity.certificateChainPEM.utf8))
        let key = try NIOSSLPrivateKey(bytes: Array(identity.privateKeyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        // kubectl offers h2 and http/1.1; this server speaks the latter.
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }
}
