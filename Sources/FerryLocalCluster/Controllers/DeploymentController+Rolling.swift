import FerryKube
import Foundation

extension DeploymentSync {
    // MARK: - RollingUpdate (rolling.go)

    /// rolloutRolling: scale the new ReplicaSet up as far as maxSurge allows; failing
    /// that, scale old ones down as far as maxUnavailable allows; then report.
    mutating func rolloutRolling(_ list: [ReplicaSetView]) throws {
        let (found, old) = try replicaSets(list, create: true)
        guard var new = found else { return }
        let (scaledUp, grown) = try reconcileNewReplicaSet(old + [new], new: new)
        new = grown
        if scaledUp {
            syncRolloutStatus(old + [new], new: new)
            return
        }
        let (scaledDown, shrunk) = try reconcileOldReplicaSets(old + [new], old: old.active, new: new)
        let current = shrunk.reduce(old) { $0.replacing($1) }
        if scaledDown {
            syncRolloutStatus(current + [new], new: new)
            return
        }
        if isComplete(d.status) { try cleanupDeployment(current) }
        syncRolloutStatus(current + [new], new: new)
    }

    /// reconcileNewReplicaSet.
    mutating func reconcileNewReplicaSet(_ all: [ReplicaSetView], new: ReplicaSetView) throws -> (Bool, ReplicaSetView) {
        if new.replicas == d.replicas { return (false, new) }
        if new.replicas > d.replicas { return try scaleAndRecord(new, to: d.replicas) }
        let count = newReplicaSetReplicas(currentPodCount: all.specReplicas, newReplicas: new.replicas)
        return try scaleAndRecord(new, to: count)
    }

    /// reconcileOldReplicaSets: how many old pods may go, first the unhealthy ones,
    /// then available ones while availability stays above replicas - maxUnavailable.
    /// Returns whether anything was scaled and the old ReplicaSets as updated.
    mutating func reconcileOldReplicaSets(_ all: [ReplicaSetView], old: [ReplicaSetView], new: ReplicaSetView)
        throws -> (Bool, [ReplicaSetView])
    {
        if old.specReplicas == 0 { return (false, old) }
        let minAvailable = d.replicas - d.maxUnavailable
        // Unavailable new pods count against the budget too, so a crash-looping new
        // ReplicaSet cannot push the old one below minimum availability.
        let newUnavailable = new.replicas - new.availableReplicas
        let maxScaledDown = all.specReplicas - minAvailable - newUnavailable
        if maxScaledDown <= 0 { return (false, old) }
        var (cleaned, cleanupCount) = try cleanupUnhealthyReplicas(old, maxCleanupCount: maxScaledDown)
        let scaledDownCount = try scaleDownOldReplicaSetsForRollingUpdate(cleaned + [new], old: &cleaned)
        return (cleanupCount + scaledDownCount > 0, cleaned)
    }

    /// cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable pods,
    /// oldest first; this never lowers availability.
    mutating func cleanupUnhealthyReplicas(_ old: [ReplicaSetView], maxCleanupCount: Int64) throws -> ([ReplicaSetView], Int64) {
        var old = old.sorted(by: ReplicaSetView.olderFirst)
        var total: Int64 = 0
        for index in old.indices {
            if total >= maxCleanupCount { break }
            let target = old[index]
            if target.replicas == 0 || target.replicas == target.availableReplicas { continue }
            let count = min(maxCleanupCount - total, target.replicas - target.availableReplicas)
            let newCount = target.replicas - count
            guard newCount <= target.replicas else {
                throw ControllerError("invalid request to scale down \(target.key) \(target.replicas) -> \(newCount)")
            }
            old[index] = try scaleAndRecord(target, to: newCount).replicaSet
            total += count
        }
        return (old, total)
    }

    /// scaleDownOldReplicaSetsForRollingUpdate: remove available old pods down to
    /// replicas - maxUnavailable, oldest ReplicaSet first.
    mutating func scaleDownOldReplicaSetsForRollingUpdate(_ all: [ReplicaSetView], old: inout [ReplicaSetView]) throws -> Int64 {
        let minAvailable = d.replicas - d.maxUnavailable
        let available = all.availableReplicas
        if available <= minAvailable { return 0 }
        old.sort(by: ReplicaSetView.olderFirst)
        let target = available - minAvailable
        var total: Int64 = 0
        for index in old.indices {
            if total >= target { break }
            let replicaSet = old[index]
            if replicaSet.replicas == 0 { continue }
            let count = min(replicaSet.replicas, target - total)
            let newCount = replicaSet.replicas - count
            guard newCount <= replicaSet.replicas else {
                throw ControllerError("invalid request to scale down \(replicaSet.key) \(replicaSet.replicas) -> \(newCount)")
            }
            old[index] = try scaleAndRecord(replicaSet, to: newCount).replicaSet
            total += count
        }
        return total
    }

    // MARK: - Recreate (recreate.go)

    /// rolloutRecreate: old ReplicaSets to zero, wait until their pods are gone, then
    /// create (or re-use) the new one at full size.
    mutating func rolloutRecreate(_ list: [ReplicaSetView]) throws {
        // The new ReplicaSet is not created yet, so nothing scales up before the old pods go.
        var (new, old) = try replicaSets(list, create: false)
        var scaledDown = false
        for replicaSet in old.active {
            let (scaled, updated) = try scaleAndRecord(replicaSet, to: 0)
            old = old.replacing(updated)
            scaledDown = scaledDown || scaled
        }
        if scaledDown || oldPodsRunning(new: new, old: old, list: list) {
            syncRolloutStatus(old + (new.map { [$0] } ?? []), new: new)
            return
        }
        if new == nil { (new, old) = try replicaSets(list, create: true) }
        guard var current = new else { return }
        current = try scaleAndRecord(current, to: d.replicas).replicaSet
        if isComplete(d.status) { try cleanupDeployment(old) }
        syncRolloutStatus(old + [current], new: current)
    }

    /// oldPodsRunning: any old ReplicaSet still reporting pods, or any pod of theirs
    /// that has not finished.
    func oldPodsRunning(new: ReplicaSetView?, old: [ReplicaSetView], list: [ReplicaSetView]) -> Bool {
        if old.statusReplicas > 0 { return true }
        guard let selector = d.selector else { return false }
        for owner in list where owner.uid != new?.uid {
            for pod in store.list(ResourceCatalog.pods, namespace: d.namespace, controlledBy: owner.uid)
            where selector.matches(object: pod) {
                let phase = pod[path: ["status", "phase"]]?.string
                if phase == "Succeeded" || phase == "Failed" { continue }
                return true
            }
        }
        return false
    }

    // MARK: - Scaling and paused (sync.go)

    /// isScalingEvent: an active ReplicaSet annotated with another desired size means
    /// spec.replicas changed, which is handled by scaling rather than rolling.
    mutating func isScalingEvent(_ list: [ReplicaSetView]) throws -> Bool {
        let (new, old) = try replicaSets(list, create: false)
        for replicaSet in (old + (new.map { [$0] } ?? [])).active {
            guard let desired = replicaSet.desiredReplicasAnnotation else { continue }
            if desired != d.replicas { return true }
        }
        return false
    }

    /// sync: scaling events and paused Deployments; no new ReplicaSet is created.
    mutating func syncScaling(_ list: [ReplicaSetView]) throws {
        var (new, old) = try replicaSets(list, create: false)
        try scaleReplicaSets(new: &new, old: &old)
        if d.paused, d.annotations[DeploymentAnnotation.rollbackTo] == nil { try cleanupDeployment(old) }
        syncDeploymentStatus(old + (new.map { [$0] } ?? []), new: new)
    }

    /// syncStatusOnly: a Deployment being deleted only reports.
    mutating func syncStatusOnly(_ list: [ReplicaSetView]) throws {
        let (new, old) = try replicaSets(list, create: false)
        syncDeploymentStatus(old + (new.map { [$0] } ?? []), new: new)
    }

    /// scale: a single active ReplicaSet takes the whole size; a saturated new one
    /// means the old ones go to zero; otherwise the change in size is spread over the
    /// active ReplicaSets in proportion to their share (rolling updates only).
    mutating func scaleReplicaSets(new: inout ReplicaSetView?, old: inout [ReplicaSetView]) throws {
        func keep(_ updated: ReplicaSetView) {
            if updated.uid == new?.uid { new = updated } else { old = old.replacing(updated) }
        }
        if let target = activeOrLatest(new: new, old: old) {
            if target.replicas != d.replicas { keep(try scaleAndRecord(target, to: d.replicas).replicaSet) }
            return
        }
        if let new, isSaturated(new) {
            for replicaSet in old.active { keep(try scaleAndRecord(replicaSet, to: 0).replicaSet) }
            return
        }
        guard d.isRollingUpdate else { return }
        var active = (old + (new.map { [$0] } ?? [])).active
        let allowedSize = d.replicas > 0 ? d.replicas + d.maxSurge : 0
        let toAdd = allowedSize - active.specReplicas
        // Larger ReplicaSets first; among equals, newer ones grow first and older
        // ones shrink first (ReplicaSetsBySizeNewer / BySizeOlder).
        var operation = ""
        if toAdd > 0 {
            active.sort { $0.replicas == $1.replicas ? ReplicaSetView.olderFirst($1, $0) : $0.replicas > $1.replicas }
            operation = "up"
        } else if toAdd < 0 {
            active.sort { $0.replicas == $1.replicas ? ReplicaSetView.olderFirst($0, $1) : $0.replicas > $1.replicas }
            operation = "down"
        }
        var added: Int64 = 0
        var sizes: [String: Int64] = [:]
        for replicaSet in active {
            if toAdd != 0 {
                let share = proportion(replicaSet, toAdd: toAdd, added: added)
                sizes[replicaSet.uid] = replicaSet.replicas + share
                added += share
            } else {
                sizes[replicaSet.uid] = replicaSet.replicas
            }
        }
        for (index, replicaSet) in active.enumerated() {
            var size = sizes[replicaSet.uid] ?? replicaSet.replicas
            // Rounding leftovers go to the largest ReplicaSet.
            if index == 0, toAdd != 0 { size = max(0, size + toAdd - added) }
            keep(try scale(replicaSet, to: size, operation: operation).replicaSet)
        }
    }

    /// deploymentutil.FindActiveOrLatest: the only active ReplicaSet, or the newest one
    /// when none is active; nil when several are active.
    func activeOrLatest(new: ReplicaSetView?, old: [ReplicaSetView]) -> ReplicaSetView? {
        if new == nil, old.isEmpty { return nil }
        let newestFirst = old.sorted { ReplicaSetView.olderFirst($1, $0) }
        let active = (newestFirst + (new.map { [$0] } ?? [])).active
        switch active.count {
        case 0: return new ?? newestFirst.first
        case 1: return active.first
        default: return nil
        }
    }

    /// deploymentutil.IsSaturated: the new ReplicaSet has, and is annotated with, the
    /// full size, all available.
    func isSaturated(_ replicaSet: ReplicaSetView) -> Bool {
        replicaSet.desiredReplicasAnnotation == d.replicas && replicaSet.replicas == d.replicas
            && replicaSet.availableReplicas == d.replicas
    }

    /// deploymentutil.GetProportion, bounded by what is left to add or remove.
    func proportion(_ replicaSet: ReplicaSetView, toAdd: Int64, added: Int64) -> Int64 {
        if replicaSet.replicas == 0 || toAdd == 0 || toAdd == added { return 0 }
        let fraction = replicaSetFraction(replicaSet)
        let allowed = toAdd - added
        return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
    }

    /// getReplicaSetFraction: the ReplicaSet's size rescaled from the deployment size it
    /// was annotated with (max-replicas) to the new one, minus its size.
    func replicaSetFraction(_ replicaSet: ReplicaSetView) -> Int64 {
        if d.replicas == 0 { return -replicaSet.replicas }
        let maxReplicas = d.replicas + d.maxSurge
        var before = replicaSet.maxReplicasAnnotation ?? 0
        if before == 0 {
            before = d.status.replicas
            if before == 0 { return replicaSet.replicas }
        }
        let size = Double(replicaSet.replicas * maxReplicas) / Double(before)
        return Int64(size.rounded()) - replicaSet.replicas
    }
}
