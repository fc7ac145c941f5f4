import FerryTesting
import Foundation
import Testing

/// The run lease: one run at a time per instance, a dead holder blocking the next run
/// for at most one lease, and never a raw conflict.
@Suite("ferry sync: the run lease", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct LeaseTests {
    typealias E2E = SyncEndToEndTests

    /// Writes a lease as another run would hold it.
    static func hold(_ cluster: ClusterFixture, _ app: SparkApp, host: String, pid: Int32, renewed: Date,
                     duration: Int = 30) async throws {
        let time = renewed.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        try await cluster.kubectl("apply", "--server-side", "--field-manager=test", "--filename", "-", input: """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ferry-\(app.instance)-lock
              namespace: default
            data:
              holderIdentity: "\(host) pid \(pid) run test"
              host: "\(host)"
              pid: "\(pid)"
              run: test
              acquireTime: "\(time)"
              renewTime: "\(time)"
              leaseDurationSeconds: "\(duration)"

            """)
    }

    static func lockExists(_ cluster: ClusterFixture, _ app: SparkApp) async throws -> Bool {
        try await cluster.exists("configmap", "ferry-\(app.instance)-lock", namespace: "default")
    }

    @Test("a lease another host renews makes sync exit 5 naming the holder and the command that clears it; nothing is applied")
    func heldLeaseExits5() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("locked")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        try await Self.hold(cluster, app, host: "ci-runner", pid: 42, renewed: Date())
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("Workers on 2.2.0")

        let mark = try cluster.requests().count
        let result = try await cluster.ferry(["sync"], repo: repository)
        #expect(result.status == 5, "\(result.errorOutput)")
        let lock = "ferry-\(app.instance)-lock"
        #expect(result.errorOutput.hasPrefix("error: another ferry run holds the lock ConfigMap/default/\(lock) (ci-runner pid 42, since "),
                "\(result.errorOutput)")
        #expect(result.errorOutput.hasSuffix("If no run is in progress, clear it with `kubectl delete configmap \(lock) --namespace default`\n"),
                "\(result.errorOutput)")
        // The one write tried is taking the lease, which the server refuses.
        let writes = try cluster.requests(since: mark).filter { $0.isWrite && !$0.isDryRun }
        #expect(writes.map(\.method) == ["POST"], "\(writes)")
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.1.0")

        // `ferry status` shows the lock.
        let status = try await cluster.ferry(["status"], repo: repository)
        #expect(status.output.contains("locked:      by ci-runner pid 42 since "), "\(status.output)")

        // The command the message gives clears it.
        try await cluster.kubectl("delete", "configmap", lock, "--namespace", "default")
        try await E2E.syncSucceeds(cluster, repository)
        #expect(try await SyncFailureTests.image(cluster, app, "spark-worker") == "spark:2.2.0")
    }

    @Test("a lease not renewed for longer than its duration is taken over, and released after the sync")
    func expiredLeaseIsTakenOver() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("expired")
        let repository = try app.repository()
        try await Self.hold(cluster, app, host: "gone", pid: 7, renewed: Date().addingTimeInterval(-31))
        try await E2E.syncSucceeds(cluster, repository)
        #expect(try await !Self.lockExists(cluster, app))
    }

    @Test("a lease held by a process of this host that is gone is taken over at once")
    func deadLocalHolderIsTakenOver() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("deadpid")
        let repository = try app.repository()
        let gone = try await offThePool { try Self.reapedPid() }
        try await Self.hold(cluster, app, host: ProcessInfo.processInfo.hostName, pid: gone, renewed: Date())
        try await E2E.syncSucceeds(cluster, repository)
        #expect(try await !Self.lockExists(cluster, app))
    }

    /// The pid of a process that has ended and been reaped.
    static func reapedPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("ten overlapping syncs: one applies, the others exit 5 (or find nothing to do), never a raw conflict")
    func overlappingSyncs() async throws {
        let cluster = try await ClusterFixture.start(podStartDelay: "2s")
        var app = SparkApp("overlap")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("Workers on 2.2.0")

        let path = repository.path
        let results = try await withThrowingTaskGroup(of: FerryTesting.ProcessResult.self) { group in
            for _ in 0..<10 { group.addTask { try await cluster.ferry(["sync", "--timeout", "60s"], repoPath: path) } }
            var all: [FerryTesting.ProcessResult] = []
            for try await result in group { all.append(result) }
            return all
        }
        let applied = results.filter { $0.output.contains("Deployment/\(app.namespace)/spark-worker configured") }
        #expect(applied.count == 1, "\(results.map { $0.output + $0.errorOutput })")
        for result in results {
            #expect(result.status == 0 || result.status == 5, "\(result.errorOutput)")
            #expect(!result.errorOutput.contains("409"), "\(result.errorOutput)")
            if result.status == 5 { #expect(result.errorOutput.contains("another ferry run ")) }
        }
        #expect(try await !Self.lockExists(cluster, app))
    }
}
