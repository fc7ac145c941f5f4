import FerryKube
import Foundation

/// The labels the API server puts on a Job's pods (batch/v1 constants).
enum JobLabel {
    static let jobName = "batch.kubernetes.io/job-name"
    static let controllerUID = "batch.kubernetes.io/controller-uid"
    static let legacyJobName = "job-name"
    static let legacyControllerUID = "controller-uid"
}

extension Defaults {
    /// `SetDefaults_Job`, and the selector the job strategy's PrepareForCreate
    /// generates (`manualSelector` unset or false): the template gets the
    /// `batch.kubernetes.io/job-name` and `controller-uid` labels (and their legacy
    /// forms), the selector matches the uid. A Job without a uid yet is given one, the
    /// one the store keeps. A Job without labels of its own takes its template's, as
    /// defaulting on read gives it upstream.
    static func job(_ object: inout JSONValue) {
        setIfAbsent(&object, ["spec"], [:])
        if object[path: ["spec", "completions"]] == nil, object[path: ["spec", "parallelism"]] == nil {
            object[path: ["spec", "completions"]] = 1
        }
        setIfAbsent(&object, ["spec", "parallelism"], 1)
        let perIndex = object[path: ["spec", "backoffLimitPerIndex"]] != nil
        setIfAbsent(&object, ["spec", "backoffLimit"], perIndex ? .int(Int64(Int32.max)) : 6)
        setIfAbsent(&object, ["spec", "completionMode"], "NonIndexed")
        setIfAbsent(&object, ["spec", "suspend"], false)
        let failurePolicy = object[path: ["spec", "podFailurePolicy"]] != nil
        setIfAbsent(&object, ["spec", "podReplacementPolicy"], failurePolicy ? "Failed" : "TerminatingOrFailed")
        setIfAbsent(&object, ["spec", "template"], [:])
        podSpec(&object, at: ["spec", "template", "spec"])
        if object[path: ["spec", "manualSelector"]]?.bool != true, object[path: ["spec", "selector"]] == nil {
            generateSelector(&object)
        }
        if object.labels.isEmpty, let labels = object[path: ["spec", "template", "metadata", "labels"]], labels.object != nil {
            object.setMetadataMap("labels", labels.object ?? [:])
        }
    }

    /// generateSelector of the job strategy.
    private static func generateSelector(_ object: inout JSONValue) {
        var uid = object.uid ?? ""
        if uid.isEmpty {
            uid = ObjectUID.make()
            object[path: ["metadata", "uid"]] = .string(uid)
        }
        let name = object.name
        var labels = object[path: ["spec", "template", "metadata", "labels"]]?.object ?? [:]
        for (label, value) in [(JobLabel.legacyControllerUID, uid), (JobLabel.controllerUID, uid),
                               (JobLabel.legacyJobName, name), (JobLabel.jobName, name)] where labels[label] == nil {
            labels[label] = .string(value)
        }
        object[path: ["spec", "template", "metadata", "labels"]] = .object(labels)
        object[path: ["spec", "selector"]] = ["matchLabels": [JobLabel.controllerUID: .string(uid)]]
    }

    /// `SetDefaults_CronJob`, and the pod defaults of its job template.
    static func cronJob(_ object: inout JSONValue) {
        setIfAbsent(&object, ["spec"], [:])
        setIfAbsent(&object, ["spec", "concurrencyPolicy"], "Allow")
        setIfAbsent(&object, ["spec", "suspend"], false)
        setIfAbsent(&object, ["spec", "successfulJobsHistoryLimit"], 3)
        setIfAbsent(&object, ["spec", "failedJobsHistoryLimit"], 1)
        podSpec(&object, at: ["spec", "jobTemplate", "spec", "template", "spec"])
    }
}
