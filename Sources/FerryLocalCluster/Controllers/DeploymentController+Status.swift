import FerryKube
import Foundation

/// The Deployment condition types.
enum ConditionType: String {
    case available = "Available"
    case progressing = "Progressing"
    case replicaFailure = "ReplicaFailure"
}

/// The reasons deploymentutil writes on conditions.
enum ConditionReason {
    static let minimumReplicasAvailable = "MinimumReplicasAvailable"
    static let minimumReplicasUnavailable = "MinimumReplicasUnavailable"
    static let newReplicaSetCreated = "NewReplicaSetCreated"
    static let foundNewReplicaSet = "FoundNewReplicaSet"
    static let replicaSetUpdated = "ReplicaSetUpdated"
    static let newReplicaSetAvailable = "NewReplicaSetAvailable"
    static let progressDeadlineExceeded = "ProgressDeadlineExceeded"
    static let paused = "DeploymentPaused"
    static let resumed = "DeploymentResumed"
}

extension DeploymentStatus {
    func condition(_ type: ConditionType) -> DeploymentCondition? { condition(type.rawValue) }
    mutating func removeCondition(_ type: ConditionType) { removeCondition(type.rawValue) }
}

extension DeploymentSync {
    /// deploymentutil.NewDeploymentCondition: both times now.
    func condition(_ type: ConditionType, _ status: String, _ reason: String, _ message: String) -> DeploymentCondition {
        DeploymentCondition(type: type.rawValue, status: status, reason: reason, message: message, now: clock.now())
    }

    /// calculateStatus: counters summed over the ReplicaSets and the Available condition.
    func calculateStatus(_ all: [ReplicaSetView], new: ReplicaSetView?) -> DeploymentStatus {
        let available = all.availableReplicas
        var status = DeploymentStatus()
        status.observedGeneration = d.generation
        status.replicas = all.statusReplicas
        status.updatedReplicas = new?.statusReplicas ?? 0
        status.readyReplicas = all.readyReplicas
        status.availableReplicas = available
        // More available than wanted (scaling down) is not negative unavailability.
        status.unavailableReplicas = max(0, all.specReplicas - available)
        status.collisionCount = d.status.collisionCount
        status.conditions = d.status.conditions
        if available >= d.replicas - d.maxUnavailable {
            status.setCondition(condition(.available, "True", ConditionReason.minimumReplicasAvailable,
                                          "Deployment has minimum availability."))
        } else {
            status.setCondition(condition(.available, "False", ConditionReason.minimumReplicasUnavailable,
                                          "Deployment does not have minimum availability."))
        }
        return status
    }

    /// syncDeploymentStatus: counters and availability only (scaling, paused, deleting).
    mutating func syncDeploymentStatus(_ all: [ReplicaSetView], new: ReplicaSetView?) {
        let status = calculateStatus(all, new: new)
        if status != d.status { d.status = status }
    }

    /// syncRolloutStatus: counters plus the Progressing condition, which records the
    /// last time the rollout made progress and times out after progressDeadlineSeconds.
    mutating func syncRolloutStatus(_ all: [ReplicaSetView], new: ReplicaSetView?) {
        var status = calculateStatus(all, new: new)
        if d.progressDeadlineSeconds == nil { status.removeCondition(.progressing) }
        let current = d.status.condition(.progressing)
        let alreadyComplete = status.replicas == status.updatedReplicas
            && current?.reason == ConditionReason.newReplicaSetAvailable
        if d.progressDeadlineSeconds != nil, !alreadyComplete {
            let subject = new.map { "ReplicaSet \"\($0.name)\"" } ?? "Deployment \"\(d.name)\""
            if isComplete(status) {
                status.setCondition(condition(.progressing, "True", ConditionReason.newReplicaSetAvailable,
                                              "\(subject) has successfully progressed."))
            } else if isProgressing(status) {
                // Progress refreshes lastUpdateTime even when the reason is unchanged,
                // which setCondition alone would not do; the transition time stays.
                var progressing = condition(.progressing, "True", ConditionReason.replicaSetUpdated, "\(subject) is progressing.")
                if let current {
                    if current.status == "True" { progressing.lastTransitionTime = current.lastTransitionTime }
                    status.removeCondition(.progressing)
                }
                status.setCondition(progressing)
            } else if hasTimedOut(status) {
                status.setCondition(condition(.progressing, "False", ConditionReason.progressDeadlineExceeded,
                                              "\(subject) has timed out progressing."))
            }
        }
        // Our ReplicaSets never report ReplicaFailure, so there is none to surface.
        status.removeCondition(.replicaFailure)
        if status == d.status {
            requeueStuckDeployment(status)
            return
        }
        d.status = status
    }

    /// deploymentutil.DeploymentComplete.
    func isComplete(_ status: DeploymentStatus) -> Bool {
        status.updatedReplicas == d.replicas && status.replicas == d.replicas
            && status.availableReplicas == d.replicas && status.observedGeneration >= d.generation
    }

    /// deploymentutil.DeploymentProgressing: more new replicas, fewer old ones, or more
    /// ready or available than the stored status says.
    func isProgressing(_ status: DeploymentStatus) -> Bool {
        let old = d.status
        return status.updatedReplicas > old.updatedReplicas
            || status.replicas - status.updatedReplicas < old.replicas - old.updatedReplicas
            || status.readyReplicas > old.readyReplicas
            || status.availableReplicas > old.availableReplicas
    }

    /// deploymentutil.DeploymentTimedOut: no progress since lastUpdateTime + deadline.
    func hasTimedOut(_ status: DeploymentStatus) -> Bool {
        guard let deadline = d.progressDeadlineSeconds, let current = status.condition(.progressing) else { return false }
        if current.reason == ConditionReason.newReplicaSetAvailable { return false }
        if current.reason == ConditionReason.progressDeadlineExceeded { return true }
        guard let from = Timestamp.parse(current.lastUpdateTime) else { return false }
        return from.addingTimeInterval(TimeInterval(deadline)) < clock.now()
    }

    /// requeueStuckDeployment: a rollout that shows no progress is looked at again when
    /// its deadline passes, since nothing else would wake it.
    mutating func requeueStuckDeployment(_ status: DeploymentStatus) {
        guard let deadline = d.progressDeadlineSeconds, let current = d.status.condition(.progressing) else { return }
        if isComplete(status) || current.reason == ConditionReason.progressDeadlineExceeded { return }
        guard let from = Timestamp.parse(current.lastUpdateTime) else { return }
        let remaining = from.addingTimeInterval(TimeInterval(deadline)).timeIntervalSince(clock.now())
        // The deadline is compared strictly after it passes: look just after it.
        requeue(after: .seconds(max(remaining, 0) + 0.05))
    }

    /// checkPausedConditions: Progressing Unknown while paused, so a long pause is not
    /// mistaken for a stalled rollout; a reported timeout is left alone.
    mutating func checkPausedConditions() {
        guard d.progressDeadlineSeconds != nil else { return }
        let current = d.status.condition(.progressing)
        if current?.reason == ConditionReason.progressDeadlineExceeded { return }
        let pausedRecorded = current?.reason == ConditionReason.paused
        if d.paused, !pausedRecorded {
            d.status.setCondition(condition(.progressing, "Unknown", ConditionReason.paused, "Deployment is paused"))
        } else if !d.paused, pausedRecorded {
            d.status.setCondition(condition(.progressing, "Unknown", ConditionReason.resumed, "Deployment is resumed"))
        }
    }

    /// cleanupDeployment: deletes the oldest fully scaled-down ReplicaSets beyond
    /// revisionHistoryLimit (ordered by revision, then age).
    mutating func cleanupDeployment(_ old: [ReplicaSetView]) throws {
        guard let limit = d.revisionHistoryLimit else { return }
        let cleanable = old.filter { !$0.isBeingDeleted }
        let excess = Int64(cleanable.count) - limit
        guard excess > 0 else { return }
        let byRevision = cleanable.sorted { left, right in
            left.revision == right.revision ? ReplicaSetView.olderFirst(left, right) : left.revision < right.revision
        }
        for replicaSet in byRevision.prefix(Int(excess)) {
            if replicaSet.statusReplicas != 0 || replicaSet.replicas != 0
                || replicaSet.generation > replicaSet.observedGeneration || replicaSet.isBeingDeleted {
                continue
            }
            try store.delete(replicaSet.key, uid: replicaSet.uid)
        }
    }
}
