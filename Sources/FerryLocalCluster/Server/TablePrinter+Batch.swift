import FerryKube
import Foundation

/// Jobs and CronJobs, with the cells kubernetes/pkg/printers computes.
extension TablePrinter {
    static let jobs = TablePrinter(columns: [
        nameColumn, Column(name: "Status", type: "string"), Column(name: "Completions", type: "string"),
        Column(name: "Duration", type: "string"), ageColumn,
        Column(name: "Containers", type: "string", priority: 1), Column(name: "Images", type: "string", priority: 1),
        Column(name: "Selector", type: "string", priority: 1),
    ]) { object, now in
        let (containers, images) = containerCells(object[path: ["spec", "template", "spec", "containers"]])
        return [
            name(object), .string(jobStatus(object)), .string(jobCompletions(object)), .string(jobDuration(object, now)),
            age(object, now), .string(containers), .string(images), .string(selector(object[path: ["spec", "selector"]])),
        ]
    }

    static let cronJobs = TablePrinter(columns: [
        nameColumn, Column(name: "Schedule", type: "string"), Column(name: "Timezone", type: "string"),
        Column(name: "Suspend", type: "boolean"), Column(name: "Active", type: "integer"),
        Column(name: "Last Schedule", type: "string"), ageColumn,
        Column(name: "Containers", type: "string", priority: 1), Column(name: "Images", type: "string", priority: 1),
        Column(name: "Selector", type: "string", priority: 1),
    ]) { object, now in
        let template = object[path: ["spec", "jobTemplate", "spec"]]
        let (containers, images) = containerCells(template?[path: ["template", "spec", "containers"]])
        let suspend = object[path: ["spec", "suspend"]]?.bool.map { $0 ? "True" : "False" } ?? "<unset>"
        let last = object[path: ["status", "lastScheduleTime"]]?.string
        return [
            name(object), .string(object[path: ["spec", "schedule"]]?.string ?? ""),
            .string(object[path: ["spec", "timeZone"]]?.string ?? "<none>"), .string(suspend),
            .int(Int64(object[path: ["status", "active"]]?.array?.count ?? 0)),
            .string(last.map { HumanDuration.age(since: $0, now: now) } ?? "<none>"), age(object, now),
            .string(containers), .string(images), .string(selector(template?["selector"])),
        ]
    }

    /// printJob's status: the final condition, Terminating, Suspended, the target condition, or Running.
    static func jobStatus(_ job: JSONValue) -> String {
        let isTrue = { (type: String) in
            job[path: ["status", "conditions"]]?.array?.contains { $0["type"]?.string == type && $0["status"]?.string == "True" } ?? false
        }
        if isTrue("Complete") { return "Complete" }
        if isTrue("Failed") { return "Failed" }
        if job.isBeingDeleted { return "Terminating" }
        if isTrue("Suspended") { return "Suspended" }
        if isTrue("FailureTarget") { return "FailureTarget" }
        if isTrue("SuccessCriteriaMet") { return "SuccessCriteriaMet" }
        return "Running"
    }

    /// `1/3`, or without completions `0/1` (`0/1 of 2` when parallel).
    static func jobCompletions(_ job: JSONValue) -> String {
        let succeeded = integer(job[path: ["status", "succeeded"]])
        if let completions = job[path: ["spec", "completions"]]?.int { return "\(succeeded)/\(completions)" }
        let parallelism = job[path: ["spec", "parallelism"]]?.int ?? 0
        return parallelism > 1 ? "\(succeeded)/1 of \(parallelism)" : "\(succeeded)/1"
    }

    /// From the start to completion, or to now while running; empty before it starts.
    static func jobDuration(_ job: JSONValue, _ now: Date) -> String {
        guard let start = job[path: ["status", "startTime"]]?.string.flatMap(Timestamp.parse) else { return "" }
        let end = job[path: ["status", "completionTime"]]?.string.flatMap(Timestamp.parse) ?? now
        return HumanDuration.format(end.timeIntervalSince(start))
    }
}
