import FerryKube
import Foundation

/// What the controllers read from a pod's status (pkg/api/v1/pod helpers).
enum PodState {
    static func phase(_ pod: JSONValue) -> String? { pod[path: ["status", "phase"]]?.string }

    /// controller.IsPodActive: not finished and not being deleted.
    static func isActive(_ pod: JSONValue) -> Bool {
        let phase = phase(pod)
        return phase != "Succeeded" && phase != "Failed" && !pod.isBeingDeleted
    }

    static func condition(_ pod: JSONValue, _ type: String) -> JSONValue? {
        pod[path: ["status", "conditions"]]?.array?.first { $0["type"]?.string == type }
    }

    /// podutil.IsPodReady: the Ready condition is True.
    static func isReady(_ pod: JSONValue) -> Bool {
        condition(pod, "Ready")?["status"]?.string == "True"
    }

    /// When the pod became Ready; nil when it is not.
    static func readySince(_ pod: JSONValue) -> Date? {
        guard isReady(pod) else { return nil }
        return condition(pod, "Ready")?["lastTransitionTime"]?.string.flatMap(Timestamp.parse)
    }

    /// podutil.IsPodAvailable: Ready for longer than minReadySeconds (at once when 0).
    static func isAvailable(_ pod: JSONValue, minReadySeconds: Int64, now: Date) -> Bool {
        guard isReady(pod) else { return false }
        if minReadySeconds == 0 { return true }
        guard let since = readySince(pod) else { return false }
        return since.addingTimeInterval(TimeInterval(minReadySeconds)) < now
    }

    /// The most restarts of any container.
    static func maxRestarts(_ pod: JSONValue) -> Int64 {
        (pod[path: ["status", "containerStatuses"]]?.array ?? []).compactMap { $0["restartCount"]?.int }.max() ?? 0
    }

    /// The QoS class the API server records: BestEffort without any cpu/memory
    /// requests or limits, Guaranteed when every container limits both and requests
    /// (if given) equal the limits, Burstable otherwise.
    static func qosClass(_ spec: JSONValue) -> String {
        let containers = (spec["containers"]?.array ?? []) + (spec["initContainers"]?.array ?? [])
        let resources = ["cpu", "memory"]
        var anySet = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let requests = container[path: ["resources", "requests"]]?.object ?? [:]
            let limits = container[path: ["resources", "limits"]]?.object ?? [:]
            for resource in resources {
                if requests[resource] != nil || limits[resource] != nil { anySet = true }
                guard let limit = limits[resource] else { guaranteed = false; continue }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}

extension PodState {
    /// The pod as a graceful delete leaves it: `deletionTimestamp` `grace` seconds
    /// from `now` and `deletionGracePeriodSeconds`, for the kubelet to stop and remove.
    static func markedForDeletion(_ pod: JSONValue, grace: Int64, now: Date) -> JSONValue {
        var pod = pod
        pod[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.format(now.addingTimeInterval(TimeInterval(grace))))
        pod[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(grace)
        return pod
    }
}
