import Hummingbird
import Logging
import ServiceLifecycle
import Prometheus
import Synchronization

/// What the agent's listener reports: ready once a sync has reached the cluster.
public final class AgentHealth: Sendable {
    private let state = Mutex((ready: false, reason: "no sync has reached the cluster yet"))

    public init() {}

    public func set(ready: Bool, reason: String) { state.withLock { $0 = (ready, reason) } }
    public var readiness: (ready: Bool, reason: String) { state.withLock { $0 } }
}

/// The agent's HTTP listener: `/metrics` (Prometheus text), `/healthz`, `/readyz`.
public enum StatusServer {
    public static func application(host: String, port: Int, registry: PrometheusCollectorRegistry,
                                   health: AgentHealth,
                                   onListening: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol & Service {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ in "ok\n" }
        router.get("readyz") { _, _ -> Response in
            let (ready, reason) = health.readiness
            return Response(status: ready ? .ok : .serviceUnavailable,
                            body: .init(byteBuffer: ByteBuffer(string: (ready ? "ok" : reason) + "\n")))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "ferry"),
                           onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
                           // The agent says where it listens in its own words; requests are not logged.
                           logger: Logger(label: "ferry.agent.http") { _ in SwiftLogNoOpLogHandler() })
    }
}
