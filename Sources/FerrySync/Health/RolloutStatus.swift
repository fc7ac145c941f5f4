import FerryKube
import FerryKubeClient

/// Where an object's rollout stands, judged as `kubectl rollout status` judges
/// Deployments, StatefulSets and DaemonSets, as kstatus judges Jobs, and for any other
/// object by its `Ready`/`Reconciling`/`Stalled` conditions (see ``init(object:)``).
public struct RolloutStatus: Sendable, Equatable, CustomStringConvertible {
    public enum Phase: Sendable, Equatable {
        /// The controller has not yet seen the latest spec.
        case waitingForController
        case progressing
        case complete
        /// A Deployment's `Progressing=False` with reason `ProgressDeadlineExceeded`.
        case deadlineExceeded
        /// Failed for good: a Job's `Failed` condition, or an object's `Stalled` one.
        case failed
    }

    public var phase: Phase
    /// kubectl's sentence for this state (or the condition's message).
    public var message: String
    /// The one-line progress form: `2/3 updated  1/3 available  old 2`.
    public var progress: String

    init(phase: Phase, message: String, progress: String) {
        self.phase = phase
        self.message = message
        self.progress = progress
    }

    /// The status of an object of `kind` (list items and watch events may not say
    /// their own kind, so the caller names it).
    public init(object: JSONValue, kind: GroupVersionKind) {
        switch (kind.group, kind.kind) {
        case ("apps", "Deployment"): self.init(deployment: object)
        case ("apps", "StatefulSet"): self.init(statefulSet: object)
        case ("apps", "DaemonSet"): self.init(daemonSet: object)
        case ("batch", "Job"): self.init(job: object)
        default: self.init(conditionsOf: object, kind: kind.kind)
        }
    }

    /// The status of an object that carries its `apiVersion` and `kind`.
    public init(object: JSONValue) {
        self.init(object: object, kind: GroupVersionKind(apiVersion: object["apiVersion"]?.string ?? "",
                                                         kind: object["kind"]?.string ?? ""))
    }

    /// Whether an object's health is worth following after an apply: the workload kinds
    /// always, any other object when it reports kstatus conditions.
    public static func isFollowed(_ identity: ObjectIdentity, state: JSONValue?) -> Bool {
        switch (identity.group, identity.kind) {
        case ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("batch", "Job"): return true
        default: return state.map(hasReadinessConditions) ?? false
        }
    }

    public init(deployment: JSONValue) {
        let name = deployment[path: ["metadata", "name"]]?.string ?? "?"
        let generation = deployment[path: ["metadata", "generation"]]?.int ?? 0
        let observed = deployment[path: ["status", "observedGeneration"]]?.int ?? 0
        let status = deployment["status"] ?? [:]
        let desired = deployment[path: ["spec", "replicas"]]?.int ?? 1
        let updated = status["updatedReplicas"]?.int ?? 0
        let available = status["availableReplicas"]?.int ?? 0
        let total = status["replicas"]?.int ?? 0
        let old = max(0, total - updated)
        let progressing = (status["conditions"]?.array ?? []).first { $0["type"]?.string == "Progressing" }
        progress = "\(updated)/\(desired) updated  \(available)/\(desired) available  old \(old)"

        if generation > observed {
            phase = .waitingForController
            message = "Waiting for deployment spec update to be observed..."
        } else if progressing?["reason"]?.string == "ProgressDeadlineExceeded" {
            phase = .deadlineExceeded
            message = "deployment \"\(name)\" exceeded its progress deadline"
        } else if updated < desired {
            phase = .progressing
            message = "Waiting for deployment \"\(name)\" rollout to finish: \(updated) out of \(desired) new replicas have been updated..."
        } else if total > updated {
            phase = .progressing
            message = "Waiting for deployment \"\(name)\" rollout to finish: \(total - updated) old replicas are pending termination..."
        } else if available < updated {
            phase = .progressing
            message = "Waiting for deployment \"\(name)\" rollout to finish: \(available) of \(updated) updated replicas are available..."
        } else {
            phase = .complete
            message = "deployment \"\(name)\" successfully rolled out"
        }
    }

    public var isDone: Bool { phase == .complete || phase == .deadlineExceeded || phase == .failed }

    public var description: String { message }
}
