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
            #expect(report.skipped?.hasPrefix("pinned to \(good.prefix(7))") == true, "\(report.skipped ?? "not skipped")")
            let live = try await client.get(ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "settings"))
            #expect(live[path: ["data", "value"]]?.string == "a")
        }
    }
}
