import FerryKube
import Foundation

/// How a Job ends: the condition pair it gets (the target first, while its pods
/// stop, then the final one), with upstream's reasons and messages.
enum JobFinish: Equatable {
    case complete, backoffLimitExceeded, deadlineExceeded

    var targetType: String { self == .complete ? "SuccessCriteriaMet" : "FailureTarget" }
    var finalType: String { self == .complete ? "Complete" : "Failed" }
    var reason: String {
        switch self {
        case .complete: return "CompletionsReached"
        case .backoffLimitExceeded: return "BackoffLimitExceeded"
        case .deadlineExceeded: return "DeadlineExceeded"
        }
    }
    var message: String {
        switch self {
        case .complete: return "Reached expected number of succeeded pods"
        case .backoffLimitExceeded: return "Job has reached the specified backoff limit"
        case .deadlineExceeded: return "Job was active longer than specified deadline"
        }
    }
    var eventReason: String { self == .complete ? "Completed" : reason }
    var eventMessage: String { self == .complete ? "Job completed" : message }
}

/// The pods counted so far, and the terminated ones not yet in the counters.
struct JobCounts: Equatable {
    var succeeded: Int64 = 0
    var failed: Int64 = 0
    var uncountedSucceeded: Set<String> = []
    var uncountedFailed: Set<String> = []
}

/// The parts of a Job's spec the controller acts on, defaulted as SetDefaults_Job.
struct JobSpec {
    var completions: Int64?
    var parallelism: Int64
    var backoffLimit: Int64
    var activeDeadlineSeconds: Int64?
    var suspend: Bool
    var restartPolicy: String?

    init(_ job: JSONValue) {
        completions = job.int("spec", "completions")
        parallelism = max(0, job.int("spec", "parallelism") ?? 1)
        backoffLimit = max(0, job.int("spec", "backoffLimit") ?? 6)
        activeDeadlineSeconds = job.int("spec", "activeDeadlineSeconds")
        suspend = job[path: ["spec", "suspend"]]?.bool ?? false
        restartPolicy = job[path: ["spec", "template", "spec", "restartPolicy"]]?.string
    }

    /// NonIndexed completion: `completions` successes, or (without completions) one
    /// success and no pod left running.
    func isComplete(succeeded: Int64, active: Int) -> Bool {
        guard let completions else { return succeeded > 0 && active == 0 }
        return succeeded >= completions
    }

    /// How many pods should run (wantActive of manageJob).
    func wantActive(succeeded: Int64, active: Int) -> Int {
        guard let completions else { return succeeded > 0 ? active : Int(parallelism) }
        return Int(min(max(completions - succeeded, 0), parallelism))
    }
}

/// A Job's status as the controller writes it.
struct JobStatus {
    var conditions: [JSONValue]
    var startTime: Date?
    var completionTime: Date?
    var active: Int64 = 0
    var ready: Int64 = 0
    var terminating: Int64 = 0
    var counts: JobCounts
    /// The target condition already set, if any.
    var finishing: JobFinish?

    init(_ status: JSONValue?, counts: JobCounts) {
        conditions = status?["conditions"]?.array ?? []
        startTime = status?["startTime"]?.string.flatMap(Timestamp.parse)
        completionTime = status?["completionTime"]?.string.flatMap(Timestamp.parse)
        self.counts = counts
        let isTrue = { (type: String) in
            status?["conditions"]?.array?.first { $0["type"]?.string == type && $0["status"]?.string == "True" }
        }
        if isTrue("SuccessCriteriaMet") != nil {
            finishing = .complete
        } else if let target = isTrue("FailureTarget") {
            finishing = target["reason"]?.string == JobFinish.deadlineExceeded.reason ? .deadlineExceeded : .backoffLimitExceeded
        }
    }

    /// Sets a condition True (kept as it is when it already is, with this reason).
    mutating func setCondition(_ type: String, status: String = "True", reason: String, message: String, now: Date) {
        let stamp = JSONValue.string(Timestamp.format(now))
        if let index = conditions.firstIndex(where: { $0["type"]?.string == type }) {
            if conditions[index]["status"]?.string == status, conditions[index]["reason"]?.string == reason { return }
            conditions[index] = ["type": .string(type), "status": .string(status), "reason": .string(reason),
                                 "message": .string(message), "lastProbeTime": stamp, "lastTransitionTime": stamp]
            return
        }
        conditions.append(["type": .string(type), "status": .string(status), "reason": .string(reason),
                           "message": .string(message), "lastProbeTime": stamp, "lastTransitionTime": stamp])
    }

    /// The Suspended condition: True while suspended, False (JobResumed) once resumed.
    mutating func setSuspended(_ suspended: Bool, now: Date) {
        let present = conditions.contains { $0["type"]?.string == "Suspended" }
        if suspended {
            setCondition("Suspended", reason: "JobSuspended", message: "Job suspended", now: now)
        } else if present {
            setCondition("Suspended", status: "False", reason: "JobResumed", message: "Job resumed", now: now)
        }
    }

    /// Adds the final condition once the finishing Job's pods have all stopped and
    /// been counted; returns the finish when it did.
    mutating func finish(now: Date) -> JobFinish? {
        guard let finishing, active == 0, terminating == 0,
              counts.uncountedSucceeded.isEmpty, counts.uncountedFailed.isEmpty,
              !conditions.contains(where: { $0["type"]?.string == finishing.finalType }) else { return nil }
        setCondition(finishing.finalType, reason: finishing.reason, message: finishing.message, now: now)
        if finishing == .complete { completionTime = now }
        return finishing
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["ready": .int(ready), "terminating": .int(terminating)]
        if !conditions.isEmpty { members["conditions"] = .array(conditions) }
        if let startTime { members["startTime"] = .string(Timestamp.format(startTime)) }
        if let completionTime { members["completionTime"] = .string(Timestamp.format(completionTime)) }
        if active > 0 { members["active"] = .int(active) }
        if counts.succeeded > 0 { members["succeeded"] = .int(counts.succeeded) }
        if counts.failed > 0 { members["failed"] = .int(counts.failed) }
        var uncounted: [String: JSONValue] = [:]
        if !counts.uncountedSucceeded.isEmpty { uncounted["succeeded"] = .array(counts.uncountedSucceeded.sorted().map(JSONValue.string)) }
        if !counts.uncountedFailed.isEmpty { uncounted["failed"] = .array(counts.uncountedFailed.sorted().map(JSONValue.string)) }
        members["uncountedTerminatedPods"] = .object(uncounted)
        return .object(members)
    }
}

/// What the Job controller reads from Jobs and their pods.
enum JobState {
    /// When the Job finished: its `Complete` or `Failed` condition's transition.
    static func finishedTime(_ job: JSONValue) -> Date? {
        let final = job[path: ["status", "conditions"]]?.array?.first {
            ($0["type"]?.string == "Complete" || $0["type"]?.string == "Failed") && $0["status"]?.string == "True"
        }
        guard let final else { return nil }
        return final["lastTransitionTime"]?.string.flatMap(Timestamp.parse) ?? Date.distantPast
    }

    /// Whether the Job has its final `Complete` (true) or `Failed` (false) condition.
    static func outcome(_ job: JSONValue) -> Bool? {
        for condition in job[path: ["status", "conditions"]]?.array ?? [] where condition["status"]?.string == "True" {
            if condition["type"]?.string == "Complete" { return true }
            if condition["type"]?.string == "Failed" { return false }
        }
        return nil
    }

    static func isTerminal(_ pod: JSONValue) -> Bool {
        let phase = PodState.phase(pod)
        return phase == "Succeeded" || phase == "Failed"
    }

    /// When the pod's last container finished (its failure time for the back-off).
    static func finishedAt(_ pod: JSONValue) -> Date? {
        (pod[path: ["status", "containerStatuses"]]?.array ?? [])
            .compactMap { $0[path: ["state", "terminated", "finishedAt"]]?.string.flatMap(Timestamp.parse) }.max()
    }

    static func hasTrackingFinalizer(_ pod: JSONValue) -> Bool {
        pod[path: ["metadata", "finalizers"]]?.array?.contains(.string(JobController.trackingFinalizer)) ?? false
    }
}
