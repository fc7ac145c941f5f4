import FerryKube
import Foundation

/// One pass of the DaemonSet controller's pod management over the one node:
/// podsShouldBeOnNode (manage) and the rolling update (update.go).
struct DaemonSetSync {
    let controller: DaemonSetController
    let ds: DaemonSetView
    /// The current revision's template hash.
    let hash: String
    let now: Date
    private(set) var requeueAfter: Duration?

    init(controller: DaemonSetController, ds: DaemonSetView, hash: String, now: Date) {
        self.controller = controller
        self.ds = ds
        self.hash = hash
        self.now = now
    }

    private var nodeName: String { controller.nodeName }

    /// manage: pods on other nodes go; on this node a failed pod is replaced, a missing
    /// one created, and extra ones deleted (with surge, an old Ready pod may stay beside
    /// the new one until that is available).
    mutating func manage(_ pods: [JSONValue], shouldRun: Bool) throws {
        var onNode: [JSONValue] = []
        for pod in pods {
            if let bound = pod[path: ["spec", "nodeName"]]?.string, !bound.isEmpty, bound != nodeName {
                try delete(pod)
            } else {
                onNode.append(pod)
            }
        }
        guard shouldRun else {
            for pod in onNode where !pod.isBeingDeleted { try delete(pod) }
            return
        }
        var running: [JSONValue] = []
        for pod in onNode where !pod.isBeingDeleted {
            if PodState.phase(pod) == "Failed" {
                try delete(pod)
            } else {
                running.append(pod)
            }
        }
        running.sort(by: JSONValue.daemonPodOrder)
        if running.isEmpty {
            try create()
            return
        }
        guard running.count > 1 else { return }
        guard ds.fenceposts(desired: 1).surge > 0 else {
            for pod in running.dropFirst() { try delete(pod) }
            return
        }
        var oldestNew: JSONValue?, oldestOld: JSONValue?
        for pod in running {
            if pod.labels[StatefulSetLabel.revision] == hash {
                if oldestNew == nil { oldestNew = pod; continue }
            } else if oldestOld == nil {
                oldestOld = pod
                continue
            }
            try delete(pod)
        }
        if let oldestNew, let oldestOld {
            if !PodState.isReady(oldestOld) || PodState.isAvailable(oldestNew, minReadySeconds: ds.minReadySeconds, now: now) {
                try delete(oldestOld)
            }
        }
    }

    /// rollingUpdate for the one node: without surge, the old pod is deleted when
    /// unavailable or when the budget allows (manage then creates the new one); with
    /// surge, the new pod is created beside the old, which goes once the new is available.
    mutating func rollingUpdate(_ pods: [JSONValue]) throws {
        let live = pods.filter { !$0.isBeingDeleted }
        let new = live.filter { ds.isUpdated($0, hash: hash) }
        let old = live.filter { !ds.isUpdated($0, hash: hash) }
        // findUpdatedPodsOnNode: more than one of a kind is manage's to fix first.
        guard new.count <= 1, old.count <= 1, let oldPod = old.first else { return }
        let (maxSurge, maxUnavailable) = ds.fenceposts(desired: 1)
        let oldAvailable = PodState.isAvailable(oldPod, minReadySeconds: ds.minReadySeconds, now: now)
        if maxSurge == 0 {
            if new.first != nil { return }
            if !oldAvailable || maxUnavailable > 0 { try delete(oldPod) }
            return
        }
        guard let newPod = new.first else {
            try create()
            return
        }
        if PodState.isAvailable(newPod, minReadySeconds: ds.minReadySeconds, now: now) {
            try delete(oldPod)
        } else if let since = PodState.readySince(newPod) {
            let wait = since.addingTimeInterval(TimeInterval(ds.minReadySeconds)).timeIntervalSince(now)
            let delay = Duration.seconds(max(wait, 0) + 0.05)
            requeueAfter = min(requeueAfter ?? delay, delay)
        }
    }

    private func create() throws {
        let namespace = ds.namespace
        guard controller.store.namespaceAcceptsCreates(namespace) else {
            throw ControllerError("namespace \(namespace) is not accepting new objects")
        }
        let template = pod()
        let prefix = String((ds.name + "-").prefix(58))
        for _ in 0..<8 {
            let name = prefix + PodTemplateHash.randomSuffix()
            var pod = template
            pod[path: ["metadata", "name"]] = .string(name)
            guard try controller.store.create(controller.podKey(ds, name), pod) != nil else { continue }
            record("SuccessfulCreate", "Created pod: \(name)")
            return
        }
    }

    /// Deletes a pod gracefully, as the controller's DELETE does: a running pod is
    /// `Terminating` (and no longer counted) until the kubelet has stopped it.
    private func delete(_ pod: JSONValue) throws {
        guard try controller.store.deletePodGracefully(controller.podKey(ds, pod.name), pod: pod, now: now) else { return }
        record("SuccessfulDelete", "Deleted pod: \(pod.name)")
    }

    /// The daemon pod: the template with the hash and generation labels, the node
    /// affinity and tolerations the controller adds (AddOrUpdateDaemonPodTolerations),
    /// a controller reference, bound to the node.
    private func pod() -> JSONValue {
        let template = ds.template
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["generateName": .string(ds.name + "-"), "namespace": .string(ds.namespace)],
        ]
        var labels = template[path: ["metadata", "labels"]]?.object ?? [:]
        labels[StatefulSetLabel.revision] = .string(hash)
        labels[DaemonSetView.templateGenerationLabel] = .string(String(ds.generation))
        pod.setMetadataMap("labels", labels)
        pod.setMetadataMap("annotations", template[path: ["metadata", "annotations"]]?.object ?? [:])
        pod.setOwnerReferences([OwnerReference(controllerOf: ds.object, resource: ResourceCatalog.daemonSets)])
        var spec = template["spec"]?.object != nil ? template["spec"]! : .object([:])
        spec[path: ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]] = [
            "nodeSelectorTerms": [["matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(nodeName)]]]]],
        ]
        var tolerations = spec["tolerations"]?.array ?? []
        let added: [(String, String)] = [
            ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
            ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
            ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule"),
        ]
        for (key, effect) in added where !tolerations.contains(where: { $0["key"]?.string == key }) {
            tolerations.append(["key": .string(key), "operator": "Exists", "effect": .string(effect)])
        }
        spec["tolerations"] = .array(tolerations)
        spec = ReplicaSetController.defaultedPodSpec(spec)
        spec["nodeName"] = .string(nodeName)
        pod["spec"] = spec
        pod["status"] = ["phase": "Pending", "qosClass": .string(PodState.qosClass(spec))]
        return pod
    }

    private func record(_ reason: String, _ message: String) {
        controller.events.record(ds.object, resource: ResourceCatalog.daemonSets, reason: reason, message: message,
                                 component: "daemonset-controller")
    }
}
