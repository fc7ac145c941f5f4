import FerryKube
import FerryLocalCluster
import Testing

@Suite("Watch streaming")
struct WatchTests {
    static func configMap(_ name: String, _ value: String = "1") -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"], "data": ["v": .string(value)]]
    }

    @Test("a watch from a resourceVersion replays what came after it, then streams live events, one JSON object per line")
    func resumeFromResourceVersion() async throws {
        let cluster = try await ServedCluster.start()
        try cluster.seed(Self.configMap("before"))
        let from = cluster.store.resourceVersion
        try cluster.seed(Self.configMap("after"))
        try cluster.seed(Self.configMap("before", "2"))

        let watch = try await cluster.client.stream("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(from)&timeoutSeconds=30")
        let replayed = await watch.waitForLines(2)
        #expect(watch.status == 200)
        #expect(replayed.count == 2)
        let events = watch.events
        #expect(events.first?["type"] == "ADDED")
        #expect(events.first?[path: ["object", "metadata", "name"]] == "after")
        #expect(events.first?[path: ["object", "kind"]] == "ConfigMap")
        #expect(events.first?[path: ["object", "apiVersion"]] == "v1")
        #expect(events.dropFirst().first?["type"] == "MODIFIED")

        // Live: flushed at once, not held back until the stream ends.
        try cluster.seed(Self.configMap("live"))
        let live = await watch.waitForLines(3)
        #expect(live.count == 3)
        #expect(watch.events.last?[path: ["object", "metadata", "name"]] == "live")
        let liveVersion = watch.events.last?[path: ["object", "metadata", "resourceVersion"]]?.string
        #expect(liveVersion == String(cluster.store.resourceVersion))
        #expect(!watch.hasEnded)
        await watch.hangUp()
        await cluster.stop()
    }

    @Test("a watch without a resourceVersion starts with the current objects as ADDED")
    func currentStateFirst() async throws {
        let cluster = try await ServedCluster.start()
        try cluster.seed(Self.configMap("one"))
        try cluster.seed(Self.configMap("two"))
        let watch = try await cluster.client.stream("/api/v1/namespaces/default/configmaps?watch=1")
        await watch.waitForLines(3)
        #expect(watch.events.map { $0["type"] } == ["ADDED", "ADDED", "ADDED"])
        // The namespace's kube-root-ca.crt is there as on any cluster.
        #expect(Set(watch.events.compactMap { $0[path: ["object", "metadata", "name"]]?.string }) == ["kube-root-ca.crt", "one", "two"])
        await watch.hangUp()
        await cluster.stop()
    }

    @Test("selectors filter the events: fieldSelector on the name, labelSelector with '+' for spaces")
    func selectors() async throws {
        let cluster = try await ServedCluster.start()
        let from = cluster.store.resourceVersion
        let byName = try await cluster.client.stream(
            "/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dwanted&resourceVersion=\(from)")
        let byLabel = try await cluster.client.stream(
            "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier+in+%28be%2Cfe%29&resourceVersion=\(from)")
        var labelled = Self.configMap("labelled")
        labelled[path: ["metadata", "labels"]] = ["tier": "be"]
        try cluster.seed(Self.configMap("unwanted"))
        try cluster.seed(labelled)
        try cluster.seed(Self.configMap("wanted"))
        await byName.waitForLines(1)
        await byLabel.waitForLines(1)
        try await Task.sleep(for: .milliseconds(100))
        #expect(byName.events.map { $0[path: ["object", "metadata", "name"]] } == ["wanted"])
        #expect(byLabel.events.map { $0[path: ["object", "metadata", "name"]] } == ["labelled"])
        await byName.hangUp()
        await byLabel.hangUp()
        await cluster.stop()
    }

    @Test("a resourceVersion older than the history gets a 410 Expired ERROR event")
    func expired() async throws {
        let cluster = try await ServedCluster.start(watchHistory: 20)
        // Push the start of the history past resourceVersion 1.
        for index in 0..<50 {
            try cluster.seed(Self.configMap("churn", String(index)))
        }
        let watch = try await cluster.client.stream("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1")
        let lines = await watch.waitForLines(1)
        #expect(watch.status == 200)
        #expect(lines.count == 1)
        let event = try #require(watch.events.first)
        #expect(event["type"] == "ERROR")
        #expect(event[path: ["object", "kind"]] == "Status")
        #expect(event[path: ["object", "code"]] == 410)
        #expect(event[path: ["object", "reason"]] == "Expired")
        #expect(event[path: ["object", "message"]]?.string?.hasPrefix("too old resource version: 1") == true)
        #expect(await watch.waitForEnd())
        await cluster.stop()
    }

    @Test("timeoutSeconds ends the stream")
    func timeout() async throws {
        let cluster = try await ServedCluster.start()
        // From the current version: nothing to replay, so the stream ends with 0 events.
        let watch = try await cluster.client.stream(
            "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion=\(cluster.store.resourceVersion)")
        #expect(await watch.waitForEnd(within: .seconds(20)))
        #expect(watch.status == 200)
        try await waitUntil { cluster.clientWatches == 0 }
        try await waitUntil { cluster.log.lines.contains { $0.contains("watch=true") && $0.contains(" 200 ") && $0.contains("(watch, 0 events)") } }
        await cluster.stop()
    }

    @Test("a client hanging up ends its watch on the server")
    func hangUp() async throws {
        let cluster = try await ServedCluster.start()
        let watch = try await cluster.client.stream("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=300")
        try await waitUntil { cluster.clientWatches == 1 }
        await watch.hangUp()
        try await waitUntil { cluster.clientWatches == 0 }
        // The server is unharmed.
        try cluster.seed(Self.configMap("after-hang-up"))
        #expect(try await cluster.client.get("/api/v1/namespaces/default/configmaps/after-hang-up").status == 200)
        await cluster.stop()
    }

    @Test("many watches stay open while other requests are served")
    func concurrentConnections() async throws {
        let cluster = try await ServedCluster.start()
        var watches: [StreamingResponse] = []
        let version = cluster.store.resourceVersion
        for _ in 0..<20 {
            watches.append(try await cluster.client.stream(
                "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=60&resourceVersion=\(version)"))
        }
        try await waitUntil { cluster.clientWatches == 20 }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask { try await cluster.client.get("/api/v1/namespaces/default").status }
            }
            for try await status in group { #expect(status == 200) }
        }
        try cluster.seed(Self.configMap("broadcast"))
        for watch in watches {
            await watch.waitForLines(1)
            #expect(watch.events.first?[path: ["object", "metadata", "name"]] == "broadcast")
        }
        for watch in watches { await watch.hangUp() }
        await cluster.stop()
    }

    @Test("a Table watch (kubectl get -w) sends one-row Tables, columns on the first only")
    func tableWatch() async throws {
        let cluster = try await ServedCluster.start()
        try cluster.seed(Self.configMap("first"))
        let watch = try await cluster.client.stream(
            "/api/v1/namespaces/default/configmaps?watch=true",
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
        await watch.waitForLines(2)  // first and the namespace's kube-root-ca.crt
        try cluster.seed(Self.configMap("second"))
        await watch.waitForLines(3)
        let events = watch.events
        #expect(events.first?[path: ["object", "kind"]] == "Table")
        #expect(events.first?[path: ["object", "columnDefinitions"]]?.array?.count == 3)
        #expect(events.last?[path: ["object", "columnDefinitions"]] == nil)
        #expect(events.last?[path: ["object", "rows"]]?.array?.first?["cells"]?.array?.first == "second")
        await watch.hangUp()
        await cluster.stop()
    }
}

/// Polls `condition` until it holds (or fails the test after `timeout`).
func waitUntil(within timeout: Duration = .seconds(10), sourceLocation: Testing.SourceLocation = #_sourceLocation,
               _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
}
