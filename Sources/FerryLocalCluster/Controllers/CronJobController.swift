import FerryKube
import Foundation

/// Creates a CronJob's Jobs at its scheduled times on the cluster clock, as the
/// upstream CronJob controller (pkg/controller/cronjob, v2) does: Jobs named
/// `<cronjob>-<scheduled minutes since the epoch>`, `concurrencyPolicy`
/// Allow/Forbid/Replace, `suspend`, `startingDeadlineSeconds`, the history limits,
/// and `status.active`, `lastScheduleTime`, `lastSuccessfulTime`.
final class CronJobController: Reconciler {
    let store: ObjectStore
    let clock: ClusterClock
    let events: EventRecorder

    static let scheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"

    init(store: ObjectStore, clock: ClusterClock, events: EventRecorder) {
        self.store = store
        self.clock = clock
        self.events = events
    }

    /// syncCronJob.
    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let cronJob = store.get(key), let uid = cronJob.uid, !cronJob.isBeingDeleted else { return nil }
        let now = clock.now()
        let jobs = store.list(ResourceCatalog.jobs, namespace: key.namespace, controlledBy: uid)
        var status = cronJob["status"]?.object ?? [:]
        var active = (status["active"]?.array ?? []).filter { reference in
            // Finished or vanished Jobs leave the active list.
            guard let job = jobs.first(where: { $0.uid == reference["uid"]?.string }) else { return false }
            if let outcome = JobState.outcome(job) {
                events.record(cronJob, resource: ResourceCatalog.cronJobs, reason: "SawCompletedJob",
                              message: "Saw completed job: \(job.name), condition: \(outcome ? "Complete" : "Failed")",
                              component: "cronjob-controller")
                return false
            }
            return true
        }
        let lastSuccess = jobs.filter { JobState.outcome($0) == true }
            .compactMap { $0[path: ["status", "completionTime"]]?.string.flatMap(Timestamp.parse) }.max()
        if let lastSuccess, lastSuccess > (status["lastSuccessfulTime"]?.string.flatMap(Timestamp.parse) ?? .distantPast) {
            status["lastSuccessfulTime"] = .string(Timestamp.format(lastSuccess))
        }
        defer { try? cleanUp(cronJob, jobs: store.list(ResourceCatalog.jobs, namespace: key.namespace, controlledBy: uid)) }

        let schedule: CronSchedule
        do {
            schedule = try Self.schedule(of: cronJob)
        } catch {
            try write(&status, active: active, key: key, uid: uid)
            events.record(cronJob, resource: ResourceCatalog.cronJobs, type: "Warning", reason: "UnparseableSchedule",
                          message: "unparseable schedule: \"\(cronJob[path: ["spec", "schedule"]]?.string ?? "")\" : \(error)",
                          component: "cronjob-controller")
            return nil
        }
        if cronJob[path: ["spec", "suspend"]]?.bool == true {
            try write(&status, active: active, key: key, uid: uid)
            return nil
        }
        let untilNext = { () -> Duration? in
            schedule.next(after: now).map { .seconds(max($0.timeIntervalSince(now), 0) + 0.1) }
        }
        guard let scheduled = mostRecentTime(cronJob, status: status, schedule: schedule, now: now) else {
            try write(&status, active: active, key: key, uid: uid)
            return untilNext()
        }
        if let deadline = cronJob.int("spec", "startingDeadlineSeconds"),
           scheduled.addingTimeInterval(TimeInterval(deadline)) < now {
            try write(&status, active: active, key: key, uid: uid)
            events.record(cronJob, resource: ResourceCatalog.cronJobs, type: "Warning", reason: "MissSchedule",
                          message: "Missed scheduled time to start a job: \(Timestamp.format(scheduled))",
                          component: "cronjob-controller")
            return untilNext()
        }
        let name = "\(cronJob.name)-\(Int64(scheduled.timeIntervalSince1970) / 60)"
        if active.contains(where: { $0["name"]?.string == name }) {
            try write(&status, active: active, key: key, uid: uid)
            return untilNext()
        }
        switch cronJob[path: ["spec", "concurrencyPolicy"]]?.string ?? "Allow" {
        case "Forbid" where !active.isEmpty:
            try write(&status, active: active, key: key, uid: uid)
            events.record(cronJob, resource: ResourceCatalog.cronJobs, reason: "JobAlreadyActive",
                          message: "Not starting job because prior execution is running and concurrency policy is Forbid",
                          component: "cronjob-controller")
            return untilNext()
        case "Replace":
            for reference in active {
                let jobKey = StoreKey(ResourceCatalog.jobs, namespace: key.namespace, name: reference["name"]?.string ?? "")
                if try store.delete(jobKey, uid: reference["uid"]?.string) {
                    events.record(cronJob, resource: ResourceCatalog.cronJobs, reason: "SuccessfulDelete",
                                  message: "Deleted job \(jobKey.name)", component: "cronjob-controller")
                }
            }
            active = []
        default:
            break
        }
        let jobKey = StoreKey(ResourceCatalog.jobs, namespace: key.namespace, name: name)
        if store.namespaceAcceptsCreates(key.namespace),
           let job = try store.create(jobKey, Self.job(from: cronJob, name: name, scheduled: scheduled, timeZone: schedule.calendar.timeZone)) {
            events.record(cronJob, resource: ResourceCatalog.cronJobs, reason: "SuccessfulCreate",
                          message: "Created job \(name)", component: "cronjob-controller")
            active.append(["apiVersion": "batch/v1", "kind": "Job", "name": .string(name),
                           "namespace": .string(key.namespace), "uid": .string(job.uid ?? ""),
                           "resourceVersion": job[path: ["metadata", "resourceVersion"]] ?? ""])
        }
        status["lastScheduleTime"] = .string(Timestamp.format(scheduled))
        try write(&status, active: active, key: key, uid: uid)
        return untilNext()
    }

    /// The schedule in the CronJob's `timeZone` (UTC, the controller's zone here, when unset).
    static func schedule(of cronJob: JSONValue) throws -> CronSchedule {
        var zone = TimeZone(identifier: "UTC") ?? .current
        if let name = cronJob[path: ["spec", "timeZone"]]?.string {
            guard let named = TimeZone(identifier: name) else {
                throw CronSchedule.ParseError(description: "invalid timeZone: \"\(name)\": unknown time zone \(name)")
            }
            zone = named
        }
        return try CronSchedule(cronJob[path: ["spec", "schedule"]]?.string ?? "", timeZone: zone)
    }

    /// mostRecentScheduleTime: the latest scheduled time after the last one (or the
    /// CronJob's creation, or the starting deadline, whichever is later) and not after now.
    private func mostRecentTime(_ cronJob: JSONValue, status: [String: JSONValue], schedule: CronSchedule, now: Date) -> Date? {
        var earliest = status["lastScheduleTime"]?.string.flatMap(Timestamp.parse) ?? cronJob.creationDate ?? now
        if let deadline = cronJob.int("spec", "startingDeadlineSeconds") {
            earliest = max(earliest, now.addingTimeInterval(-TimeInterval(deadline)))
        }
        var latest: Date?
        var next = schedule.next(after: earliest)
        var missed = 0
        while let time = next, time <= now, missed < 100_000 {
            latest = time
            missed += 1
            next = schedule.next(after: time)
        }
        if missed > 100 {
            events.record(cronJob, resource: ResourceCatalog.cronJobs, type: "Warning", reason: "TooManyMissedTimes",
                          message: "too many missed start times: \(missed). Set or decrease .spec.startingDeadlineSeconds or check clock skew",
                          component: "cronjob-controller")
        }
        return latest
    }

    /// getJobFromTemplate2, with the API server's Job defaults (the controller writes
    /// to the store directly, so it also assigns the uid the selector names).
    static func job(from cronJob: JSONValue, name: String, scheduled: Date, timeZone: TimeZone) -> JSONValue {
        let template = cronJob[path: ["spec", "jobTemplate"]] ?? .object([:])
        var job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": ["name": .string(name), "namespace": .string(cronJob.namespace),
                         "uid": .string(ObjectUID.make())],
            "spec": template["spec"] ?? .object([:]),
        ]
        job.setMetadataMap("labels", template[path: ["metadata", "labels"]]?.object ?? [:])
        var annotations = template[path: ["metadata", "annotations"]]?.object ?? [:]
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        annotations[scheduledTimestampAnnotation] = .string(formatter.string(from: scheduled))
        job.setMetadataMap("annotations", annotations)
        job.setOwnerReferences([OwnerReference(controllerOf: cronJob, resource: ResourceCatalog.cronJobs)])
        Defaults.job(&job)
        return job
    }

    private func write(_ status: inout [String: JSONValue], active: [JSONValue], key: StoreKey, uid: String) throws {
        if active.isEmpty { status["active"] = nil } else { status["active"] = .array(active) }
        let json = JSONValue.object(status)
        try store.update(key, uid: uid) { $0["status"] = json }
    }

    /// cleanupFinishedJobs: keeps the newest `successfulJobsHistoryLimit` complete and
    /// `failedJobsHistoryLimit` failed Jobs, by start time.
    private func cleanUp(_ cronJob: JSONValue, jobs: [JSONValue]) throws {
        for (outcome, field) in [(true, "successfulJobsHistoryLimit"), (false, "failedJobsHistoryLimit")] {
            guard let limit = cronJob.int("spec", field) else { continue }
            let finished = jobs.filter { JobState.outcome($0) == outcome }.sorted { left, right in
                let leftStart = left[path: ["status", "startTime"]]?.string.flatMap(Timestamp.parse) ?? .distantFuture
                let rightStart = right[path: ["status", "startTime"]]?.string.flatMap(Timestamp.parse) ?? .distantFuture
                return leftStart == rightStart ? left.name < right.name : leftStart < rightStart
            }
            for job in finished.dropLast(Int(max(limit, 0))) {
                let jobKey = StoreKey(ResourceCatalog.jobs, namespace: job.namespace, name: job.name)
                if try store.delete(jobKey, uid: job.uid) {
                    events.record(cronJob, resource: ResourceCatalog.cronJobs, reason: "SuccessfulDelete",
                                  message: "Deleted job \(job.name)", component: "cronjob-controller")
                }
            }
        }
    }
}
