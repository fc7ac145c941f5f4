import FerryTesting
import Foundation
import Testing

/// `ferry sync`, `ferry diff` and `ferry status` as an operator runs them: the real binary,
/// against the real local cluster (HTTPS, server-side apply, Deployment rollouts), on git
/// repositories made here; what the cluster holds is read back with the real kubectl.
@Suite("ferry sync end to end", .enabled(if: ClusterFixture.hasKubectl, "needs kubectl"))
struct SyncEndToEndTests {
    /// `ferry sync -v ARGUMENTS` with a generous rollout timeout (a rollout here takes about
    /// 3 s): verbose, so that the plan and the rollouts' progress are printed too.
    static func sync(_ cluster: ClusterFixture, _ repository: GitFixture, _ arguments: String...) async throws
        -> FerryTesting.ProcessResult {
        try await cluster.ferry(["sync", "-v", "--timeout", "60s"] + arguments, repo: repository)
    }

    /// Syncs and requires success: the starting point of most tests.
    static func syncSucceeds(_ cluster: ClusterFixture, _ repository: GitFixture) async throws {
        let result = try await sync(cluster, repository)
        try #require(result.status == 0, "sync failed: \(result.errorOutput)\(result.output)")
    }

    static func short(_ commit: String) -> String { String(commit.prefix(7)) }

    /// `replicas updated ready available` of a Deployment's status.
    static func replicas(_ cluster: ClusterFixture, _ app: SparkApp, _ name: String) async throws -> String? {
        try await cluster.get("deployment", name, namespace: app.namespace,
                              "{.status.replicas} {.status.updatedReplicas} {.status.readyReplicas} {.status.availableReplicas}")
    }

    /// A Deployment's ReplicaSets, one `revision image replicas readyReplicas` line each, by revision.
    static func replicaSets(_ cluster: ClusterFixture, _ app: SparkApp, _ deployment: String) async throws -> [String] {
        let template = #"{range .items[*]}{.metadata.ownerReferences[0].name} {.metadata.annotations.deployment\.kubernetes\.io/revision} {.spec.template.spec.containers[0].image} {.spec.replicas} {.status.readyReplicas}{"\n"}{end}"#
        let text = try await cluster.get("replicasets", namespace: app.namespace, template) ?? ""
        var rows: [[String]] = []
        for line in text.split(separator: "\n") where line.hasPrefix(deployment + " ") {
            // An empty field is a count the controller left out: zero.
            let fields = line.dropFirst(deployment.count + 1).split(separator: " ", omittingEmptySubsequences: false)
            rows.append(fields.map { $0.isEmpty ? "0" : String($0) })
        }
        rows.sort { (Int($0[0]) ?? 0) < (Int($1[0]) ?? 0) }
        return rows.map { $0.joined(separator: " ") }
    }

    /// The instance's record: the inventory (`Kind/namespace/name`, sorted) and how many runs it holds.
    static func record(_ cluster: ClusterFixture, _ app: SparkApp) async throws -> (inventory: [String], runs: Int)? {
        guard let text = try await cluster.get("configmap", "ferry-\(app.instance)", namespace: "default",
                                               #"{.data.inventory}{"\n"}{.data.history}"#) else { return nil }
        let parts = text.split(separator: "\n", maxSplits: 1).map { Data($0.utf8) }
        struct Entry: Decodable { var kind: String; var namespace: String?; var name: String }
        let inventory = try JSONDecoder().decode([Entry].self, from: parts[0])
            .map { [$0.kind, $0.namespace, $0.name].compactMap { $0 }.joined(separator: "/") }
        let runs = try JSONSerialization.jsonObject(with: parts[1]) as? [Any]
        return (inventory.sorted(), runs?.count ?? 0)
    }

    /// The lines of a diff that add or remove something (not the `---`/`+++` headers).
    static func changedLines(_ diff: String) -> [String] {
        diff.split(separator: "\n").map(String.init).filter {
            ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("--- ") && !$0.hasPrefix("+++ ")
        }
    }

    // MARK: Tests

    @Test("a first sync creates every object, labels it, records it, and returns once both Deployments are ready")
    func firstSyncCreatesEverythingAndWaitsUntilReady() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("first")
        let repository = try app.repository()
        let head = try repository.revParse("HEAD")

        let result = try await Self.sync(cluster, repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.isEmpty)
        // Both rollouts followed by one list (then a watch) of the namespace's Deployments.
        let deploymentsPath = "/apis/apps/v1/namespaces/\(app.namespace)/deployments"
        let rolloutLists = try cluster.requests().filter {
            $0.method == "GET" && ($0.path == deploymentsPath || $0.path.hasPrefix(deploymentsPath + "?"))
                && !$0.path.contains("Selector=") && !$0.path.contains("watch=")
        }
        #expect(rolloutLists.count == 1, "\(rolloutLists)")
        let lines = messages(result.output)
        #expect(lines.first == "plan: 5 to create, 0 to change, 0 to prune, 0 unchanged")
        #expect(Array(lines.dropFirst().prefix(5)) == app.objects.map { "\($0) created" })
        #expect(lines.suffix(3) == [
            "deployment \"spark-master\" successfully rolled out",
            "deployment \"spark-worker\" successfully rolled out",
            "synced \(Self.short(head)) to \(app.instance): 5 to create, 0 to change, 0 to prune, 0 unchanged",
        ])

        // Ready when sync returned, without waiting here.
        #expect(try await Self.replicas(cluster, app, "spark-master") == "1 1 1 1")
        #expect(try await Self.replicas(cluster, app, "spark-worker") == "3 3 3 3")
        let pods = try await cluster.get("pods", namespace: app.namespace,
                                         #"{range .items[*]}{.spec.containers[0].image} {.status.phase}{"\n"}{end}"#)
        #expect(pods == String(repeating: "spark:2.1.0 Running\n", count: 4))

        // Every object carries Ferry's labels and the commit it came from.
        for (resource, name, namespace) in [("namespace", app.namespace, nil as String?),
                                            ("service", "spark-master", app.namespace), ("service", "spark-worker", app.namespace),
                                            ("deployment", "spark-master", app.namespace), ("deployment", "spark-worker", app.namespace)] {
            let metadata = try await cluster.get(resource, name, namespace: namespace,
                #"{.metadata.labels.app\.kubernetes\.io/managed-by} {.metadata.labels.ferry\.dev/instance} {.metadata.annotations.ferry\.dev/commit}"#)
            #expect(metadata == "ferry \(app.instance) \(head)", "\(resource)/\(name)")
        }
        let record = try await Self.record(cluster, app)
        #expect(record?.inventory == app.objects.sorted())
        #expect(record?.runs == 1)
    }

    @Test("a commit that bumps the Spark image rolls both Deployments: a new ReplicaSet and revision 2 each")
    func imageBumpRollsBothDeployments() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("bump")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)

        app.masterImage = "spark:2.2.0"
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let bump = try repository.commit("Spark 2.2.0")
        let result = try await Self.sync(cluster, repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = messages(result.output)
        #expect(lines.first == "plan: 0 to create, 2 to change, 0 to prune, 3 unchanged")
        #expect(Array(lines.dropFirst().prefix(2)) == [
            "Deployment/\(app.namespace)/spark-master configured", "Deployment/\(app.namespace)/spark-worker configured",
        ])
        #expect(lines.suffix(3) == [
            "deployment \"spark-master\" successfully rolled out",
            "deployment \"spark-worker\" successfully rolled out",
            "synced \(Self.short(bump)) to \(app.instance): 0 to create, 2 to change, 0 to prune, 3 unchanged",
        ])

        for (name, replicas) in [("spark-master", 1), ("spark-worker", 3)] {
            let revision = try await cluster.get("deployment", name, namespace: app.namespace,
                                                 #"{.metadata.annotations.deployment\.kubernetes\.io/revision}"#)
            #expect(revision == "2", "\(name)")
            // The old ReplicaSet scaled to zero, the new one at full strength and ready.
            #expect(try await Self.replicaSets(cluster, app, name) == [
                "1 spark:2.1.0 0 0", "2 spark:2.2.0 \(replicas) \(replicas)",
            ], "\(name)")
            #expect(try await Self.replicas(cluster, app, name) == "\(replicas) \(replicas) \(replicas) \(replicas)")
        }
    }

    @Test("a sync with nothing changed sends no write: only GETs reach the server, before and after a rollout")
    func secondSyncSendsNoWrite() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("idle")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)

        /// Syncs again and returns the requests it made.
        func syncAgain(_ commit: String) async throws -> [ClusterFixture.Request] {
            let mark = try cluster.requests().count
            let result = try await Self.sync(cluster, repository)
            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(messages(result.output) == [
                "plan: 0 to create, 0 to change, 0 to prune, 5 unchanged",
                "in sync: nothing to apply",
                "synced \(Self.short(commit)) to \(app.instance): 0 to create, 0 to change, 0 to prune, 5 unchanged",
            ])
            return try cluster.requests(since: mark)
        }

        let head = try repository.revParse("HEAD")
        let second = try await syncAgain(head)
        #expect(!second.isEmpty, "the sync did ask the cluster")
        #expect(second.filter(\.isWrite).isEmpty, "writes: \(second.filter(\.isWrite))")

        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let bump = try repository.commit("Spark workers on 2.2.0")
        try await Self.syncSucceeds(cluster, repository)
        let afterRollout = try await syncAgain(bump)
        #expect(!afterRollout.isEmpty)
        #expect(afterRollout.filter(\.isWrite).isEmpty, "writes: \(afterRollout.filter(\.isWrite))")
        #expect(try await Self.record(cluster, app)?.runs == 2, "an idle sync adds no run to the record")
    }

    @Test("`kubectl set image` drift is shown by `ferry diff` (exit 1) and healed by `ferry sync`")
    func kubectlDriftIsShownAndHealed() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("drift")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)

        try await cluster.kubectl("set", "image", "deployment/spark-worker", "worker=spark:1.6.3", "--namespace", app.namespace)
        let diff = try await cluster.ferry(["diff"], repo: repository)
        #expect(diff.status == 1, "\(diff.errorOutput)")
        let worker = "Deployment/\(app.namespace)/spark-worker"
        let lines = diff.output.split(separator: "\n").map(String.init)
        #expect(lines.prefix(3) == ["# \(worker) (manifests/spark-worker.yaml:1:1)", "--- live/\(worker)", "+++ merged/\(worker)"])
        #expect(Self.changedLines(diff.output) == ["-      - image: spark:1.6.3", "+      - image: spark:2.1.0"])
        #expect(lines.last == "0 to create, 1 to change, 0 to prune, 4 unchanged")

        let healed = try await Self.sync(cluster, repository)
        #expect(healed.status == 0, "\(healed.errorOutput)")
        let output = messages(healed.output)
        #expect(output.first == "plan: 0 to create, 1 to change, 0 to prune, 4 unchanged")
        #expect(output.contains("\(worker) configured"))
        #expect(output.suffix(2).first == "deployment \"spark-worker\" successfully rolled out")
        #expect(try await cluster.get("deployment", "spark-worker", namespace: app.namespace,
                                      "{.spec.template.spec.containers[0].image}") == "spark:2.1.0")
        #expect(try await Self.replicas(cluster, app, "spark-worker") == "3 3 3 3")
        // Whatever the drifted ReplicaSet had started is scaled away.
        for replicaSet in try await Self.replicaSets(cluster, app, "spark-worker") where replicaSet.contains("spark:1.6.3") {
            #expect(replicaSet.hasSuffix(" 0 0"), "\(replicaSet)")
        }

        let after = try await cluster.ferry(["diff"], repo: repository)
        #expect(after.status == 0, "\(after.output)")
        #expect(after.output == "0 to create, 0 to change, 0 to prune, 5 unchanged\n")
    }

    @Test("removing a manifest prunes exactly its object; objects made with kubectl in the namespace survive")
    func removingAManifestPrunesExactlyThatObject() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("prune")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)
        // Made by hand, and one labelled as another Ferry instance's: neither is this instance's to delete.
        try await cluster.kubectl("create", "--filename", "-", input: """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: handmade, namespace: \(app.namespace)}
            data: {made: by hand}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: other-instance
              namespace: \(app.namespace)
              labels: {app.kubernetes.io/managed-by: ferry, ferry.dev/instance: someone-else}

            """)

        try repository.removeFile("manifests/spark-master-service.yaml")
        let removal = try repository.commit("No Service for the master")
        let result = try await Self.sync(cluster, repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(messages(result.output) == [
            "plan: 0 to create, 0 to change, 1 to prune, 4 unchanged",
            "Service/\(app.namespace)/spark-master pruned",
            "synced \(Self.short(removal)) to \(app.instance): 0 to create, 0 to change, 1 to prune, 4 unchanged",
        ])

        #expect(try await !cluster.exists("service", "spark-master", namespace: app.namespace))
        #expect(try await cluster.exists("namespace", app.namespace))
        #expect(try await cluster.exists("service", "spark-worker", namespace: app.namespace))
        #expect(try await cluster.exists("deployment", "spark-master", namespace: app.namespace))
        #expect(try await cluster.exists("deployment", "spark-worker", namespace: app.namespace))
        #expect(try await cluster.get("configmap", "handmade", namespace: app.namespace, "{.data.made}") == "by hand")
        #expect(try await cluster.exists("configmap", "other-instance", namespace: app.namespace))
        #expect(try await Self.record(cluster, app)?.inventory
                == app.objects.filter { $0 != "Service/\(app.namespace)/spark-master" }.sorted())
    }

    @Test("--dry-run prints the plan and the diffs, in order, and changes nothing")
    func dryRunChangesNothing() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("dry")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        try repository.removeFile("manifests/spark-master-service.yaml")
        try repository.commit("Workers on 2.2.0, no Service for the master")

        let mark = try cluster.requests().count
        let result = try await Self.sync(cluster, repository, "--dry-run")
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = messages(result.output)
        #expect(lines.first == "plan: 0 to create, 1 to change, 1 to prune, 3 unchanged")
        #expect(lines.dropFirst().first == "# Deployment/\(app.namespace)/spark-worker (manifests/spark-worker.yaml:1:1)")
        #expect(lines.contains("# Service/\(app.namespace)/spark-master (removed from git)"))
        #expect(lines.contains("+      - image: spark:2.2.0"))
        #expect(lines.last == "dry run: nothing was applied")

        // Dry runs only: no lock, no record, no object written.
        let writes = try cluster.requests(since: mark).filter(\.isWrite)
        #expect(!writes.isEmpty)
        #expect(writes.allSatisfy { $0.isDryRun }, "\(writes)")
        #expect(try await cluster.get("deployment", "spark-worker", namespace: app.namespace,
                                      "{.spec.template.spec.containers[0].image}") == "spark:2.1.0")
        #expect(try await cluster.exists("service", "spark-master", namespace: app.namespace))
        #expect(try await Self.record(cluster, app)?.runs == 1)
    }

    @Test("--no-prune keeps the removed object, says so, and a later sync prunes it")
    func noPruneKeepsTheRemovedObject() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("keep")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)
        try repository.removeFile("manifests/spark-master-service.yaml")
        try repository.commit("No Service for the master")
        let service = "Service/\(app.namespace)/spark-master"

        let kept = try await Self.sync(cluster, repository, "--no-prune")
        #expect(kept.status == 0, "\(kept.errorOutput)")
        #expect(messages(kept.output).contains("\(service) not pruned (--no-prune)"))
        #expect(!messages(kept.output).contains("\(service) pruned"))
        #expect(try await cluster.exists("service", "spark-master", namespace: app.namespace))
        // Still Ferry's: it stays in the inventory, so diff shows it and a sync with pruning removes it.
        #expect(try await Self.record(cluster, app)?.inventory == app.objects.sorted())
        // Run again the same way (a cron line): the kept object is no work, so nothing is written.
        let mark = try cluster.requests().count
        let again = try await Self.sync(cluster, repository, "--no-prune")
        #expect(again.status == 0, "\(again.errorOutput)")
        #expect(messages(again.output).dropFirst().first == "in sync: nothing to apply")
        let writes = try cluster.requests(since: mark).filter(\.isWrite)
        #expect(writes.isEmpty, "\(writes)")
        #expect(try await Self.record(cluster, app)?.runs == 2)

        let diff = try await cluster.ferry(["diff"], repo: repository)
        #expect(diff.status == 1)
        #expect(diff.output.hasPrefix("# \(service) (removed from git)\n"))

        let pruned = try await Self.sync(cluster, repository)
        #expect(pruned.status == 0, "\(pruned.errorOutput)")
        #expect(messages(pruned.output).contains("\(service) pruned"))
        #expect(try await !cluster.exists("service", "spark-master", namespace: app.namespace))
    }

    @Test("a revision that would prune everything is refused (exit 1, names --allow-empty); --allow-empty prunes it all")
    func emptyRevisionIsRefusedUnlessAllowed() async throws {
        let cluster = try await ClusterFixture.start()
        let app = SparkApp("empty")
        let repository = try app.repository()
        try await Self.syncSucceeds(cluster, repository)
        for path in app.files.keys { try repository.removeFile(path) }
        try repository.write("manifests/README.md", "Spark moved to another repository.\n")
        let empty = try repository.commit("Spark moved out")

        let mark = try cluster.requests().count
        let refused = try await Self.sync(cluster, repository)
        #expect(refused.status == 1)
        #expect(refused.errorOutput == "error: this revision would delete all 5 objects ferry manages (is the path 'manifests' right?); nothing was applied. Pass --allow-empty if that is what you want\n")
        #expect(messages(refused.output).isEmpty)
        let writes = try cluster.requests(since: mark).filter(\.isWrite)
        #expect(writes.isEmpty, "\(writes)")
        #expect(try await cluster.exists("deployment", "spark-worker", namespace: app.namespace))

        let allowed = try await Self.sync(cluster, repository, "--allow-empty")
        #expect(allowed.status == 0, "\(allowed.errorOutput)")
        #expect(messages(allowed.output) == ["plan: 0 to create, 0 to change, 5 to prune, 0 unchanged"]
            + app.objects.reversed().map { "\($0) pruned" }
            + ["synced \(Self.short(empty)) to \(app.instance): 0 to create, 0 to change, 5 to prune, 0 unchanged"])
        #expect(try await !cluster.exists("deployment", "spark-worker", namespace: app.namespace))
        #expect(try await eventually { try await !cluster.exists("namespace", app.namespace) }, "the namespace is deleted")
        #expect(try await Self.record(cluster, app)?.inventory == [])
    }

    /// `ferry status -o json`, the fields the tests read.
    struct StatusJSON: Decodable {
        struct Deployment: Decodable, Equatable { var name: String; var images: [String]; var rollout: String }
        struct Object: Decodable, Equatable { var object: String; var state: String }
        struct Run: Decodable { var commit: String; var subject: String; var outcome: String }
        var context: String
        var server: String
        var instance: String
        var head: String
        var lastSynced: String?
        var inSync: Bool
        var objects: [Object]
        var workloads: [Deployment]
        var lastSync: Run?
    }

    @Test("`ferry status -o json` shows the last synced commit, each object's state and the Deployments")
    func statusJSONShowsLastSyncedCommitAndDeployments() async throws {
        let cluster = try await ClusterFixture.start()
        var app = SparkApp("status")
        let repository = try app.repository(message: "Spark on 2.1.0")
        let synced = try repository.revParse("HEAD")
        try await Self.syncSucceeds(cluster, repository)

        let result = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        let status = try JSONDecoder().decode(StatusJSON.self, from: result.standardOutput)
        #expect(status.context == "ferry-local")
        #expect(status.server == cluster.url)
        #expect(status.instance == app.instance)
        #expect(status.head == synced)
        #expect(status.lastSynced == synced)
        #expect(status.inSync)
        #expect(status.objects == app.objects.map { .init(object: $0, state: "in sync") })
        #expect(status.workloads == [
            .init(name: "Deployment/\(app.namespace)/spark-master", images: ["spark:2.1.0"],
                  rollout: "deployment \"spark-master\" successfully rolled out"),
            .init(name: "Deployment/\(app.namespace)/spark-worker", images: ["spark:2.1.0"],
                  rollout: "deployment \"spark-worker\" successfully rolled out"),
        ])
        #expect(status.lastSync?.commit == synced)
        #expect(status.lastSync?.subject == "Spark on 2.1.0")
        #expect(status.lastSync?.outcome == "succeeded")

        // A commit not synced yet: HEAD moves on, the last synced commit stays, the drift shows.
        app.workerImage = "spark:2.2.0"
        try app.write(into: repository)
        let head = try repository.commit("Spark workers on 2.2.0")
        let behind = try await cluster.ferry(["status", "-o", "json"], repo: repository)
        #expect(behind.status == 0, "\(behind.errorOutput)")
        let later = try JSONDecoder().decode(StatusJSON.self, from: behind.standardOutput)
        #expect(later.head == head)
        #expect(later.lastSynced == synced)
        #expect(!later.inSync)
        #expect(later.objects.filter { $0.state != "in sync" } == [
            .init(object: "Deployment/\(app.namespace)/spark-worker", state: "to change"),
        ])
        #expect(later.workloads.last?.images == ["spark:2.1.0"], "the live image, until synced")
    }
}

extension SyncEndToEndTests {
    @Test("with the manifests at the repository root, ferry.yaml is read as settings, not as a manifest")
    func rootManifestPathSkipsTheConfiguration() async throws {
        let cluster = try await ClusterFixture.start()
        let namespace = uniqueName("root")
        let repository = try GitFixture()
        try repository.write("ferry.yaml", "namespace: default\ninstance: \(namespace)\n")
        try repository.write("namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n")
        try repository.write("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: \(namespace)\ndata:\n  level: info\n")
        let head = try repository.commit("Settings at the root")

        let result = try await Self.sync(cluster, repository)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(messages(result.output) == [
            "plan: 2 to create, 0 to change, 0 to prune, 0 unchanged",
            "Namespace/\(namespace) created",
            "ConfigMap/\(namespace)/settings created",
            "synced \(Self.short(head)) to \(namespace): 2 to create, 0 to change, 0 to prune, 0 unchanged",
        ])
        #expect(try await cluster.get("configmap", "settings", namespace: namespace, "{.data.level}") == "info")
    }
}
