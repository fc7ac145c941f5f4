import FerryTesting
import Foundation
import Testing

/// `contrib/kubernetes`, the manifests that run `ferry agent` inside a cluster, synced
/// by Ferry into the local cluster as a user would install them.
@Suite("contrib/kubernetes", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct InClusterManifestsTests {
    @Test("the in-cluster manifests sync: namespace, service account, RBAC, claim, agent Deployment and metrics Service")
    func inClusterManifestsSync() async throws {
        let cluster = try await ClusterFixture.start()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("contrib/kubernetes")
        let repository = try GitFixture()
        let instance = uniqueName("in-cluster")
        try repository.write("ferry.yaml", "path: manifests\ninstance: \(instance)\n")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".yaml") {
            try repository.write("manifests/\(file)", String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        }
        _ = try repository.commit("Ferry in the cluster")
        let result = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository)
        #expect(result.status == 0, "\(result.errorOutput)\(result.output)")
        #expect(result.output.contains("synced "), "\(result.output)")
        #expect(try await cluster.get("serviceaccount", "ferry", namespace: "ferry-system", "{.metadata.name}") == "ferry")
        #expect(try await cluster.get("clusterrolebinding", "ferry-spark", "{.subjects[0].name}") == "ferry")
        #expect(try await cluster.get("rolebinding", "ferry-record", namespace: "ferry-system", "{.roleRef.name}") == "ferry-record")
        #expect(try await cluster.get("pvc", "ferry-repository", namespace: "ferry-system", "{.status.phase}") == "Bound")
        #expect(try await cluster.get("deployment", "ferry", namespace: "ferry-system", "{.status.readyReplicas}") == "1")
        #expect(try await cluster.get("service", "ferry-metrics", namespace: "ferry-system", "{.spec.ports[0].port}") == "9402")
        let again = try await cluster.ferry(["sync"], repo: repository)
        #expect(again.status == 0 && again.output.isEmpty, "\(again.errorOutput)\(again.output)")
    }
}
