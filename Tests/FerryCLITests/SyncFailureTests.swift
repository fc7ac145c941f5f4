import FerryTesting
import Foundation
import Testing

/// How `ferry sync` fails, end to end: each failure has its exit code and one clear line,
/// and none of them changes what it should not.
@Suite("ferry sync failures", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct SyncFailureTests {
    typealias E2E = SyncEndToEndTests

    static func image(_ cluster: ClusterFixture, _ app: SparkApp, _ deployment: String) async throws -> String? {
        try await cluster.get("deployment", deployment, namespace: app.namespace, "{.spec.template.spec.containers[0].image}")
    }

    @Test("a missing image fails with exit 3 and the pod's reason; the old pods keep serving; a rerun fails again")
    func missingImageFailsWithExit3AndThePodsReason() async throws {
        let cluster = try await ClusterFixture.start(images: ["spark:2.1.0", "spark:2.2.0"])
        var app = SparkApp("missing")
        app.progressDeadlineSeconds = 5
        let repository = try app.repository()
        let good = try repository.revParse("HEAD")
        try await E2E.syncSucceeds(cluster, repository)

        app.workerImage = "spark:9.9.9"
        try app.write(into: repository)
        try repository.commit("Spark workers on 9.9.9")
        let result = try await cluster.ferry(["sync", "-v", "--timeout", "20s"], repo: repository)
        #expect(result.status == 3, "\(result.errorOutput)")
        let reason = #/error: spark-worker: (ImagePullBackOff|ErrImagePull) for spark:9\.9\.9/#
        #expect(result.errorOutput.split(separator: "\n").count == 1)
        #expect(result.errorOutput.wholeMatch(of: #/error: spark-worker: (ImagePullBackOff|ErrImagePull) for spark:9\.9\.9\n/#) != nil,
                "\(result.errorOutput)")
        #expect(messages(result.output).first == "plan: 0 to create, 1 to change, 0 to prune, 4 unchanged")
        #expect(!result.output.contains("synced "))
        // maxUnavailable rounds down to 0 of 3: the workers on 2.1.0 keep running.
        #expect(try await E2E.replicaSets(cluster, app, "spark-worker").first == "1 spark:2.1.0 3 3")
        #expect(try await cluster.get("deployment", "spark-worker", namespace: app.namespace, "{.status.availableReplicas}") == "3")

        // The record keeps the last good commit and says why this one failed.
        let status = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        #expect(status.status == 0, "\(status.errorOutput)")
        let report = try JSONDecoder().decode(E2E.StatusJSON.self, from: status.standardOutput)
        #expect(report.lastSynced == good)
        #expect(report.lastSync?.outcome == "failed")

        // Nothing is left to apply, but the rollout is still broken: not a success.
        let again = try await cluster.ferry(["sync", "--timeout", "20s"], repo: repository)
        #expect(again.status == 3, "\(again.output)")
        #expect(again.errorOutput.contains(reason), "\(again.errorOutput)")
        #expect(!again.output.contains("synced "))
    }

    @Test("malformed YAML exits 2 with the file's line and column, and no request reaches the cluster")
    func malformedYAMLChangesNothing() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("malformed")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.write("manifests/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n")
        try repository.commit("Workers on 2.2.0, and a broken file")

        let mark = try cluster.requests().count
        for command in ["sync", "diff"] {
            let result = try await cluster.ferry([command], repo: repository)
            #expect(result.status == 2, "\(command): \(result.errorOutput)")
            #expect(result.output.isEmpty)
            let lines = result.errorOutput.split(separator: "\n").map(String.init)
            #expect(lines.count == 2, "\(lines)")
            #expect(lines.first?.hasPrefix("error: manifests/broken.yaml:5:1: invalid YAML: ") == true, "\(lines)")
            #expect(lines.last == "error: 1 problem(s) in the manifests; nothing was applied")
        }
        #expect(try cluster.requests(since: mark).isEmpty)
        #expect(try await Self.image(cluster, app, "spark-worker") == "spark:2.1.0")
    }

    @Test("an unreachable cluster exits 4 with one line naming it, for sync, diff and status")
    func unreachableClusterExits4() async throws {
        let cluster = try await ClusterFixture.start()
        try await cluster.stop()
        // The stopped cluster's kubeconfig, pointed at port 1, where nothing listens: its
        // own port may already serve another test's cluster (the system reuses free ports).
        let unreachable = "https://127.0.0.1:1"
        let kubeconfig = cluster.container + "/unreachable-kubeconfig"
        try String(contentsOfFile: cluster.kubeconfig, encoding: .utf8)
            .replacingOccurrences(of: cluster.url, with: unreachable)
            .write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let repository = try SparkApp("unreachable").repository()
        let path = repository.path

        // Each waits through the client's retries (about 3 s): run them side by side.
        async let sync = cluster.ferry(["sync"], repoPath: path, kubeconfig: kubeconfig)
        async let diff = cluster.ferry(["diff"], repoPath: path, kubeconfig: kubeconfig)
        async let status = cluster.ferry(["status"], repoPath: path, kubeconfig: kubeconfig)
        for (command, result) in [("sync", try await sync), ("diff", try await diff), ("status", try await status)] {
            #expect(result.status == 4, "\(command): \(result.errorOutput)")
            #expect(result.output.isEmpty, "\(command)")
            // Retries are logged as warnings first; the error is the last line.
            #expect(result.errorOutput.split(separator: "\n").last
                    == "error: cannot reach the cluster at \(unreachable): connection refused (5 attempts)", "\(command)")
        }
    }

    @Test("a wrong token exits 4 naming the rejected credentials, and nothing changes")
    func wrongTokenExits4() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("token")
        let repository = try app.repository()
        try await E2E.syncSucceeds(cluster, repository)
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.commit("Workers on 2.2.0")

        let kubeconfig = try String(contentsOfFile: cluster.kubeconfig, encoding: .utf8)
        let wrong = kubeconfig.replacing(#/token: \S+/#, with: "token: not-the-cluster-token")
        #expect(wrong != kubeconfig)
        let wrongPath = cluster.container + "/wrong-token.kubeconfig"
        try wrong.write(toFile: wrongPath, atomically: true, encoding: .utf8)

        let mark = try cluster.requests().count
        for command in ["sync", "diff", "status"] {
            let result = try await cluster.ferry([command], repo: repository, kubeconfig: wrongPath)
            #expect(result.status == 4, "\(command): \(result.errorOutput)")
            #expect(result.errorOutput == "error: GET /api/v1: the cluster at \(cluster.url) rejected the credentials (401 Unauthorized): Unauthorized; check the user's token, certificate or credential plugin\n", "\(command)")
        }
        let requests = try cluster.requests(since: mark)
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.status == 401 }, "\(requests)")
        #expect(try await Self.image(cluster, app, "spark-worker") == "spark:2.1.0")
    }

    @Test("an unknown kind exits 2 naming the file, and nothing is created")
    func unknownKindExits2NamingTheFile() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("widget")
        let repository = try GitFixture()
        try app.write(into: repository)
        try repository.write("manifests/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gadget\nspec:\n  size: 3\n")
        try repository.commit("Spark and a Widget")

        for command in ["sync", "diff"] {
            let result = try await cluster.ferry([command], repo: repository)
            #expect(result.status == 2, "\(command): \(result.errorOutput)")
            #expect(result.output.isEmpty, "\(command)")
            #expect(result.errorOutput == "error: manifests/widget.yaml:1:1: Widget/\(app.namespace)/gadget: Kind Widget (example.com/v1) is not served by the cluster at \(cluster.url): install its CRD first, or check apiVersion and kind\n", "\(command)")
        }
        let writes = try cluster.requests().filter(\.isWrite)
        #expect(writes.isEmpty, "\(writes)")
        #expect(try await !cluster.exists("namespace", app.namespace))
    }
}

extension SyncFailureTests {
    @Test("a --timeout without a unit, or an --instance that cannot name objects, is a usage error before any cluster is asked")
    func usageErrorsExit64() async throws {
        let repository = try SparkApp("usage").repository()
        let path = repository.path
        let cases: [([String], String)] = [
            (["sync", "--timeout", "90"], "Error: --timeout must be a duration such as 90s, 5m or 1h30m, got '90'\nUsage: ferry sync "),
            (["sync", "--instance", "Spark_Prod"], "Error: --instance 'Spark_Prod' must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name')\nUsage: ferry sync "),
            (["diff", "--instance", "Spark_Prod"], "Error: --instance 'Spark_Prod' must be a lowercase RFC 1123 label"),
        ]
        for (arguments, message) in cases {
            let result = try await offThePool {
                try FerryBinary.run(arguments + ["--repo", path, "--kubeconfig", "/nonexistent/kubeconfig"])
            }
            #expect(result.status == 64, "\(arguments)")
            #expect(result.errorOutput.hasPrefix(message), "\(result.errorOutput)")
        }
    }
}

@Suite("local cluster pod start-up delay")
struct PodStartDelayTests {
    @Test("pods that take longer to start than the rollout timeout fail the sync with exit 3")
    func slowPodsTimeOut() async throws {
        let cluster = try await ClusterFixture.start(podStartDelay: "1h")
        let app = SparkApp("slow-pods")
        let repository = try GitFixture()
        defer { repository.remove() }
        try app.write(into: repository)
        _ = try repository.commit("Spark")
        let result = try await cluster.ferry(["sync", "--timeout", "2s"], repo: repository)
        #expect(result.status == 3, "\(result.output)\(result.errorOutput)")
        #expect(result.errorOutput.contains("timed out after 2s"))
        let phase = try await cluster.kubectl("get", "pods", "-n", app.namespace, "-o", "jsonpath={.items[*].status.phase}")
        #expect(!phase.isEmpty && phase.split(separator: " ").allSatisfy { $0 == "Pending" })
    }
}
