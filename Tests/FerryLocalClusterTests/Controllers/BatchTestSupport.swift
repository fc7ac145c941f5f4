import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// A Job's pod template: one busybox container running `command`.
func jobPodTemplate(_ name: String, command: [String], restartPolicy: String) -> JSONValue {
    var main: JSONValue = container("busybox:1.36")
    main["command"] = .array(command.map(JSONValue.string))
    var template: JSONValue = ["metadata": ["labels": ["app": .string(name)]]]
    template[path: ["spec", "containers"]] = .array([main])
    template[path: ["spec", "restartPolicy"]] = .string(restartPolicy)
    return template
}

/// The knobs of a Job's spec the tests turn.
struct JobKnobs {
    var command: [String] = ["sh", "-c", "echo done"]
    var completions: Int64? = 1
    var parallelism: Int64? = nil
    var backoffLimit: Int64? = nil
    var activeDeadlineSeconds: Int64? = nil
    var ttlSecondsAfterFinished: Int64? = nil
    var restartPolicy: String = "Never"

    /// The spec with only the knobs set (the API's defaults fill the rest).
    func spec(_ name: String) -> JSONValue {
        var spec: JSONValue = ["template": jobPodTemplate(name, command: command, restartPolicy: restartPolicy)]
        let counts: [(String, Int64?)] = [
            ("completions", completions), ("parallelism", parallelism), ("backoffLimit", backoffLimit),
            ("activeDeadlineSeconds", activeDeadlineSeconds), ("ttlSecondsAfterFinished", ttlSecondsAfterFinished),
        ]
        for (field, value) in counts {
            if let value { spec[field] = .int(value) }
        }
        return spec
    }
}

/// A Job as it reaches the store through the API: defaulted, with its generated selector and uid.
func jobFixture(_ name: String = "once", _ knobs: JobKnobs = JobKnobs()) -> JSONValue {
    let metadata: JSONValue = ["name": .string(name), "namespace": "default"]
    var job: JSONValue = ["apiVersion": "batch/v1", "kind": "Job"]
    job["metadata"] = metadata
    job["spec"] = knobs.spec(name)
    Defaults.apply(to: &job, resource: ResourceCatalog.jobs, key: StoreKey(ResourceCatalog.jobs, namespace: "default", name: name))
    return job
}

/// A CronJob as it reaches the store through the API.
func cronJobFixture(_ name: String = "tick", schedule: String = "* * * * *", knobs: JobKnobs = JobKnobs(),
                    concurrencyPolicy: String? = nil, suspend: Bool = false,
                    successfulJobsHistoryLimit: Int64? = nil, failedJobsHistoryLimit: Int64? = nil) -> JSONValue {
    var jobTemplate: JSONValue = ["metadata": ["labels": ["team": "batch"]]]
    jobTemplate["spec"] = knobs.spec(name)
    var spec: JSONValue = ["schedule": .string(schedule), "suspend": .bool(suspend)]
    spec["jobTemplate"] = jobTemplate
    if let concurrencyPolicy { spec["concurrencyPolicy"] = .string(concurrencyPolicy) }
    if let successfulJobsHistoryLimit { spec["successfulJobsHistoryLimit"] = .int(successfulJobsHistoryLimit) }
    if let failedJobsHistoryLimit { spec["failedJobsHistoryLimit"] = .int(failedJobsHistoryLimit) }
    let metadata: JSONValue = ["name": .string(name), "namespace": "default"]
    var cronJob: JSONValue = ["apiVersion": "batch/v1", "kind": "CronJob"]
    cronJob["metadata"] = metadata
    cronJob["spec"] = spec
    Defaults.apply(to: &cronJob, resource: ResourceCatalog.cronJobs,
                   key: StoreKey(ResourceCatalog.cronJobs, namespace: "default", name: name))
    return cronJob
}

extension TestCluster {
    func job(_ name: String) -> JSONValue? {
        store.get(StoreKey(ResourceCatalog.jobs, namespace: "default", name: name))
    }

    func jobs() -> [JSONValue] {
        store.list(ResourceCatalog.jobs, namespace: "default").items
    }

    func cronJob(_ name: String = "tick") -> JSONValue? {
        store.get(StoreKey(ResourceCatalog.cronJobs, namespace: "default", name: name))
    }

    /// The Jobs a CronJob (or the pods a Job) controls.
    func owned(_ resource: ResourceType, by owner: JSONValue) -> [JSONValue] {
        store.list(resource, namespace: "default").items.filter { $0.controllerReference?.uid == owner.uid }
    }

    /// The messages of the events recorded with `reason` about the object named `name`.
    func eventMessages(_ reason: String, about name: String) -> [String] {
        store.list(ResourceCatalog.events, namespace: "default").items
            .filter { $0["reason"]?.string == reason && $0[path: ["involvedObject", "name"]]?.string == name }
            .compactMap { $0["message"]?.string }
    }

    /// Waits until the Job has its final condition (`Complete` or `Failed`) and returns it.
    @discardableResult
    func finished(_ name: String, _ type: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> JSONValue {
        try await eventually("job \(name) \(type)", sourceLocation: sourceLocation) {
            job(name).filter { condition($0, type)?["status"]?.string == "True" }
        }
    }
}

/// A timestamp field of an object, parsed.
func date(_ object: JSONValue?, _ path: String...) -> Date? {
    object?[path: path]?.string.flatMap(Timestamp.parse)
}
