import FerryKube
import Foundation

extension JobController {
    /// trackJobStatusAndRemoveFinalizers: newly terminated pods (a pod being deleted
    /// counts as failed, as podReplacementPolicy TerminatingOrFailed has it) go into
    /// `uncountedTerminatedPods`, lose the tracking finalizer, and then into the
    /// counters. `pods` is updated to what the store holds after.
    func track(_ job: JSONValue, key: StoreKey, pods: inout [JSONValue]) throws -> JobCounts {
        let status = job["status"]
        var counts = JobCounts(
            succeeded: status?["succeeded"]?.int ?? 0, failed: status?["failed"]?.int ?? 0,
            uncountedSucceeded: Set((status?[path: ["uncountedTerminatedPods", "succeeded"]]?.array ?? []).compactMap(\.string)),
            uncountedFailed: Set((status?[path: ["uncountedTerminatedPods", "failed"]]?.array ?? []).compactMap(\.string)))
        var added = false
        for pod in pods where JobState.hasTrackingFinalizer(pod) {
            guard let uid = pod.uid, !counts.uncountedSucceeded.contains(uid), !counts.uncountedFailed.contains(uid) else { continue }
            if PodState.phase(pod) == "Succeeded" {
                counts.uncountedSucceeded.insert(uid)
                added = true
            } else if PodState.phase(pod) == "Failed" || pod.isBeingDeleted {
                counts.uncountedFailed.insert(uid)
                added = true
            }
        }
        if added {
            // Recorded before the finalizers go, so no pod is lost between the two writes.
            let uncounted = JobStatus(status, counts: counts).json["uncountedTerminatedPods"] ?? [:]
            try store.update(key, uid: job.uid) { $0[path: ["status", "uncountedTerminatedPods"]] = uncounted }
        }
        let uncounted = counts.uncountedSucceeded.union(counts.uncountedFailed)
        for index in pods.indices where JobState.hasTrackingFinalizer(pods[index]) && uncounted.contains(pods[index].uid ?? "") {
            let podKey = StoreKey(ResourceCatalog.pods, namespace: key.namespace, name: pods[index].name)
            let updated = try store.update(podKey, uid: pods[index].uid) { pod in
                let kept = (pod[path: ["metadata", "finalizers"]]?.array ?? []).filter { $0 != .string(Self.trackingFinalizer) }
                pod.setMetadataList("finalizers", kept)
            }
            if let updated { pods[index] = updated }
        }
        let tracked = Set(pods.filter(JobState.hasTrackingFinalizer).compactMap(\.uid))
        for uid in counts.uncountedSucceeded where !tracked.contains(uid) {
            counts.uncountedSucceeded.remove(uid)
            counts.succeeded += 1
        }
        for uid in counts.uncountedFailed where !tracked.contains(uid) {
            counts.uncountedFailed.remove(uid)
            counts.failed += 1
        }
        return counts
    }

    /// Deletes running pods gracefully, as the controller's DELETE does: they show
    /// `Terminating` until the kubelet has stopped them.
    func removePods(_ pods: [JSONValue], of job: JSONValue, key: StoreKey) throws {
        let now = clock.now()
        for pod in pods where !pod.isBeingDeleted {
            let podKey = StoreKey(ResourceCatalog.pods, namespace: key.namespace, name: pod.name)
            let grace = pod.int("spec", "terminationGracePeriodSeconds") ?? 30
            let marked = try store.update(podKey, uid: pod.uid) { object in
                guard !object.isBeingDeleted else { return }
                object = PodState.markedForDeletion(object, grace: grace, now: now)
            }
            if marked != nil {
                events.record(job, resource: ResourceCatalog.jobs, reason: "SuccessfulDelete",
                              message: "Deleted pod: \(pod.name)", component: "job-controller")
            }
        }
    }

    /// manageJob's creating half: pods from the template (`<job>-<5 characters>`), with
    /// the tracking finalizer and a controller reference to the Job.
    func createPods(_ count: Int, for job: JSONValue) throws -> [JSONValue] {
        let namespace = job.namespace
        guard store.namespaceAcceptsCreates(namespace) else { return [] }
        let template = job[path: ["spec", "template"]] ?? .object([:])
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["namespace": .string(namespace)]]
        for field in ["labels", "annotations"] {
            pod.setMetadataMap(field, template[path: ["metadata", field]]?.object ?? [:])
        }
        pod.setMetadataList("finalizers", (template[path: ["metadata", "finalizers"]]?.array ?? []) + [.string(Self.trackingFinalizer)])
        pod.setOwnerReferences([OwnerReference(controllerOf: job, resource: ResourceCatalog.jobs)])
        var spec = ReplicaSetController.defaultedPodSpec(template["spec"] ?? .object([:]))
        spec["nodeName"] = .string(nodeName)
        pod["spec"] = spec
        pod["status"] = ["phase": "Pending", "qosClass": .string(PodState.qosClass(spec))]
        // names.SimpleNameGenerator: the prefix is cut to leave room for the suffix.
        let prefix = String((job.name + "-").prefix(58))
        var created: [JSONValue] = []
        for _ in 0..<count {
            for _ in 0..<8 {
                let name = prefix + PodTemplateHash.randomSuffix()
                pod[path: ["metadata", "name"]] = .string(name)
                pod[path: ["metadata", "generateName"]] = .string(prefix)
                guard let stored = try store.create(StoreKey(ResourceCatalog.pods, namespace: namespace, name: name), pod) else {
                    continue
                }
                created.append(stored)
                events.record(job, resource: ResourceCatalog.jobs, reason: "SuccessfulCreate",
                              message: "Created pod: \(name)", component: "job-controller")
                break
            }
        }
        return created
    }
}
