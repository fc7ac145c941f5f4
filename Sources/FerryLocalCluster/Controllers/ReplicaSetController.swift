import FerryKube
import Foundation

/// Keeps each ReplicaSet's pods at `spec.replicas` and reports their state, as the
/// upstream ReplicaSet controller (pkg/controller/replicaset) does.
final class ReplicaSetController: Reconciler {
    let store: ObjectStore
    let clock: ClusterClock
    let events: EventRecorder
    let nodeName: String

    init(store: ObjectStore, clock: ClusterClock, events: EventRecorder, nodeName: String) {
        self.store = store
        self.clock = clock
        self.events = events
        self.nodeName = nodeName
    }

    /// syncReplicaSet.
    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let replicaSet = store.get(key), let uid = replicaSet.uid, !replicaSet.isBeingDeleted else { return nil }
        let desired = max(0, replicaSet.int("spec", "replicas") ?? 1)
        var active: [JSONValue] = []
        // A malformed or empty selector manages no pods; the status still records the
        // generation so that an owning Deployment does not wait on it.
        // A template its own selector does not match (which validation rejects) would
        // make pods the ReplicaSet never counts, and so endless new ones.
        if let selector = try? LabelSelector(json: replicaSet[path: ["spec", "selector"]] ?? .object([:])),
           !selector.requirements.isEmpty,
           selector.matches(JSONValue.stringMap(replicaSet[path: ["spec", "template", "metadata", "labels"]])) {
            active = try claimPods(replicaSet, uid: uid, selector: selector).filter(PodState.isActive)
            let difference = active.count - Int(desired)
            if difference < 0 {
                active += try createPods(-difference, for: replicaSet)
            } else if difference > 0 {
                let doomed = active.sorted(by: Self.deletesFirst).prefix(difference)
                for pod in doomed {
                    let podKey = StoreKey(ResourceCatalog.pods, namespace: key.namespace, name: pod.name)
                    if try store.delete(podKey, uid: pod.uid) {
                        events.record(replicaSet, resource: ResourceCatalog.replicaSets, reason: "SuccessfulDelete",
                                      message: "Deleted pod: \(pod.name)", component: "replicaset-controller")
                    }
                }
                let removed = Set(doomed.compactMap(\.uid))
                active.removeAll { $0.uid.map(removed.contains) ?? false }
            }
        }
        return try writeStatus(replicaSet, uid: uid, pods: active)
    }

    /// ClaimPods: the pods this ReplicaSet controls, adopting matching orphans and
    /// releasing owned pods whose labels no longer match.
    private func claimPods(_ replicaSet: JSONValue, uid: String, selector: LabelSelector) throws -> [JSONValue] {
        var owned: [JSONValue] = []
        for pod in store.list(ResourceCatalog.pods, namespace: replicaSet.namespace, controlledBy: uid) {
            if selector.matches(object: pod) {
                owned.append(pod)
            } else {
                let podKey = StoreKey(ResourceCatalog.pods, namespace: replicaSet.namespace, name: pod.name)
                try store.update(podKey, uid: pod.uid) { object in
                    object.setOwnerReferences(object.ownerReferences.filter { $0.uid != uid })
                }
            }
        }
        for pod in store.list(ResourceCatalog.pods, namespace: replicaSet.namespace, controlledBy: nil) {
            guard selector.matches(object: pod), !pod.isBeingDeleted else { continue }
            let podKey = StoreKey(ResourceCatalog.pods, namespace: replicaSet.namespace, name: pod.name)
            let reference = OwnerReference(controllerOf: replicaSet, resource: ResourceCatalog.replicaSets)
            let adopted = try store.update(podKey, uid: pod.uid) { object in
                guard object.controllerReference == nil else { return }
                object.setOwnerReferences(object.ownerReferences + [reference])
            }
            if let adopted, adopted.controllerReference?.uid == uid { owned.append(adopted) }
        }
        return owned
    }

    /// manageReplicas' creating half: pods from the template, named by the API
    /// server's generateName rule (`<replicaset>-<5 safe characters>`).
    private func createPods(_ count: Int, for replicaSet: JSONValue) throws -> [JSONValue] {
        let namespace = replicaSet.namespace
        // The API server refuses creates in a terminating namespace; so do we.
        guard store.namespaceAcceptsCreates(namespace) else { return [] }
        let template = ReplicaSetController.pod(from: replicaSet, nodeName: nodeName)
        // names.SimpleNameGenerator: the prefix is cut to leave room for the suffix.
        let prefix = String(template[path: ["metadata", "generateName"]]?.string?.prefix(58) ?? "")
        var created: [JSONValue] = []
        for _ in 0..<count {
            for _ in 0..<8 {
                let name = prefix + PodTemplateHash.randomSuffix()
                var pod = template
                pod[path: ["metadata", "name"]] = .string(name)
                guard let stored = try store.create(StoreKey(ResourceCatalog.pods, namespace: namespace, name: name), pod) else {
                    continue
                }
                created.append(stored)
                events.record(replicaSet, resource: ResourceCatalog.replicaSets, reason: "SuccessfulCreate",
                              message: "Created pod: \(name)", component: "replicaset-controller")
                break
            }
        }
        return created
    }

    /// calculateStatus, written when it changed. Returns when to look again: the
    /// moment the first Ready pod will have been Ready for minReadySeconds.
    private func writeStatus(_ replicaSet: JSONValue, uid: String, pods: [JSONValue]) throws -> Duration? {
        let now = clock.now()
        let minReadySeconds = replicaSet.int("spec", "minReadySeconds") ?? 0
        let templateLabels = JSONValue.stringMap(replicaSet[path: ["spec", "template", "metadata", "labels"]])
        var fullyLabeled: Int64 = 0, ready: Int64 = 0, available: Int64 = 0
        var nextAvailable: TimeInterval?
        for pod in pods {
            let labels = pod.labels
            if templateLabels.allSatisfy({ labels[$0.key] == $0.value }) { fullyLabeled += 1 }
            guard PodState.isReady(pod) else { continue }
            ready += 1
            if PodState.isAvailable(pod, minReadySeconds: minReadySeconds, now: now) {
                available += 1
            } else if let since = PodState.readySince(pod) {
                let wait = since.addingTimeInterval(TimeInterval(minReadySeconds)).timeIntervalSince(now)
                nextAvailable = min(nextAvailable ?? wait, wait)
            }
        }
        // `replicas` is always present in the API's JSON; the other counters are omitempty.
        var status: [String: JSONValue] = ["replicas": .int(Int64(pods.count))]
        if fullyLabeled > 0 { status["fullyLabeledReplicas"] = .int(fullyLabeled) }
        if ready > 0 { status["readyReplicas"] = .int(ready) }
        if available > 0 { status["availableReplicas"] = .int(available) }
        // The generation is the one of the spec this pass acted on.
        func observed(_ object: JSONValue) -> [String: JSONValue] {
            var status = status
            status["observedGeneration"] = .int(max(object.int("status", "observedGeneration") ?? 0, replicaSet.generation))
            return status
        }
        // updateReplicaSetStatus: a status equal to the one read is not sent (a write
        // since the read requeues this ReplicaSet).
        if replicaSet["status"] != .object(observed(replicaSet)) {
            let key = StoreKey(ResourceCatalog.replicaSets, namespace: replicaSet.namespace, name: replicaSet.name)
            try store.update(key, uid: uid) { object in object["status"] = .object(observed(object)) }
        }
        // Availability is judged strictly after the instant: look just past it.
        return nextAvailable.map { .seconds(max($0, 0) + 0.05) }
    }

    /// controller.ActivePodsWithRanks' order (all pods share the one node, so ranks
    /// tie): unscheduled, pending, not ready, cheaper to delete, ready for less time,
    /// restarted more, then newer pods go first. Exact timestamps stand in for the
    /// logarithmic buckets of LogarithmicScaleDown; the name breaks remaining ties.
    static func deletesFirst(_ left: JSONValue, _ right: JSONValue) -> Bool {
        let leftAssigned = !(left[path: ["spec", "nodeName"]]?.string ?? "").isEmpty
        let rightAssigned = !(right[path: ["spec", "nodeName"]]?.string ?? "").isEmpty
        if leftAssigned != rightAssigned { return !leftAssigned }
        let leftPhase = phaseOrdinal(left), rightPhase = phaseOrdinal(right)
        if leftPhase != rightPhase { return leftPhase < rightPhase }
        let leftReady = PodState.isReady(left), rightReady = PodState.isReady(right)
        if leftReady != rightReady { return !leftReady }
        let leftCost = deletionCost(left), rightCost = deletionCost(right)
        if leftCost != rightCost { return leftCost < rightCost }
        if leftReady, rightReady {
            let leftSince = PodState.readySince(left), rightSince = PodState.readySince(right)
            if leftSince != rightSince { return afterOrZero(leftSince, rightSince) }
        }
        let leftRestarts = PodState.maxRestarts(left), rightRestarts = PodState.maxRestarts(right)
        if leftRestarts != rightRestarts { return leftRestarts > rightRestarts }
        let leftCreated = left.creationDate, rightCreated = right.creationDate
        if leftCreated != rightCreated { return afterOrZero(leftCreated, rightCreated) }
        return left.name > right.name
    }

    /// podPhaseToOrdinal: Pending (and unknown phases) < Unknown < Running.
    private static func phaseOrdinal(_ pod: JSONValue) -> Int {
        switch PodState.phase(pod) {
        case "Unknown": return 1
        case "Running": return 2
        default: return 0
        }
    }

    /// controller.kubernetes.io/pod-deletion-cost: lower goes first.
    private static func deletionCost(_ pod: JSONValue) -> Int64 {
        pod.annotations["controller.kubernetes.io/pod-deletion-cost"].flatMap { Int64($0) } ?? 0
    }

    /// afterOrZero: a missing time first, then the later time.
    private static func afterOrZero(_ left: Date?, _ right: Date?) -> Bool {
        guard let left, let right else { return left == nil }
        return left > right
    }
}
