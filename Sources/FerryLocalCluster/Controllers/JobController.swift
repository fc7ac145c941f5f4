import FerryKube
import Foundation

/// Runs each Job's pods to the requested completions, as the upstream Job controller
/// (pkg/controller/job) does for `NonIndexed` Jobs: up to `parallelism` pods at a
/// time, a failed pod replaced after an exponential back-off until `backoffLimit`
/// failures (`BackoffLimitExceeded`), `activeDeadlineSeconds` (`DeadlineExceeded`),
/// `suspend`, and deletion `ttlSecondsAfterFinished` after the Job finished.
///
/// Terminated pods are counted through `status.uncountedTerminatedPods` and the
/// `batch.kubernetes.io/job-tracking` finalizer, as upstream does, so a counted pod
/// that is deleted later is not counted again (nor replaced).
final class JobController: Reconciler {
    let store: ObjectStore
    let clock: ClusterClock
    let events: EventRecorder
    let nodeName: String

    static let trackingFinalizer = "batch.kubernetes.io/job-tracking"
    /// The first delay before a failed pod is replaced (DefaultJobPodFailureBackOff), doubled per failure.
    static let failureBackOff: TimeInterval = 10
    /// The longest such delay (MaxJobPodFailureBackOff).
    static let maxFailureBackOff: TimeInterval = 600

    init(store: ObjectStore, clock: ClusterClock, events: EventRecorder, nodeName: String) {
        self.store = store
        self.clock = clock
        self.events = events
        self.nodeName = nodeName
    }

    /// syncJob.
    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let job = store.get(key), let uid = job.uid, !job.isBeingDeleted else { return nil }
        let now = clock.now()
        if let finished = JobState.finishedTime(job) { return try expire(job, key: key, finished: finished, now: now) }
        // A template that cannot run here (validation's to reject) or a missing selector: nothing to manage.
        let restartPolicy = job[path: ["spec", "template", "spec", "restartPolicy"]]?.string
        guard restartPolicy == "Never" || restartPolicy == "OnFailure",
              let selector = try? LabelSelector(json: job[path: ["spec", "selector"]] ?? .null),
              !selector.requirements.isEmpty else { return nil }

        var pods = store.list(ResourceCatalog.pods, namespace: key.namespace, controlledBy: uid).filter(selector.matches(object:))
        var counts = try track(job, key: key, pods: &pods)
        var status = JobStatus(job["status"], counts: counts)
        let spec = JobSpec(job)
        if status.startTime == nil, !spec.suspend { status.startTime = now }

        var next: Duration?
        var active = pods.filter(PodState.isActive)
        if status.finishing == nil, let failure = failure(job, spec: spec, counts: counts, active: active, start: status.startTime, now: now) {
            status.finishing = failure
            status.setCondition(failure.targetType, reason: failure.reason, message: failure.message, now: now)
        }
        if status.finishing == nil, spec.isComplete(succeeded: counts.succeeded, active: active.count) {
            status.finishing = .complete
            status.setCondition(JobFinish.complete.targetType, reason: JobFinish.complete.reason,
                                message: JobFinish.complete.message, now: now)
        }
        if status.finishing != nil || spec.suspend {
            // A finishing (or suspended) Job's running pods are stopped; a failing Job counts them as failed.
            if !active.isEmpty {
                try removePods(active, of: job, key: key)
                pods = store.list(ResourceCatalog.pods, namespace: key.namespace, controlledBy: uid).filter(selector.matches(object:))
                counts = try track(job, key: key, pods: &pods)
                status.counts = counts
                active = []
            }
            status.setSuspended(spec.suspend && status.finishing == nil, now: now)
        } else {
            status.setSuspended(false, now: now)
            let want = spec.wantActive(succeeded: counts.succeeded, active: active.count)
            if active.count > want {
                try removePods(Array(active.sorted(by: ReplicaSetController.deletesFirst).prefix(active.count - want)),
                               of: job, key: key)
            } else if active.count < want {
                let wait = backOffRemaining(failed: counts.failed, pods: pods, now: now)
                if wait > 0 {
                    next = .seconds(wait)
                } else {
                    active += try createPods(want - active.count, for: job)
                }
            }
            if let deadline = spec.activeDeadlineSeconds, let start = status.startTime {
                let left = start.addingTimeInterval(TimeInterval(deadline)).timeIntervalSince(now)
                next = min(next ?? .seconds(max(left, 0)), .seconds(max(left, 0)))
            }
        }
        status.active = Int64(active.count)
        status.ready = Int64(active.filter(PodState.isReady).count)
        status.terminating = Int64(pods.filter { $0.isBeingDeleted && !JobState.isTerminal($0) }.count)
        let finished = status.finish(now: now)
        try writeStatus(status, key: key, uid: uid)
        if let finished {
            events.record(job, resource: ResourceCatalog.jobs, type: finished == .complete ? "Normal" : "Warning",
                          reason: finished.eventReason, message: finished.eventMessage, component: "job-controller")
            return try expire(job, key: key, finished: now, now: now)
        }
        // A finishing Job waits for its pods' deletion, which the events bring.
        return next
    }

    /// The failure that ends the Job, if one has happened (pastBackoffLimit, pastActiveDeadline).
    private func failure(_ job: JSONValue, spec: JobSpec, counts: JobCounts, active: [JSONValue], start: Date?,
                         now: Date) -> JobFinish? {
        if counts.failed > spec.backoffLimit { return .backoffLimitExceeded }
        if spec.restartPolicy == "OnFailure" {
            // An OnFailure pod's restarts count as failures.
            let restarts = active.reduce(Int64(0)) { sum, pod in
                sum + ((pod[path: ["status", "initContainerStatuses"]]?.array ?? [])
                    + (pod[path: ["status", "containerStatuses"]]?.array ?? [])).reduce(0) { $0 + ($1["restartCount"]?.int ?? 0) }
            }
            if restarts > 0, spec.backoffLimit == 0 || restarts >= spec.backoffLimit {
                return .backoffLimitExceeded
            }
        }
        if let deadline = spec.activeDeadlineSeconds, let start, now.timeIntervalSince(start) >= TimeInterval(deadline) {
            return .deadlineExceeded
        }
        return nil
    }

    /// Deletes a finished Job once `ttlSecondsAfterFinished` has passed (the TTL-after-finished
    /// controller); its pods follow through the garbage collector.
    private func expire(_ job: JSONValue, key: StoreKey, finished: Date, now: Date) throws -> Duration? {
        guard let ttl = job.int("spec", "ttlSecondsAfterFinished") else { return nil }
        let left = finished.addingTimeInterval(TimeInterval(ttl)).timeIntervalSince(now)
        if left > 0 { return .seconds(left) }
        try store.delete(key, uid: job.uid)
        return nil
    }

    /// getRemainingBackoffTime: after `failed` failures, a new pod waits
    /// 10 s × 2^(failed−1) (at most 10 min) from the last pod's failure.
    private func backOffRemaining(failed: Int64, pods: [JSONValue], now: Date) -> TimeInterval {
        guard failed > 0 else { return 0 }
        let lastFailure = pods.filter { PodState.phase($0) == "Failed" }.compactMap(JobState.finishedAt).max()
        guard let lastFailure else { return 0 }
        let delay = min(Self.failureBackOff * pow(2, Double(min(failed - 1, 30))), Self.maxFailureBackOff)
        return lastFailure.addingTimeInterval(delay).timeIntervalSince(now)
    }

    private func writeStatus(_ status: JobStatus, key: StoreKey, uid: String) throws {
        let json = status.json
        try store.update(key, uid: uid) { $0["status"] = json }
    }
}
