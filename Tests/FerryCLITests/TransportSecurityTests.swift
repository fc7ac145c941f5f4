import FerryTesting
import Foundation
import Testing

/// TLS as the kubeconfig sets it, with the real binary against real clusters: a server
/// certificate from another CA is refused before any request, with what to check;
/// `insecure-skip-tls-verify: true` is the only way around it.
@Suite("transport security", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct TransportSecurityTests {
    typealias E2E = SyncEndToEndTests

    /// The kubeconfig of `cluster` with its `certificate-authority-data` line replaced.
    static func kubeconfig(_ cluster: ClusterFixture, authority replacement: String, name: String) throws -> String {
        let original = try String(contentsOfFile: cluster.kubeconfig, encoding: .utf8)
        let changed = original.replacing(#/certificate-authority-data: \S+/#, with: replacement)
        #expect(changed != original)
        let path = cluster.container + "/" + name
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func authorityData(_ cluster: ClusterFixture) throws -> String {
        let text = try String(contentsOfFile: cluster.kubeconfig, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains("certificate-authority-data:") })
        return String(line.trimmingCharacters(in: .whitespaces))
    }

    @Test("a kubeconfig trusting another CA: sync, diff and status exit 4 naming the server and what to check; nothing is sent")
    func certificateOfAnotherCAIsRefused() async throws {
        let cluster = try await ClusterFixture.start()
        let other = try await ClusterFixture.start()
        var app = SparkApp("wrongca")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("Workers on 2.2.0")

        // Each cluster makes its own CA: the other one's did not sign this server's certificate.
        let wrongCA = try Self.kubeconfig(cluster, authority: try Self.authorityData(other), name: "wrong-ca.kubeconfig")
        let mark = try cluster.requests().count
        for command in ["sync", "diff", "status"] {
            let result = try await cluster.ferry([command], repo: repository, kubeconfig: wrongCA)
            #expect(result.status == 4, "\(command): \(result.errorOutput)")
            #expect(result.output.isEmpty, "\(command): \(result.output)")
            let lines = result.errorOutput.split(separator: "\n")
            // One line, no retries: another attempt cannot change the certificate.
            #expect(lines.count == 1, "\(command): \(result.errorOutput)")
            let line = String(lines.last ?? "")
            #expect(line.hasPrefix("error: cannot reach the cluster at \(cluster.url): TLS handshake failed: "), "\(command): \(line)")
            #expect(line.contains("not signed by certificate-authority-data of"), "\(command): \(line)")
            #expect(line.contains("insecure-skip-tls-verify"), "\(command): \(line)")
        }
        // The handshake failed before any request: the server logged none, and nothing changed.
        #expect(try cluster.requests(since: mark).isEmpty)
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.1.0")
    }

    @Test("insecure-skip-tls-verify: true connects without a CA; the token is still required")
    func insecureSkipConnects() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("insecure")
        let repository = try app.repository()
        let insecure = try Self.kubeconfig(cluster, authority: "insecure-skip-tls-verify: true", name: "insecure.kubeconfig")

        let synced = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository, kubeconfig: insecure)
        #expect(synced.status == 0, "\(synced.errorOutput)")
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.1.0")
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("Workers on 2.2.0")
        let diff = try await cluster.ferry(["diff"], repo: repository, kubeconfig: insecure)
        #expect(diff.status == 1, "\(diff.errorOutput)")
        #expect(diff.output.contains("spark:2.2.0"), "\(diff.output)")

        // Skipping verification does not skip authentication.
        let text = try String(contentsOfFile: insecure, encoding: .utf8)
        let noToken = cluster.container + "/insecure-wrong-token.kubeconfig"
        try text.replacing(#/token: \S+/#, with: "token: not-the-cluster-token").write(toFile: noToken, atomically: true, encoding: .utf8)
        let refused = try await cluster.ferry(["status"], repo: repository, kubeconfig: noToken)
        #expect(refused.status == 4, "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("rejected the credentials (401 Unauthorized)"), "\(refused.errorOutput)")
    }

    @Test("ferry cluster start --idle-timeout: the server closes a connection left idle; a bad value is a usage error")
    func clusterIdleTimeoutFlag() async throws {
        let scratch = ClusterCommandTests.Scratch()
        let bad = try await scratch.ferry("start", "--port", "0", "--idle-timeout", "0s")
        #expect(bad.status == 64, "\(bad.errorOutput)")
        #expect(bad.errorOutput.contains("--idle-timeout must be a positive duration"), "\(bad.errorOutput)")

        let started = try await scratch.ferry("start", "--port", "0", "--idle-timeout", "300ms")
        #expect(started.status == 0, "\(started.errorOutput)")
        let url = try #require(ClusterCommandTests.url(started.output))
        #expect(url.hasPrefix("https://127.0.0.1:"), "loopback unless --address says otherwise: \(url)")
        let port = try #require(Int(url.split(separator: ":").last ?? ""))
        #expect(try await offThePool { TCPProbe.serverClosesSilentConnection(port: port) })
        if let other = TCPProbe.nonLoopbackAddress {
            #expect(try await offThePool { TCPProbe.connectionError(other, port) } == ECONNREFUSED, "\(other):\(port)")
        }
    }
}
