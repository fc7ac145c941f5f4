import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// The CronJob controller on the test cluster's clock (20 times the wall clock: a
/// minute of schedule passes in 3 s).
@Suite("CronJob controller")
struct CronJobControllerTests {
    /// Waits until the CronJob controls `count` Jobs (and returns them, oldest first).
    private func jobs(_ cluster: TestCluster, of name: String = "tick", count: Int,
                      sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> [JSONValue] {
        try await cluster.eventually("\(count) jobs of \(name)", sourceLocation: sourceLocation) {
            guard let cronJob = cluster.cronJob(name) else { return nil }
            let owned: [JSONValue] = cluster.owned(ResourceCatalog.jobs, by: cronJob)
            return owned.count == count ? owned.sorted { $0.name < $1.name } : nil
        }
    }

    /// The names of the Jobs created for a CronJob so far, in order, from the store's history.
    private func createdJobs(_ cluster: TestCluster, of cronJob: JSONValue) async -> [String] {
        await cluster.history().filter {
            $0.kind == .added && $0.key.resource == ResourceCatalog.jobs && $0.object.controllerReference?.uid == cronJob.uid
        }.map(\.key.name)
    }

    @Test("a Job at each scheduled minute, named for it, with the template's labels; status tracks it")
    func schedules() async throws {
        try await withCluster { cluster in
            try cluster.create(cronJobFixture(), ResourceCatalog.cronJobs)
            let first = try #require(try await jobs(cluster, count: 1).first)
            let scheduled = try #require(date(first, "metadata", "annotations", CronJobController.scheduledTimestampAnnotation))
            #expect(scheduled.timeIntervalSince1970.truncatingRemainder(dividingBy: 60) == 0)
            #expect(first.name == "tick-\(Int64(scheduled.timeIntervalSince1970) / 60)")
            let cronJob = try #require(cluster.cronJob())
            #expect(first.controllerReference?.uid == cronJob.uid)
            #expect(first.controllerReference?.kind == "CronJob")
            #expect(first.labels["team"] == "batch")
            #expect(first[path: ["spec", "template", "spec", "containers"]]?.array?.first?["command"] == ["sh", "-c", "echo done"])
            #expect(cluster.eventMessages("SuccessfulCreate", about: "tick").contains("Created job \(first.name)"))

            // Active while it runs (or already done), then the Job's success is recorded.
            let done = try await cluster.eventually("the first job seen complete") {
                cluster.cronJob().filter { $0[path: ["status", "lastSuccessfulTime"]] != nil && $0[path: ["status", "active"]] == nil }
            }
            #expect(date(done, "status", "lastScheduleTime") ?? .distantPast >= scheduled)
            try await cluster.finished(first.name, "Complete")

            let two = try await jobs(cluster, count: 2)
            let second = try #require(two.last)
            let next = try #require(date(second, "metadata", "annotations", CronJobController.scheduledTimestampAnnotation))
            #expect(next.timeIntervalSince(scheduled) == 60)
            let status = try await cluster.eventually("lastScheduleTime of the second job") {
                cluster.cronJob().filter { date($0, "status", "lastScheduleTime") == next }
            }
            let active = status[path: ["status", "active"]]?.array ?? []
            #expect(active.isEmpty || active.map { $0["name"] } == [.string(second.name)])
        }
    }

    @Test("concurrencyPolicy Forbid skips a run while the previous Job is active")
    func forbid() async throws {
        try await withCluster(ClusterSettings(podRunDuration: .seconds(3600))) { cluster in
            try cluster.create(cronJobFixture(concurrencyPolicy: "Forbid"), ResourceCatalog.cronJobs)
            let first = try #require(try await jobs(cluster, count: 1).first)
            try await cluster.eventually("a skipped run") {
                !cluster.eventMessages("JobAlreadyActive", about: "tick").isEmpty
            }
            #expect(cluster.jobs().map(\.name) == [first.name])
            let status = try #require(cluster.cronJob()?["status"])
            #expect(status["active"]?.array?.map { $0["name"] } == [.string(first.name)])
            #expect(cluster.eventMessages("JobAlreadyActive", about: "tick").first
                == "Not starting job because prior execution is running and concurrency policy is Forbid")
        }
    }

    @Test("concurrencyPolicy Replace deletes the active Job and starts the new one")
    func replace() async throws {
        try await withCluster(ClusterSettings(podRunDuration: .seconds(3600))) { cluster in
            try cluster.create(cronJobFixture(concurrencyPolicy: "Replace"), ResourceCatalog.cronJobs)
            let first = try #require(try await jobs(cluster, count: 1).first)
            let second = try await cluster.eventually("the replacement") {
                cluster.jobs().first { $0.name != first.name }
            }
            try await cluster.eventually("the first job gone") { cluster.job(first.name) == nil }
            let status = try await cluster.eventually("the replacement active") {
                cluster.cronJob().filter { $0[path: ["status", "active"]]?.array?.map { $0["name"] } == [.string(second.name)] }
            }
            #expect(date(status, "status", "lastScheduleTime") == date(second, "metadata", "annotations", CronJobController.scheduledTimestampAnnotation))
            #expect(cluster.eventMessages("SuccessfulDelete", about: "tick").contains("Deleted job \(first.name)"))
        }
    }

    @Test("a suspended CronJob creates no Job; resumed, it runs the most recent missed time")
    func suspend() async throws {
        try await withCluster { cluster in
            try cluster.create(cronJobFixture("paused", suspend: true), ResourceCatalog.cronJobs)
            // A second CronJob on the same schedule shows the scheduled minutes passing.
            try cluster.create(cronJobFixture("witness"), ResourceCatalog.cronJobs)
            let witnessed = try await jobs(cluster, of: "witness", count: 2)
            #expect(cluster.jobs().allSatisfy { $0.name.hasPrefix("witness-") })
            #expect(cluster.cronJob("paused")?[path: ["status", "lastScheduleTime"]] == nil)

            try cluster.store.write(StoreKey(ResourceCatalog.cronJobs, namespace: "default", name: "paused")) { current in
                guard var object = current else { return nil }
                object[path: ["spec", "suspend"]] = false
                return object
            }
            let resumed = try #require(try await jobs(cluster, of: "paused", count: 1).first)
            let missed = try #require(date(resumed, "metadata", "annotations", CronJobController.scheduledTimestampAnnotation))
            let lastWitnessed = try #require(date(witnessed.last, "metadata", "annotations", CronJobController.scheduledTimestampAnnotation))
            // One Job for the latest missed minute, not one per missed minute.
            #expect(missed >= lastWitnessed)
        }
    }

    @Test("successfulJobsHistoryLimit and failedJobsHistoryLimit keep only the newest finished Jobs")
    func historyLimits() async throws {
        try await withCluster { cluster in
            try cluster.create(cronJobFixture("good", successfulJobsHistoryLimit: 1), ResourceCatalog.cronJobs)
            var failing = JobKnobs()
            failing.command = ["sh", "-c", "exit 2"]
            failing.backoffLimit = 0
            try cluster.create(cronJobFixture("bad", knobs: failing, failedJobsHistoryLimit: 1), ResourceCatalog.cronJobs)
            let good = try #require(cluster.cronJob("good"))
            let bad = try #require(cluster.cronJob("bad"))
            for (cronJob, outcome) in [(good, "Complete"), (bad, "Failed")] {
                try await cluster.eventually("three runs of \(cronJob.name), the older ones pruned") {
                    let owned: [JSONValue] = cluster.owned(ResourceCatalog.jobs, by: cronJob)
                    let finished = owned.filter { condition($0, outcome)?["status"] == "True" }
                    return cluster.eventMessages("SuccessfulCreate", about: cronJob.name).count >= 3
                        && owned.count == 1 && finished.count == 1
                }
            }
            for cronJob in [good, bad] {
                let created = await createdJobs(cluster, of: cronJob)
                let kept = cluster.owned(ResourceCatalog.jobs, by: cronJob).map(\.name)
                #expect(created.count >= 3)
                // The kept one is the newest finished; every older one was deleted.
                #expect(kept.count == 1 && created.suffix(2).contains(kept[0]), "created \(created), kept \(kept)")
                for name in created where !kept.contains(name) && name != created.last {
                    #expect(cluster.eventMessages("SuccessfulDelete", about: cronJob.name).contains("Deleted job \(name)"))
                }
            }
        }
    }
}

@Suite("Cron schedules")
struct CronScheduleTests {
    private static let utc = TimeZone(identifier: "UTC") ?? .current

    private func at(_ text: String) throws -> Date {
        try #require(Timestamp.parse(text))
    }

    private func next(_ schedule: String, after text: String) throws -> String? {
        try CronSchedule(schedule).next(after: at(text)).map(Timestamp.format)
    }

    @Test("steps, ranges, lists and names")
    func fields() throws {
        let everyFive = try CronSchedule("*/5 * * * *")
        #expect(everyFive.minutes == Set(stride(from: 0, through: 55, by: 5)))
        #expect(try next("*/5 * * * *", after: "2026-03-04T10:02:30Z") == "2026-03-04T10:05:00Z")
        #expect(try next("*/5 * * * *", after: "2026-03-04T10:05:00Z") == "2026-03-04T10:10:00Z")
        #expect(try next("0,30 9-17 * * *", after: "2026-03-04T17:30:00Z") == "2026-03-05T09:00:00Z")
        #expect(try next("15 2 * * mon-fri", after: "2026-03-06T03:00:00Z") == "2026-03-09T02:15:00Z") // Friday → Monday
        #expect(try next("0 0 1 jan,jul *", after: "2026-03-04T00:00:00Z") == "2026-07-01T00:00:00Z")
        #expect(try next("10-40/15 * * * *", after: "2026-03-04T10:26:00Z") == "2026-03-04T10:40:00Z")
        // Both day fields restricted: either may match (13th, or a Friday).
        #expect(try next("0 0 13 * fri", after: "2026-03-01T00:00:00Z") == "2026-03-06T00:00:00Z")
    }

    @Test("descriptors")
    func descriptors() throws {
        #expect(try next("@hourly", after: "2026-03-04T10:02:00Z") == "2026-03-04T11:00:00Z")
        #expect(try next("@daily", after: "2026-03-04T10:02:00Z") == "2026-03-05T00:00:00Z")
        #expect(try next("@weekly", after: "2026-03-04T10:02:00Z") == "2026-03-08T00:00:00Z")
        #expect(try next("@monthly", after: "2026-03-04T10:02:00Z") == "2026-04-01T00:00:00Z")
        #expect(try next("@yearly", after: "2026-03-04T10:02:00Z") == "2027-01-01T00:00:00Z")
    }

    @Test("a time zone shifts the schedule")
    func timeZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let schedule = try CronSchedule("0 9 * * *", timeZone: berlin)
        #expect(schedule.next(after: try at("2026-01-10T00:00:00Z")).map(Timestamp.format) == "2026-01-10T08:00:00Z")
    }

    @Test("bad schedules are refused with robfig/cron's messages", arguments: [
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        ("61 * * * *", "end of range (61) above maximum (59): 61"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("5-2 * * * *", "beginning of range (5) beyond end of range (2): 5-2"),
        ("*/0 * * * *", "step of range should be a positive number: */0"),
        ("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"),
        ("@fortnightly", "unrecognized descriptor: @fortnightly"),
    ])
    func refused(schedule: String, message: String) {
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(schedule) }
        do {
            _ = try CronSchedule(schedule)
        } catch {
            #expect(error.description == message)
        }
    }
}
