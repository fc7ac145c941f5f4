import FerryTesting
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `ferry agent`, end to end: the real binary against the local cluster, watched
/// through what it prints and what the cluster holds. Waits are bounded and wait for
/// states, never for time to pass.
@Suite("ferry agent", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct AgentTests {
    typealias E2E = SyncEndToEndTests

    static func start(_ cluster: ClusterFixture, _ repository: GitFixture, _ arguments: [String] = []) throws -> RunningProgram {
        try RunningProgram(FerryBinary.path, ["agent", "--repo", repository.path, "--kubeconfig", cluster.kubeconfig,
                                              "--listen", "127.0.0.1:0", "--timeout", "60s"] + arguments)
    }

    static func wait(_ agent: RunningProgram, for text: String) async throws -> Bool {
        try await offThePool { agent.waitForOutput(containing: text) }
    }

    /// Stops the agent with SIGTERM and returns how it ended.
    static func stop(_ agent: RunningProgram) async throws -> FerryTesting.ProcessResult {
        agent.send(SIGTERM)
        return try await offThePool { agent.finish() }
    }

    /// The listener's base URL, from the agent's own line.
    static func listener(_ agent: RunningProgram) async throws -> String? {
        guard try await wait(agent, for: "listening on http://") else { return nil }
        let output = agent.outputSoFar
        guard let range = output.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) else { return nil }
        return String(output[range])
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("syncs at start and each new commit, heals a kubectl set image within its interval, serves metrics, exits 0 on SIGTERM")
    func followsTheBranchAndHealsDrift() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0", "spark:1.6.3"])
        var app = SparkApp("agent")
        let repository = try app.repository()
        let agent = try Self.start(cluster, repository, ["--interval", "2s"])
        #expect(try await Self.wait(agent, for: "deployment \"spark-worker\" successfully rolled out"))

        // A new commit rolls out without anyone running sync.
        app.workerImage = "spark:1.6.3"
        try app.write(into: repository)
        let bump = try repository.commit("Workers on 1.6.3")
        #expect(try await Self.wait(agent, for: "synced \(bump.prefix(7))"))
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:1.6.3")

        // Drift is healed on the interval: git wins.
        try await cluster.kubectl("set", "image", "deployment/spark-worker", "--namespace", app.namespace,
                                  "worker=spark:2.2.0", "--field-manager=bench")
        #expect(try await eventually(within: .seconds(60)) {
            try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:1.6.3"
        })

        // Metrics in the Prometheus text format, and health.
        let base = try #require(try await Self.listener(agent))
        let metrics = try await Self.get(base + "/metrics")
        #expect(metrics.status == 200)
        let samples = metrics.body.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(!samples.isEmpty)
        for sample in samples {
            #expect(sample.wholeMatch(of: #/[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.eE+-]+|.*(\+Inf|NaN).*/#) != nil, "\(sample)")
        }
        #expect(metrics.body.contains("ferry_syncs_total{instance=\"\(app.instance)\",outcome=\"succeeded\"}"), "\(metrics.body)")
        #expect(metrics.body.contains("ferry_commit_info{instance=\"\(app.instance)\",commit=\"\(bump)\"} 1"), "\(metrics.body)")
        #expect(metrics.body.contains("ferry_sync_duration_seconds_bucket"))
        #expect(metrics.body.contains("ferry_last_successful_sync_timestamp_seconds"))
        #expect(metrics.body.contains("ferry_pinned{instance=\"\(app.instance)\"} 0"))
        #expect(try await Self.get(base + "/healthz").status == 200)
        #expect(try await Self.get(base + "/readyz").status == 200)

        let stopped = try await Self.stop(agent)
        #expect(stopped.status == 0 && !stopped.terminatedBySignal, "\(stopped.errorOutput)")
        #expect(try await !LeaseTests.lockExists(cluster, app))
    }

    @Test("a stuck rollout is abandoned when its fix is committed; a bad commit is reported and the agent goes on")
    func stuckRolloutGivesWayToItsFix() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"])
        var app = SparkApp("stuck")
        let repository = try app.repository()
        let agent = try Self.start(cluster, repository, ["--interval", "1m", "--timeout", "10m"])
        #expect(try await Self.wait(agent, for: "deployment \"spark-worker\" successfully rolled out"))

        app.workerImage = "spark:9.9.9"
        try app.write(into: repository)
        try repository.commit("Workers on a missing image")
        #expect(try await Self.wait(agent, for: "Deployment/\(app.namespace)/spark-worker configured"))

        // The fix lands while the agent waits (for up to 10 minutes) on the stuck rollout.
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let fix = try repository.commit("Workers on 2.2.0")
        #expect(try await Self.wait(agent, for: "rollout wait abandoned for a newer commit \(fix.prefix(7))"))
        #expect(try await Self.wait(agent, for: "synced \(fix.prefix(7))"))
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.2.0")

        // A commit with broken YAML: reported, nothing applied, the agent keeps going.
        try repository.write("manifests/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n")
        let broken = try repository.commit("Broken YAML")
        #expect(try await Self.wait(agent, for: "syncing \(broken.prefix(7))"))
        try repository.removeFile("manifests/broken.yaml")
        let mended = try repository.commit("Mended")
        #expect(try await Self.wait(agent, for: "syncing \(mended.prefix(7))"))
        let stopped = try await Self.stop(agent)
        #expect(stopped.status == 0, "\(stopped.errorOutput)")
        #expect(stopped.errorOutput.contains("error: manifests/broken.yaml:5:1: invalid YAML"), "\(stopped.errorOutput)")
    }
}

/// `--notify URL`: a JSON event per sync outcome, retried, never holding a sync up for long.
@Suite("notifications", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct NotificationTests {
    @Test("a sync POSTs its outcome, changed objects and rollouts; a receiver that fails is retried; a dead one delays the sync a few seconds at most")
    func syncOutcomeIsPosted() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("notify")
        let repository = try app.repository()
        let head = try repository.revParse("HEAD")
        let receiver = try await NotificationReceiver.start()

        let first = try await cluster.ferry(["sync", "--timeout", "60s", "--notify", receiver.url], repo: repository)
        #expect(first.status == 0, "\(first.errorOutput)")
        let event = try #require(receiver.events.last)
        #expect(event["instance"] as? String == app.instance)
        #expect(event["commit"] as? String == head)
        #expect(event["outcome"] as? String == "succeeded")
        #expect((event["changed"] as? [String])?.contains("Deployment/\(app.namespace)/spark-worker created") == true, "\(event)")
        let rollouts = event["rollouts"] as? [[String: Any]]
        #expect(rollouts?.count == 2)
        #expect(rollouts?.allSatisfy { $0["succeeded"] as? Bool == true } == true)
        #expect(event["durationSeconds"] is Double)

        // Nothing changed: no news.
        let count = receiver.events.count
        _ = try await cluster.ferry(["sync", "--notify", receiver.url], repo: repository)
        #expect(receiver.events.count == count)

        // A receiver answering 500 is tried again, and the sync still succeeds.
        receiver.respond(with: .internalServerError)
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("Workers on 2.2.0")
        let failing = try await cluster.ferry(["sync", "--timeout", "60s", "--notify", receiver.url], repo: repository)
        #expect(failing.status == 0, "\(failing.errorOutput)")
        // Tried again (3 tries, or 2 when a loaded machine spends the 5 s budget sooner).
        #expect((2...3).contains(receiver.events.count - count), "\(receiver.events.count - count) tries")
        #expect(failing.errorOutput.contains("not delivered: the receiver answered 500"), "\(failing.errorOutput)")

        // Nobody listening: a clear line, and the sync's own result stands.
        app.workerImage = "spark:2.1.0"
        try app.write(into: repository)
        try repository.commit("Workers back on 2.1.0")
        let dead = try await cluster.ferry(["sync", "--timeout", "60s", "--notify", "http://127.0.0.1:1/events"], repo: repository)
        #expect(dead.status == 0, "\(dead.errorOutput)")
        #expect(dead.errorOutput.contains("notification to http://127.0.0.1:1/events not delivered"), "\(dead.errorOutput)")
    }
}
