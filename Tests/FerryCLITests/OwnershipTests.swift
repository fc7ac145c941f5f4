import FerryTesting
import Foundation
import Testing

/// Objects two instances declare, and objects made by hand before ferry managed them.
@Suite("ferry sync: who owns an object", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct OwnershipTests {
    typealias E2E = SyncEndToEndTests

    static func instanceLabel(_ cluster: ClusterFixture, _ name: String, _ namespace: String) async throws -> String? {
        try await cluster.get("configmap", name, namespace: namespace, #"{.metadata.labels.ferry\.dev/instance}"#)
    }

    @Test("an object another instance manages is refused with exit 1 and nothing applied; --adopt takes it; the first instance then never prunes it")
    func contestedObjectIsRefusedUnlessAdopted() async throws {
        let cluster = try await ClusterFixture.start()
        let first = SparkApp("owner")
        let firstRepository = try first.repository()
        let shared = NamespaceRulesTests.configMap("shared")
        try firstRepository.write("manifests/shared.yaml", shared)
        try firstRepository.commit("A shared ConfigMap")
        try await E2E.syncSucceeds(cluster, firstRepository)

        // A second instance in the same namespace declares the same ConfigMap, and one of its own.
        let other = try GitFixture()
        try other.write("ferry.yaml", "path: manifests\nnamespace: \(first.namespace)\ninstance: \(first.instance)-b\n")
        try other.write("manifests/shared.yaml", shared)
        try other.write("manifests/own.yaml", NamespaceRulesTests.configMap("own"))
        try other.commit("The same ConfigMap")

        let mark = try cluster.requests().count
        let refused = try await E2E.sync(cluster, other)
        #expect(refused.status == 1, "\(refused.errorOutput)")
        #expect(refused.errorOutput == "error: 1 object(s) belong to another ferry instance: ConfigMap/\(first.namespace)/shared (instance \"\(first.instance)\"); nothing was applied. Remove them from one of the repositories, or adopt them into this instance with --adopt\n")
        #expect(try cluster.requests(since: mark).filter { $0.isWrite && !$0.isDryRun }.isEmpty)
        #expect(try await !cluster.exists("configmap", "own", namespace: first.namespace))

        let adopted = try await E2E.sync(cluster, other, "--adopt")
        #expect(adopted.status == 0, "\(adopted.errorOutput)")
        #expect(messages(adopted.output).contains("ConfigMap/\(first.namespace)/shared taken over from ferry instance \"\(first.instance)\" (--adopt)"),
                "\(adopted.output)")
        #expect(try await Self.instanceLabel(cluster, "shared", first.namespace) == "\(first.instance)-b")

        // The first instance drops it from git: it is the other's now, so it stays.
        try firstRepository.removeFile("manifests/shared.yaml")
        try firstRepository.commit("No shared ConfigMap here")
        let dropped = try await E2E.sync(cluster, firstRepository)
        #expect(dropped.status == 0, "\(dropped.errorOutput)")
        #expect(try await cluster.exists("configmap", "shared", namespace: first.namespace))
    }

    @Test("an object made by hand is adopted with a note in the output")
    func handMadeObjectIsAdoptedWithANote() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("byhand")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        try await cluster.kubectl("create", "configmap", "manual", "--namespace", app.namespace, "--from-literal=key=old")
        try repository.write("manifests/manual.yaml", NamespaceRulesTests.configMap("manual"))
        try repository.commit("Manage the hand-made ConfigMap")

        let result = try await E2E.sync(cluster, repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(messages(result.output).contains("ConfigMap/\(app.namespace)/manual adopted: it exists without ferry's labels (made by hand or by another tool); ferry manages it from now on"),
                "\(result.output)")
        #expect(try await Self.instanceLabel(cluster, "manual", app.namespace) == app.instance)
    }
}
