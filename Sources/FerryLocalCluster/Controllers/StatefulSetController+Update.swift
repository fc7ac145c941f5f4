import FerryKube
import Foundation

/// One pass of updateStatefulSet (stateful_set_control.go) over one StatefulSet: make
/// the pods of the wanted ordinals exist and be healthy (in order unless Parallel),
/// remove the ordinals beyond the size from the highest down, then roll pods above
/// the partition to the update revision one at a time, highest first.
struct StatefulSetSync {
    let controller: StatefulSetController
    let set: StatefulSetView
    let current: JSONValue
    let update: JSONValue
    let now: Date
    private(set) var requeueAfter: Duration?

    init(controller: StatefulSetController, set: StatefulSetView, current: JSONValue, update: JSONValue, now: Date) {
        self.controller = controller
        self.set = set
        self.current = current
        self.update = update
        self.now = now
    }

    private var monotonic: Bool { !set.parallel }

    mutating func run(_ pods: [JSONValue]) throws {
        var replicas: [JSONValue?] = Array(repeating: nil, count: Int(set.replicas))
        var condemned: [JSONValue] = []
        for pod in pods {
            guard let ordinal = set.ordinal(of: pod) else { continue }
            if set.ordinals.contains(ordinal) {
                replicas[Int(ordinal - set.startOrdinal)] = pod
            } else {
                condemned.append(pod)
            }
        }
        condemned.sort { (set.ordinal(of: $0) ?? 0) < (set.ordinal(of: $1) ?? 0) }
        let unhealthy = (replicas.compactMap { $0 } + condemned).first { !StatefulPod.isHealthy($0) }

        for index in replicas.indices {
            let ordinal = set.startOrdinal + Int64(index)
            if let pod = replicas[index], StatefulPod.isFailed(pod) || StatefulPod.isSucceeded(pod), !pod.isBeingDeleted {
                // A pod that finished is replaced under the same name (a finished pod's delete is immediate).
                guard try delete(pod) else { continue }
                if controller.store.get(controller.podKey(set, pod.name)) == nil { replicas[index] = nil }
            }
            guard let pod = replicas[index] else {
                try create(ordinal: ordinal)
                if monotonic { return }
                continue
            }
            if StatefulPod.isTerminating(pod), monotonic { return }
            if !StatefulPod.isRunningAndAvailable(pod, minReadySeconds: set.minReadySeconds, now: now), monotonic {
                waitForAvailability(pod)
                return
            }
            try fixIdentity(pod, ordinal: ordinal)
        }

        for pod in condemned.reversed() {
            if StatefulPod.isTerminating(pod) {
                if monotonic { return }
                continue
            }
            // In order, only the first unhealthy pod may go before the others are healthy.
            if !StatefulPod.isRunningAndReady(pod), monotonic, pod.uid != unhealthy?.uid { return }
            try delete(pod)
            if monotonic { return }
        }

        guard case .rollingUpdate(let partition, let maxUnavailable) = set.strategy else { return }
        let updateMin = min(Int(partition), replicas.count)
        if let maxUnavailable {
            try rollWithMaxUnavailable(replicas, updateMin: updateMin, maxUnavailable: maxUnavailable)
            return
        }
        for index in (updateMin..<replicas.count).reversed() {
            guard let pod = replicas[index] else { return }
            if StatefulPod.revision(pod) != update.name, !StatefulPod.isTerminating(pod) {
                try delete(pod)
                return
            }
            if !StatefulPod.isHealthy(pod) { return }
        }
    }

    /// updateWithMaxUnavailable: up to maxUnavailable pods (rounded down, at least 1)
    /// may be down at once; old pods above the partition are replaced highest first.
    private mutating func rollWithMaxUnavailable(_ replicas: [JSONValue?], updateMin: Int, maxUnavailable: IntOrPercent) throws {
        let allowed = max(1, maxUnavailable.scaled(set.replicas, roundUp: false))
        let unavailable = Int64(replicas.filter { pod in pod.map { !StatefulPod.isHealthy($0) } ?? true }.count)
        var budget = allowed - unavailable
        for index in (updateMin..<replicas.count).reversed() where budget > 0 {
            guard let pod = replicas[index] else { continue }
            if StatefulPod.revision(pod) != update.name, !StatefulPod.isTerminating(pod) {
                if try delete(pod) { budget -= 1 }
            }
        }
    }

    /// A Ready pod still short of minReadySeconds is looked at again when it will be available.
    private mutating func waitForAvailability(_ pod: JSONValue) {
        guard let since = PodState.readySince(pod), set.minReadySeconds > 0 else { return }
        let wait = since.addingTimeInterval(TimeInterval(set.minReadySeconds)).timeIntervalSince(now)
        let delay = Duration.seconds(max(wait, 0) + 0.05)
        requeueAfter = min(requeueAfter ?? delay, delay)
    }

    /// newVersionedStatefulSetPod plus createStatefulPod: ordinals below the partition
    /// come from the current revision, the others from the update revision; the claims first.
    private func create(ordinal: Int64) throws {
        var revision = update
        if case .rollingUpdate(let partition, _) = set.strategy, ordinal - set.startOrdinal < partition {
            revision = current
        }
        let pod = controller.pod(set, ordinal: ordinal, revision: revision)
        guard controller.store.namespaceAcceptsCreates(set.namespace) else {
            throw ControllerError("namespace \(set.namespace) is not accepting new objects")
        }
        try controller.createClaims(set, pod: pod, ordinal: ordinal)
        if try controller.store.create(controller.podKey(set, pod.name), pod) != nil {
            record("SuccessfulCreate", "create Pod \(pod.name) in StatefulSet \(set.name) successful")
        }
    }

    /// Deletes a pod gracefully, as the controller's DELETE does: a running pod is
    /// `Terminating` until the kubelet has stopped it (a finished one goes at once);
    /// returns whether it went or began terminating.
    @discardableResult
    private func delete(_ pod: JSONValue) throws -> Bool {
        guard try controller.store.deletePodGracefully(controller.podKey(set, pod.name), pod: pod, now: now) else { return false }
        record("SuccessfulDelete", "delete Pod \(pod.name) in StatefulSet \(set.name) successful")
        return true
    }

    /// updateIdentity: the identity labels, hostname and subdomain a pod must carry.
    private func fixIdentity(_ pod: JSONValue, ordinal: Int64) throws {
        let labels = pod.labels
        let subdomain = set.serviceName.isEmpty ? nil : set.serviceName
        if labels[StatefulSetLabel.podName] == pod.name, labels[StatefulSetLabel.podIndex] == String(ordinal),
           pod[path: ["spec", "hostname"]]?.string == pod.name, pod[path: ["spec", "subdomain"]]?.string == subdomain {
            return
        }
        try controller.store.update(controller.podKey(set, pod.name), uid: pod.uid) { object in
            object.setMetadataEntry("labels", StatefulSetLabel.podName, object.name)
            object.setMetadataEntry("labels", StatefulSetLabel.podIndex, String(ordinal))
            object[path: ["spec", "hostname"]] = .string(object.name)
            if let subdomain {
                object[path: ["spec", "subdomain"]] = .string(subdomain)
            } else if object[path: ["spec", "subdomain"]] != nil {
                object[path: ["spec", "subdomain"]] = nil
            }
        }
    }

    private func record(_ reason: String, _ message: String) {
        controller.events.record(set.object, resource: ResourceCatalog.statefulSets, reason: reason, message: message,
                                 component: "statefulset-controller")
    }
}
