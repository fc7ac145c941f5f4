import FerryKube
import Foundation

extension ResourceAPI {
    /// Graceful deletion of a pod, as the pod strategy's CheckGracefulDelete and the
    /// registry's BeforeDelete do it: the pod gets `deletionTimestamp` (now plus the
    /// grace period) and `deletionGracePeriodSeconds`, and stays, `Terminating`, until
    /// the kubelet has stopped it and deletes it for good. Returns the marked pod, or
    /// nil when it is to be deleted at once: a grace period of 0, a pod never bound to
    /// a node, or one whose containers have already finished.
    func deletePodGracefully(_ key: StoreKey, current: JSONValue, options: DeleteOptions) throws(APIError) -> JSONValue? {
        guard let grace = Self.gracePeriod(of: current, requested: options.gracePeriodSeconds) else { return nil }
        let now = clock()
        var deferred = true
        let result = try write(key, dryRun: options.dryRun) { current throws(APIError) -> JSONValue? in
            guard var pod = current else { throw .notFound(key.resource, name: key.name) }
            deferred = true
            if pod.isBeingDeleted {
                // A second delete may only shorten the grace period; to 0 it deletes at once.
                let previous = pod[path: ["metadata", "deletionGracePeriodSeconds"]]?.int ?? grace
                guard grace < previous else { return pod }
                if grace == 0 {
                    deferred = false
                    return nil
                }
            }
            pod[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.format(now.addingTimeInterval(TimeInterval(grace))))
            pod[path: ["metadata", "deletionGracePeriodSeconds"]] = .int(grace)
            return pod
        }
        guard deferred else { return result.previous ?? current }
        return result.object ?? current
    }

    /// The grace period a delete gives a pod; nil for an immediate delete.
    static func gracePeriod(of pod: JSONValue, requested: Int64?) -> Int64? {
        // A negative request means "the pod's own"; kubectl sends 1 for --now.
        var grace = requested.flatMap { $0 < 0 ? nil : $0 }
            ?? pod[path: ["spec", "terminationGracePeriodSeconds"]]?.int ?? 30
        let phase = pod[path: ["status", "phase"]]?.string
        if (pod[path: ["spec", "nodeName"]]?.string ?? "").isEmpty || phase == "Succeeded" || phase == "Failed" {
            grace = 0
        }
        if grace == 0, !pod.isBeingDeleted { return nil }
        return grace
    }
}
