import FerryTesting
import Foundation
import Testing

/// Ferry's git hooks syncing the local cluster: commits in a work tree (post-commit), and a push
/// to a bare repository (post-receive). The sync finds the cluster through KUBECONFIG, which
/// git hands the hook and the hook hands the sync.
@Suite("git hooks sync the cluster", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct GitHookSyncTests {
    static func workerImage(_ cluster: ClusterFixture, _ app: SparkApp) async throws -> String? {
        try await cluster.get("deployment", "spark-worker", namespace: app.namespace, "{.spec.template.spec.containers[0].image}")
    }

    /// The app synced once by hand, then ferry's hooks installed over a post-commit hook of the
    /// repository's own, which appends to the returned file each time it runs.
    static func repositoryWithHooks(_ cluster: ClusterFixture, _ app: SparkApp) async throws -> (GitFixture, ran: String) {
        let repository = try app.repository()
        let synced = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository)
        try #require(synced.succeeded, "\(synced.errorOutput)")
        let ran = repository.path + "/../own-hook-ran.txt"
        _ = try writeOwnHook("post-commit", in: repository.path + "/.git/hooks", appendingTo: ran)
        let path = repository.path
        let installed = try await offThePool { try FerryBinary.run(["hooks", "install", "--repo", path]) }
        try #require(installed.succeeded, "\(installed.errorOutput)")
        return (repository, ran)
    }

    static func lines(of path: String) -> [String] {
        (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    }

    @Test("with ferry.hookSync, a commit that bumps the image rolls out before git commit returns, and the old hook still runs")
    func foregroundCommitRollsOut() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("hook-fg")
        let (repository, ran) = try await Self.repositoryWithHooks(cluster, app)
        try repository.git("config", "ferry.hookSync", "true")

        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let committed = try await git(repository, ["commit", "-q", "-a", "-m", "Spark workers on 2.2.0"],
                                      environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(committed.status == 0, "\(committed.errorOutput)")
        let head = try repository.revParse("HEAD")
        let output = messages(committed.errorOutput)
        #expect(output.first == "Deployment/\(app.namespace)/spark-worker configured", "\(output)")
        #expect(output.contains("deployment \"spark-worker\" successfully rolled out"))
        #expect(output.last == "synced \(head.prefix(7)) to \(app.instance): 0 to create, 1 to change, 0 to prune, 4 unchanged")
        #expect(try await Self.workerImage(cluster, app) == "spark:2.2.0")
        #expect(try await cluster.get("deployment", "spark-worker", namespace: app.namespace, "{.status.updatedReplicas}") == "3")
        #expect(Self.lines(of: ran).count == 1)
        #expect(Self.lines(of: ran).first?.hasSuffix("/post-commit.ferry-chained ran") == true)
    }

    @Test("by default the commit returns at once and the sync runs in the background, logged under .git/ferry")
    func backgroundCommitRollsOut() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("hook-bg")
        let (repository, ran) = try await Self.repositoryWithHooks(cluster, app)

        // A log past its 1 MiB limit is moved aside before the next sync writes.
        let log = repository.path + "/.git/ferry/hook.log"
        try FileManager.default.createDirectory(atPath: repository.path + "/.git/ferry", withIntermediateDirectories: true)
        let old = Data(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1)
        try old.write(to: URL(fileURLWithPath: log))

        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let committed = try await git(repository, ["commit", "-q", "-a", "-m", "Spark workers on 2.2.0"],
                                      environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(committed.status == 0, "\(committed.errorOutput)")
        let short = try repository.revParse("HEAD").prefix(7)
        #expect(FileManager.default.contents(atPath: log + ".1") == old)
        #expect(committed.errorOutput == "ferry post-commit: syncing \(short) in the background; output in \(log)\n")
        #expect(Self.lines(of: ran).count == 1)
        #expect(Self.lines(of: ran).first?.hasSuffix("/post-commit.ferry-chained ran") == true)

        let finished = try await eventually(within: .seconds(90)) {
            messages(Self.lines(of: log).joined(separator: "\n")).contains { $0.hasPrefix("post-commit: sync of \(short) ") }
        }
        let logged = messages(Self.lines(of: log).joined(separator: "\n"))
        try #require(finished, "\(logged)")
        #expect(logged.first?.hasPrefix("post-commit: syncing \(short) (pid ") == true)
        #expect(logged.contains("synced \(short) to \(app.instance): 0 to create, 1 to change, 0 to prune, 4 unchanged"))
        #expect(logged.last == "post-commit: sync of \(short) finished: exit 0")
        #expect(try await Self.workerImage(cluster, app) == "spark:2.2.0")
    }

    @Test("a commit that touches nothing under the manifest path or ferry.yaml does not sync, and says nothing")
    func unrelatedCommitDoesNotSync() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("hook-noop")
        let (repository, ran) = try await Self.repositoryWithHooks(cluster, app)
        try repository.git("config", "ferry.hookSync", "true")
        let mark = try cluster.requests().count

        try repository.write("README.md", "Spark on the local cluster\n")
        try repository.write("docs/manifests.yaml", "not: [a manifest\n")
        try repository.stage()
        let committed = try await git(repository, ["commit", "-q", "-m", "docs"], environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(committed.status == 0)
        #expect(committed.errorOutput.isEmpty)
        #expect(committed.output.isEmpty)
        #expect(try cluster.requests(since: mark).isEmpty)
        #expect(Self.lines(of: ran).count == 1)
        #expect(!FileManager.default.fileExists(atPath: repository.path + "/.git/ferry/hook.log"))
    }

    @Test("a merge that brings an image bump rolls out through post-merge")
    func mergeRollsOut() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("hook-merge")
        let (repository, _) = try await Self.repositoryWithHooks(cluster, app)
        try repository.git("config", "ferry.hookSync", "true")
        let main = try repository.git("rev-parse", "--abbrev-ref", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)

        // The bump is committed on a branch with no hooks at all, so only the merge can sync it.
        _ = try repository.git("checkout", "-q", "-b", "bump")
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let committed = try await git(repository, ["-c", "core.hooksPath=/dev/null", "commit", "-q", "-a", "-m", "Workers on 2.2.0"])
        #expect(committed.status == 0, "\(committed.errorOutput)")
        _ = try repository.git("checkout", "-q", main)
        #expect(try await Self.workerImage(cluster, app) == "spark:2.1.0")

        let merged = try await git(repository, ["merge", "-q", "--ff-only", "bump"], environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(merged.status == 0, "\(merged.errorOutput)")
        let head = try repository.revParse("HEAD")
        #expect(messages(merged.errorOutput).last == "synced \(head.prefix(7)) to \(app.instance): 0 to create, 1 to change, 0 to prune, 4 unchanged",
                "\(merged.errorOutput)")
        #expect(try await Self.workerImage(cluster, app) == "spark:2.2.0")
    }

    @Test("a push to a bare repository rolls out through post-receive, the output shown to the pusher")
    func pushToBareRepositoryRollsOut() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("hook-push")
        let repository = try app.repository()
        let deployHost = try repository.bareClone()
        let bare = deployHost.path
        let installed = try await offThePool { try FerryBinary.run(["hooks", "install", "--repo", bare]) }
        try #require(installed.succeeded, "\(installed.errorOutput)")
        try deployHost.git("config", "ferry.hookSync", "true")

        let synced = try await cluster.ferry(["sync", "--timeout", "60s"], repo: repository)
        try #require(synced.succeeded, "\(synced.errorOutput)")

        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let head = try repository.commit("Spark workers on 2.2.0")
        // A branch that is not deployed is pushed too: only main syncs.
        try repository.branch("experiment")
        let pushed = try await git(repository, ["push", "-q", bare, "main", "experiment"], environment: ["KUBECONFIG": cluster.kubeconfig])
        #expect(pushed.status == 0, "\(pushed.errorOutput)")
        let remote = messages(pushed.errorOutput.split(separator: "\n").map {
            $0.hasPrefix("remote: ") ? String($0.dropFirst(8)).trimmingCharacters(in: .whitespaces) : String($0)
        }.joined(separator: "\n"))
        #expect(remote.filter { $0.hasPrefix("synced ") } == [
            "synced \(head.prefix(7)) to \(app.instance): 0 to create, 1 to change, 0 to prune, 4 unchanged",
        ], "\(remote)")
        #expect(try await Self.workerImage(cluster, app) == "spark:2.2.0")
        #expect(try await cluster.get("deployment", "spark-worker", namespace: app.namespace, "{.metadata.annotations.ferry\\.dev/commit}") == head)
    }
}
