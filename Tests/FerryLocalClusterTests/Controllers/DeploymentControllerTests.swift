import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("Deployment controller")
struct DeploymentControllerTests {
    @Test("a Deployment of 3 replicas becomes available through one ReplicaSet and 3 Ready pods")
    func becomesAvailable() async throws {
        try await withCluster { cluster in
            let fixture = deploymentFixture(annotations: ["kubernetes.io/change-cause": "first",
                                                          DeploymentAnnotation.lastApplied: "{}"])
            try cluster.create(fixture)
            let deployment = try await cluster.rolledOut("web", replicas: 3)

            let status = try #require(deployment["status"])
            #expect(status["observedGeneration"]?.int == 1)
            #expect(status["unavailableReplicas"] == nil, "zero counters are omitted")
            #expect(deployment.annotations[DeploymentAnnotation.revision] == "1")
            let available = try #require(condition(deployment, "Available"))
            #expect(available["status"]?.string == "True")
            #expect(available["reason"]?.string == "MinimumReplicasAvailable")
            #expect(available["message"]?.string == "Deployment has minimum availability.")

            let replicaSets = cluster.replicaSets()
            #expect(replicaSets.count == 1)
            let replicaSet = try #require(replicaSets.first)
            let hash = PodTemplateHash.compute(try #require(fixture[path: ["spec", "template"]]), collisionCount: nil)
            #expect(replicaSet.name == "web-\(hash)")
            #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
            let progressing = try #require(condition(deployment, "Progressing"))
            #expect(progressing["status"]?.string == "True")
            #expect(progressing["message"]?.string == "ReplicaSet \"web-\(hash)\" has successfully progressed.")
            #expect(deployment[path: ["status", "conditions"]]?.array?.compactMap { $0["type"]?.string }
                == ["Available", "Progressing"])

            #expect(replicaSet.labels == ["app": "web", "pod-template-hash": hash])
            #expect(replicaSet[path: ["spec", "selector", "matchLabels"]] == ["app": "web", "pod-template-hash": .string(hash)])
            #expect(replicaSet[path: ["spec", "template", "metadata", "labels", "pod-template-hash"]]?.string == hash)
            #expect(replicaSet.int("spec", "replicas") == 3)
            let annotations = replicaSet.annotations
            #expect(annotations[DeploymentAnnotation.revision] == "1")
            #expect(annotations[DeploymentAnnotation.desiredReplicas] == "3")
            #expect(annotations[DeploymentAnnotation.maxReplicas] == "4", "25% surge of 3 rounds up to 1")
            #expect(annotations["kubernetes.io/change-cause"] == "first")
            #expect(annotations[DeploymentAnnotation.lastApplied] == nil)
            let owner = try #require(replicaSet.ownerReferences.first)
            #expect(owner.kind == "Deployment" && owner.name == "web" && owner.uid == deployment.uid)
            #expect(owner.controller && owner.blockOwnerDeletion)

            let replicaSetStatus = try #require(cluster.replicaSets().first?["status"])
            #expect(replicaSetStatus == ["replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3,
                                         "availableReplicas": 3, "observedGeneration": 1])

            let pods = cluster.pods(of: replicaSet)
            #expect(pods.count == 3)
            for pod in pods {
                let suffix = pod.name.dropFirst("web-\(hash)-".count)
                #expect(pod.name.hasPrefix("web-\(hash)-") && suffix.count == 5)
                #expect(suffix.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
                #expect(pod[path: ["spec", "nodeName"]]?.string == "ferry-local")
                #expect(pod.labels["pod-template-hash"] == hash)
                #expect(pod.controllerReference?.uid == replicaSet.uid)
                #expect(PodState.phase(pod) == "Running")
                #expect(PodState.isReady(pod))
                #expect(pod[path: ["status", "podIP"]]?.string?.hasPrefix("10.42.") == true)
                #expect(pod[path: ["status", "hostIP"]]?.string == "127.0.0.1")
                let container = try #require(pod[path: ["status", "containerStatuses"]]?.array?.first)
                #expect(container["ready"]?.bool == true)
                #expect(container["restartCount"]?.int == 0)
                #expect(container["image"]?.string == "docker.io/library/nginx:1.25")
                #expect(container["imageID"]?.string?.hasPrefix("docker.io/library/nginx@sha256:") == true)
                #expect(container[path: ["state", "running", "startedAt"]]?.string != nil)
                #expect(pod[path: ["status", "conditions"]]?.array?.map { $0["type"]?.string ?? "" }
                    == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
            }

            let events = cluster.store.list(ResourceCatalog.events, namespace: "default").items
            #expect(events.contains { $0["message"]?.string == "Scaled up replica set web-\(hash) from 0 to 3" })
        }
    }

    @Test("an image change rolls over to a second ReplicaSet within maxSurge and maxUnavailable")
    func rollingUpdateRespectsBounds() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 4, maxSurge: 1, maxUnavailable: 1))
            try await cluster.rolledOut("web", replicas: 4)
            let first = try #require(cluster.replicaSet(revision: 1))
            let changedAt = cluster.store.resourceVersion
            try cluster.update("web") { object in
                object[path: ["spec", "template", "spec", "containers"]] = [container("nginx:1.26")]
                object.setMetadataEntry("annotations", "kubernetes.io/change-cause", "bump to 1.26")
            }
            let deployment = try await cluster.rolledOut("web", replicas: 4)
            #expect(deployment.annotations[DeploymentAnnotation.revision] == "2")
            #expect(deployment[path: ["status", "observedGeneration"]]?.int == 2)

            let second = try #require(cluster.replicaSet(revision: 2))
            #expect(second.name != first.name)
            #expect(second.int("spec", "replicas") == 4)
            #expect(second.annotations["kubernetes.io/change-cause"] == "bump to 1.26")
            #expect(cluster.replicaSets().first { $0.uid == first.uid }?.int("spec", "replicas") == 0)
            #expect(cluster.pods().count == 4)
            #expect(cluster.pods().allSatisfy { $0.controllerReference?.uid == second.uid })

            // Replay every change and check the bounds at each step.
            var livePods: [String: Bool] = [:]
            var specs: [String: Int64] = [:]
            var steps: [String] = []
            for event in await cluster.history() {
                switch event.key.resource {
                case ResourceCatalog.pods:
                    livePods[event.key.name] = event.kind == .deleted ? nil : PodState.isReady(event.object)
                case ResourceCatalog.replicaSets:
                    specs[event.key.name] = event.kind == .deleted ? nil : event.object.int("spec", "replicas")
                default:
                    continue
                }
                guard event.resourceVersion > changedAt else { continue }
                let ready = livePods.values.filter { $0 }.count
                let total = specs.values.reduce(0, +)
                let step = "old=\(specs[first.name] ?? 0) new=\(specs[second.name] ?? 0) pods=\(livePods.count) ready=\(ready)"
                if steps.last != step { steps.append(step) }
                #expect(livePods.count <= 5, "more than replicas + maxSurge pods: \(step)")
                #expect(total <= 5, "ReplicaSets sized above replicas + maxSurge: \(step)")
                #expect(ready >= 3, "fewer than replicas - maxUnavailable ready pods: \(step)")
            }
            #expect(steps.contains { $0.hasPrefix("old=0 new=4") })
            #expect(steps.count > 4, "the rollover went through intermediate steps: \(steps)")
        }
    }

    @Test("rolling back to the first template re-uses the first ReplicaSet as revision 3")
    func rollbackReusesReplicaSet() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 2))
            try await cluster.rolledOut("web", replicas: 2)
            let first = try #require(cluster.replicaSet(revision: 1))
            try cluster.setImage("web", "nginx:1.26")
            try await cluster.eventually("revision 2 rolled out", deployment: "web") {
                cluster.deployment("web")?.annotations[DeploymentAnnotation.revision] == "2"
                    && cluster.deployment("web").map(progressingReason) == ConditionReason.newReplicaSetAvailable
            }
            // What `kubectl rollout undo` sends: the RS template without the hash label,
            // serialised from Go types, and the annotations of the target RS.
            let template = try #require(first[path: ["spec", "template"]])
            try cluster.update("web") { object in
                var undo = template
                undo[path: ["metadata", "labels", "pod-template-hash"]] = nil
                undo[path: ["metadata", "creationTimestamp"]] = .null
                undo[path: ["spec", "containers"]] = [container("nginx:1.25")]
                object[path: ["spec", "template"]] = undo
                object[path: ["metadata", "annotations"]] = [DeploymentAnnotation.revision: "2"]
            }
            let deployment = try await cluster.rolledOut("web", replicas: 2)
            #expect(deployment.annotations[DeploymentAnnotation.revision] == "3")
            let replicaSets = cluster.replicaSets()
            #expect(replicaSets.count == 2, "no third ReplicaSet")
            let reused = try #require(replicaSets.first { $0.uid == first.uid })
            #expect(reused.annotations[DeploymentAnnotation.revision] == "3")
            #expect(reused.annotations[DeploymentAnnotation.revisionHistory] == "1")
            #expect(reused.int("spec", "replicas") == 2)
            #expect(cluster.pods().allSatisfy { $0.controllerReference?.uid == first.uid })
        }
    }

    @Test("Recreate scales the old ReplicaSet to zero and waits for its pods before starting new ones")
    func recreate() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 2, recreate: true))
            try await cluster.rolledOut("web", replicas: 2)
            let first = try #require(cluster.replicaSet(revision: 1))
            let changedAt = cluster.store.resourceVersion
            try cluster.setImage("web", "nginx:1.26")
            try await cluster.rolledOut("web", replicas: 2)
            let second = try #require(cluster.replicaSet(revision: 2))

            var oldPods: Set<String> = []
            var newPodCreatedWithOldPods = false
            var newReplicaSetCreatedAt: Int64?
            var oldScaledToZeroAt: Int64?
            for event in await cluster.history() {
                if event.key.resource == ResourceCatalog.replicaSets, event.key.name == second.name, event.kind == .added {
                    newReplicaSetCreatedAt = event.resourceVersion
                }
                if event.key.resource == ResourceCatalog.replicaSets, event.key.name == first.name,
                   event.resourceVersion > changedAt, oldScaledToZeroAt == nil, event.object.int("spec", "replicas") == 0 {
                    oldScaledToZeroAt = event.resourceVersion
                }
                guard event.key.resource == ResourceCatalog.pods else { continue }
                let owner = event.object.controllerReference?.uid
                if owner == first.uid {
                    if event.kind == .deleted { oldPods.remove(event.key.name) } else { oldPods.insert(event.key.name) }
                } else if owner == second.uid, event.kind == .added, !oldPods.isEmpty {
                    newPodCreatedWithOldPods = true
                }
            }
            #expect(!newPodCreatedWithOldPods)
            let created = try #require(newReplicaSetCreatedAt)
            let scaledDown = try #require(oldScaledToZeroAt)
            #expect(scaledDown < created, "the new ReplicaSet is only created once the old one is scaled down")
        }
    }

    @Test("a paused Deployment does not roll out but still scales; resuming rolls out")
    func paused() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 2))
            try await cluster.rolledOut("web", replicas: 2)
            try cluster.update("web") { $0[path: ["spec", "paused"]] = true }
            try cluster.setImage("web", "nginx:1.26")
            try cluster.update("web") { $0[path: ["spec", "replicas"]] = 3 }
            let paused = try await cluster.eventually("the paused spec observed", deployment: "web") { () -> JSONValue? in
                guard let object = cluster.deployment("web"), object[path: ["status", "observedGeneration"]]?.int == object.generation,
                      object[path: ["status", "availableReplicas"]]?.int == 3 else { return nil }
                return object
            }
            let progressing = try #require(condition(paused, "Progressing"))
            #expect(progressing["status"]?.string == "Unknown")
            #expect(progressing["reason"]?.string == "DeploymentPaused")
            #expect(progressing["message"]?.string == "Deployment is paused")
            #expect(cluster.replicaSets().count == 1, "no new ReplicaSet while paused")
            #expect(cluster.replicaSets().first?.int("spec", "replicas") == 3, "scaling still applies")
            #expect(paused.annotations[DeploymentAnnotation.revision] == "1")

            try cluster.update("web") { $0[path: ["spec", "paused"]] = nil }
            let resumed = try await cluster.rolledOut("web", replicas: 3)
            #expect(resumed.annotations[DeploymentAnnotation.revision] == "2")
            #expect(cluster.replicaSets().count == 2)
        }
    }

    @Test("revisionHistoryLimit deletes the oldest scaled-down ReplicaSets")
    func revisionHistoryLimit() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 1, revisionHistoryLimit: 1))
            try await cluster.rolledOut("web", replicas: 1)
            for (revision, image) in [(2, "nginx:1.26"), (3, "nginx:1.27")] {
                try cluster.setImage("web", image)
                try await cluster.eventually("revision \(revision) rolled out", deployment: "web") {
                    guard let object = cluster.deployment("web") else { return false }
                    return object.annotations[DeploymentAnnotation.revision] == String(revision)
                        && progressingReason(object) == ConditionReason.newReplicaSetAvailable
                }
            }
            try await cluster.eventually("revision 1 cleaned up", deployment: "web") {
                cluster.replicaSets().count == 2
            }
            let revisions = Set(cluster.replicaSets().compactMap { $0.annotations[DeploymentAnnotation.revision] })
            #expect(revisions == ["2", "3"])
        }
    }

    @Test("minReadySeconds delays availability after readiness")
    func minReadySeconds() async throws {
        try await withCluster { cluster in
            // One pod, so "ready" and "available" are one pod's two moments.
            try cluster.create(deploymentFixture(replicas: 1, minReadySeconds: 20))
            try await cluster.rolledOut("web", replicas: 1)
            let replicaSet = try #require(cluster.replicaSets().first)
            #expect(replicaSet.int("spec", "minReadySeconds") == 20)

            // Measured from the pod's own Ready transition (the kubelet's stamp).
            let pod = try #require(cluster.pods(of: replicaSet).first)
            let readyCondition = pod[path: ["status", "conditions"]]?.array?.first { $0["type"]?.string == "Ready" }
            let ready = try #require(Timestamp.parse(readyCondition?["lastTransitionTime"]?.string ?? ""))
            var availableAt: Date?
            for event in await cluster.history() where event.key.resource == ResourceCatalog.deployments {
                let status = event.object["status"]
                if availableAt == nil, status?["availableReplicas"]?.int == 1 {
                    availableAt = Timestamp.parse(condition(event.object, "Available")?["lastTransitionTime"]?.string ?? "")
                }
                if status?["readyReplicas"]?.int == 1, status?["availableReplicas"] == nil {
                    #expect(condition(event.object, "Available")?["status"]?.string == "False",
                            "ready but not yet available is reported as not Available")
                }
            }
            let available = try #require(availableAt)
            // On simulated time the controller acts at the very second the pod becomes available.
            #expect(available.timeIntervalSince(ready) == 20)
        }
    }

    @Test("scaling mid-rollout spreads the change proportionally over the active ReplicaSets")
    func proportionalScaling() async throws {
        let settings = ClusterSettings(imageCatalog: ["nginx:1.25"])
        try await withCluster(settings) { cluster in
            try cluster.create(deploymentFixture(replicas: 10, maxSurge: 3, maxUnavailable: 2))
            try await cluster.rolledOut("web", replicas: 10)
            let first = try #require(cluster.replicaSet(revision: 1))
            try cluster.setImage("web", "nginx:9.9.9")
            // Stalled: the old ReplicaSet at 8 (10 - 2 unavailable), the new at 5 (13 - 8).
            try await cluster.eventually("the rollout to stall at 8 + 5", deployment: "web") {
                let sizes = cluster.replicaSets().map { ($0.uid == first.uid, $0.int("spec", "replicas") ?? 0) }
                return sizes.contains { $0 == (true, 8) } && sizes.contains { $0 == (false, 5) }
                    && cluster.deployment("web")?[path: ["status", "availableReplicas"]]?.int == 8
            }
            try cluster.update("web") { $0[path: ["spec", "replicas"]] = 20 }
            // 23 allowed, 13 present: +10 in proportion to 8 and 5 of 13 → +6 and +4.
            try await cluster.eventually("the scale to be spread 14 + 9", deployment: "web") {
                let sizes = cluster.replicaSets().map { ($0.uid == first.uid, $0.int("spec", "replicas") ?? 0) }
                return sizes.contains { $0 == (true, 14) } && sizes.contains { $0 == (false, 9) }
            }
            let second = try #require(cluster.replicaSet(revision: 2))
            #expect(second.annotations[DeploymentAnnotation.desiredReplicas] == "20")
            #expect(second.annotations[DeploymentAnnotation.maxReplicas] == "23")
        }
    }
}
