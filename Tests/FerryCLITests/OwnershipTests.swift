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

    /// `kind/namespace/name` objects that exist, from one kubectl get per kind and namespace.
    static func existing(_ cluster: ClusterFixture, _ objects: [(kind: String, namespace: String)], name: String) async throws -> [String] {
        var found: [String] = []
        for (kind, namespace) in objects {
            if try await cluster.exists(kind, name, namespace: namespace) { found.append("\(kind)/\(namespace)/\(name)") }
        }
        return found
    }

    @Test("two instances and hand-made objects share names in one namespace and across namespaces: each prune deletes its own only")
    func pruneStaysInsideTheInventory() async throws {
        let cluster = try await ClusterFixture.start()
        let shared = uniqueName("shared")
        let namespaceA = uniqueName("team-a")
        let namespaceB = uniqueName("team-b")
        let handNamespace = uniqueName("hand")
        for namespace in [shared, namespaceA, namespaceB, handNamespace] {
            try await cluster.kubectl("create", "namespace", namespace)
        }
        let secret = { (namespace: String) in
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n  namespace: \(namespace)\nstringData:\n  key: value\n"
        }
        // Instance A: ConfigMap "web" in the shared namespace and in its own, and "again" (see below).
        // Its name is a prefix of B's: the instance label must match exactly.
        let instanceA = uniqueName("inst")
        let repositoryA = try GitFixture()
        try repositoryA.write("ferry.yaml", "path: manifests\nnamespace: \(namespaceA)\ninstance: \(instanceA)\n")
        try repositoryA.write("manifests/keep.yaml", NamespaceRulesTests.configMap("keep"))
        try repositoryA.write("manifests/web.yaml", NamespaceRulesTests.configMap("web"))
        try repositoryA.write("manifests/shared-web.yaml", NamespaceRulesTests.configMap("web", namespace: shared))
        try repositoryA.write("manifests/again.yaml", NamespaceRulesTests.configMap("again", namespace: shared))
        try repositoryA.commit("A's objects")
        // Instance B: a Secret "web" in the shared namespace, a ConfigMap "web" in its own.
        let repositoryB = try GitFixture()
        try repositoryB.write("ferry.yaml", "path: manifests\nnamespace: \(namespaceB)\ninstance: \(instanceA)-b\n")
        try repositoryB.write("manifests/keep.yaml", NamespaceRulesTests.configMap("keep"))
        try repositoryB.write("manifests/web.yaml", NamespaceRulesTests.configMap("web"))
        try repositoryB.write("manifests/shared-web.yaml", secret(shared))
        try repositoryB.commit("B's objects")
        try await E2E.syncSucceeds(cluster, repositoryA)
        try await E2E.syncSucceeds(cluster, repositoryB)
        // By hand: a ServiceAccount "web" in the shared namespace, a ConfigMap "web" elsewhere.
        try await cluster.kubectl("create", "serviceaccount", "web", "--namespace", shared)
        try await cluster.kubectl("create", "configmap", "web", "--namespace", handNamespace, "--from-literal=key=mine")
        // A's "again" is deleted and made anew by hand: same name, in A's inventory, but no longer A's.
        try await cluster.kubectl("delete", "configmap", "again", "--namespace", shared)
        try await cluster.kubectl("create", "configmap", "again", "--namespace", shared, "--from-literal=key=mine")

        let everyWeb: [(kind: String, namespace: String)] = [
            ("configmap", shared), ("configmap", namespaceA), ("configmap", namespaceB), ("configmap", handNamespace),
            ("secret", shared), ("serviceaccount", shared),
        ]
        #expect(try await Self.existing(cluster, everyWeb, name: "web") == everyWeb.map { "\($0.kind)/\($0.namespace)/web" })

        // A drops everything but "keep": only its own two "web" ConfigMaps go.
        for file in ["web.yaml", "shared-web.yaml", "again.yaml"] { try repositoryA.removeFile("manifests/" + file) }
        try repositoryA.commit("A keeps only keep")
        let prunedA = try await E2E.sync(cluster, repositoryA)
        #expect(prunedA.status == 0, "\(prunedA.errorOutput)")
        #expect(messages(prunedA.output).filter { $0.contains("pruned") }.sorted()
                == ["ConfigMap/\(namespaceA)/web pruned", "ConfigMap/\(shared)/web pruned"].sorted(), "\(prunedA.output)")
        #expect(try await Self.existing(cluster, everyWeb, name: "web") == [
            "configmap/\(namespaceB)/web", "configmap/\(handNamespace)/web", "secret/\(shared)/web", "serviceaccount/\(shared)/web",
        ])
        #expect(try await cluster.get("configmap", "again", namespace: shared, "{.data.key}") == "mine")
        #expect(try await cluster.exists("configmap", "keep", namespace: namespaceB))

        // B drops its own: the hand-made ones are all that is left.
        for file in ["web.yaml", "shared-web.yaml"] { try repositoryB.removeFile("manifests/" + file) }
        try repositoryB.commit("B keeps only keep")
        let prunedB = try await E2E.sync(cluster, repositoryB)
        #expect(prunedB.status == 0, "\(prunedB.errorOutput)")
        #expect(try await Self.existing(cluster, everyWeb, name: "web") == ["configmap/\(handNamespace)/web", "serviceaccount/\(shared)/web"])
        #expect(try await cluster.get("configmap", "again", namespace: shared, "{.data.key}") == "mine")
        #expect(try await cluster.exists("configmap", "keep", namespace: namespaceA))
    }
}
