import FerryTesting
import Foundation
import Testing

/// A repository the tests create: `ferry.yaml`, a namespace and a Spark worker Deployment
/// whose image each commit sets.
struct SparkRepository {
    let repo: GitFixture
    let namespace: String

    init(_ prefix: String) throws {
        repo = try GitFixture()
        namespace = uniqueName(prefix)
        // libgit2 (`ferry rollback --revert`) takes the author from the repository's config.
        try repo.git("config", "user.name", "Rollback Author")
        try repo.git("config", "user.email", "rollback@ferry.invalid")
        try repo.write("ferry.yaml", "path: manifests\nnamespace: \(namespace)\ninstance: \(namespace)\ntimeout: 30s\n")
        try repo.write("manifests/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n")
    }

    /// Writes the worker at `image` and commits it; returns the sha.
    @discardableResult
    func commitWorker(_ image: String, _ message: String, replicas: Int = 2) throws -> String {
        try repo.write("manifests/spark-worker.yaml", sparkWorker(image: image, replicas: String(replicas), container: "spark-worker"))
        return try repo.commit(message)
    }

    /// The worker's image in the cluster.
    func image(_ cluster: ClusterFixture) async throws -> String? {
        try await cluster.get("deployment", "spark-worker", namespace: namespace, "{.spec.template.spec.containers[0].image}")
    }
}

@Suite("ferry rollback", .serialized, .enabled(if: ClusterFixture.hasKubectl))
struct RollbackTests {
    /// A write that took effect: not a dry run, not refused (a lock taken while held is refused).
    static func isRealWrite(_ request: ClusterFixture.Request) -> Bool {
        request.isWrite && !request.isDryRun && request.status < 300
    }

    @Test("the Spark story: rollback brings 2.1.0 back on its first ReplicaSet, the pin holds, a new commit lifts it")
    func sparkStory() async throws {
        let cluster = try await ClusterFixture.start()
        let spark = try SparkRepository("rb-story")
        let first = try spark.commitWorker("spark:2.1.0", "Spark 2.1.0")
        var result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        let bad = try spark.commitWorker("spark:1.6.3", "Spark 1.6.3")
        result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(try await spark.image(cluster) == "spark:1.6.3")
        let firstReplicaSet = try await cluster.get("rs", namespace: spark.namespace,
                                                    "{range .items[?(@.spec.template.spec.containers[0].image==\"spark:2.1.0\")]}{.metadata.name}{end}")

        // --dry-run shows the diff and changes nothing.
        result = try await cluster.ferry(["rollback", "--dry-run"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("-      - image: spark:1.6.3"))
        #expect(result.output.contains("+      - image: spark:2.1.0"))
        #expect(result.output.contains("dry run: nothing was applied"))
        #expect(try await spark.image(cluster) == "spark:1.6.3")

        result = try await cluster.ferry(["rollback"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(messages(result.output).last?.hasPrefix("rolled back \(spark.namespace) from \(bad.prefix(7)) to \(first.prefix(7))") == true)
        #expect(try await spark.image(cluster) == "spark:2.1.0")
        // The Deployment went back to its first ReplicaSet, which kubectl numbers anew.
        let replicaSets = try await cluster.get("rs", namespace: spark.namespace, "{range .items[*]}{.metadata.name}={.spec.replicas} {end}")
        #expect(replicaSets?.split(separator: " ").count == 2)
        #expect(replicaSets?.contains("\(firstReplicaSet ?? "?")=2") == true)
        let rolloutHistory = try await cluster.kubectl("rollout", "history", "deployment/spark-worker", "-n", spark.namespace)
        #expect(rolloutHistory.contains("3         \(first.prefix(7)) Spark 2.1.0"), "\(rolloutHistory)")
        // The work tree is not touched.
        #expect(try spark.repo.read("manifests/spark-worker.yaml").contains("spark:1.6.3"))
        #expect(try spark.repo.revParse("HEAD") == bad)

        // The pin holds through periodic syncs, and status shows it.
        result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        // Quiet for cron mail; -v says why.
        #expect(result.output.isEmpty, "\(result.output)")
        result = try await cluster.ferry(["sync", "-v"], repo: spark.repo)
        #expect(result.output.contains("skipped: pinned to \(first.prefix(7))"))
        #expect(try await spark.image(cluster) == "spark:2.1.0")
        result = try await cluster.ferry(["status"], repo: spark.repo)
        #expect(result.output.contains("pinned:      \(first.prefix(7))"), "\(result.output)")
        #expect(result.output.contains("rolled back from \(bad.prefix(7))"))
        result = try await cluster.ferry(["history"], repo: spark.repo)
        #expect(result.output.contains("rolled back"), "\(result.output)")
        #expect(result.output.contains("synced (live, pinned)"), "\(result.output)")

        // A new commit lifts the pin.
        try spark.commitWorker("spark:2.1.1", "Spark 2.1.1")
        result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(try await spark.image(cluster) == "spark:2.1.1")
        result = try await cluster.ferry(["status"], repo: spark.repo)
        #expect(!result.output.contains("pinned:"))
    }

    @Test("unpin lifts the pin, so the next sync deploys the branch again")
    func unpin() async throws {
        let cluster = try await ClusterFixture.start()
        let spark = try SparkRepository("rb-unpin")
        try spark.commitWorker("spark:2.1.0", "Spark 2.1.0")
        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        try spark.commitWorker("spark:1.6.3", "Spark 1.6.3")
        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        var result = try await cluster.ferry(["rollback", "--steps", "1"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(try await spark.image(cluster) == "spark:2.1.0")
        result = try await cluster.ferry(["unpin"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("unpinned \(spark.namespace)"))
        result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(try await spark.image(cluster) == "spark:1.6.3")
    }

    @Test("--revert writes a revert commit with git's message and the configured author, then syncs it")
    func revert() async throws {
        let cluster = try await ClusterFixture.start()
        let spark = try SparkRepository("rb-revert")
        try spark.commitWorker("spark:2.1.0", "Spark 2.1.0")
        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        let bad = try spark.commitWorker("spark:1.6.3", "Spark 1.6.3")
        _ = try await cluster.ferry(["sync"], repo: spark.repo)

        // Uncommitted changes under the manifest path: refused, nothing changed.
        try spark.repo.write("manifests/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n")
        var result = try await cluster.ferry(["rollback", "--revert"], repo: spark.repo)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("uncommitted changes under manifests/"), "\(result.errorOutput)")
        #expect(try spark.repo.revParse("HEAD") == bad)
        try spark.repo.removeFile("manifests/extra.yaml")

        result = try await cluster.ferry(["rollback", "--revert"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        let message = try spark.repo.git("log", "-1", "--format=%s%n%n%b%an <%ae>")
        #expect(message == "Revert \"Spark 1.6.3\"\n\nThis reverts commit \(bad).\nRollback Author <rollback@ferry.invalid>\n")
        #expect(try spark.repo.revParse("HEAD^") == bad)
        #expect(try spark.repo.read("manifests/spark-worker.yaml").contains("spark:2.1.0"))
        #expect(try await spark.image(cluster) == "spark:2.1.0")
        // git is the truth: no pin, and a periodic sync is in sync.
        result = try await cluster.ferry(["status"], repo: spark.repo)
        #expect(!result.output.contains("pinned:"))
        result = try await cluster.ferry(["sync", "-v"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("in sync: nothing to apply"))
    }

    @Test("sync --auto-rollback on a missing image: back to the last good commit, exit 3, and no retry")
    func autoRollback() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0"])
        let spark = try SparkRepository("rb-auto")
        let good = try spark.commitWorker("spark:2.1.0", "Spark 2.1.0")
        var result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        let bad = try spark.commitWorker("spark:9.9.9", "Spark 9.9.9")
        result = try await cluster.ferry(["sync", "--auto-rollback", "--timeout", "10s"], repo: spark.repo)
        #expect(result.status == 3, "\(result.output)\(result.errorOutput)")
        #expect(result.errorOutput.contains("rolled back \(spark.namespace) from \(bad.prefix(7)) to \(good.prefix(7))"), "\(result.errorOutput)")
        #expect(try await spark.image(cluster) == "spark:2.1.0")

        // The bad commit is recorded as failed, with its reason.
        result = try await cluster.ferry(["history", "-o", "json"], repo: spark.repo)
        let rows = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]
        let badRow = rows?.first { $0["commit"] as? String == bad }
        #expect(badRow?["outcome"] as? String == "rolled back")
        #expect((badRow?["reason"] as? String)?.isEmpty == false)
        #expect(rows?.first { $0["commit"] as? String == good }?["live"] as? Bool == true)

        // A periodic sync does not retry it: no flapping.
        result = try await cluster.ferry(["sync", "-v"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("skipped: commit \(bad.prefix(7)) failed before"), "\(result.output)")
        #expect(try await spark.image(cluster) == "spark:2.1.0")
        // --retry-failed tries it again (and it fails again).
        result = try await cluster.ferry(["sync", "--retry-failed", "--timeout", "3s"], repo: spark.repo)
        #expect(result.status == 3, "\(result.output)\(result.errorOutput)")
        #expect(!result.output.contains("skipped:"))
        #expect(try await spark.image(cluster) == "spark:9.9.9")
        // A newer commit is synced.
        try spark.commitWorker("spark:2.1.0", "Spark 2.1.0 with 3 workers", replicas: 3)
        result = try await cluster.ferry(["sync"], repo: spark.repo)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(try await cluster.get("deployment", "spark-worker", namespace: spark.namespace, "{.spec.replicas}") == "3")
    }

    @Test("bad input: each a clear message, a non-zero exit, and nothing changed in the cluster or in git")
    func badInput() async throws {
        let cluster = try await ClusterFixture.start()
        let spark = try SparkRepository("rb-bad")
        try spark.commitWorker("spark:2.1.0", "Spark 2.1.0")

        // Never synced: nothing to roll back.
        var result = try await cluster.ferry(["rollback"], repo: spark.repo)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("never synced"), "\(result.errorOutput)")

        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        // No earlier good commit.
        result = try await cluster.ferry(["rollback"], repo: spark.repo)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("nothing to roll back to"), "\(result.errorOutput)")

        // An invalid commit, a side branch, then a good commit synced.
        try spark.repo.write("manifests/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_Valid\n")
        let invalid = try spark.repo.commit("Broken ConfigMap")
        try spark.repo.removeFile("manifests/broken.yaml")
        try spark.repo.commit("Remove the broken ConfigMap")
        try spark.repo.branch("side")
        try spark.repo.checkout("side")
        let side = try spark.commitWorker("spark:0.0.1", "Side branch")
        try spark.repo.checkout("main")
        let head = try spark.commitWorker("spark:1.6.3", "Spark 1.6.3")
        _ = try await cluster.ferry(["sync"], repo: spark.repo)
        let requestsBefore = try cluster.requests().filter(Self.isRealWrite).count

        result = try await cluster.ferry(["rollback", "--to", "no-such-rev"], repo: spark.repo)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("--to 'no-such-rev': no such commit"), "\(result.errorOutput)")

        result = try await cluster.ferry(["rollback", "--to", side], repo: spark.repo)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("is not on the branch"), "\(result.errorOutput)")

        result = try await cluster.ferry(["rollback", "--to", invalid], repo: spark.repo)
        #expect(result.status == 2)
        #expect(result.errorOutput.contains("the manifests of \(invalid.prefix(7)) are invalid"), "\(result.errorOutput)")

        // Another run holds the lock.
        let expires = Date().addingTimeInterval(3600).formatted(.iso8601)
        try await cluster.kubectl("create", "-f", "-", input: """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ferry-\(spark.namespace)-lock
              namespace: default
              annotations:
                ferry.dev/lock-holder: another host
                ferry.dev/lock-expires: "\(expires)"
            """)
        let lockWrites = try cluster.requests().filter(Self.isRealWrite).count
        result = try await cluster.ferry(["rollback", "--to", "HEAD~1"], repo: spark.repo)
        #expect(result.status == 5)
        #expect(result.errorOutput.contains("another ferry run holds the lock"), "\(result.errorOutput)")
        result = try await cluster.ferry(["rollback", "--to", "HEAD~1", "--revert"], repo: spark.repo)
        #expect(result.status == 5)

        // Nothing was written by the refused rollbacks (the lock was made by kubectl).
        #expect(try cluster.requests().filter(Self.isRealWrite).count == lockWrites)
        #expect(lockWrites == requestsBefore + 1)
        #expect(try spark.repo.revParse("HEAD") == head)
        #expect(try await spark.image(cluster) == "spark:1.6.3")
    }
}
