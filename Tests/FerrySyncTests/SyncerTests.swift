import FerryKube
import FerryKubeClient
import FerrySync
import FerryTesting
import Foundation
import Testing

/// The reconcile's steps in-process, against a real API server.
@Suite("Syncer", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl"), "needs kubectl"))
struct SyncerTests {
    static func configMap(_ value: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  value: \(value)\n"
    }

    static func state(_ repository: GitFixture) throws -> DesiredState {
        try RevisionLoader.load(RevisionRequest(repository: repository.path))
    }

    static func options(_ state: DesiredState) throws -> SyncOptions {
        var options = try SyncOptions(for: state, timeout: "60s")
        options.recordNamespace = "default"
        return options
    }

    @Test("a rollback that lands between a cron run's plan and its lease is honoured: the run skips, it does not undo it")
    func pinSetWhileWaitingForTheLeaseIsHonoured() async throws {
        let cluster = try await LocalCluster.start()
        let repository = try GitFixture()
        try repository.write("settings.yaml", Self.configMap("a"))
        let good = try repository.commit("settings a")
        let instance = "pinned"
        try await cluster.withClient { client in
            let first = try Self.state(repository)
            _ = try await Syncer(client: client, instance: instance, options: try Self.options(first)).sync(first) { _ in }

            try repository.write("settings.yaml", Self.configMap("b"))
            let bad = try repository.commit("settings b")
            let next = try Self.state(repository)
            let pin = #"{"commit":"\#(good)","reason":"rolled back from \#(bad.prefix(7)) by ferry rollback","pinnedAt":"2026-01-01T00:00:00Z","rolledBackFrom":"\#(bad)"}"#
            let patch = try String(decoding: JSONSerialization.data(withJSONObject: ["data": ["pin": pin]]), as: UTF8.self)
            let report = try await Syncer(client: client, instance: instance, options: try Self.options(next)).sync(next) { event in
                // The plan is made; the lease is not taken yet: a rollback finishes now.
                if case .planned = event {
                    _ = try? cluster.kubectl(["patch", "configmap", "ferry-\(instance)", "--namespace", "default",
                                              "--type", "merge", "--patch", patch])
                }
            }
            guard case .pinned(let pin) = report.skipped else {
                Issue.record("not skipped for the pin: \(String(describing: report.skipped))")
                return
            }
            #expect(pin.commit == good)
            let live = try await client.get(ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "settings"))
            #expect(live[path: ["data", "value"]]?.string == "a")
        }
    }
}

/// A rollout that never finishes, followed with time in the test's hands.
@Suite("Syncer: rollout waits", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl"), "needs kubectl"))
struct RolloutWaitTests {
    static func deployment(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: \(image)}]

        """
    }

    /// Starts a sync of a Deployment whose image never pulls; returns once its rollout
    /// wait sleeps on `clock`.
    static func stuckSync(_ cluster: LocalCluster, clock: ManualClock, interruption: Interruption? = nil)
        async throws -> Task<SyncReport, any Error> {
        let repository = try GitFixture()
        try repository.write("web.yaml", Self.deployment(image: "web:missing"))
        try repository.commit("web on a missing image")
        let state = try SyncerTests.state(repository)
        var options = try SyncerTests.options(state)
        options.sleep = { try await clock.sleep(for: $0) }
        options.interruption = interruption
        let config = cluster.config
        let task = Task {
            try await KubeClient.withClient(config) { client in
                try await Syncer(client: client, instance: "stuck", options: options).sync(state) { _ in }
            }
        }
        await clock.waitForSleepers(1)
        return task
    }

    @Test("the rollout timeout is the clock's: advanced past it, the sync fails, recorded as failed")
    func timeoutOnTheManualClock() async throws {
        let cluster = try await LocalCluster.start(images: ["web:1"])
        let clock = ManualClock()
        let sync = try await Self.stuckSync(cluster, clock: clock)
        clock.advance(by: .seconds(60))
        let report = try await sync.value
        #expect(report.outcome == .failed)
        let message = try #require(report.rollouts.first?.message)
        // What follows is the pod's cause, or the rollout's state if the simulated kubelet
        // (on real time) has not tried the image yet.
        #expect(message.hasPrefix("timed out after 1m: "), "\(message)")
        #expect(message.contains("web"), "\(message)")
        let record = try await cluster.withClient { client in
            try await RecordStore(client: client, instance: "stuck", namespace: "default").read()
        }
        #expect(record.history.last?.outcome == .failed)
    }

    @Test("a stop request abandons the rollout wait; the run is recorded as interrupted")
    func interruptionAbandonsTheWait() async throws {
        let cluster = try await LocalCluster.start(images: ["web:1"])
        let clock = ManualClock()
        let interruption = Interruption()
        let sync = try await Self.stuckSync(cluster, clock: clock, interruption: interruption)
        interruption.request("SIGTERM")
        let report = try await sync.value
        #expect(report.outcome == .interrupted)
        #expect(report.interrupted == "SIGTERM")
        #expect(report.rollouts.first?.message.hasPrefix("web: rollout wait abandoned (SIGTERM)") == true,
                "\(report.rollouts.first?.message ?? "")")
        let record = try await cluster.withClient { client in
            try await RecordStore(client: client, instance: "stuck", namespace: "default").read()
        }
        #expect(record.history.last?.outcome == .interrupted)
    }
}
