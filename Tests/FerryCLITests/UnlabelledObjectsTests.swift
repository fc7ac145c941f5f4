import FerryTesting
import Foundation
import Testing

/// Objects that exist before Ferry manages them (made with kubectl, so without Ferry's
/// labels) are not in Ferry's labelled lists: the plan finds them one by one when a few
/// are missing, with one list of their kind when many are, and shows them as changes.
@Suite("objects made before Ferry managed them", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct UnlabelledObjectsTests {
    @Test("a few are fetched one by one, many of a kind with one list; existing ones are changes, not creations")
    func existingObjectsAreFound() async throws {
        let cluster = try await ClusterFixture.start()
        let namespace = "adopt-" + UUID().uuidString.prefix(6).lowercased()
        let repository = try GitFixture()
        try repository.write("ferry.yaml", "path: manifests\nnamespace: \(namespace)\ninstance: \(namespace)\n")
        var manifests = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n"
        for index in 0..<6 {
            manifests += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-\(index)\ndata:\n  source: git\n"
        }
        manifests += "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: from-git\n"
        try repository.write("manifests/objects.yaml", manifests)
        try repository.commit("Six ConfigMaps and a Secret")

        // Made by hand first: the namespace, one of the six ConfigMaps, and the Secret.
        try await cluster.kubectl("create", "namespace", namespace)
        try await cluster.kubectl("create", "configmap", "settings-0", "--from-literal=source=kubectl", "--namespace", namespace)
        try await cluster.kubectl("create", "secret", "generic", "token", "--from-literal=token=by-hand", "--namespace", namespace)

        let mark = try cluster.requests().count
        let diff = try await cluster.ferry(["diff"], repo: repository)
        #expect(diff.status == 1, "\(diff.errorOutput)")
        #expect(diff.output.contains("5 to create, 3 to change, 0 to prune, 0 unchanged"), "\(diff.output)")
        #expect(diff.output.contains("-  source: kubectl"), "\(diff.output)")

        let reads = try cluster.requests(since: mark).filter { !$0.isWrite }
        let configMapPath = "/api/v1/namespaces/\(namespace)/configmaps"
        // Five ConfigMaps missing from the labelled list: one unlabelled list, no GET each.
        #expect(reads.contains { $0.path == configMapPath || $0.path.hasPrefix(configMapPath + "?") && !$0.path.contains("labelSelector") },
                "\(reads)")
        #expect(!reads.contains { $0.path.hasPrefix(configMapPath + "/") }, "\(reads)")
        // One Secret missing: one GET.
        #expect(reads.contains { $0.path.hasPrefix("/api/v1/namespaces/\(namespace)/secrets/token") }, "\(reads)")

        let sync = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository)
        #expect(sync.status == 0, "\(sync.errorOutput)")
        #expect(try await cluster.get("configmap", "settings-0", namespace: namespace, "{.data.source}") == "git")
        #expect(try await cluster.get("configmap", "settings-5", namespace: namespace,
                                      "{.metadata.labels.app\\.kubernetes\\.io/managed-by}") == "ferry")
    }
}
