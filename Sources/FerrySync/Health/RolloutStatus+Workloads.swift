import FerryKube

/// StatefulSets and DaemonSets as kubectl's status viewers judge them, Jobs as kstatus does.
extension RolloutStatus {
    /// kubectl's StatefulSetStatusViewer: the spec observed, every pod ready, and then
    /// either the partitioned pods updated or every pod at the update revision.
    public init(statefulSet object: JSONValue) {
        let status = object["status"] ?? [:]
        let desired = object[path: ["spec", "replicas"]]?.int ?? 1
        let ready = status["readyReplicas"]?.int ?? 0
        let updated = status["updatedReplicas"]?.int ?? 0
        let current = status["currentReplicas"]?.int ?? 0
        let updateRevision = status["updateRevision"]?.string ?? ""
        let currentRevision = status["currentRevision"]?.string ?? ""
        let partition = object[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]]?.int ?? 0
        let progress = "\(updated)/\(desired) updated  \(ready)/\(desired) ready  revision \(updateRevision.isEmpty ? "?" : updateRevision)"
        let strategy = object[path: ["spec", "updateStrategy", "type"]]?.string ?? "RollingUpdate"
        if Self.specUnobserved(object) {
            self.init(phase: .waitingForController, message: "Waiting for statefulset spec update to be observed...", progress: progress)
        } else if ready < desired {
            self.init(phase: .progressing, message: "Waiting for \(desired - ready) pods to be ready...", progress: progress)
        } else if strategy != "RollingUpdate" {
            // OnDelete: pods change only when deleted; ready is as far as a rollout goes.
            self.init(phase: .complete, message: "statefulset \(desired) pods ready (update strategy \(strategy))", progress: progress)
        } else if partition > 0 {
            let wanted = max(0, desired - partition)
            if updated < wanted {
                self.init(phase: .progressing,
                          message: "Waiting for partitioned roll out to finish: \(updated) out of \(wanted) new pods have been updated...",
                          progress: progress)
            } else {
                self.init(phase: .complete, message: "partitioned roll out complete: \(updated) new pods have been updated...",
                          progress: progress)
            }
        } else if updateRevision != currentRevision {
            self.init(phase: .progressing,
                      message: "waiting for statefulset rolling update to complete \(updated) pods at revision \(updateRevision)...",
                      progress: progress)
        } else {
            self.init(phase: .complete,
                      message: "statefulset rolling update complete \(current) pods at revision \(currentRevision)...",
                      progress: progress)
        }
    }

    /// kubectl's DaemonSetStatusViewer: every scheduled pod updated and available.
    public init(daemonSet object: JSONValue) {
        let name = object[path: ["metadata", "name"]]?.string ?? "?"
        let status = object["status"] ?? [:]
        let desired = status["desiredNumberScheduled"]?.int ?? 0
        let updated = status["updatedNumberScheduled"]?.int ?? 0
        let available = status["numberAvailable"]?.int ?? 0
        let progress = "\(updated)/\(desired) updated  \(available)/\(desired) available"
        if Self.specUnobserved(object) {
            self.init(phase: .waitingForController, message: "Waiting for daemon set spec update to be observed...", progress: progress)
        } else if updated < desired {
            self.init(phase: .progressing,
                      message: "Waiting for daemon set \"\(name)\" rollout to finish: \(updated) out of \(desired) new pods have been updated...",
                      progress: progress)
        } else if available < desired {
            self.init(phase: .progressing,
                      message: "Waiting for daemon set \"\(name)\" rollout to finish: \(available) of \(desired) updated pods are available...",
                      progress: progress)
        } else {
            self.init(phase: .complete, message: "daemon set \"\(name)\" successfully rolled out", progress: progress)
        }
    }

    /// kstatus for Jobs: done when `Complete`, failed when `Failed` (its reason and
    /// message: `BackoffLimitExceeded: Job has reached the specified backoff limit`).
    public init(job object: JSONValue) {
        let name = object[path: ["metadata", "name"]]?.string ?? "?"
        let status = object["status"] ?? [:]
        let completions = object[path: ["spec", "completions"]]?.int ?? 1
        let succeeded = status["succeeded"]?.int ?? 0
        let active = status["active"]?.int ?? 0
        let failedPods = status["failed"]?.int ?? 0
        let progress = "\(succeeded)/\(completions) succeeded  \(active) active  \(failedPods) failed"
        let conditions = status["conditions"]?.array ?? []
        func condition(_ type: String) -> JSONValue? {
            conditions.first { $0["type"]?.string == type && $0["status"]?.string == "True" }
        }
        if let failed = condition("Failed") {
            let reason = failed["reason"]?.string ?? "Failed"
            let message = failed["message"]?.string.map { ": \($0)" } ?? ""
            self.init(phase: .failed, message: "job \"\(name)\" failed: \(reason)\(message)", progress: progress)
        } else if condition("Complete") != nil {
            self.init(phase: .complete, message: "job \"\(name)\" completed: \(succeeded) of \(completions) succeeded", progress: progress)
        } else {
            self.init(phase: .progressing,
                      message: "Waiting for job \"\(name)\" to complete: \(succeeded) of \(completions) succeeded, \(active) active",
                      progress: progress)
        }
    }

    /// Whether the controller has yet to report on the latest spec (`observedGeneration`).
    static func specUnobserved(_ object: JSONValue) -> Bool {
        let generation = object[path: ["metadata", "generation"]]?.int ?? 0
        let observed = object[path: ["status", "observedGeneration"]]?.int ?? 0
        return generation > observed
    }
}
