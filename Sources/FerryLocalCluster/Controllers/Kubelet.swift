import FerryKube
import Foundation
import Synchronization

/// A simulated kubelet for the one node: pods bound to it go `ContainerCreating`,
/// then run and become Ready after `podStartDelay`, unless an image is missing from
/// the catalog, in which case they alternate between `ErrImagePull` and
/// `ImagePullBackOff` (with doubling back-off) and stay Pending, never Ready.
/// Pods that run to completion (restartPolicy `Never` or `OnFailure`) exit after
/// `podRunDuration` with the code ``ContainerExit`` gives them; `OnFailure` restarts a
/// failed container with a doubling back-off (`CrashLoopBackOff`). A pod marked for
/// deletion is stopped (`Killing`) and removed after `podStopDelay`, or its grace
/// period if shorter. Every step is recorded as the kubelet's Events.
final class Kubelet: Reconciler {
    /// Where a pod is in its life, in seconds since the kubelet first saw it.
    enum Stage: Equatable {
        case creating
        /// An image is missing: the `attempt`-th pull failed and shows `failure`.
        case pullFailed(PullFailure, attempt: Int)
        /// Containers run; the failed ones of an `OnFailure` pod after `restarts` restarts.
        case running(restarts: Int, since: TimeInterval)
        /// The failed containers wait out `backOff` after their `restarts`-th run, `lastRun`.
        case backingOff(restarts: Int, lastRun: Run, backOff: TimeInterval)
        /// Every container has exited for good.
        case finished(restarts: Int, lastRun: Run)
    }

    /// What a failed image pull is showing.
    enum PullFailure: Equatable {
        case errImagePull
        case backOff
    }

    /// One run of a pod's containers, in seconds since first seen.
    struct Run: Equatable {
        var start: TimeInterval
        var end: TimeInterval
    }

    struct Record {
        var uid: String
        var firstSeen: Date
        /// The containers that pull their image (the others find it present).
        var pulls: Set<String> = []
        /// When the kubelet saw the pod's deletion.
        var stopping: Date?
        /// The Events already recorded, by ``KubeletEvent/id``.
        var recorded: Set<String> = []
    }

    let store: ObjectStore
    let clock: ClusterClock
    let settings: ClusterSettings
    let catalog: ImageCatalog
    let events: EventRecorder
    /// When each pod was first seen, which drives its timeline.
    let records = Mutex<[StoreKey: Record]>([:])
    /// The images pulled so far, normalised: an `IfNotPresent` container finds them present.
    let pulledImages = Mutex<Set<String>>([])

    init(store: ObjectStore, clock: ClusterClock, settings: ClusterSettings, events: EventRecorder) {
        self.store = store
        self.clock = clock
        self.settings = settings
        self.catalog = ImageCatalog(settings.imageCatalog)
        self.events = events
    }

    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let pod = store.get(key), let uid = pod.uid else {
            _ = records.withLock { $0.removeValue(forKey: key) }
            return nil
        }
        let now = clock.now()
        if pod.isBeingDeleted { return try stop(pod, key: key, uid: uid, now: now) }
        let phase = PodState.phase(pod)
        let completes = ContainerExit.runsToCompletion(pod)
        // A finished pod, or a long-running one already Ready (say, from before a restart), is left as it is.
        if phase == "Succeeded" || phase == "Failed" || (!completes && phase == "Running" && PodState.isReady(pod)) {
            return nil
        }
        // A pod already running when first seen (the kubelet restarted) resumes as just started.
        let resumeAt = phase == "Running" ? now.addingTimeInterval(-settings.podStartDelay.timeInterval) : now
        let record = records.withLock { records -> Record in
            if let record = records[key], record.uid == uid { return record }
            let record = Record(uid: uid, firstSeen: resumeAt, pulls: pulls(of: pod))
            records[key] = record
            return record
        }
        let (stage, next) = stage(of: pod, elapsed: now.timeIntervalSince(record.firstSeen))
        let status = status(of: pod, stage: stage, now: now, origin: record.firstSeen)
        let nodeName = settings.nodeName
        let stored = try store.update(key, uid: uid) { object in
            if (object[path: ["spec", "nodeName"]]?.string ?? "").isEmpty {
                object[path: ["spec", "nodeName"]] = .string(nodeName)
            }
            object["status"] = status
        }
        if let stored { recordEvents(for: stored, key: key, stage: stage, record: record, now: now) }
        return next
    }

    /// A deleted pod's containers are stopped, then the pod is removed.
    private func stop(_ pod: JSONValue, key: StoreKey, uid: String, now: Date) throws -> Duration? {
        let since = records.withLock { records -> Date in
            var record = records[key].flatMap { $0.uid == uid ? $0 : nil } ?? Record(uid: uid, firstSeen: now)
            if let stopping = record.stopping { return stopping }
            record.stopping = now
            records[key] = record
            return now
        }
        recordKilling(pod, key: key)
        let grace = TimeInterval(pod[path: ["metadata", "deletionGracePeriodSeconds"]]?.int ?? 0)
        let remaining = min(settings.podStopDelay.timeInterval, grace) - now.timeIntervalSince(since)
        if remaining > 0 { return .seconds(remaining) }
        try store.delete(key, uid: uid)
        _ = records.withLock { $0.removeValue(forKey: key) }
        return nil
    }

    /// The containers whose image is pulled rather than found present, decided when
    /// the pod is first seen: `Always`, or an image this node has not pulled yet.
    private func pulls(of pod: JSONValue) -> Set<String> {
        let specs = (pod[path: ["spec", "initContainers"]]?.array ?? []) + (pod[path: ["spec", "containers"]]?.array ?? [])
        return pulledImages.withLock { pulled in
            var pulls: Set<String> = []
            for container in specs {
                let image = ImageReference.normalize(container["image"]?.string ?? "")
                let policy = container["imagePullPolicy"]?.string ?? "IfNotPresent"
                guard policy != "Never" else { continue }
                if policy == "Always" || !pulled.contains(image) { pulls.insert(container["name"]?.string ?? "") }
                if catalog.contains(image) { pulled.insert(image) }
            }
            return pulls
        }
    }

    /// The name and image of each container in a list of the pod spec.
    func containers(of pod: JSONValue, _ list: String) -> [(name: String, image: String)] {
        (pod[path: ["spec", list]]?.array ?? []).map { ($0["name"]?.string ?? "", $0["image"]?.string ?? "") }
    }
}
