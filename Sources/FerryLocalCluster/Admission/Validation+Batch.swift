import FerryKube

/// batch/v1 validation: Jobs' restart policies, counts and immutable template, and
/// CronJobs' schedules.
extension Validation {
    static func job(_ object: JSONValue, old: JSONValue?, path: String) -> [FieldError] {
        guard let spec = object[path: path.split(separator: ".").map(String.init)], spec.object != nil else {
            return [.required(path)]
        }
        var errors: [FieldError] = []
        for field in ["parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"] {
            errors += nonNegative(spec[field], "\(path).\(field)")
        }
        if let deadline = spec["activeDeadlineSeconds"]?.int, deadline <= 0 {
            errors.append(.invalid("\(path).activeDeadlineSeconds", .int(deadline), "must be greater than 0"))
        }
        if spec["selector"] != nil, path == "spec" {
            errors += selectorAndTemplate(spec, kind: "Job")
        }
        let template = spec[path: ["template", "spec"]]
        errors += PodRules.spec(template, path: "\(path).template.spec", restartPolicies: ["OnFailure", "Never"])
        // The pod default is Always, which a Job may not use.
        if let template, template.object != nil, (template["restartPolicy"]?.string ?? "").isEmpty {
            errors.append(.unsupported("\(path).template.spec.restartPolicy", "Always", supported: ["OnFailure", "Never"]))
        }
        guard let old, path == "spec" else { return errors }
        errors += immutable(object, old: old, ["spec", "selector"], rendered: Rendering.labelSelector)
        errors += immutable(object, old: old, ["spec", "template"])
        errors += immutable(object, old: old, ["spec", "completionMode"])
        if spec["completionMode"]?.string != "Indexed" {
            errors += immutable(object, old: old, ["spec", "completions"])
        }
        return errors
    }

    static func cronJob(_ object: JSONValue, old: JSONValue?) -> [FieldError] {
        var errors: [FieldError] = []
        if let name = object[path: ["metadata", "name"]]?.string, name.utf8.count > 52 {
            errors.append(.invalid("metadata.name", .string(name), "must be no more than 52 characters"))
        }
        if let schedule = object[path: ["spec", "schedule"]]?.string {
            errors += scheduleFormat(schedule, old: old)
        }
        for field in ["successfulJobsHistoryLimit", "failedJobsHistoryLimit", "startingDeadlineSeconds"] {
            errors += nonNegative(object[path: ["spec", field]], "spec.\(field)")
        }
        if object[path: ["spec", "jobTemplate"]] != nil {
            errors += job(object, old: nil, path: "spec.jobTemplate.spec")
        }
        return errors
    }

    /// validateScheduleFormat: the schedule as the controller parses it (robfig/cron's
    /// messages), and no `TZ=`/`CRON_TZ=` prefix, which only a CronJob that already had
    /// one may keep (the `timeZone` field replaces it).
    private static func scheduleFormat(_ schedule: String, old: JSONValue?) -> [FieldError] {
        if schedule.isEmpty { return [.required("spec.schedule")] }
        if schedule.contains("TZ") {
            let had = old?[path: ["spec", "schedule"]]?.string?.contains("TZ") ?? false
            guard had else {
                return [.invalid("spec.schedule", .string(schedule), "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")]
            }
            return []
        }
        do {
            _ = try CronSchedule(schedule)
            return []
        } catch {
            return [.invalid("spec.schedule", .string(schedule), error.description)]
        }
    }
}
