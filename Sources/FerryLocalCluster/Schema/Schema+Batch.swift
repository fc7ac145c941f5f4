/// batch/v1: Jobs and CronJobs.
extension SchemaCatalog {
    static let batch: [SchemaDefinition] = {
        let b = SchemaNames.batch
        let n = SchemaNames.self
        return [
            .topLevel(b("Job"), group: "batch", version: "v1", "Job", "Job represents the configuration of a single job.", [
                .ref("spec", b("JobSpec"), "Specification of the desired behavior of a job."),
                .ref("status", b("JobStatus"), "Current status of a job."),
            ]),
            SchemaDefinition(b("JobSpec"), "JobSpec describes how the job execution will look like.", [
                .integer("activeDeadlineSeconds", "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it.", format: "int64"),
                .integer("backoffLimit", "Specifies the number of retries before marking this job failed. Defaults to 6"),
                .integer("backoffLimitPerIndex", "Specifies the limit for the number of retries within an index before marking this index as failed."),
                .string("completionMode", "completionMode specifies how Pod completions are tracked.", enum: ["Indexed", "NonIndexed"]),
                .integer("completions", "Specifies the desired number of successfully finished pods the job should be run with."),
                .string("managedBy", "ManagedBy field indicates the controller that manages a Job."),
                .boolean("manualSelector", "manualSelector controls generation of pod labels and pod selectors."),
                .integer("maxFailedIndexes", "Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set."),
                .integer("parallelism", "Specifies the maximum desired number of pods the job should run at any given time."),
                .raw("podFailurePolicy", "Specifies the policy of handling failed pods."),
                .string("podReplacementPolicy", "podReplacementPolicy specifies when to create replacement Pods.", enum: ["Failed", "TerminatingOrFailed"]),
                .ref("selector", n.labelSelector, "A label query over pods that should match the pod count."),
                .raw("successPolicy", "successPolicy specifies the policy when the Job can be declared as succeeded."),
                .boolean("suspend", "suspend specifies whether the Job controller should create Pods or not."),
                .ref("template", n.podTemplateSpec, "Describes the pod that will be created when executing a job.").required(),
                .integer("ttlSecondsAfterFinished", "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed)."),
            ]),
            SchemaDefinition(b("JobStatus"), "JobStatus represents the current state of a Job.", [
                .integer("active", "The number of pending and running pods which are not terminating."),
                .string("completedIndexes", "completedIndexes holds the completed indexes when .spec.completionMode = \"Indexed\" in a text format."),
                .time("completionTime", "Represents time when the job was completed."),
                .list("conditions", b("JobCondition"), "The latest available observations of an object's current state.", atomic: true),
                .integer("failed", "The number of pods which reached phase Failed."),
                .string("failedIndexes", "FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set."),
                .integer("ready", "The number of active pods which have a Ready condition and are not terminating (without a deletionTimestamp)."),
                .time("startTime", "Represents time when the job controller started processing a job."),
                .integer("succeeded", "The number of pods which reached phase Succeeded."),
                .integer("terminating", "The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp)."),
                .raw("uncountedTerminatedPods", "uncountedTerminatedPods holds the UIDs of Pods that have terminated but the job controller hasn't yet accounted for in the status counters."),
            ]).open(),
            SchemaDefinition(b("JobCondition"), "JobCondition describes current state of a job.", conditionFields).open(),
            .topLevel(b("CronJob"), group: "batch", version: "v1", "CronJob", "CronJob represents the configuration of a single cron job.", [
                .ref("spec", b("CronJobSpec"), "Specification of the desired behavior of a cron job, including the schedule."),
                .ref("status", b("CronJobStatus"), "Current status of a cron job."),
            ]),
            SchemaDefinition(b("CronJobSpec"), "CronJobSpec describes how the job execution will look like and when it will actually run.", [
                .string("concurrencyPolicy", "Specifies how to treat concurrent executions of a Job.", enum: ["Allow", "Forbid", "Replace"]),
                .integer("failedJobsHistoryLimit", "The number of failed finished jobs to retain."),
                .ref("jobTemplate", b("JobTemplateSpec"), "Specifies the job that will be created when executing a CronJob.").required(),
                .string("schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.").required(),
                .integer("startingDeadlineSeconds", "Optional deadline in seconds for starting the job if it misses scheduled time for any reason.", format: "int64"),
                .integer("successfulJobsHistoryLimit", "The number of successful finished jobs to retain."),
                .boolean("suspend", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions."),
                .string("timeZone", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
            ]),
            SchemaDefinition(b("JobTemplateSpec"), "JobTemplateSpec describes the data a Job should have when created from a template", [
                .ref("metadata", n.objectMeta, "Standard object's metadata of the jobs created from this template."),
                .ref("spec", b("JobSpec"), "Specification of the desired behavior of the job."),
            ]),
            SchemaDefinition(b("CronJobStatus"), "CronJobStatus represents the current state of a cron job.", [
                .list("active", SchemaNames.core("ObjectReference"), "A list of pointers to currently running jobs.", atomic: true),
                .time("lastScheduleTime", "Information when was the last time the job was successfully scheduled."),
                .time("lastSuccessfulTime", "Information when was the last time the job successfully completed."),
            ]).open(),
        ]
    }()
}
