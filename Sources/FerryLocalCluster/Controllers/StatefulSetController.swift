import FerryKube
import Foundation

/// Runs StatefulSets as the upstream controller (pkg/controller/statefulset) does:
/// pods with stable names `<set>-<ordinal>` created in order (or in parallel),
/// rolling updates from the highest ordinal down above the partition, OnDelete,
/// persistent volume claims from the claim templates, revision history through
/// ControllerRevisions, and the status `kubectl rollout status` reads.
final class StatefulSetController: Reconciler {
    let store: ObjectStore
    let clock: ClusterClock
    let events: EventRecorder
    let nodeName: String
    let history: ControllerRevisionHistory

    init(store: ObjectStore, clock: ClusterClock, events: EventRecorder, nodeName: String) {
        self.store = store
        self.clock = clock
        self.events = events
        self.nodeName = nodeName
        history = ControllerRevisionHistory(store: store, ownerResource: ResourceCatalog.statefulSets)
    }

    /// sync: claim pods and revisions, act, then report.
    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let object = store.get(key), let set = StatefulSetView(object: object, key: key) else { return nil }
        // A selector that selects everything or cannot be parsed: upstream refuses to act.
        guard let selector = set.selector, !selector.requirements.isEmpty else {
            try writeStatus(set, ["replicas": 0, "availableReplicas": 0, "observedGeneration": .int(set.generation)])
            return nil
        }
        let pods = try claimPods(set, selector: selector)
        var revisions = try history.claim(owner: set.object, selector: selector)
        var collisionCount = set.collisionCount
        let (current, update) = try self.revisions(set, &revisions, collisionCount: &collisionCount)
        var sync = StatefulSetSync(controller: self, set: set, current: current, update: update, now: clock.now())
        if !object.isBeingDeleted { try sync.run(pods) }
        let after = try finish(set, current: current, update: update, collisionCount: collisionCount)
        try truncateHistory(set, revisions: revisions, current: current, update: update)
        return [after, sync.requeueAfter].compactMap { $0 }.min()
    }

    /// getStatefulSetRevisions: the current revision (the one status names, else the
    /// update revision) and the update revision of today's template, re-using and
    /// renumbering an earlier revision with the same template (a rollback) or creating one.
    private func revisions(_ set: StatefulSetView, _ revisions: inout [JSONValue], collisionCount: inout Int64)
        throws -> (current: JSONValue, update: JSONValue)
    {
        let next = (revisions.map(ControllerRevisionHistory.number).max() ?? 0) + 1
        var candidate = newRevision(set, number: next, collisionCount: collisionCount)
        let equal = revisions.filter { ControllerRevisionHistory.equal($0, candidate) }
        let update: JSONValue
        if let latest = revisions.last, let match = equal.last, match.uid == latest.uid {
            update = latest
        } else if let match = equal.last {
            update = try history.renumber(match, to: next)
            revisions = revisions.map { $0.uid == update.uid ? update : $0 }.sorted(by: ControllerRevisionHistory.olderFirst)
        } else {
            // CreateControllerRevision: on a name taken by other data, count the collision and hash again.
            while true {
                if let created = try history.create(candidate) {
                    update = created
                    break
                }
                collisionCount += 1
                candidate = newRevision(set, number: next, collisionCount: collisionCount)
            }
            revisions = (revisions.filter { $0.uid != update.uid } + [update]).sorted(by: ControllerRevisionHistory.olderFirst)
        }
        let current = revisions.first { $0.name == set.currentRevisionName } ?? update
        return (current, update)
    }

    /// newRevision: the template's patch, named `<set>-<hash>`, labelled with the hash.
    private func newRevision(_ set: StatefulSetView, number: Int64, collisionCount: Int64) -> JSONValue {
        let data = ControllerRevisionHistory.patch(template: set.template)
        let hash = ControllerRevisionHistory.hash(data: data, collisionCount: collisionCount)
        return history.revision(owner: set.object, name: ControllerRevisionHistory.name(parent: set.name, hash: hash),
                                template: set.template, extraLabels: [ControllerRevisionHistory.hashLabel: hash],
                                number: number)
    }

    /// getPodsForStatefulSet: owned pods that still match (by selector and name),
    /// matching orphans adopted, the others released.
    private func claimPods(_ set: StatefulSetView, selector: LabelSelector) throws -> [JSONValue] {
        let belongs = { (pod: JSONValue) in selector.matches(object: pod) && set.ordinal(of: pod) != nil }
        var owned: [JSONValue] = []
        for pod in store.list(ResourceCatalog.pods, namespace: set.namespace, controlledBy: set.uid) {
            if belongs(pod) {
                owned.append(pod)
            } else if !set.object.isBeingDeleted {
                try store.update(podKey(set, pod.name), uid: pod.uid) { object in
                    object.setOwnerReferences(object.ownerReferences.filter { $0.uid != set.uid })
                }
            }
        }
        guard !set.object.isBeingDeleted else { return owned }
        let reference = OwnerReference(controllerOf: set.object, resource: ResourceCatalog.statefulSets)
        for pod in store.list(ResourceCatalog.pods, namespace: set.namespace, controlledBy: nil)
        where belongs(pod) && !pod.isBeingDeleted {
            let adopted = try store.update(podKey(set, pod.name), uid: pod.uid) { object in
                guard object.controllerReference == nil else { return }
                object.setOwnerReferences(object.ownerReferences + [reference])
            }
            if let adopted, adopted.controllerReference?.uid == set.uid { owned.append(adopted) }
        }
        return owned
    }

    func podKey(_ set: StatefulSetView, _ name: String) -> StoreKey {
        StoreKey(ResourceCatalog.pods, namespace: set.namespace, name: name)
    }

    /// updateStatefulSetStatus: counters from the pods as they are now, and
    /// completeRollingUpdate (a finished rolling update makes the update revision current).
    /// Returns when an unavailable Ready pod becomes available.
    private func finish(_ set: StatefulSetView, current: JSONValue, update: JSONValue, collisionCount: Int64) throws -> Duration? {
        let now = clock.now()
        var replicas: Int64 = 0, ready: Int64 = 0, available: Int64 = 0, currentCount: Int64 = 0, updated: Int64 = 0
        var nextAvailable: TimeInterval?
        for pod in store.list(ResourceCatalog.pods, namespace: set.namespace, controlledBy: set.uid) where set.ordinal(of: pod) != nil {
            if StatefulPod.isCreated(pod) { replicas += 1 }
            if StatefulPod.isRunningAndReady(pod) {
                ready += 1
                if StatefulPod.isRunningAndAvailable(pod, minReadySeconds: set.minReadySeconds, now: now) {
                    available += 1
                } else if let since = PodState.readySince(pod) {
                    let wait = since.addingTimeInterval(TimeInterval(set.minReadySeconds)).timeIntervalSince(now)
                    nextAvailable = min(nextAvailable ?? wait, wait)
                }
            }
            if StatefulPod.isCreated(pod), !StatefulPod.isTerminating(pod) {
                if StatefulPod.revision(pod) == current.name { currentCount += 1 }
                if StatefulPod.revision(pod) == update.name { updated += 1 }
            }
        }
        var currentRevision = current.name
        if case .rollingUpdate = set.strategy, updated == replicas, ready == replicas {
            currentCount = updated
            currentRevision = update.name
        }
        // replicas and availableReplicas are never omitted; the rest are omitempty.
        var status: [String: JSONValue] = [
            "replicas": .int(replicas), "availableReplicas": .int(available), "collisionCount": .int(collisionCount),
            "currentRevision": .string(currentRevision), "updateRevision": .string(update.name),
        ]
        if set.generation > 0 { status["observedGeneration"] = .int(set.generation) }
        if ready > 0 { status["readyReplicas"] = .int(ready) }
        if currentCount > 0 { status["currentReplicas"] = .int(currentCount) }
        if updated > 0 { status["updatedReplicas"] = .int(updated) }
        try writeStatus(set, status)
        return nextAvailable.map { .seconds(max($0, 0) + 0.05) }
    }

    private func writeStatus(_ set: StatefulSetView, _ status: [String: JSONValue]) throws {
        try store.update(set.key, uid: set.uid) { object in
            var status = status
            if let observed = object.int("status", "observedGeneration"), observed > status["observedGeneration"]?.int ?? 0 {
                status["observedGeneration"] = .int(observed)
            }
            // Keep the conditions others may have written.
            if let conditions = object[path: ["status", "conditions"]] { status["conditions"] = conditions }
            object["status"] = .object(status)
        }
    }

    /// truncateHistory: beyond revisionHistoryLimit, the oldest revisions no live pod
    /// uses (and neither current nor update) are deleted.
    private func truncateHistory(_ set: StatefulSetView, revisions: [JSONValue], current: JSONValue, update: JSONValue) throws {
        var live: Set<String> = [current.name, update.name]
        for pod in store.list(ResourceCatalog.pods, namespace: set.namespace, controlledBy: set.uid) {
            live.insert(StatefulPod.revision(pod))
        }
        let old = revisions.filter { !live.contains($0.name) }
        let excess = old.count - Int(set.revisionHistoryLimit)
        guard excess > 0 else { return }
        for revision in old.prefix(excess) { try history.delete(revision) }
    }
}
