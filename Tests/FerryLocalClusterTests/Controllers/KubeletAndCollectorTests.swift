import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("Kubelet, garbage collector and namespaces")
struct KubeletAndCollectorTests {
    @Test("a missing image gives ErrImagePull then ImagePullBackOff; the rollout stalls and exceeds its deadline")
    func missingImageStallsRollout() async throws {
        let settings = ClusterSettings(imageCatalog: ["docker.io/library/nginx:1.25"], imagePullBackOffDelay: .seconds(1),
                                       imagePullBackOffPeriod: .seconds(2))
        try await withCluster(settings) { cluster in
            try cluster.create(deploymentFixture(replicas: 4, progressDeadlineSeconds: 60))
            try await cluster.rolledOut("web", replicas: 4)
            try cluster.setImage("web", "spark:9.9.9")
            let timedOut = try await cluster.eventually("ProgressDeadlineExceeded", deployment: "web") {
                cluster.deployment("web").filter { progressingReason($0) == "ProgressDeadlineExceeded" }
            }
            let second = try #require(cluster.replicaSet(revision: 2))
            let progressing = try #require(condition(timedOut, "Progressing"))
            #expect(progressing["status"]?.string == "False")
            #expect(progressing["message"]?.string == "ReplicaSet \"\(second.name)\" has timed out progressing.")
            // 25% of 4: one pod may be missing and one extra: 3 old + 2 new, stuck.
            let status = try #require(timedOut["status"])
            #expect(status["updatedReplicas"]?.int == 2)
            #expect(status["availableReplicas"]?.int == 3)
            #expect(status["replicas"]?.int == 5)
            #expect(condition(timedOut, "Available")?["status"]?.string == "True")

            for pod in cluster.pods(of: second) {
                #expect(PodState.phase(pod) == "Pending")
                #expect(!PodState.isReady(pod))
            }
            // Each pod's waiting reasons, in order. The kubelet keeps pulling after the deadline
            // has passed; the cluster runs on until two full cycles are seen.
            let cycle = ["ContainerCreating", "ErrImagePull", "ImagePullBackOff", "ErrImagePull", "ImagePullBackOff"]
            func observed() async -> (reasons: [String: [String]], messages: Set<String>) {
                var reasons: [String: [String]] = [:]
                var messages: Set<String> = []
                for event in await cluster.history() where event.key.resource == ResourceCatalog.pods {
                    guard event.object.controllerReference?.uid == second.uid,
                          let waiting = event.object[path: ["status", "containerStatuses"]]?.array?.first?[path: ["state", "waiting"]],
                          let reason = waiting["reason"]?.string else { continue }
                    if reasons[event.key.name]?.last != reason { reasons[event.key.name, default: []].append(reason) }
                    if let message = waiting["message"]?.string { messages.insert(message) }
                }
                return (reasons, messages)
            }
            func remaining(_ sequence: [String]) -> ArraySlice<String> {
                // In this order.
                var expected = cycle[...]
                for reason in sequence where reason == expected.first { expected = expected.dropFirst() }
                return expected
            }
            let limit = cluster.time.now.addingTimeInterval(600)
            var seen = await observed()
            while cluster.time.now < limit, seen.reasons.count < 2 || seen.reasons.values.contains(where: { !remaining($0).isEmpty }) {
                try await cluster.advance(by: .seconds(1))
                seen = await observed()
            }
            let (reasons, messages) = seen
            #expect(reasons.count == 2)
            for (pod, sequence) in reasons {
                #expect(remaining(sequence).isEmpty, "\(pod): \(sequence)")
                #expect(Set(sequence).isSubset(of: ["ContainerCreating", "ErrImagePull", "ImagePullBackOff"]), "\(pod): \(sequence)")
            }
            #expect(messages.contains("Back-off pulling image \"spark:9.9.9\""))
            #expect(messages.contains { $0.contains("failed to pull and unpack image \"docker.io/library/spark:9.9.9\"") })
        }
    }

    @Test("deleting a Deployment garbage-collects its ReplicaSets and pods")
    func garbageCollection() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 2))
            try cluster.create(deploymentFixture("other", replicas: 1))
            try await cluster.rolledOut("web", replicas: 2)
            try await cluster.rolledOut("other", replicas: 1)
            try cluster.store.write(StoreKey(ResourceCatalog.deployments, namespace: "default", name: "web")) { _ in nil }
            try await cluster.eventually("the ReplicaSets and pods of web to be gone") {
                cluster.replicaSets().count == 1 && cluster.pods().count == 1
            }
            #expect(cluster.replicaSets().first?.name.hasPrefix("other-") == true)
            #expect(cluster.pods().first?.name.hasPrefix("other-") == true)
        }
    }

    @Test("a dependent whose owner vanished before it was indexed is still collected")
    func danglingDependent() async throws {
        try await withCluster { cluster in
            let orphan: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": ["name": "leftover", "namespace": "default", "ownerReferences": [
                    ["apiVersion": "apps/v1", "kind": "Deployment", "name": "gone", "uid": "no-such-uid", "controller": true],
                ]],
            ]
            try cluster.create(orphan, ResourceCatalog.configMaps)
            try await cluster.eventually("the dangling ConfigMap to be deleted") {
                cluster.store.list(ResourceCatalog.configMaps, namespace: "default").items.isEmpty
            }
        }
    }

    @Test("deleting a namespace empties it and then removes it; new namespaces become Active")
    func namespaceDeletion() async throws {
        try await withCluster(namespaces: ["default", "doomed"]) { cluster in
            try cluster.create(deploymentFixture(namespace: "doomed", replicas: 2))
            try cluster.create(deploymentFixture(replicas: 1))
            let config: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "doomed"]]
            try cluster.create(config, ResourceCatalog.configMaps)
            try await cluster.rolledOut("web", replicas: 2, namespace: "doomed")
            try await cluster.rolledOut("web", replicas: 1)
            let key = StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "doomed")
            #expect(cluster.store.get(key)?[path: ["status", "phase"]]?.string == "Active")

            try cluster.store.write(key) { current in
                var object = current
                object?[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.format(cluster.clock.now()))
                object?[path: ["status", "phase"]] = "Terminating"
                return object
            }
            try await cluster.eventually("namespace doomed to be removed") { cluster.store.get(key) == nil }
            for resource in ResourceCatalog.all where resource.namespaced {
                #expect(cluster.store.list(resource, namespace: "doomed").items.isEmpty, "\(resource) left behind")
            }
            #expect(cluster.pods(namespace: "default").count == 1)
            #expect(cluster.deployment("web") != nil)
        }
    }

    @Test("the kubelet timeline: ContainerCreating, then running, or alternating pull errors with doubling back-off")
    func kubeletStages() throws {
        let store = try ObjectStore(path: nil)
        let settings = ClusterSettings(podStartDelay: .seconds(1), imageCatalog: ["nginx:1.25"], imagePullBackOffDelay: .seconds(2),
                                       imagePullBackOffPeriod: .seconds(10), imagePullBackOffLimit: .seconds(40))
        let kubelet = Kubelet(store: store, clock: .system, settings: settings, events: EventRecorder(store: store, clock: .system, enabled: false))
        let good: JSONValue = ["spec": ["containers": [["name": "a", "image": "docker.io/library/nginx:1.25"]]]]
        let bad: JSONValue = ["spec": ["containers": [["name": "a", "image": "nginx:1.25"], ["name": "b", "image": "spark:9"]]]]
        #expect(kubelet.stage(of: good, elapsed: 0.5).0 == Kubelet.Stage.creating)
        #expect(kubelet.stage(of: good, elapsed: 1.5).0 == Kubelet.Stage.running(restarts: 0, since: 1))
        #expect(kubelet.stage(of: good, elapsed: 1.5).1 == nil)
        // 1 s start, then ErrImagePull 2 s, back-off 10 s, ErrImagePull 2 s, back-off 20 s, 2 s, 40 s, 2 s, 40 s...
        let expectations: [(TimeInterval, Kubelet.PullFailure)] = [
            (1.5, .errImagePull), (3.5, .backOff), (12.9, .backOff), (13.5, .errImagePull), (15.5, .backOff),
            (35.5, .errImagePull), (37.5, .backOff), (77.5, .errImagePull), (79.5, .backOff), (119.5, .errImagePull),
            (35 + 10_000 * 42 + 0.5, .errImagePull), (35 + 10_000 * 42 + 2.5, .backOff),
        ]
        for (elapsed, expected) in expectations {
            guard case .pullFailed(let failure, _) = kubelet.stage(of: bad, elapsed: elapsed).0 else {
                Issue.record("at \(elapsed) s: no failed pull")
                continue
            }
            #expect(failure == expected, "at \(elapsed) s")
        }
        let (_, next) = kubelet.stage(of: bad, elapsed: 3.5)
        #expect(next == .seconds(9.5))
    }

    @Test("pod status for a partly pullable pod: the good container runs, the pod stays Pending and unready")
    func partialPodStatus() throws {
        let store = try ObjectStore(path: nil)
        let settings = ClusterSettings(imageCatalog: ["nginx:1.25"])
        let kubelet = Kubelet(store: store, clock: .system, settings: settings, events: EventRecorder(store: store, clock: .system, enabled: false))
        let pod: JSONValue = [
            "metadata": ["name": "p", "uid": "u1"],
            "spec": ["containers": [["name": "a", "image": "nginx:1.25"], ["name": "b", "image": "spark:9"]]],
        ]
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let status = kubelet.status(of: pod, stage: .pullFailed(.backOff, attempt: 0), now: now, origin: now)
        #expect(status["phase"]?.string == "Pending")
        let statuses = try #require(status["containerStatuses"]?.array)
        #expect(statuses[0]["ready"]?.bool == true)
        #expect(statuses[1][path: ["state", "waiting", "reason"]]?.string == "ImagePullBackOff")
        var pending = pod
        pending["status"] = status
        #expect(!PodState.isReady(pending))
        let ready = status["conditions"]?.array?.first { $0["type"]?.string == "Ready" }
        #expect(ready?["message"]?.string == "containers with unready status: [b]")
        // Reporting the same stage later changes nothing.
        #expect(kubelet.status(of: pending, stage: .pullFailed(.backOff, attempt: 0), now: now.addingTimeInterval(5), origin: now) == status)
    }

    @Test("a ReplicaSet whose selector does not match its template creates no pods but records its generation")
    func mismatchedTemplate() async throws {
        try await withCluster { cluster in
            let replicaSet: JSONValue = [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": ["name": "odd", "namespace": "default"],
                "spec": [
                    "replicas": 2, "selector": ["matchLabels": ["app": "one"]],
                    "template": ["metadata": ["labels": ["app": "other"]], "spec": ["containers": [container("nginx:1.25")]]],
                ],
            ]
            try cluster.create(replicaSet, ResourceCatalog.replicaSets)
            try await cluster.eventually("the ReplicaSet status") {
                cluster.replicaSets().first?.int("status", "observedGeneration") == 1
            }
            #expect(cluster.pods().isEmpty)
            #expect(cluster.replicaSets().first?["status"] == ["replicas": 0, "observedGeneration": 1])
        }
    }

    @Test("Events older than the TTL are expired")
    func eventExpiry() throws {
        let clock = SimulatedTime().clock
        let store = try ObjectStore(path: nil, clock: clock.now)
        try store.write(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "default")) { _ in
            ["metadata": ["name": "default"]]
        }
        let recorder = EventRecorder(store: store, clock: clock, enabled: true)
        let subject: JSONValue = ["metadata": ["name": "web", "namespace": "default", "uid": "u"]]
        recorder.record(subject, resource: ResourceCatalog.deployments, reason: "ScalingReplicaSet", message: "new",
                        component: "deployment-controller")
        let stale = Timestamp.format(clock.now().addingTimeInterval(-7200))
        try store.write(StoreKey(ResourceCatalog.events, namespace: "default", name: "web.old")) { _ in
            ["metadata": ["name": "web.old", "namespace": "default"], "lastTimestamp": .string(stale), "message": "old"]
        }
        #expect(store.list(ResourceCatalog.events, namespace: "default").items.count == 2)
        try recorder.sweep(ttl: .seconds(3600))
        let left = store.list(ResourceCatalog.events, namespace: "default").items
        #expect(left.map { $0["message"]?.string } == ["new"])
        #expect(left.first?[path: ["involvedObject", "kind"]] == "Deployment")
        #expect(left.first?["reason"] == "ScalingReplicaSet")
    }
}
