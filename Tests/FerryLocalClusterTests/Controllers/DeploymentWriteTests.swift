import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// What the Deployment and ReplicaSet controllers write, counted: a write that changes
/// nothing is never sent, and a settled Deployment costs no writes at all.
@Suite("Deployment controller writes")
struct DeploymentWriteTests {
    @Test("a Deployment of 0 replicas settles in three writes: its ReplicaSet, its status, the ReplicaSet's status")
    func zeroReplicasWrites() async throws {
        try await withCluster { cluster in
            // The system objects first, so that only the Deployment's writes follow.
            try await cluster.settle()
            let created = try #require(try cluster.create(deploymentFixture(replicas: 0)))
            let start = try #require(Int64(created[path: ["metadata", "resourceVersion"]]?.string ?? ""))
            try await cluster.settle()
            let writes = await cluster.history().filter { $0.resourceVersion > start }
            let hash = PodTemplateHash.compute(try #require(created[path: ["spec", "template"]]), collisionCount: nil)
            let replicaSetKey = StoreKey(ResourceCatalog.replicaSets, namespace: "default", name: "web-\(hash)")
            let deploymentKey = StoreKey(ResourceCatalog.deployments, namespace: "default", name: "web")
            #expect(writes.count == 3, "writes: \(writes.map { "\($0.kind) \($0.key)" })")
            #expect(writes.first?.kind == .added && writes.first?.key == replicaSetKey)
            #expect(writes.filter { $0.kind == .modified && $0.key == deploymentKey }.count == 1)
            #expect(writes.filter { $0.kind == .modified && $0.key == replicaSetKey }.count == 1)

            let deployment = try #require(cluster.deployment("web"))
            #expect(deployment.annotations[DeploymentAnnotation.revision] == "1")
            #expect(deployment[path: ["status", "observedGeneration"]] == 1)
            #expect(deployment[path: ["status", "replicas"]] == nil, "zero counters are omitted")
            #expect(condition(deployment, "Available")?["status"] == "True")
            #expect(progressingReason(deployment) == ConditionReason.newReplicaSetAvailable)
            let replicaSet = try #require(cluster.store.get(replicaSetKey))
            #expect(replicaSet["status"] == ["replicas": 0, "observedGeneration": 1])
            #expect(replicaSet.annotations[DeploymentAnnotation.revision] == "1")
            #expect(replicaSet.controllerReference?.uid == deployment.uid)

            // Past the progress deadline nothing is left to change: nothing is written.
            let settled = cluster.store.resourceVersion
            try await cluster.advance(by: .seconds(700))
            #expect(cluster.store.resourceVersion == settled)
        }
    }

    @Test("a rolled-out Deployment gets no further writes to it or its ReplicaSets as time passes")
    func settledRolloutWritesNothing() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 2))
            try await cluster.rolledOut("web", replicas: 2)
            try await cluster.settle()
            let settled = cluster.store.resourceVersion
            try await cluster.advance(by: .seconds(700))
            let writes = await cluster.history().filter {
                $0.resourceVersion > settled
                    && [ResourceCatalog.deployments, ResourceCatalog.replicaSets].contains($0.key.resource)
            }
            #expect(writes.isEmpty, "writes: \(writes.map { "\($0.kind) \($0.key)" })")
        }
    }

    @Test("flush sends a status only when it or the revision differs from what was read")
    func flushDecision() {
        var status = DeploymentStatus()
        status.observedGeneration = 2
        status.conditions = [DeploymentCondition(type: "Available", status: "True", reason: "MinimumReplicasAvailable",
                                                 message: "Deployment has minimum availability.", now: Date(timeIntervalSince1970: 0))]
        var object: JSONValue = ["metadata": ["name": "web", "annotations": [DeploymentAnnotation.revision: "1"]]]
        object["status"] = status.json
        #expect(!DeploymentSync.writes(status, revision: "1", over: object))
        #expect(!DeploymentSync.writes(status, revision: nil, over: object))
        #expect(DeploymentSync.writes(status, revision: "2", over: object))
        // A stored observedGeneration that is ahead is kept, so it is no change.
        var behind = status
        behind.observedGeneration = 1
        #expect(!DeploymentSync.writes(behind, revision: "1", over: object))
        var ahead = status
        ahead.observedGeneration = 3
        #expect(DeploymentSync.writes(ahead, revision: "1", over: object))
        // Fields the controller does not model are dropped by a write: that is a change.
        var extra = object
        extra[path: ["status", "terminatingReplicas"]] = 1
        #expect(DeploymentSync.writes(status, revision: "1", over: extra))
        var missing = object
        missing["status"] = nil
        #expect(DeploymentSync.writes(DeploymentStatus(), revision: nil, over: missing))
    }
}
