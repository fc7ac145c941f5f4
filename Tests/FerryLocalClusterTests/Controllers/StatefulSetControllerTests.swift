import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("StatefulSet controller")
struct StatefulSetControllerTests {
    @Test("OrderedReady creates web-0, web-1, web-2 in turn, each once the one before is Ready, with identity and claims")
    func orderedCreation() async throws {
        try await withCluster { cluster in
            try cluster.create(statefulSetFixture(claims: ["www"]), ResourceCatalog.statefulSets)
            let set = try await cluster.statefulSetRolledOut(replicas: 3)
            var ready: Set<String> = []
            var created: [String] = []
            for event in await cluster.history() where event.key.resource == ResourceCatalog.pods {
                if event.kind == .added {
                    if let ordinal = Int(event.key.name.dropFirst("web-".count)), ordinal > 0 {
                        #expect(ready.contains("web-\(ordinal - 1)"), "\(event.key.name) created before web-\(ordinal - 1) was Ready")
                    }
                    created.append(event.key.name)
                }
                if PodState.isReady(event.object) { ready.insert(event.key.name) }
            }
            #expect(created == ["web-0", "web-1", "web-2"])

            let status = try #require(set["status"])
            let revision = try #require(status["updateRevision"]?.string)
            #expect(revision.hasPrefix("web-"))
            #expect(status["currentReplicas"]?.int == 3)
            #expect(status["availableReplicas"]?.int == 3)
            #expect(status["collisionCount"]?.int == 0)
            let pod = try #require(cluster.pod("web-1"))
            #expect(pod.labels["controller-revision-hash"] == revision)
            #expect(pod.labels["statefulset.kubernetes.io/pod-name"] == "web-1")
            #expect(pod.labels["apps.kubernetes.io/pod-index"] == "1")
            #expect(pod.controllerReference?.kind == "StatefulSet")
            #expect(pod.controllerReference?.uid == set.uid)
            #expect(pod[path: ["spec", "hostname"]] == "web-1")
            #expect(pod[path: ["spec", "subdomain"]] == "web")
            #expect(pod[path: ["spec", "volumes"]]?.array?.first == ["name": "www", "persistentVolumeClaim": ["claimName": "www-web-1"]])
            let claim = try #require(cluster.store.get(StoreKey(ResourceCatalog.persistentVolumeClaims, namespace: "default", name: "www-web-1")))
            #expect(claim.labels["app"] == "web")
            #expect(claim[path: ["spec", "resources", "requests", "storage"]] == "1Gi")

            let revisions = cluster.controllerRevisions()
            #expect(revisions.map(\.name) == [revision])
            #expect(revisions.first?["revision"] == 1)
            #expect(revisions.first?.controllerReference?.uid == set.uid)
            #expect(revisions.first?[path: ["data", "spec", "template", "$patch"]] == "replace")

            let events = cluster.store.list(ResourceCatalog.events, namespace: "default").items.compactMap { $0["message"]?.string }
            #expect(events.contains("create Pod web-0 in StatefulSet web successful"))
            #expect(events.contains("create Claim www-web-0 Pod web-0 in StatefulSet web success"))

            // Scaling down removes the highest ordinal first.
            try cluster.change(ResourceCatalog.statefulSets, "web") { $0[path: ["spec", "replicas"]] = 1 }
            try await cluster.statefulSetRolledOut(replicas: 1)
            try await cluster.eventually("web-1 and web-2 gone") { cluster.pods().count == 1 }
            let deleted = await cluster.history().filter { $0.kind == .deleted && $0.key.resource == ResourceCatalog.pods }
            #expect(deleted.map(\.key.name) == ["web-2", "web-1"])
            #expect(cluster.pod("web-0") != nil)
            // Gracefully, one at a time: each pod is Terminating until the kubelet has
            // stopped it, and web-1 starts terminating only once web-2 is gone.
            var steps: [String] = []
            for event in await cluster.history() where event.key.resource == ResourceCatalog.pods && event.key.name != "web-0" {
                let step = event.kind == .deleted ? "\(event.key.name) deleted"
                    : event.object.isBeingDeleted ? "\(event.key.name) terminating" : nil
                if let step, steps.last != step { steps.append(step) }
            }
            #expect(steps == ["web-2 terminating", "web-2 deleted", "web-1 terminating", "web-1 deleted"])
        }
    }

    @Test("Parallel creates every pod without waiting")
    func parallelCreation() async throws {
        try await withCluster(ClusterSettings(imageCatalog: [])) { cluster in
            // No image exists, so no pod ever becomes Ready; all three are created anyway.
            try cluster.create(statefulSetFixture(parallel: true), ResourceCatalog.statefulSets)
            try await cluster.eventually("three pods") { cluster.pods().count == 3 }
            #expect(Set(cluster.pods().map(\.name)) == ["web-0", "web-1", "web-2"])
            #expect(cluster.pods().allSatisfy { !PodState.isReady($0) })
        }
    }

    @Test("a rolling update replaces pods from the highest ordinal down, one at a time; the partition keeps lower ordinals")
    func rollingUpdateWithPartition() async throws {
        try await withCluster { cluster in
            try cluster.create(statefulSetFixture(partition: 1), ResourceCatalog.statefulSets)
            let first = try await cluster.statefulSetRolledOut(replicas: 3)
            let oldRevision = try #require(first[path: ["status", "currentRevision"]]?.string)
            let start = cluster.store.resourceVersion
            try cluster.setImage(ResourceCatalog.statefulSets, "web", "nginx:1.26")
            let partitioned = try await cluster.eventually("two pods updated") {
                cluster.statefulSet().filter { $0[path: ["status", "updatedReplicas"]] == 2 && $0[path: ["status", "readyReplicas"]] == 3 }
            }
            let newRevision = try #require(partitioned[path: ["status", "updateRevision"]]?.string)
            #expect(newRevision != oldRevision)
            #expect(partitioned[path: ["status", "currentRevision"]]?.string == oldRevision)
            #expect(partitioned[path: ["status", "currentReplicas"]] == 1)
            #expect(image(cluster.pod("web-0")) == "nginx:1.25")
            #expect(image(cluster.pod("web-1")) == "nginx:1.26")
            #expect(image(cluster.pod("web-2")) == "nginx:1.26")

            // web-2 went first, and web-1 only after the new web-2 was Ready.
            var order: [String] = []
            var newWeb2Ready = false
            for event in await cluster.history() where event.resourceVersion > start && event.key.resource == ResourceCatalog.pods {
                if event.kind == .deleted {
                    order.append(event.key.name)
                    if event.key.name == "web-1" { #expect(newWeb2Ready, "web-1 was deleted before the new web-2 was Ready") }
                }
                if event.key.name == "web-2", image(event.object) == "nginx:1.26", PodState.isReady(event.object) { newWeb2Ready = true }
            }
            #expect(order == ["web-2", "web-1"])

            // Lifting the partition finishes the rollout and makes the new revision current.
            try cluster.change(ResourceCatalog.statefulSets, "web") {
                $0[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]] = 0
            }
            let done = try await cluster.statefulSetRolledOut(replicas: 3)
            #expect(done[path: ["status", "currentRevision"]]?.string == newRevision)
            #expect(image(cluster.pod("web-0")) == "nginx:1.26")
        }
    }

    @Test("returning to an earlier template re-uses its ControllerRevision with the next number")
    func revisionReuse() async throws {
        try await withCluster { cluster in
            try cluster.create(statefulSetFixture(replicas: 2), ResourceCatalog.statefulSets)
            let first = try await cluster.statefulSetRolledOut(replicas: 2)
            let original = try #require(first[path: ["status", "updateRevision"]]?.string)
            try cluster.setImage(ResourceCatalog.statefulSets, "web", "nginx:1.26")
            let second = try await cluster.statefulSetRolledOut(replicas: 2)
            #expect(second[path: ["status", "updateRevision"]]?.string != original)
            try cluster.setImage(ResourceCatalog.statefulSets, "web", "nginx:1.25")
            let third = try await cluster.statefulSetRolledOut(replicas: 2)
            #expect(third[path: ["status", "updateRevision"]]?.string == original)
            let revisions = cluster.controllerRevisions()
            #expect(revisions.count == 2)
            #expect(revisions.last?.name == original)
            #expect(revisions.map { $0["revision"]?.int } == [2, 3])
            #expect(image(cluster.pod("web-0")) == "nginx:1.25")
        }
    }

    @Test("revisions beyond revisionHistoryLimit that no pod uses are deleted, oldest first")
    func historyLimit() async throws {
        try await withCluster { cluster in
            try cluster.create(statefulSetFixture(replicas: 1, revisionHistoryLimit: 2), ResourceCatalog.statefulSets)
            try await cluster.statefulSetRolledOut(replicas: 1)
            for minor in 26...29 {
                try cluster.setImage(ResourceCatalog.statefulSets, "web", "nginx:1.\(minor)")
                try await cluster.statefulSetRolledOut(replicas: 1)
            }
            try await cluster.eventually("history truncated") { cluster.controllerRevisions().count == 3 }
            #expect(cluster.controllerRevisions().map { $0["revision"]?.int } == [3, 4, 5])
        }
    }

    @Test("a missing image stalls the rolling update at the highest ordinal, as on a real cluster")
    func stalledRollout() async throws {
        try await withCluster(ClusterSettings(imageCatalog: ["nginx:1.25"])) { cluster in
            try cluster.create(statefulSetFixture(), ResourceCatalog.statefulSets)
            try await cluster.statefulSetRolledOut(replicas: 3)
            try cluster.setImage(ResourceCatalog.statefulSets, "web", "nginx:404")
            try await cluster.eventually("web-2 in ImagePullBackOff") {
                let pod = cluster.pod("web-2")
                return image(pod) == "nginx:404"
                    && pod?[path: ["status", "containerStatuses"]]?.array?.first?[path: ["state", "waiting", "reason"]] == "ImagePullBackOff"
            }
            // The controller saw web-2 unhealthy; web-1 is never touched.
            let set = try #require(cluster.statefulSet())
            #expect(image(cluster.pod("web-1")) == "nginx:1.25")
            #expect(set[path: ["status", "readyReplicas"]] == 2)
            #expect(set[path: ["status", "updatedReplicas"]] == 1)
            #expect(set[path: ["status", "currentReplicas"]] == 2)
            #expect(set[path: ["status", "currentRevision"]] != set[path: ["status", "updateRevision"]])
            let deleted = await cluster.history().filter { $0.kind == .deleted && $0.key.resource == ResourceCatalog.pods }
            #expect(deleted.map(\.key.name) == ["web-2"])
        }
    }

    @Test("OnDelete leaves running pods alone; a deleted pod comes back at the update revision")
    func onDelete() async throws {
        try await withCluster { cluster in
            try cluster.create(statefulSetFixture(replicas: 2, onDelete: true), ResourceCatalog.statefulSets)
            try await cluster.eventually("two ready") { cluster.statefulSet()?[path: ["status", "readyReplicas"]] == 2 }
            try cluster.setImage(ResourceCatalog.statefulSets, "web", "nginx:1.26")
            try await cluster.eventually("new revision observed") {
                cluster.statefulSet().map { $0[path: ["status", "observedGeneration"]]?.int == $0.generation } ?? false
            }
            #expect(image(cluster.pod("web-0")) == "nginx:1.25")
            let old = try #require(cluster.pod("web-0"))
            try cluster.store.delete(StoreKey(ResourceCatalog.pods, namespace: "default", name: "web-0"), uid: old.uid)
            try await cluster.eventually("web-0 recreated at the new image") { image(cluster.pod("web-0")) == "nginx:1.26" }
            #expect(image(cluster.pod("web-1")) == "nginx:1.25")
        }
    }
}
