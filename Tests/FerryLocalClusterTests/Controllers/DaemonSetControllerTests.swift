import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("DaemonSet controller")
struct DaemonSetControllerTests {
    /// The DaemonSet once its one pod is updated and available.
    private func rolledOut(_ cluster: TestCluster) async throws -> JSONValue {
        try await cluster.eventually("agent rolled out") {
            cluster.daemonSet().filter { ds in
                let status = ds["status"] ?? [:]
                return status["observedGeneration"]?.int == ds.generation && status["desiredNumberScheduled"] == 1
                    && status["updatedNumberScheduled"] == 1 && status["numberAvailable"] == 1
                    && cluster.pods().count == 1
            }
        }
    }

    @Test("one pod on the node, labelled with the revision hash and template generation; a rolling update replaces it")
    func rollout() async throws {
        try await withCluster { cluster in
            try cluster.create(daemonSetFixture(), ResourceCatalog.daemonSets)
            let ds = try await rolledOut(cluster)
            let status = try #require(ds["status"])
            #expect(status["currentNumberScheduled"] == 1)
            #expect(status["numberReady"] == 1)
            #expect(status["numberMisscheduled"] == 0)
            #expect(status["numberUnavailable"] == nil)
            let pod = try #require(cluster.pods().first)
            #expect(pod.name.hasPrefix("agent-"))
            #expect(pod.controllerReference?.uid == ds.uid)
            #expect(pod[path: ["spec", "nodeName"]] == "ferry-local")
            #expect(pod.labels["pod-template-generation"] == "1")
            let revisions = cluster.controllerRevisions()
            #expect(revisions.count == 1)
            #expect(revisions.first?.labels["controller-revision-hash"] == pod.labels["controller-revision-hash"])
            #expect(revisions.first?.name == "agent-" + (pod.labels["controller-revision-hash"] ?? ""))

            let start = cluster.store.resourceVersion
            try cluster.setImage(ResourceCatalog.daemonSets, "agent", "nginx:1.26")
            try await cluster.eventually("the new pod") {
                image(cluster.pods().first) == "nginx:1.26" && cluster.pods().count == 1
            }
            try await rolledOut(cluster)
            let updated = try #require(cluster.pods().first)
            #expect(updated.labels["pod-template-generation"] == "2")
            #expect(cluster.controllerRevisions().map { $0["revision"]?.int } == [1, 2])
            // maxUnavailable 1, maxSurge 0: the old pod is deleted (gracefully: it is
            // Terminating until the kubelet has stopped it) before the new one is created.
            var steps: [String] = []
            for event in await cluster.history() where event.resourceVersion > start && event.key.resource == ResourceCatalog.pods {
                let step = event.kind == .added ? "added" : event.kind == .deleted ? "deleted" : event.object.isBeingDeleted ? "terminating" : nil
                if let step, steps.last != step { steps.append(step) }
            }
            #expect(steps == ["terminating", "added", "deleted"] || steps == ["terminating", "deleted", "added"], "\(steps)")
        }
    }

    @Test("with maxSurge the new pod starts beside the old one, which goes once the new one is available")
    func surge() async throws {
        try await withCluster { cluster in
            try cluster.create(daemonSetFixture(maxSurge: 1, maxUnavailable: 0), ResourceCatalog.daemonSets)
            try await rolledOut(cluster)
            let start = cluster.store.resourceVersion
            try cluster.setImage(ResourceCatalog.daemonSets, "agent", "nginx:1.26")
            try await cluster.eventually("surged and settled") {
                image(cluster.pods().first) == "nginx:1.26" && cluster.pods().count == 1
            }
            var newReady = false
            var order: [StoreEvent.Kind] = []
            for event in await cluster.history() where event.resourceVersion > start && event.key.resource == ResourceCatalog.pods {
                if event.kind != .modified { order.append(event.kind) }
                if event.kind == .deleted { #expect(newReady, "the old pod went before the new one was Ready") }
                if image(event.object) == "nginx:1.26", PodState.isReady(event.object) { newReady = true }
            }
            #expect(order == [.added, .deleted])
        }
    }

    @Test("a node selector the node does not match schedules nothing; a missing image leaves the pod unavailable")
    func desiredAndUnavailable() async throws {
        try await withCluster(ClusterSettings(imageCatalog: ["nginx:1.25"])) { cluster in
            try cluster.create(daemonSetFixture("gpu", nodeSelector: ["gpu": "true"]), ResourceCatalog.daemonSets)
            let gpu = try await cluster.eventually("gpu observed") {
                cluster.daemonSet("gpu").filter { $0[path: ["status", "observedGeneration"]] == 1 }
            }
            #expect(gpu[path: ["status", "desiredNumberScheduled"]] == 0)
            #expect(cluster.pods().isEmpty)

            try cluster.create(daemonSetFixture(image: "nginx:404"), ResourceCatalog.daemonSets)
            let stalled = try await cluster.eventually("pull failing") {
                cluster.daemonSet().filter { _ in
                    cluster.pods().first?[path: ["status", "containerStatuses"]]?.array?.first?[path: ["state", "waiting", "reason"]]
                        == "ErrImagePull"
                }
            }
            #expect(stalled[path: ["status", "numberUnavailable"]] == 1)
            #expect(stalled[path: ["status", "numberAvailable"]] == nil)
            #expect(stalled[path: ["status", "currentNumberScheduled"]] == 1)
        }
    }
}
