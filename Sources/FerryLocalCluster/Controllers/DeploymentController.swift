import FerryKube
import Foundation

/// Rolls Deployments out through ReplicaSets with the semantics of the upstream
/// deployment controller (pkg/controller/deployment): one ReplicaSet per pod template,
/// revisions, rolling and recreate strategies, proportional scaling, pausing,
/// history cleanup and the Available/Progressing conditions.
final class DeploymentController: Reconciler {
    let store: ObjectStore
    let clock: ClusterClock
    let events: EventRecorder

    init(store: ObjectStore, clock: ClusterClock, events: EventRecorder) {
        self.store = store
        self.clock = clock
        self.events = events
    }

    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let object = store.get(key), let deployment = DeploymentView(object: object, key: key) else { return nil }
        var sync = DeploymentSync(store: store, clock: clock, events: events, d: deployment)
        try sync.run()
        return sync.requeueAfter
    }
}

/// One pass of the controller over one Deployment. `d` is the controller's working
/// copy: its status and revision annotation are changed in memory as upstream changes
/// its copy, and written once at the end (``flush()``).
struct DeploymentSync {
    let store: ObjectStore
    let clock: ClusterClock
    let events: EventRecorder
    var d: DeploymentView
    var requeueAfter: Duration?

    mutating func requeue(after delay: Duration) {
        requeueAfter = min(requeueAfter ?? delay, delay)
    }

    /// syncDeployment.
    mutating func run() throws {
        guard let selector = d.selector, !d.selectsEverything else {
            // A selector matching everything (or nothing parseable): upstream refuses to
            // act, but still records that it saw the generation.
            d.status.observedGeneration = max(d.status.observedGeneration, d.generation)
            try flush()
            return
        }
        let replicaSets = try claimReplicaSets(selector)
        // Upstream reads ReplicaSet status from an informer cache and can act on a status
        // older than the spec it just wrote (scaling an old ReplicaSet down twice). Here
        // the ReplicaSet controller reacts within milliseconds, so the sync simply waits
        // for it: its status write, which always follows (it records the generation),
        // requeues this Deployment through its owner reference, so no timer is needed.
        if replicaSets.contains(where: { !$0.isBeingDeleted && $0.observedGeneration < $0.generation }) {
            return
        }
        if d.isBeingDeleted {
            try syncStatusOnly(replicaSets)
        } else {
            checkPausedConditions()
            if d.paused {
                try syncScaling(replicaSets)
            } else if try isScalingEvent(replicaSets) {
                try syncScaling(replicaSets)
            } else if d.strategy == .recreate {
                try rolloutRecreate(replicaSets)
            } else {
                try rolloutRolling(replicaSets)
            }
        }
        try flush()
    }

    /// Writes the working status and revision annotation; observedGeneration never goes
    /// backwards. As upstream compares its new status with the one it read, nothing is
    /// sent when both equal what was read: a write since then requeues the Deployment,
    /// and the next pass writes against that.
    func flush() throws {
        let revision = d.annotations[DeploymentAnnotation.revision]
        let json = Self.statusJSON(d.status, over: d.object)
        guard Self.writes(json, revision: revision, over: d.object) else { return }
        let status = d.status
        let readGeneration = d.object.int("status", "observedGeneration")
        try store.update(d.key, uid: d.uid) { object in
            // (Built afresh only when the stored observedGeneration moved since the read.)
            let stored = object.int("status", "observedGeneration")
            object["status"] = stored == readGeneration ? json : Self.statusJSON(status, over: object)
            if let revision { object.setMetadataEntry("annotations", DeploymentAnnotation.revision, revision) }
        }
    }

    /// `status` as ``flush()`` writes it over `object`: observedGeneration never goes backwards.
    static func statusJSON(_ status: DeploymentStatus, over object: JSONValue) -> JSONValue {
        var status = status
        status.observedGeneration = max(status.observedGeneration, object.int("status", "observedGeneration") ?? 0)
        return status.json
    }

    /// Whether ``flush()``'s change would alter `object`: its status JSON (with the
    /// stored observedGeneration kept when larger) or its revision annotation.
    static func writes(_ status: DeploymentStatus, revision: String?, over object: JSONValue) -> Bool {
        writes(statusJSON(status, over: object), revision: revision, over: object)
    }

    private static func writes(_ json: JSONValue, revision: String?, over object: JSONValue) -> Bool {
        if let revision, object[path: ["metadata", "annotations", DeploymentAnnotation.revision]] != .string(revision) {
            return true
        }
        return object["status"] != json
    }

    // MARK: - ReplicaSets of the Deployment

    /// getReplicaSetsForDeployment / ClaimReplicaSets: the ReplicaSets this Deployment
    /// controls, adopting matching orphans and releasing owned ones that stopped matching.
    /// Only this Deployment's ReplicaSets and the orphans are read (the store indexes
    /// them by controller), so a namespace of thousands costs nothing extra.
    mutating func claimReplicaSets(_ selector: LabelSelector) throws -> [ReplicaSetView] {
        var owned: [ReplicaSetView] = []
        for object in store.list(ResourceCatalog.replicaSets, namespace: d.namespace, controlledBy: d.uid) {
            guard let replicaSet = ReplicaSetView(object: object) else { continue }
            if selector.matches(replicaSet.labels) {
                owned.append(replicaSet)
            } else if !d.isBeingDeleted {
                try store.update(replicaSet.key, uid: replicaSet.uid) { object in
                    object.setOwnerReferences(object.ownerReferences.filter { $0.uid != d.uid })
                }
            }
        }
        for object in store.list(ResourceCatalog.replicaSets, namespace: d.namespace, controlledBy: nil) {
            guard !d.isBeingDeleted, selector.matches(object.labels), let replicaSet = ReplicaSetView(object: object),
                  !replicaSet.isBeingDeleted else { continue }
            let reference = OwnerReference(controllerOf: d.object, resource: ResourceCatalog.deployments)
            let adopted = try store.update(replicaSet.key, uid: replicaSet.uid) { object in
                guard object.controllerReference == nil else { return }
                object.setOwnerReferences(object.ownerReferences + [reference])
            }
            if let adopted, adopted.controllerReference?.uid == d.uid, let view = ReplicaSetView(object: adopted) {
                owned.append(view)
            }
        }
        return owned
    }

    /// getAllReplicaSetsAndSyncRevision: the ReplicaSet of the current template (created
    /// when `create` and missing) and all the others, with revisions brought up to date.
    mutating func replicaSets(_ list: [ReplicaSetView], create: Bool) throws -> (new: ReplicaSetView?, old: [ReplicaSetView]) {
        // FindNewReplicaSet: the oldest whose template matches; FindOldReplicaSets: the rest.
        let existing = list.sorted(by: ReplicaSetView.olderFirst).first { $0.templateIdentity == d.templateIdentity }
        let old = list.filter { $0.uid != existing?.uid }
        let new = try newReplicaSet(existing: existing, old: old, create: create)
        return (new, old)
    }

    /// getNewReplicaSet.
    private mutating func newReplicaSet(existing: ReplicaSetView?, old: [ReplicaSetView], create: Bool) throws -> ReplicaSetView? {
        let newRevision = String((old.map(\.revision).max() ?? 0) + 1)
        if var replicaSet = existing {
            // Re-activated or current: sync the annotations (revision bump with history
            // on a rollback, copied Deployment annotations) and minReadySeconds.
            let annotations = newReplicaSetAnnotations(replicaSet.annotations, newRevision: newRevision, exists: true)
            if annotations != replicaSet.annotations || replicaSet.minReadySeconds != d.minReadySeconds {
                let minReadySeconds = d.minReadySeconds
                replicaSet = try update(replicaSet) { object in
                    for (key, value) in annotations where object.annotations[key] != value {
                        object.setMetadataEntry("annotations", key, value)
                    }
                    if minReadySeconds > 0 {
                        object[path: ["spec", "minReadySeconds"]] = .int(minReadySeconds)
                    } else if object[path: ["spec", "minReadySeconds"]] != nil {
                        object[path: ["spec", "minReadySeconds"]] = nil
                    }
                }
            }
            if let revision = replicaSet.annotations[DeploymentAnnotation.revision] { setRevision(revision) }
            if d.progressDeadlineSeconds != nil, d.status.condition(ConditionType.progressing) == nil {
                d.status.setCondition(condition(.progressing, "True", ConditionReason.foundNewReplicaSet,
                                                "Found new replica set \"\(replicaSet.name)\""))
            }
            return replicaSet
        }
        guard create else { return nil }
        return try createReplicaSet(old: old, newRevision: newRevision)
    }

    /// The creating half of getNewReplicaSet.
    private mutating func createReplicaSet(old: [ReplicaSetView], newRevision: String) throws -> ReplicaSetView {
        let hash = PodTemplateHash.compute(identity: d.templateIdentity, collisionCount: d.status.collisionCount)
        let template = PodTemplateHash.labeled(d.template, hash: hash)
        var selector = d.selectorJSON
        selector[path: ["matchLabels", PodTemplateHash.label]] = .string(hash)
        let name = "\(d.name)-\(hash)"
        let replicas = newReplicaSetReplicas(currentPodCount: old.specReplicas, newReplicas: 0)
        var object: JSONValue = [
            "apiVersion": .string(ResourceCatalog.replicaSets.apiVersion),
            "kind": .string(ResourceCatalog.replicaSets.kind),
            "metadata": ["name": .string(name), "namespace": .string(d.namespace)],
            "spec": ["replicas": .int(replicas), "selector": selector, "template": template],
            "status": ["replicas": 0],
        ]
        object.setMetadataMap("labels", template[path: ["metadata", "labels"]]?.object ?? [:])
        object.setOwnerReferences([OwnerReference(controllerOf: d.object, resource: ResourceCatalog.deployments)])
        object.setMetadataMap("annotations", newReplicaSetAnnotations([:], newRevision: newRevision, exists: false)
            .mapValues(JSONValue.string))
        if d.minReadySeconds > 0 { object[path: ["spec", "minReadySeconds"]] = .int(d.minReadySeconds) }

        guard store.namespaceAcceptsCreates(d.namespace) else {
            throw ControllerError("namespace \(d.namespace) is not accepting new objects")
        }
        let key = StoreKey(ResourceCatalog.replicaSets, namespace: d.namespace, name: name)
        var alreadyExists = false
        let result = try store.write(key) { current in
            alreadyExists = current != nil
            return current ?? object
        }
        if !alreadyExists, let stored = result.object, let uid = stored.uid {
            TemplateIdentityCache.shared.remember(d.templateIdentity, uid: uid, generation: stored.generation)
        }
        guard let stored = result.object, let created = ReplicaSetView(object: stored) else {
            throw ControllerError("replica set \(key) vanished while being created")
        }
        if alreadyExists {
            // Ours and for this template: a lagging view, use it. Anything else is a hash
            // collision: bump collisionCount so the next pass computes another name.
            guard created.controllerReference?.uid == d.uid, created.templateIdentity == d.templateIdentity else {
                d.status.collisionCount = (d.status.collisionCount ?? 0) + 1
                try flush()
                throw ControllerError("replica set name \(name) is taken; collisionCount is now \(d.status.collisionCount ?? 0)")
            }
        } else if replicas > 0 {
            events.record(d.object, resource: ResourceCatalog.deployments, reason: "ScalingReplicaSet",
                          message: "Scaled up replica set \(name) from 0 to \(replicas)", component: "deployment-controller")
        }
        setRevision(newRevision)
        if !alreadyExists, d.progressDeadlineSeconds != nil {
            d.status.setCondition(condition(.progressing, "True", ConditionReason.newReplicaSetCreated,
                                            "Created new replica set \"\(name)\""))
        }
        return created
    }

    /// deploymentutil.SetNewReplicaSetAnnotations, returning the annotations to have.
    func newReplicaSetAnnotations(_ current: [String: String], newRevision: String, exists: Bool) -> [String: String] {
        var annotations = current
        // copyDeploymentAnnotationsToReplicaSet: everything but the controller's own keys.
        for (key, value) in d.annotations where !DeploymentAnnotation.notCopied.contains(key) {
            annotations[key] = value
        }
        let oldRevision = annotations[DeploymentAnnotation.revision]
        var oldNumber: Int64 = 0
        if let oldRevision, !oldRevision.isEmpty {
            guard let number = Int64(oldRevision) else { return annotations }
            oldNumber = number
        }
        if oldNumber < Int64(newRevision) ?? 0 {
            annotations[DeploymentAnnotation.revision] = newRevision
            // A ReplicaSet that already had a revision is being rolled back to: keep
            // its old numbers in revision-history, bounded to 2000 characters.
            if let oldRevision, !oldRevision.isEmpty {
                let history = annotations[DeploymentAnnotation.revisionHistory] ?? ""
                if history.isEmpty {
                    annotations[DeploymentAnnotation.revisionHistory] = oldRevision
                } else {
                    let parts = history.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    var length = history.count + oldRevision.count + 1
                    var start = 0
                    while length > DeploymentAnnotation.maxRevisionHistoryLength, start < parts.count {
                        length -= parts[start].count + 1
                        start += 1
                    }
                    if length <= DeploymentAnnotation.maxRevisionHistoryLength {
                        annotations[DeploymentAnnotation.revisionHistory] = (parts[start...] + [oldRevision]).joined(separator: ",")
                    }
                }
            }
        }
        if !exists {
            annotations[DeploymentAnnotation.desiredReplicas] = String(d.replicas)
            annotations[DeploymentAnnotation.maxReplicas] = String(d.replicas + d.maxSurge)
        }
        return annotations
    }

    /// deploymentutil.SetDeploymentRevision.
    mutating func setRevision(_ revision: String) {
        d.annotations[DeploymentAnnotation.revision] = revision
    }

    // MARK: - Scaling a ReplicaSet

    /// scaleReplicaSetAndRecordEvent.
    mutating func scaleAndRecord(_ replicaSet: ReplicaSetView, to count: Int64) throws -> (scaled: Bool, replicaSet: ReplicaSetView) {
        guard replicaSet.replicas != count else { return (false, replicaSet) }
        return try scale(replicaSet, to: count, operation: replicaSet.replicas < count ? "up" : "down")
    }

    /// scaleReplicaSet: sets the size and the desired/max annotations the proportional
    /// scaler reads back.
    mutating func scale(_ replicaSet: ReplicaSetView, to count: Int64, operation: String) throws -> (scaled: Bool, replicaSet: ReplicaSetView) {
        let desired = String(d.replicas)
        let maximum = String(d.replicas + d.maxSurge)
        let sizeChanges = replicaSet.replicas != count
        let annotationsChange = replicaSet.annotations[DeploymentAnnotation.desiredReplicas] != desired
            || replicaSet.annotations[DeploymentAnnotation.maxReplicas] != maximum
        guard sizeChanges || annotationsChange else { return (false, replicaSet) }
        let updated = try update(replicaSet) { object in
            object[path: ["spec", "replicas"]] = .int(count)
            object.setMetadataEntry("annotations", DeploymentAnnotation.desiredReplicas, desired)
            object.setMetadataEntry("annotations", DeploymentAnnotation.maxReplicas, maximum)
        }
        if sizeChanges {
            events.record(d.object, resource: ResourceCatalog.deployments, reason: "ScalingReplicaSet",
                          message: "Scaled \(operation) replica set \(replicaSet.name) from \(replicaSet.replicas) to \(count)",
                          component: "deployment-controller")
        }
        return (sizeChanges, updated)
    }

    /// Applies `change` to the stored ReplicaSet and returns what was stored.
    func update(_ replicaSet: ReplicaSetView, _ change: (inout JSONValue) -> Void) throws -> ReplicaSetView {
        guard let object = try store.update(replicaSet.key, uid: replicaSet.uid, change),
              let view = ReplicaSetView(object: object)
        else { throw ControllerError("replica set \(replicaSet.key) was deleted while being updated") }
        return view
    }

    /// deploymentutil.NewRSNewReplicas: how far the new ReplicaSet may grow now.
    func newReplicaSetReplicas(currentPodCount: Int64, newReplicas: Int64) -> Int64 {
        guard d.isRollingUpdate else { return d.replicas }
        let maxTotalPods = d.replicas + d.maxSurge
        if currentPodCount >= maxTotalPods { return newReplicas }
        let scaleUpCount = min(maxTotalPods - currentPodCount, d.replicas - newReplicas)
        return newReplicas + scaleUpCount
    }
}

extension Array where Element == ReplicaSetView {
    /// The list with `replicaSet` in place of the element with its uid.
    func replacing(_ replicaSet: ReplicaSetView) -> [ReplicaSetView] {
        map { $0.uid == replicaSet.uid ? replicaSet : $0 }
    }
}
