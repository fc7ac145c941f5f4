import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// ClaimReplicaSets and ClaimPods: orphans that match are adopted, owned objects that
/// stop matching are released, and objects of other controllers are left alone.
@Suite("Adoption and release")
struct AdoptionTests {
    private func orphanReplicaSet(_ name: String, labels: [String: String]) -> JSONValue {
        let labelJSON = JSONValue.stringObject(labels)
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": .string(name), "namespace": "default", "labels": labelJSON],
            "spec": [
                "replicas": 0, "selector": ["matchLabels": labelJSON],
                "template": ["metadata": ["labels": labelJSON], "spec": ["containers": [container("nginx:1.24")]]],
            ],
        ]
    }

    @Test("a Deployment adopts an orphan ReplicaSet its selector matches and not one it does not")
    func adoptsOrphanReplicaSet() async throws {
        try await withCluster { cluster in
            try cluster.create(orphanReplicaSet("web-old", labels: ["app": "web", "pod-template-hash": "old"]),
                               ResourceCatalog.replicaSets)
            try cluster.create(orphanReplicaSet("api-old", labels: ["app": "api", "pod-template-hash": "old"]),
                               ResourceCatalog.replicaSets)
            let deployment = try #require(try cluster.create(deploymentFixture(replicas: 1)))
            try await cluster.rolledOut("web", replicas: 1)
            let replicaSets = cluster.replicaSets()
            let adopted = try #require(replicaSets.first { $0.name == "web-old" })
            #expect(adopted.controllerReference?.uid == deployment.uid)
            #expect(replicaSets.first { $0.name == "api-old" }?.controllerReference == nil)
            #expect(replicaSets.filter { $0.controllerReference?.uid == deployment.uid }.count == 2,
                    "the adopted one plus the one for the Deployment's own template")
        }
    }

    @Test("a ReplicaSet releases a pod whose labels stop matching, and replaces it")
    func releasesPod() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 1))
            try await cluster.rolledOut("web", replicas: 1)
            let replicaSet = try #require(cluster.replicaSets().first)
            let pod = try #require(cluster.pods(of: replicaSet).first)
            try cluster.store.update(StoreKey(ResourceCatalog.pods, namespace: "default", name: pod.name), uid: pod.uid) {
                $0.setMetadataEntry("labels", "app", "moved")
            }
            try await cluster.eventually("the pod released and replaced") {
                let released = cluster.pods().first { $0.name == pod.name }
                return released?.controllerReference == nil && cluster.pods(of: replicaSet).count == 1
                    && cluster.pods(of: replicaSet).first?.name != pod.name
            }
        }
    }
}
