import FerryLocalCluster
import FerryTesting
import Foundation
import Testing

/// What the local cluster exposes, and to whom: every path but the public ones needs
/// the token, the listener is on loopback only, and idle connections do not linger.
@Suite("Exposure")
struct ExposureTests {
    /// Paths across every kind the server routes: discovery, OpenAPI, resources (with
    /// Secrets among them), watches, and paths it does not know.
    static let protectedPaths = [
        "/", "/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/openapi/v2", "/openapi/v3",
        "/openapi/v3/api/v1", "/api/v1/namespaces", "/api/v1/namespaces/default",
        "/api/v1/namespaces/default/secrets", "/api/v1/secrets", "/api/v1/namespaces/kube-system/secrets",
        "/apis/apps/v1/deployments", "/api/v1/namespaces/default/configmaps?watch=true",
        "/metrics", "/no/such/path", "/version/extra",
    ]

    @Test("every path but /healthz, /livez, /readyz and /version answers 401 without the token or with a wrong one")
    func everyOtherPathNeedsTheToken() async throws {
        let cluster = try await ServedCluster.start()
        let anonymous = try cluster.client.with(token: nil)
        let wrong = try cluster.client.with(token: cluster.token + "x")
        for path in Self.protectedPaths {
            let none = try await anonymous.get(path)
            #expect(none.status == 401, "\(path) without a token: \(none)")
            #expect(none.json["reason"] == "Unauthorized", "\(path)")
            let guessed = try await wrong.get(path)
            #expect(guessed.status == 401, "\(path) with a wrong token: \(guessed)")
        }
        // The same paths with the token are not refused: the 401 above is the token's doing.
        for path in Self.protectedPaths where !path.contains("watch=true") {
            let allowed = try await cluster.client.get(path)
            #expect(allowed.status != 401, "\(path) with the token: \(allowed)")
        }
        // What kube-apiserver leaves open to anonymous clients (system:public-info-viewer).
        for path in ["/healthz", "/livez", "/readyz"] {
            #expect(try await anonymous.get(path).status == 200, "\(path)")
        }
        let version = try await anonymous.get("/version")
        #expect(version.status == 200, "\(version)")
        #expect(version.text.contains("gitVersion"), "\(version)")
        await cluster.stop()
    }

    // Skipped on a machine whose only IPv4 address is loopback: there is no other local
    // address to try, and an address of another machine would leave loopback.
    @Test("by default the server listens on 127.0.0.1 only: the machine's other address refuses the connection",
          .enabled(if: TCPProbe.nonLoopbackAddress != nil, "the machine has no non-loopback IPv4 address"))
    func listensOnLoopbackOnly() async throws {
        let cluster = try await ServedCluster.start()
        let other = try #require(TCPProbe.nonLoopbackAddress)
        let port = cluster.port
        #expect(try await offThePool { TCPProbe.connectionError("127.0.0.1", port) } == 0)
        #expect(try await offThePool { TCPProbe.connectionError(other, port) } == ECONNREFUSED, "\(other):\(port)")
        #expect(cluster.url == "https://127.0.0.1:\(port)")
        // A request served after the probe means the server has accepted the probe's
        // connection (accepts are served in order) before it is stopped: a connection
        // accepted during the shutdown trips a NIO precondition (see the report).
        #expect(try await cluster.client.get("/healthz").status == 200)
        await cluster.stop()
    }

    @Test("an idle connection is closed by the server after --idle-timeout: a silent TCP one, and a TLS one kept alive after a request",
          .timeLimit(.minutes(3)))
    func idleConnectionsAreClosed() async throws {
        let cluster = try await ServedCluster.start(idleTimeout: .seconds(1))
        let port = cluster.port
        #expect(try await offThePool { TCPProbe.serverClosesSilentConnection(port: port) })
        // The timeout runs from the connection's start: on a busy machine the handshake and
        // the request may take longer, and the server rightly closes first. Such a try proves
        // nothing about a connection kept alive after a request, so it is made again.
        var answered: HTTPReply?
        var failures: [String] = []
        for _ in 0..<5 where answered == nil {
            do {
                answered = try await cluster.client.getThenAwaitServerClose("/api/v1/namespaces/default")
            } catch {
                failures.append("\(error)")
            }
        }
        let reply = try #require(answered, "no try got its answer before the server closed: \(failures)")
        #expect(reply.status == 200, "\(reply)")
        #expect(reply.header("Connection")?.lowercased() != "close", "the server closed for idleness, not after the response")
        await cluster.stop()
    }
}
