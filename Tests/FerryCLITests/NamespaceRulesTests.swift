import FerryTesting
import Foundation
import Testing

/// Namespaces a sync creates or removes: all or nothing when an object in a new
/// namespace is refused, and no Namespace pruned with objects ferry never managed in it.
@Suite("ferry sync: namespaces", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct NamespaceRulesTests {
    typealias E2E = SyncEndToEndTests

    static func configMap(_ name: String, namespace: String? = nil) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n\(namespace.map { "  namespace: \($0)\n" } ?? "")data:\n  key: value\n"
    }

    /// A Deployment the server refuses (a quantity it cannot parse) while `ferry validate` passes it.
    static func refusedDeployment(namespace: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: refused, namespace: \(namespace)}
        spec:
          selector: {matchLabels: {app: refused}}
          template:
            metadata: {labels: {app: refused}}
            spec:
              containers:
                - name: app
                  image: spark:2.1.0
                  resources: {requests: {cpu: "1.5.5"}}

        """
    }

    @Test("an object in a namespace neither git nor the cluster has: exit 1 naming it, before any write")
    func missingNamespaceIsAnErrorBeforeAnyWrite() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("nons")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        let fresh = uniqueName("fresh"), missing = uniqueName("missing")
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.write("manifests/fresh.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(fresh)\n")
        try repository.write("manifests/fresh-cm.yaml", Self.configMap("a", namespace: fresh))
        try repository.write("manifests/stray.yaml", Self.configMap("b", namespace: missing))
        try repository.commit("A namespace, and a ConfigMap in one nobody creates")

        let mark = try cluster.requests().count
        let result = try await cluster.ferry(["sync"], repo: repository)
        #expect(result.status == 1, "\(result.errorOutput)")
        #expect(result.errorOutput == "error: manifests/stray.yaml:1:1: ConfigMap/\(missing)/b: namespace \"\(missing)\" does not exist and this revision does not create it; add a Namespace manifest for \"\(missing)\" to the repository, or create the namespace first; nothing was applied\n")
        #expect(try cluster.requests(since: mark).filter { $0.isWrite && !$0.isDryRun }.isEmpty)
        #expect(try await !cluster.exists("namespace", fresh))
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.1.0")
    }

    @Test("an object refused in a namespace this sync creates: the namespace is deleted again and nothing else is applied")
    func refusalInANewNamespaceLeavesNothing() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("newns")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        let fresh = uniqueName("fresh")
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.write("manifests/fresh.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(fresh)\n")
        try repository.write("manifests/fresh-cm.yaml", Self.configMap("a", namespace: fresh))
        try repository.write("manifests/fresh-deploy.yaml", Self.refusedDeployment(namespace: fresh))
        try repository.commit("A namespace with a ConfigMap and a Deployment the server refuses")

        let result = try await cluster.ferry(["sync"], repo: repository)
        #expect(result.status == 1, "\(result.errorOutput)")
        #expect(result.errorOutput.hasPrefix("error: Deployment/\(fresh)/refused: the cluster refused it: "), "\(result.errorOutput)")
        #expect(result.errorOutput.hasSuffix("the namespace(s) this run had created for it (\"\(fresh)\") were deleted again and nothing else was applied\n"),
                "\(result.errorOutput)")
        #expect(try await eventually { try await !cluster.exists("namespace", fresh) })
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.1.0")
        let status = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        let report = try JSONDecoder().decode(E2E.StatusJSON.self, from: status.standardOutput)
        #expect(report.lastSync?.outcome == "error")
    }

    @Test("a Namespace removed from git that holds objects ferry never managed is kept and named; annotated, it is pruned")
    func namespaceWithForeignObjectsIsKept() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("keepns")
        let repository = try app.repository()
        let team = uniqueName("team")
        try repository.write("manifests/team.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(team)\n")
        try repository.write("manifests/team-cm.yaml", Self.configMap("settings", namespace: team))
        try repository.commit("A team namespace")
        try await E2E.syncSucceeds(cluster, repository)
        try await cluster.kubectl("create", "configmap", "notes", "--namespace", team, "--from-literal=owner=someone")

        try repository.removeFile("manifests/team.yaml")
        try repository.removeFile("manifests/team-cm.yaml")
        try repository.commit("No more team namespace")
        let result = try await E2E.sync(cluster, repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = messages(result.output)
        #expect(lines.contains("ConfigMap/\(team)/settings pruned"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Namespace/\(team) not pruned: it holds 1 object(s) ferry does not manage: ConfigMap/\(team)/notes") },
                "\(lines)")
        #expect(try await cluster.exists("namespace", team))
        #expect(try await cluster.exists("configmap", "notes", namespace: team))
        #expect(try await E2E.record(cluster, app)?.inventory.contains("Namespace/\(team)") == true)

        // Nothing else to do: the next run is quiet.
        let again = try await E2E.sync(cluster, repository)
        #expect(messages(again.output).contains("in sync: nothing to apply"), "\(again.output)")

        try await cluster.kubectl("annotate", "namespace", team, "ferry.dev/prune-with-foreign-objects=true")
        let pruned = try await E2E.sync(cluster, repository)
        #expect(pruned.status == 0, "\(pruned.errorOutput)")
        #expect(messages(pruned.output).contains("Namespace/\(team) pruned"), "\(pruned.output)")
        #expect(try await E2E.record(cluster, app)?.inventory.contains("Namespace/\(team)") == false)
    }

    @Test("a prune the server refuses (Namespace default): exit 1, recorded as failed with the reason")
    func refusedPruneExits1AndIsRecorded() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("refprune")
        let repository = try app.repository()
        try repository.write("manifests/default.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n")
        try repository.commit("Manage the default namespace")
        try await E2E.syncSucceeds(cluster, repository)

        try repository.removeFile("manifests/default.yaml")
        try repository.commit("Stop managing it")
        let result = try await cluster.ferry(["sync", "--prune-namespaces-with-foreign-objects"], repo: repository)
        #expect(result.status == 1, "\(result.errorOutput)")
        #expect(result.errorOutput.hasPrefix("error: Namespace/default: the cluster refused to delete it: "), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("403"), "\(result.errorOutput)")
        let status = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        let report = try JSONDecoder().decode(E2E.StatusJSON.self, from: status.standardOutput)
        #expect(report.lastSync?.outcome == "error")
        #expect(try await cluster.exists("namespace", "default"))
        #expect(try await E2E.record(cluster, app)?.inventory.contains("Namespace/default") == true)
    }
}
