import FerryTesting
import Foundation
import Testing

/// Syncs killed with SIGKILL at chosen points, and an agent stopped with SIGTERM mid-sync.
/// To kill a run inside a step, the cluster holds that step's request (a `--faults`
/// delay aimed at it) and says so in its log; the test then kills the run, and lets the
/// held request finish before going on, as a request already sent would.
@Suite("Crash safety: runs killed at chosen points", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct CrashSafetyTests {
    typealias E2E = SyncEndToEndTests
    typealias Content = FaultInjectionTests.Content

    /// `FERRY_CRASH_RUNS` kills (50 by default).
    static let kills = ProcessInfo.processInfo.environment["FERRY_CRASH_RUNS"].flatMap { Int($0) } ?? 50

    /// Where a run is killed, and the fault that holds it there.
    enum Point: String, CaseIterable {
        case apply, prune, recordWrite = "record write", wait

        func faults(instance: String) -> String {
            switch self {
            // The apply itself, not the dry run before it (`...&dryRun=All`).
            case .apply: return "delay=100%:60s,methods=PATCH,path=/deployments/spark-worker?fieldManager=ferry&force=true$"
            case .prune: return "delay=100%:60s,methods=DELETE,path=/configmaps/extra-"
            case .recordWrite: return "delay=100%:60s,methods=PATCH,path=/configmaps/ferry-\(instance)?fieldManager=ferry&force=true$"
            case .wait: return "delay=100%:60s,methods=GET,path=watch=true"
            }
        }
    }

    /// The log's lines so far.
    static func logLines(_ cluster: ClusterFixture) throws -> [Substring] {
        try String(contentsOfFile: cluster.logPath, encoding: .utf8).split(separator: "\n")
    }

    /// Waits (off the pool) until the log has a `fault: delaying` line after line `mark`,
    /// or the program has ended; returns the held request (`METHOD URI`), if any.
    static func heldRequest(_ cluster: ClusterFixture, after mark: Int, _ program: RunningProgram) async throws -> String? {
        try await offThePool {
            let deadline = Date().addingTimeInterval(120)
            while Date() < deadline {
                let lines = try Self.logLines(cluster).dropFirst(mark)
                if let line = lines.first(where: { $0.contains("fault: delaying ") }),
                   let start = line.range(of: "fault: delaying ")?.upperBound, let end = line.range(of: " by ", options: .backwards)?.lowerBound {
                    return String(line[start..<end])
                }
                if program.hasExited { return nil }
                usleep(10_000)
            }
            return nil
        }
    }

    @Test("SIGKILL at apply, prune, record write and wait while images change and files go: each next sync converges at once, the inventory always covers what Ferry created, and is exact after")
    func killedAtChosenPoints() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"], podStartDelay: "5ms", faults: "off")
        var content = Content(app: SparkApp("crash"))
        content.extras = [0]
        content.nextExtra = 1
        let repository = try GitFixture()
        try content.app.write(into: repository)
        try repository.write("manifests/extra-0.yaml", Content.extraManifest(0))
        try repository.commit("Spark and extra-0")
        try await E2E.syncSucceeds(cluster, repository)
        var reached: [Point: Int] = [:]
        let started = ContinuousClock.now
        for round in 0..<Self.kills {
            let point = Point.allCases[round % Point.allCases.count]
            let label = "round \(round) (\(point.rawValue))"
            // Every round moves an image, deletes a ConfigMap's file and adds another's.
            try content.change(repository, choice: UInt64(round % 2))
            let removed = content.extras.removeFirst()
            try repository.removeFile("manifests/extra-\(removed).yaml")
            try content.change(repository, choice: 3)
            // A rollout can finish before the run looks; one that never does is sure to be waited for.
            if point == .wait {
                content.app.workerImage = "spark:9.9.9"
                try content.app.write(into: repository)
            }
            try repository.commit("Round \(round)")

            try cluster.setFaults(point.faults(instance: content.app.instance))
            let mark = try Self.logLines(cluster).count
            let sync = try RunningProgram(FerryBinary.path, ["sync", "--timeout", "60s", "--repo", repository.path,
                                                              "--kubeconfig", cluster.kubeconfig])
            let held = try await Self.heldRequest(cluster, after: mark, sync)
            sync.send(SIGKILL)
            let killed = try await offThePool { sync.finish() }
            #expect(held != nil, "\(label): the run never reached that point: \(killed.errorOutput)\(killed.output)")
            // A new spec releases the held request (the delay is only a hold, not a clock the test races).
            try cluster.setFaults("off")
            if let held {
                reached[point, default: 0] += 1
                #expect(killed.terminatedBySignal, "\(label)")
                // The held request goes on without its client, as one already sent would; wait for its answer.
                if !held.hasPrefix("GET") {
                    let answered = try await eventually(within: .seconds(60)) {
                        try Self.logLines(cluster).dropFirst(mark).contains { $0.contains("] \(held) ") && !$0.contains("fault:") }
                    }
                    #expect(answered, "\(label): \(held) was never answered")
                }
            }
            if point == .wait {
                content.app.workerImage = "spark:2.2.0"
                try content.app.write(into: repository)
                try repository.commit("Round \(round): workers mended")
            }

            // Killed anywhere, the inventory holds every object Ferry made.
            let inventory = Set(try await E2E.record(cluster, content.app)?.inventory ?? [])
            let labelled = try await FaultInjectionTests.labelledObjects(cluster, content.app)
            #expect(Set(labelled).isSubset(of: inventory), "\(label): outside the inventory: \(Set(labelled).subtracting(inventory))")

            // The next run takes the dead run's lease at once and converges, exactly.
            let next = try await E2E.sync(cluster, repository)
            #expect(next.status == 0, "\(label): \(next.errorOutput)\(next.output)")
            let expected = content.expectedObjects
            #expect(try await E2E.record(cluster, content.app)?.inventory == expected, "\(label)")
            #expect(try await FaultInjectionTests.labelledObjects(cluster, content.app) == expected, "\(label)")
            #expect(try await SyncFailureTests.image(cluster, content.app, "spark-worker") == content.app.workerImage, "\(label)")
            #expect(try await SyncFailureTests.image(cluster, content.app, "spark-master") == content.app.masterImage, "\(label)")
            #expect(try await !LeaseTests.lockExists(cluster, content.app), "\(label)")
        }
        print("crash safety: \(Self.kills) kills in \(ContinuousClock.now - started); reached \(reached.map { "\($0.key.rawValue) \($0.value)" }.sorted())")
    }

    @Test("SIGTERM of the agent mid-sync: it exits 0, releases the lease, records the run as interrupted, and the next sync converges")
    func agentStoppedMidSync() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"])
        var app = SparkApp("agent-term")
        let repository = try app.repository()
        let agent = try AgentTests.start(cluster, repository, ["--interval", "1h"])
        #expect(try await AgentTests.wait(agent, for: "deployment \"spark-worker\" successfully rolled out"))

        // A commit whose workers never start: the agent is left waiting for that rollout.
        app.workerImage = "spark:9.9.9"
        try app.write(into: repository)
        try repository.write("manifests/extra.yaml", InterruptedRunTests.extra)
        try repository.commit("Workers on 9.9.9, and a ConfigMap")
        #expect(try await AgentTests.wait(agent, for: "Deployment/\(app.namespace)/spark-worker configured"))
        let stopped = try await AgentTests.stop(agent)
        #expect(!stopped.terminatedBySignal)
        #expect(stopped.status == 0, "\(stopped.errorOutput)\(stopped.output)")
        #expect(try await !LeaseTests.lockExists(cluster, app))
        let status = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        let report = try JSONDecoder().decode(E2E.StatusJSON.self, from: status.standardOutput)
        #expect(report.lastSync?.outcome == "interrupted", "\(status.output)")
        #expect(try await E2E.record(cluster, app)?.inventory.contains("ConfigMap/\(app.namespace)/extra") == true)

        // The fix converges: the image mended, the ConfigMap pruned, the inventory exact.
        try await InterruptedRunTests.syncTheFix(cluster, &app, repository)
        #expect(try await !LeaseTests.lockExists(cluster, app))
    }
}
