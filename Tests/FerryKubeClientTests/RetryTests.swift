import FerryKube
@testable import FerryKubeClient
import Foundation
import Synchronization
import Testing

/// Retries, keep-alive and watch errors against a scripted HTTP server.
@Suite("Retries and streams", .enabled(if: ScriptedServer.isAvailable, "needs python3"))
struct RetryTests {
    /// A scripted server and a quiet client for it, both stopped afterwards.
    func run(retries: Int = 3, _ body: (ScriptedServer, KubeClient) async throws -> Void) async throws {
        let options = testOptions(retries: retries)
        try await ScriptedServer.with { server in
            try await withClient(ClusterConfig(server: server.url, source: "scripted server"), options: options) { client in
                try await body(server, client)
            }
        }
    }

    func stats(_ client: KubeClient) async throws -> JSONValue {
        try JSONValue.parse(try await client.getRaw("/stats"))
    }

    @Test func serverErrorsAreRetriedOverOneConnection() async throws {
        try await run { _, client in
            let body = try JSONValue.parse(try await client.getRaw("/script/flaky", query: [("codes", "503,502,200")]))
            #expect(body["attempt"] == 3)
            #expect(client.metrics.retries == 2)
            // HTTP/1.1 keep-alive: every request went over the same connection.
            for _ in 0..<3 { _ = try await client.getRaw("/script/ok", query: [("codes", "200")]) }
            #expect(try await stats(client)["connections"] == 1)
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        // The waits are recorded, not slept: the server's Retry-After, not the clock, decides.
        let waits = Mutex<[Duration]>([])
        var options = testOptions(retries: 3)
        options.sleep = { duration in waits.withLock { $0.append(duration) } }
        try await ScriptedServer.with { server in
            try await withClient(ClusterConfig(server: server.url, source: "scripted server"), options: options) { client in
                let body = try JSONValue.parse(
                    try await client.getRaw("/script/busy", query: [("codes", "429,429,200"), ("retryAfter", "7")]))
                #expect(body["attempt"] == 3)
                #expect(client.metrics.retries == 2)
            }
        }
        // Each 429 was retried after exactly the seconds the server asked for, not the backoff (50 ms).
        #expect(waits.withLock { $0 } == [.seconds(7), .seconds(7)])
    }

    @Test func noClientSideRateLimitByDefault() {
        // As kubectl: the server's flow control (429 + Retry-After) limits a sync, not a fixed rate.
        #expect(KubeClientOptions().rateLimit == nil)
        #expect(RateLimit.parse("none") == .success(nil))
        #expect(RateLimit.parse("50/100") == .success(RateLimit(qps: 50, burst: 100)))
        #expect(RateLimit.parse("20") == .success(RateLimit(qps: 20, burst: 40)))
        for bad in ["", "fast", "0", "-5", "50/0", "50/x", "1/2/3"] {
            guard case .failure(let error) = RateLimit.parse(bad) else {
                Issue.record("'\(bad)' was accepted")
                continue
            }
            #expect(error.description.contains("'\(bad)' is not a rate limit"))
        }
    }

    @Test func retriesAreBoundedAndTheStatusIsKept() async throws {
        try await run(retries: 2) { _, client in
            let error = try await #require(throws: KubeError.self) {
                try await client.getRaw("/script/down", query: [("codes", "500")])
            }
            #expect(error.statusCode == 500)
            #expect(error.description == "GET /script/down: scripted 500 (500 Scripted)")
            #expect(client.metrics.retries == 2)
            // 501 is not worth retrying.
            let notImplemented = try await #require(throws: KubeError.self) {
                try await client.getRaw("/script/never", query: [("codes", "501")])
            }
            #expect(notImplemented.statusCode == 501)
            #expect(client.metrics.retries == 2)
        }
    }

    @Test func nonIdempotentWritesAreNotRetriedOn5xx() async throws {
        try await run { _, client in
            let error = try await #require(throws: KubeError.self) { try await client.create(configMap("x")) }
            #expect(error.statusCode == 503)
            #expect(error.description.hasPrefix("ConfigMap/default/x: scripted 503"))
            #expect(client.metrics.retries == 0)
            #expect(client.metrics.writes == 1)
            #expect(try await stats(client)[path: ["requests", "/api/v1/namespaces/default/configmaps"]] == 1)
        }
    }

    @Test func watchParsesChunkedLinesAndEndsOnAnErrorEvent() async throws {
        try await run { _, client in
            let events = try await client.watch(configMapKind, namespace: "default")
            var received: [WatchEvent] = []
            let error = try await #require(throws: KubeError.self) {
                for try await event in events { received.append(event) }
            }
            #expect(received.count == 1)
            #expect(received.first?.type == .added)
            #expect(received.first?.resourceVersion == "7")
            #expect(error.isExpired)
            #expect(error.description.contains("too old resource version"))
        }
    }

    @Test func listAndWatchListsAgainAfterExpiry() async throws {
        try await run { server, client in
            let updates = try await client.listAndWatch(configMapKind, namespace: "default")
            var seen: [String] = []
            for try await update in updates {
                switch update {
                case .list(let list):
                    #expect(list.resourceVersion == "5")
                    #expect(list.items.first?["kind"] == "ConfigMap")
                    seen.append("list")
                case .event(let event):
                    seen.append("\(event.type.rawValue) \(event.object[path: ["metadata", "name"]]?.string ?? "")")
                }
                if seen.count == 4 { break }
            }
            // The watch ends with 410 Expired: the client lists again, then watches from the new list.
            #expect(seen == ["list", "ADDED streamed", "list", "ADDED streamed"])
            let requests = try await stats(client)["requests"]
            #expect((requests?["/api/v1/namespaces/default/configmaps"]?.int ?? 0) >= 4)
        }
    }

    @Test func releasedClientShutsItselfDown() async throws {
        try await ScriptedServer.with { server in
            // No shutdown() here: the client's deinit must close its pool (AsyncHTTPClient traps in
            // debug builds when a client is released while still running).
            var client: KubeClient? = try KubeClient(config: ClusterConfig(server: server.url, source: "scripted server"),
                                                     options: testOptions())
            _ = try await client?.getRaw("/script/once", query: [("codes", "200")])
            client = nil
            try await Task.sleep(for: .milliseconds(100))
            #expect(client == nil)
        }
    }
}
