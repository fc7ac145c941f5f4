import FerryKube
import Foundation

/// Runs DaemonSets as the upstream controller (pkg/controller/daemon) does, on the
/// cluster's one simulated node: one pod there when the node matches, RollingUpdate
/// (maxUnavailable, maxSurge) and OnDelete, ControllerRevisions named by the
/// template hash, and the status `kubectl rollout status` reads.
final class DaemonSetController: Reconciler {
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
        history = ControllerRevisionHistory(store: store, ownerResource: ResourceCatalog.daemonSets)
    }

    /// syncDaemonSet.
    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let object = store.get(key), let ds = DaemonSetView(object: object, key: key) else { return nil }
        guard let selector = ds.selector, !selector.requirements.isEmpty else {
            try writeStatus(ds, pods: [], hash: "", shouldRun: false)
            return nil
        }
        let revisions = try history.claim(owner: ds.object, selector: selector)
        let (current, old) = try constructHistory(ds, revisions)
        let hash = current.labels[StatefulSetLabel.revision] ?? ""
        var pods = try claimPods(ds, selector: selector)
        let shouldRun = ds.shouldRun(onNodeLabels: nodeLabels())
        var requeue: Duration?
        if !object.isBeingDeleted {
            var sync = DaemonSetSync(controller: self, ds: ds, hash: hash, now: clock.now())
            try sync.manage(pods, shouldRun: shouldRun)
            pods = store.list(ResourceCatalog.pods, namespace: ds.namespace, controlledBy: ds.uid)
            if ds.rollingUpdate != nil, shouldRun {
                try sync.rollingUpdate(pods)
                pods = store.list(ResourceCatalog.pods, namespace: ds.namespace, controlledBy: ds.uid)
            }
            requeue = sync.requeueAfter
            try cleanupHistory(ds, old: old, pods: pods)
        }
        let available = try writeStatus(ds, pods: pods, hash: hash, shouldRun: shouldRun)
        return [requeue, available].compactMap { $0 }.min()
    }

    /// The simulated node's labels: the Node object's when there is one, else those the kubelet registers.
    private func nodeLabels() -> [String: String] {
        if let node = store.get(StoreKey(ResourceCatalog.nodes, namespace: nil, name: nodeName)) { return node.labels }
        return ["kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"]
    }

    /// constructHistory: the revision of today's template (renumbered past the others
    /// when it is an earlier one come back, duplicates removed) and the old ones.
    private func constructHistory(_ ds: DaemonSetView, _ revisions: [JSONValue]) throws -> (JSONValue, [JSONValue]) {
        let data = ControllerRevisionHistory.patch(template: ds.template)
        let matching = revisions.filter { $0["data"]?.semanticallyNormalized() == data.semanticallyNormalized() }
        let old = revisions.filter { revision in !matching.contains { $0.uid == revision.uid } }
        let next = (old.map(ControllerRevisionHistory.number).max() ?? 0) + 1
        guard let keep = matching.last else { return (try snapshot(ds, number: next), old) }
        // dedupCurHistories: the highest-numbered copy stays.
        for duplicate in matching.dropLast() { try history.delete(duplicate) }
        return (try history.renumber(keep, to: max(next, ControllerRevisionHistory.number(keep))), old)
    }

    /// snapshot: a new revision `<ds>-<template hash>`; a name taken by another template
    /// bumps collisionCount and tries again on the next pass.
    private func snapshot(_ ds: DaemonSetView, number: Int64) throws -> JSONValue {
        let hash = PodTemplateHash.compute(ds.template, collisionCount: ds.collisionCount)
        let revision = history.revision(owner: ds.object, name: ControllerRevisionHistory.name(parent: ds.name, hash: hash),
                                        template: ds.template, extraLabels: [StatefulSetLabel.revision: hash], number: number)
        if let created = try history.create(revision) { return created }
        let collisions = (ds.collisionCount ?? 0) + 1
        try store.update(ds.key, uid: ds.uid) { object in object[path: ["status", "collisionCount"]] = .int(collisions) }
        throw ControllerError("controller revision \(revision.name) is taken; collisionCount is now \(collisions)")
    }

    /// The pods this DaemonSet controls, adopting matching orphans, releasing the rest.
    private func claimPods(_ ds: DaemonSetView, selector: LabelSelector) throws -> [JSONValue] {
        var owned: [JSONValue] = []
        for pod in store.list(ResourceCatalog.pods, namespace: ds.namespace, controlledBy: ds.uid) {
            if selector.matches(object: pod) {
                owned.append(pod)
            } else if !ds.object.isBeingDeleted {
                try store.update(podKey(ds, pod.name), uid: pod.uid) { object in
                    object.setOwnerReferences(object.ownerReferences.filter { $0.uid != ds.uid })
                }
            }
        }
        guard !ds.object.isBeingDeleted else { return owned }
        let reference = OwnerReference(controllerOf: ds.object, resource: ResourceCatalog.daemonSets)
        for pod in store.list(ResourceCatalog.pods, namespace: ds.namespace, controlledBy: nil)
        where selector.matches(object: pod) && !pod.isBeingDeleted {
            let adopted = try store.update(podKey(ds, pod.name), uid: pod.uid) { object in
                guard object.controllerReference == nil else { return }
                object.setOwnerReferences(object.ownerReferences + [reference])
            }
            if let adopted, adopted.controllerReference?.uid == ds.uid { owned.append(adopted) }
        }
        return owned
    }

    func podKey(_ ds: DaemonSetView, _ name: String) -> StoreKey {
        StoreKey(ResourceCatalog.pods, namespace: ds.namespace, name: name)
    }

    /// cleanupHistory: old revisions beyond revisionHistoryLimit that no pod uses go, oldest first.
    private func cleanupHistory(_ ds: DaemonSetView, old: [JSONValue], pods: [JSONValue]) throws {
        let excess = old.count - Int(ds.revisionHistoryLimit)
        guard excess > 0 else { return }
        let live = Set(pods.compactMap { $0.labels[StatefulSetLabel.revision] })
        var removed = 0
        for revision in old.sorted(by: ControllerRevisionHistory.olderFirst) where removed < excess {
            if live.contains(revision.labels[StatefulSetLabel.revision] ?? "") { continue }
            try history.delete(revision)
            removed += 1
        }
    }

    /// updateDaemonSetStatus for the one node. Returns when a Ready pod becomes available.
    @discardableResult
    private func writeStatus(_ ds: DaemonSetView, pods: [JSONValue], hash: String, shouldRun: Bool) throws -> Duration? {
        let now = clock.now()
        let onNode = pods.filter { ($0[path: ["spec", "nodeName"]]?.string ?? nodeName) == nodeName }
            .sorted(by: JSONValue.daemonPodOrder)
        var desired: Int64 = 0, scheduled: Int64 = 0, misscheduled: Int64 = 0
        var ready: Int64 = 0, available: Int64 = 0, updated: Int64 = 0
        var nextAvailable: Duration?
        if shouldRun {
            desired = 1
            if let pod = onNode.first {
                scheduled = 1
                if PodState.isReady(pod) {
                    ready = 1
                    if PodState.isAvailable(pod, minReadySeconds: ds.minReadySeconds, now: now) {
                        available = 1
                    } else if let since = PodState.readySince(pod) {
                        let wait = since.addingTimeInterval(TimeInterval(ds.minReadySeconds)).timeIntervalSince(now)
                        nextAvailable = .seconds(max(wait, 0) + 0.05)
                    }
                }
                if ds.isUpdated(pod, hash: hash) { updated = 1 }
            }
        } else if !onNode.isEmpty {
            misscheduled = 1
        }
        // The four counts of scheduling are always present; the others are omitempty.
        var status: [String: JSONValue] = [
            "currentNumberScheduled": .int(scheduled), "desiredNumberScheduled": .int(desired),
            "numberMisscheduled": .int(misscheduled), "numberReady": .int(ready),
        ]
        if ds.generation > 0 { status["observedGeneration"] = .int(ds.generation) }
        if available > 0 { status["numberAvailable"] = .int(available) }
        if desired - available > 0 { status["numberUnavailable"] = .int(desired - available) }
        if updated > 0 { status["updatedNumberScheduled"] = .int(updated) }
        try store.update(ds.key, uid: ds.uid) { object in
            for field in ["collisionCount", "conditions"] {
                if let value = object[path: ["status", field]] { status[field] = value }
            }
            if let observed = object.int("status", "observedGeneration"), observed > ds.generation {
                status["observedGeneration"] = .int(observed)
            }
            object["status"] = .object(status)
        }
        return nextAvailable
    }
}
