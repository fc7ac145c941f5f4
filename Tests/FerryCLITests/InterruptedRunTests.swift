import FerryTesting
import Foundation
import Testing

/// Runs stopped halfway: killed outright, or asked to stop. The next run must not be
/// blocked, and no object the stopped run created may escape the inventory.
@Suite("ferry sync: interrupted runs", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct InterruptedRunTests {
    typealias E2E = SyncEndToEndTests

    static let extra = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: extra
        data:
          key: value

        """

    /// Starts `ferry sync` on a commit that adds a ConfigMap and moves the workers to an
    /// image that never pulls, and returns it once it is waiting for that rollout.
    static func startStuckSync(_ cluster: ClusterFixture, _ app: inout SparkApp, _ repository: GitFixture) async throws
        -> RunningProgram {
        app.workerImage = "spark:9.9.9"
        try app.write(into: repository)
        try repository.write("manifests/extra.yaml", extra)
        try repository.commit("Workers on 9.9.9, and a ConfigMap")
        let sync = try RunningProgram(FerryBinary.path, ["sync", "--timeout", "5m", "--repo", repository.path,
                                                          "--kubeconfig", cluster.kubeconfig])
        // Waited for on a thread of its own: blocking one of the pool's two threads for
        // seconds starves every in-process test running meanwhile.
        let configured = "Deployment/\(app.namespace)/spark-worker configured"
        #expect(try await offThePool { sync.waitForOutput(containing: configured) })
        return sync
    }

    /// Commits the fix for ``startStuckSync``'s commit (workers back on 2.2.0, the
    /// ConfigMap gone) and syncs it: it must succeed, prune the ConfigMap, mend the image
    /// and leave an exact inventory. Returns that sync's result.
    @discardableResult
    static func syncTheFix(_ cluster: ClusterFixture, _ app: inout SparkApp, _ repository: GitFixture,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> FerryTesting.ProcessResult {
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.removeFile("manifests/extra.yaml")
        try repository.commit("Workers on 2.2.0, no ConfigMap")
        let next = try await E2E.sync(cluster, repository)
        #expect(next.status == 0, "\(next.errorOutput)\(next.output)", sourceLocation: sourceLocation)
        #expect(try await !cluster.exists("configmap", "extra", namespace: app.namespace), sourceLocation: sourceLocation)
        #expect(try await E2E.record(cluster, app)?.inventory == app.objects.sorted(), sourceLocation: sourceLocation)
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.2.0", sourceLocation: sourceLocation)
        return next
    }

    @Test("SIGKILL while waiting for a rollout: the next run takes the dead run's lease at once, converges, and prunes what the killed run created")
    func killedRunIsFollowedByOneThatConverges() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"])
        var app = SparkApp("killed")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)

        let sync = try await Self.startStuckSync(cluster, &app, repository)
        sync.send(SIGKILL)
        let killed = try await offThePool { sync.finish() }
        #expect(killed.terminatedBySignal)
        #expect(try await cluster.exists("configmap", "extra", namespace: app.namespace))
        // The killed run claimed what it created before creating it.
        #expect(try await E2E.record(cluster, app)?.inventory.contains("ConfigMap/\(app.namespace)/extra") == true)

        // The fix removes the ConfigMap and mends the image; the dead run's lease does not block it.
        let next = try await Self.syncTheFix(cluster, &app, repository)
        #expect(messages(next.output).contains("ConfigMap/\(app.namespace)/extra pruned"), "\(next.output)")
        #expect(try await !LeaseTests.lockExists(cluster, app))
    }

    @Test("SIGTERM while waiting for a rollout: exit 143, the lease released, the run recorded as interrupted")
    func terminatedRunReleasesTheLease() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"])
        var app = SparkApp("sigterm")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)

        let sync = try await Self.startStuckSync(cluster, &app, repository)
        sync.send(SIGTERM)
        let stopped = try await offThePool { sync.finish() }
        #expect(!stopped.terminatedBySignal)
        #expect(stopped.status == 143, "\(stopped.errorOutput)")
        #expect(stopped.errorOutput.contains("error: stopped by SIGTERM while waiting for the rollouts"), "\(stopped.errorOutput)")
        #expect(try await !LeaseTests.lockExists(cluster, app))

        let status = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        let report = try JSONDecoder().decode(E2E.StatusJSON.self, from: status.standardOutput)
        #expect(report.lastSync?.outcome == "interrupted")
        // The created ConfigMap is in the inventory, so a later revision without it prunes it.
        #expect(try await E2E.record(cluster, app)?.inventory.contains("ConfigMap/\(app.namespace)/extra") == true)
    }

    @Test("SIGKILL at random points over several changing commits: the next run converges with an exact inventory, unblocked")
    func killedAtRandomPoints() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"])
        var app = SparkApp("random")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        var generator = SystemRandomNumberGenerator()
        var killedWhileRunning = 0
        for round in 0..<6 {
            // Each round moves the workers and swaps the extra ConfigMap for a new one.
            app.workerImage = round % 2 == 0 ? "spark:2.2.0" : "spark:2.1.0"
            try app.write(into: repository)
            if round > 0 { try repository.removeFile("manifests/extra-\(round - 1).yaml") }
            try repository.write("manifests/extra-\(round).yaml", Self.extra.replacingOccurrences(of: "name: extra", with: "name: extra-\(round)"))
            try repository.commit("Round \(round)")
            let sync = try RunningProgram(FerryBinary.path, ["sync", "--timeout", "5m", "--repo", repository.path,
                                                              "--kubeconfig", cluster.kubeconfig])
            // Where the kill lands is chance; what must follow it is not.
            let delay = UInt64.random(in: 0...1_500, using: &generator)
            try await Task.sleep(for: .milliseconds(delay))
            sync.send(SIGKILL)
            let result = try await offThePool { sync.finish() }
            if result.terminatedBySignal { killedWhileRunning += 1 }
        }
        let final = try await E2E.sync(cluster, repository)
        #expect(final.status == 0, "\(final.errorOutput)\(final.output)")
        let expected = (app.objects.map { String($0) } + ["ConfigMap/\(app.namespace)/extra-5"]).sorted()
        #expect(try await E2E.record(cluster, app)?.inventory == expected)
        let configMaps = try await cluster.get("configmaps", namespace: app.namespace, #"{range .items[*]}{.metadata.name}{"\n"}{end}"#) ?? ""
        #expect(configMaps.split(separator: "\n").filter { $0.hasPrefix("extra-") } == ["extra-5"], "\(configMaps)")
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.1.0")
        #expect(try await !LeaseTests.lockExists(cluster, app))
        // Whether any kill landed mid-run is chance too; say so when none did.
        if killedWhileRunning == 0 { print("note: every run finished before its kill") }
    }
}
