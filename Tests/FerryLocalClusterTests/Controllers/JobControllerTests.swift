import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("Job controller")
struct JobControllerTests {
    /// The most pods of the Job that ran at once, replayed from the store's history.
    private func mostActiveAtOnce(_ cluster: TestCluster, job: JSONValue) async -> Int {
        var running: Set<String> = []
        var most = 0
        for event in await cluster.history() where event.key.resource == ResourceCatalog.pods {
            guard event.object.controllerReference?.uid == job.uid else { continue }
            let active = event.kind != .deleted && !JobState.isTerminal(event.object) && !event.object.isBeingDeleted
            if active { running.insert(event.key.name) } else { running.remove(event.key.name) }
            most = max(most, running.count)
        }
        return most
    }

    @Test("a Job runs its pods to completions, at most parallelism at a time, and is Complete with a completionTime")
    func completes() async throws {
        try await withCluster { cluster in
            var knobs = JobKnobs()
            knobs.completions = 3
            knobs.parallelism = 2
            try cluster.create(jobFixture("once", knobs), ResourceCatalog.jobs)
            let job = try await cluster.finished("once", "Complete")
            let status: JSONValue = try #require(job["status"])
            #expect(status["succeeded"] == 3)
            #expect(status["failed"] == nil)
            #expect(status["active"] == nil)
            #expect(condition(job, "SuccessCriteriaMet")?["reason"] == "CompletionsReached")
            #expect(condition(job, "Complete")?["reason"] == "CompletionsReached")
            #expect(condition(job, "Complete")?["message"] == "Reached expected number of succeeded pods")
            let start = try #require(date(job, "status", "startTime"))
            let completion = try #require(date(job, "status", "completionTime"))
            // Each pod starts and runs for 3 s of cluster time; two rounds at least.
            #expect(completion.timeIntervalSince(start) >= 5)

            let pods: [JSONValue] = cluster.owned(ResourceCatalog.pods, by: job)
            #expect(pods.count == 3)
            #expect(pods.allSatisfy { PodState.phase($0) == "Succeeded" })
            #expect(pods.allSatisfy { $0.name.hasPrefix("once-") && $0.labels["job-name"] == "once" })
            // Counted pods lose the tracking finalizer, so they can go.
            #expect(pods.allSatisfy { !JobState.hasTrackingFinalizer($0) })
            #expect(await mostActiveAtOnce(cluster, job: job) == 2)
            #expect(cluster.eventMessages("Completed", about: "once") == ["Job completed"])
        }
    }

    @Test("a failing pod is replaced after the back-off until backoffLimit, then the Job is Failed with BackoffLimitExceeded")
    func backoffLimit() async throws {
        try await withCluster { cluster in
            var knobs = JobKnobs()
            knobs.command = ["sh", "-c", "exit 1"]
            knobs.backoffLimit = 2
            try cluster.create(jobFixture("flaky", knobs), ResourceCatalog.jobs)
            let job = try await cluster.finished("flaky", "Failed")
            #expect(job[path: ["status", "failed"]] == 3)
            #expect(job[path: ["status", "succeeded"]] == nil)
            #expect(condition(job, "FailureTarget")?["reason"] == "BackoffLimitExceeded")
            #expect(condition(job, "Failed")?["reason"] == "BackoffLimitExceeded")
            #expect(condition(job, "Failed")?["message"] == "Job has reached the specified backoff limit")
            #expect(condition(job, "Complete") == nil)
            #expect(job[path: ["status", "completionTime"]] == nil)

            let pods: [JSONValue] = cluster.owned(ResourceCatalog.pods, by: job)
                .sorted { (date($0, "metadata", "creationTimestamp") ?? .distantPast) < (date($1, "metadata", "creationTimestamp") ?? .distantPast) }
            #expect(pods.count == 3)
            #expect(pods.allSatisfy { PodState.phase($0) == "Failed" })
            let exit = pods.first?[path: ["status", "containerStatuses"]]?.array?.first?[path: ["state", "terminated"]]
            #expect(exit?["exitCode"] == 1)
            #expect(exit?["reason"] == "Error")
            // The replacements wait 10 s, then 20 s of cluster time after the last failure
            // (timestamps have whole seconds).
            for (index, delay) in [(1, 10.0), (2, 20.0)] where index < pods.count {
                let failed = try #require(JobState.finishedAt(pods[index - 1]))
                let created = try #require(date(pods[index], "metadata", "creationTimestamp"))
                #expect(created.timeIntervalSince(failed) >= delay - 1, "pod \(index) came \(created.timeIntervalSince(failed)) s after the failure")
            }
            #expect(cluster.eventMessages("BackoffLimitExceeded", about: "flaky") == ["Job has reached the specified backoff limit"])
        }
    }

    @Test("a backoffLimit of 0 fails the Job at the first failed pod")
    func noRetries() async throws {
        try await withCluster { cluster in
            var knobs = JobKnobs()
            knobs.command = ["false"]
            knobs.backoffLimit = 0
            try cluster.create(jobFixture("once", knobs), ResourceCatalog.jobs)
            let job = try await cluster.finished("once", "Failed")
            #expect(job[path: ["status", "failed"]] == 1)
            #expect(cluster.owned(ResourceCatalog.pods, by: job).count == 1)
        }
    }

    @Test("activeDeadlineSeconds stops the running pods and fails the Job with DeadlineExceeded")
    func deadline() async throws {
        try await withCluster(ClusterSettings(podRunDuration: .seconds(3600))) { cluster in
            var knobs = JobKnobs()
            knobs.activeDeadlineSeconds = 30
            try cluster.create(jobFixture("slow", knobs), ResourceCatalog.jobs)
            let job = try await cluster.finished("slow", "Failed")
            #expect(condition(job, "Failed")?["reason"] == "DeadlineExceeded")
            #expect(condition(job, "Failed")?["message"] == "Job was active longer than specified deadline")
            let start = try #require(date(job, "status", "startTime"))
            let failed = try #require(date(condition(job, "Failed"), "lastTransitionTime"))
            #expect(failed.timeIntervalSince(start) >= 30)
            // The running pod was deleted gracefully and counted as failed.
            #expect(job[path: ["status", "failed"]] == 1)
            #expect(job[path: ["status", "active"]] == nil)
            #expect(cluster.eventMessages("SuccessfulDelete", about: "slow").count == 1)
            let deleted = await cluster.history().contains {
                $0.key.resource == ResourceCatalog.pods && $0.object.controllerReference?.uid == job.uid && $0.object.isBeingDeleted
            }
            #expect(deleted, "the pod was never Terminating")
        }
    }

    @Test("ttlSecondsAfterFinished deletes the finished Job, and its pods with it")
    func ttlAfterFinished() async throws {
        try await withCluster { cluster in
            var knobs = JobKnobs()
            knobs.ttlSecondsAfterFinished = 60
            try cluster.create(jobFixture("brief", knobs), ResourceCatalog.jobs)
            let job = try await cluster.finished("brief", "Complete")
            let completion = try #require(date(job, "status", "completionTime"))
            try await cluster.eventually("the job deleted") { cluster.job("brief") == nil }
            let deletedAt = cluster.clock.now()
            #expect(deletedAt.timeIntervalSince(completion) >= 60)
            try await cluster.eventually("its pod collected") { cluster.owned(ResourceCatalog.pods, by: job).isEmpty }
        }
    }

    @Test("a suspended Job creates no pods until resumed")
    func suspend() async throws {
        try await withCluster { cluster in
            var job = jobFixture("later")
            job[path: ["spec", "suspend"]] = true
            try cluster.create(job, ResourceCatalog.jobs)
            let suspended = try await cluster.eventually("the Suspended condition") {
                cluster.job("later").filter { condition($0, "Suspended")?["status"] == "True" }
            }
            #expect(condition(suspended, "Suspended")?["reason"] == "JobSuspended")
            #expect(suspended[path: ["status", "startTime"]] == nil)
            #expect(cluster.owned(ResourceCatalog.pods, by: suspended).isEmpty)
            try cluster.store.write(StoreKey(ResourceCatalog.jobs, namespace: "default", name: "later")) { current in
                guard var object = current else { return nil }
                object[path: ["spec", "suspend"]] = false
                return object
            }
            let done = try await cluster.finished("later", "Complete")
            #expect(condition(done, "Suspended")?["status"] == "False")
            #expect(condition(done, "Suspended")?["reason"] == "JobResumed")
            #expect(done[path: ["status", "succeeded"]] == 1)
        }
    }
}
