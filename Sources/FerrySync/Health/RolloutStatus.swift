import FerryKube

/// Where a Deployment's rollout stands, judged as `kubectl rollout status` judges it:
/// the controller has seen the latest spec, every replica is updated, ready and
/// available, no old replica is left, and the progress deadline has not passed.
public struct RolloutStatus: Sendable, Equatable, CustomStringConvertible {
    public enum Phase: Sendable, Equatable {
        /// The controller has not yet seen the latest spec.
        case waitingForController
        case progressing
        case complete
        /// `Progressing=False` with reason `ProgressDeadlineExceeded`.
        case deadlineExceeded
    }

    public var phase: Phase
    public var desired: Int64
    public var updated: Int64
    public var ready: Int64
    public var available: Int64
    /// Replicas of older ReplicaSets still running.
    public var old: Int64
    /// kubectl's sentence for this state.
    public var message: String

    public init(deployment: JSONValue) {
        let name = deployment[path: ["metadata", "name"]]?.string ?? "?"
        let generation = deployment[path: ["metadata", "generation"]]?.int ?? 0
        let observed = deployment[path: ["status", "observedGeneration"]]?.int ?? 0
        let status = deployment["status"] ?? [:]
        desired = deployment[path: ["spec", "replicas"]]?.int ?? 1
        updated = status["updatedReplicas"]?.int ?? 0
        ready = status["readyReplicas"]?.int ?? 0
        available = status["availableReplicas"]?.int ?? 0
        let total = status["replicas"]?.int ?? 0
        old = max(0, total - updated)
        let progressing = (status["conditions"]?.array ?? []).first { $0["type"]?.string == "Progressing" }

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

    public var isDone: Bool { phase == .complete || phase == .deadlineExceeded }

    /// The one-line progress form: `2/3 updated  1/3 available  old 2`.
    public var progress: String {
        "\(updated)/\(desired) updated  \(available)/\(desired) available  old \(old)"
    }

    public var description: String { message }
}
