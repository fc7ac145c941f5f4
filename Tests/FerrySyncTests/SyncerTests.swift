import FerryKube
import FerryKubeClient
import FerryLocalCluster
import FerrySync
import FerryTesting
import Foundation
import Testing

/// The reconcile's checks made again under the lease, and stop requests, in-process.
@Suite("Syncer")
struct SyncerTests {
    static func configMap(_ value: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  value: \(value)\n"
    }

    static func state(_ repository: GitFixture) throws -> DesiredState {
        try RevisionLoader.load(RevisionRequest(repository: repository.path))
    }

    static func options(_ state: DesiredState) throws -> SyncOptions {
        try SyncOptions(for: state, timeout: "60s")
    }

    @Test("a rollback that lands between a cron run's plan and its lease is honoured: the run skips, it does not undo it")
    func pinSetWhileWaitingForTheLeaseIsHonoured() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("settings.yaml", Self.configMap("a"))
        let good = try repository.commit("settings a")
        let instance = "pinned"
        let first = try Self.state(repository)
        _ = try await Syncer(client: cluster, instance: instance, options: try Self.options(first)).sync(first) { _ in }

        try repository.write("settings.yaml", Self.configMap("b"))
        let bad = try repository.commit("settings b")
        let next = try Self.state(repository)
        let pin = #"{"commit":"\#(good)","reason":"rolled back from \#(bad.prefix(7)) by ferry rollback","pinnedAt":"2026-01-01T00:00:00Z","rolledBackFrom":"\#(bad)"}"#
        let record = StoreKey(ResourceCatalog.configMaps, namespace: "default", name: "ferry-\(instance)")
        let api = cluster.api
        let report = try await Syncer(client: cluster, instance: instance, options: try Self.options(next)).sync(next) { event in
            // The plan is made and the lease not taken yet: a rollback finishes now.
            if case .planned = event {
                let patch: JSONValue = ["data": ["pin": .string(pin)]]
                _ = try? api.patch(record, type: .merge, body: patch.serialized(), subresource: nil,
                                   options: WriteOptions(fieldManager: "rollback"))
            }
        }
        guard case .pinned(let held) = report.skipped else {
            Issue.record("not skipped for the pin: \(String(describing: report.skipped))")
            return
        }
        #expect(held.commit == good)
        let live = try await cluster.getIfPresent(ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "settings"))
        #expect(live?[path: ["data", "value"]]?.string == "a")
    }

    @Test("a stop request abandons the rollout wait; the run is recorded as interrupted and the lease released")
    func interruptionAbandonsTheWait() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("web.yaml", InProcessEngineTests.deployment(image: "web:1"))
        try repository.commit("web 1")
        let state = try Self.state(repository)
        let clock = ManualClock()
        let interruption = Interruption()
        var options = try Self.options(state)
        options.sleep = { try await clock.sleep(for: $0) }
        options.interruption = interruption
        let sync = Task { try await Syncer(client: cluster, instance: "stuck", options: options).sync(state) { _ in } }
        await clock.waitForSleepers(1)
        interruption.request("SIGTERM")
        let report = try await sync.value
        #expect(report.outcome == .interrupted)
        #expect(report.interrupted == "SIGTERM")
        #expect(report.rollouts.first?.message.hasPrefix("web: rollout wait abandoned (SIGTERM)") == true,
                "\(report.rollouts.first?.message ?? "")")
        let record = try await RecordStore(client: cluster, instance: "stuck", namespace: "default").read()
        #expect(record.history.last?.outcome == .interrupted)
        #expect(cluster.sentWrites.last == "DELETE ConfigMap/default/ferry-stuck-lock")
    }

    @Test("a stop requested before the lease is taken writes nothing")
    func interruptionBeforeTheLease() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("settings.yaml", Self.configMap("a"))
        try repository.commit("settings a")
        let state = try Self.state(repository)
        let interruption = Interruption()
        var options = try Self.options(state)
        options.interruption = interruption
        await #expect(throws: SyncError.self) {
            _ = try await Syncer(client: cluster, instance: "early", options: options).sync(state) { event in
                if case .planned = event { interruption.request("SIGINT") }
            }
        }
        #expect(cluster.sentWrites.allSatisfy { $0.contains("(dry run)") }, "\(cluster.sentWrites)")
    }
}
