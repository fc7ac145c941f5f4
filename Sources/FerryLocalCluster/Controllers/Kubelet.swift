import FerryKube
import Foundation
import Synchronization

/// A simulated kubelet for the one node: pods bound to it go `ContainerCreating`,
/// then run and become Ready after `podStartDelay`, unless an image is missing from
/// the catalog, in which case they alternate between `ErrImagePull` and
/// `ImagePullBackOff` (with doubling back-off) and stay Pending, never Ready.
/// Pods marked for deletion are removed, as if their containers had stopped.
final class Kubelet: Reconciler {
    /// Where a pod is in its start-up.
    enum Stage: Equatable {
        case creating
        case started(pull: PullFailure?)
    }

    /// What a failed image pull is showing.
    enum PullFailure: Equatable {
        case errImagePull
        case backOff
    }

    private struct Record {
        var uid: String
        var firstSeen: Date
    }

    let store: ObjectStore
    let clock: ClusterClock
    let settings: ClusterSettings
    let catalog: ImageCatalog
    /// When each pod was first seen, which drives its timeline.
    private let records = Mutex<[StoreKey: Record]>([:])

    init(store: ObjectStore, clock: ClusterClock, settings: ClusterSettings) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalog = ImageCatalog(settings.imageCatalog)
    }

    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let pod = store.get(key), let uid = pod.uid else {
            _ = records.withLock { $0.removeValue(forKey: key) }
            return nil
        }
        if pod.isBeingDeleted {
            try store.delete(key, uid: uid)
            _ = records.withLock { $0.removeValue(forKey: key) }
            return nil
        }
        let phase = PodState.phase(pod)
        // A finished pod, or one already running and Ready (say, from before a restart), is left as it is.
        if phase == "Succeeded" || phase == "Failed" || (phase == "Running" && PodState.isReady(pod)) { return nil }
        let now = clock.now()
        let firstSeen = records.withLock { records -> Date in
            if let record = records[key], record.uid == uid { return record.firstSeen }
            records[key] = Record(uid: uid, firstSeen: now)
            return now
        }
        let (stage, next) = stage(of: pod, elapsed: now.timeIntervalSince(firstSeen))
        let status = status(of: pod, stage: stage, now: now)
        let nodeName = settings.nodeName
        try store.update(key, uid: uid) { object in
            if (object[path: ["spec", "nodeName"]]?.string ?? "").isEmpty {
                object[path: ["spec", "nodeName"]] = .string(nodeName)
            }
            object["status"] = status
        }
        return next
    }

    /// The stage a pod has reached `elapsed` seconds after it was first seen, and how
    /// long until the next one.
    func stage(of pod: JSONValue, elapsed: TimeInterval) -> (Stage, Duration?) {
        let startDelay = settings.podStartDelay.timeInterval
        if elapsed < startDelay { return (.creating, .seconds(startDelay - elapsed)) }
        let images = containers(of: pod, "initContainers") + containers(of: pod, "containers")
        if images.allSatisfy({ catalog.contains($0.image) }) { return (.started(pull: nil), nil) }
        // A failed pull shows ErrImagePull, then ImagePullBackOff for the back-off,
        // which doubles up to its limit; then the pull is tried (and fails) again.
        let showError = max(settings.imagePullBackOffDelay.timeInterval, 0.001)
        let limit = max(settings.imagePullBackOffLimit.timeInterval, 0.001)
        var backOff = min(max(settings.imagePullBackOffPeriod.timeInterval, 0.001), limit)
        var time = elapsed - startDelay
        while true {
            if backOff >= limit { time = time.truncatingRemainder(dividingBy: showError + limit) }
            if time < showError { return (.started(pull: .errImagePull), .seconds(showError - time)) }
            time -= showError
            if time < backOff { return (.started(pull: .backOff), .seconds(backOff - time)) }
            time -= backOff
            backOff = min(backOff * 2, limit)
        }
    }

    /// The name and image of each container in a list of the pod spec.
    func containers(of pod: JSONValue, _ list: String) -> [(name: String, image: String)] {
        (pod[path: ["spec", list]]?.array ?? []).map { ($0["name"]?.string ?? "", $0["image"]?.string ?? "") }
    }
}
