import FerryKube
import FerryLocalCluster
import Foundation
import Testing

/// kubectl on Jobs and CronJobs: `create job --from=cronjob/…`, `wait`, and the table columns.
@Suite("kubectl on Jobs and CronJobs", kubectlInstalled)
struct KubectlBatchTests {
    static func cronJob(name: String, schedule: String, suspend: Bool) -> String {
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: \(name)
          namespace: batch
        spec:
          schedule: "\(schedule)"
          suspend: \(suspend)
          jobTemplate:
            metadata:
              labels:
                team: reports
              annotations:
                owner: reports@example.com
            spec:
              backoffLimit: 1
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: report
                    image: busybox:1.36
                    command: ["sh", "-c", "echo report"]

        """
    }

    @Test("create job --from=cronjob makes a manual Job from the template that runs to completion")
    func createFromCronJob() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("batch") + "---\n"
            + Self.cronJob(name: "nightly", schedule: "0 3 * * *", suspend: true))
        let created = try await cluster.kubectlSucceeds("create", "job", "adhoc", "--from=cronjob/nightly", "-n", "batch")
        #expect(created.output.contains("job.batch/adhoc created"), "\(created.output)")
        try await cluster.kubectlSucceeds("wait", "--for=condition=complete", "job/adhoc", "-n", "batch", "--timeout=60s")

        let job = try await cluster.kubectlSucceeds("get", "job", "adhoc", "-n", "batch", "-o", "json").json
        #expect(job[path: ["metadata", "annotations", "cronjob.kubernetes.io/instantiate"]] == "manual")
        #expect(job[path: ["metadata", "annotations", "owner"]] == "reports@example.com")
        #expect(job[path: ["metadata", "labels", "team"]] == "reports")
        let owner = job[path: ["metadata", "ownerReferences"]]?.array?.first
        #expect(owner?["kind"] == "CronJob")
        #expect(owner?["name"] == "nightly")
        #expect(owner?["controller"] == true)
        #expect(job[path: ["spec", "backoffLimit"]] == 1)
        #expect(job[path: ["spec", "template", "spec", "containers"]]?.array?.first?["command"] == ["sh", "-c", "echo report"])
        #expect(job[path: ["status", "succeeded"]] == 1)

        let jobs = try await cluster.kubectlSucceeds("get", "jobs", "-n", "batch")
        #expect(jobs.rows.first == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], "\(jobs.output)")
        #expect(jobs.row("adhoc")?.prefix(3) == ["adhoc", "Complete", "1/1"], "\(jobs.output)")
        // The manual Job does not count as a scheduled run.
        let cronJob = try await cluster.kubectlSucceeds("get", "cronjob", "nightly", "-n", "batch", "-o", "json").json
        #expect(cronJob[path: ["status", "lastScheduleTime"]] == nil)
        await cluster.stop()
    }

    @Test("get cronjobs shows upstream's columns")
    func columns() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.kubectlSucceeds("apply", "-f", "-", input: Manifests.namespace("batch") + "---\n"
            + Self.cronJob(name: "hourly", schedule: "@hourly", suspend: false) + "---\n"
            + Self.cronJob(name: "paused", schedule: "*/5 * * * *", suspend: true))
        // kubectl create cronjob sends protobuf, as create job does.
        try await cluster.kubectlSucceeds("create", "cronjob", "made", "--image=busybox:1.36", "--schedule=@daily", "-n", "batch")
        let table = try await cluster.kubectlSucceeds("get", "cronjobs", "-n", "batch")
        #expect(table.row("made")?.prefix(6) == ["made", "@daily", "<none>", "False", "0", "<none>"], "\(table.output)")
        #expect(table.rows.first == ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST", "SCHEDULE", "AGE"], "\(table.output)")
        #expect(table.row("hourly")?.prefix(6) == ["hourly", "@hourly", "<none>", "False", "0", "<none>"], "\(table.output)")
        // The schedule's spaces split it into five cells here.
        #expect(table.row("paused")?.prefix(10) == ["paused", "*/5", "*", "*", "*", "*", "<none>", "True", "0", "<none>"],
                "\(table.output)")
        let wide = try await cluster.kubectlSucceeds("get", "cronjob", "hourly", "-n", "batch", "-o", "wide")
        #expect(wide.rows.first?.suffix(3) == ["CONTAINERS", "IMAGES", "SELECTOR"], "\(wide.output)")
        #expect(wide.row("hourly")?.suffix(3) == ["report", "busybox:1.36", "<none>"], "\(wide.output)")
        await cluster.stop()
    }
}
