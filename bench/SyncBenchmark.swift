// A no-op sync and diff of 1,000 objects (issue 4 item 10): the release `ferry sync` and
// `ferry diff` against `kubectl apply --server-side` and `kubectl diff --server-side` of the
// same manifests, each a fresh process, on a local cluster already in sync; then one image
// bumped in a new commit, and the writes ferry sent counted in the cluster's request log.
//
// The repository (made with the git CLI): ferry.yaml (path: manifests, instance: bench),
// manifests/namespaces.yaml with 10 Namespaces, and manifests/<namespace>/<app>.yaml with a
// Deployment (replicas: 1), a Service and a ConfigMap for 330 apps: 1,000 objects. The cluster
// starts a pod 100 ms after it is created (`--pod-start-delay`), so the first sync (not timed)
// waits for 330 quick rollouts, and the image bump rolls one pod.
//
// kubectl runs with a --cache-dir of its own: filled by one untimed apply (which also makes
// kubectl a co-owner of the fields, so every timed apply is a no-op too), then reused.
import Foundation

enum SyncBenchmark {
    static let namespaces = 10
    static let appsPerNamespace = 33
    static let runs = 3
    static let kubectl = "/usr/bin/kubectl"
    static let instance = "bench"
    static let syncGoal = 10.0
    static let diffGoal = 5.0
    /// How long a pod takes to become Ready in the local cluster (its default is 1 s).
    static let podStartDelay = "100ms"

    static func run() {
        Bench.blocking { await measure() }
    }

    private static func measure() async {
        var root: URL?
        var cluster: Bench.LocalCluster?
        defer {
            cluster?.stop()
            if let root { try? FileManager.default.removeItem(at: root) }
        }
        let load = Bench.loadAverage()
        do {
            let ferry = try Bench.ferryExecutable()
            guard FileManager.default.isExecutableFile(atPath: kubectl) else { throw Bench.Failure("no kubectl at \(kubectl)") }
            let directory = try Bench.temporaryDirectory("ferry-sync-bench")
            root = directory
            let repository = directory.appendingPathComponent("repo")
            let objects = try makeRepository(at: repository)
            cluster = try Bench.LocalCluster.start(ferry: ferry, dataDirectory: directory.appendingPathComponent("cluster"),
                                                   options: ["--pod-start-delay", podStartDelay])
            print(try compare(ferry: ferry, cluster: cluster!, repository: repository, objects: objects,
                              cache: directory.appendingPathComponent("kubectl-cache"), load: load))
        } catch {
            print("sync: benchmark failed: \(error)")
        }
    }

    /// The best of several timings, and the requests the cluster logged during that run.
    private struct Timed {
        var best = Double.infinity
        var requests = 0
        /// The most writes any of the runs sent (dry runs excluded).
        var writes = 0

        mutating func add(_ seconds: Double, _ logged: [Bench.LoggedRequest]) {
            if seconds < best {
                best = seconds
                requests = logged.count
            }
            writes = max(writes, logged.filter(\.isWrite).count)
        }
    }

    private static func compare(ferry: String, cluster: Bench.LocalCluster, repository: URL, objects: Int,
                                cache: URL, load: String) throws -> String {
        let kubeconfig = cluster.kubeconfig
        let manifests = repository.appendingPathComponent("manifests").path
        let ferryArguments = ["--kubeconfig", kubeconfig, "--repo", repository.path]
        let kubectlArguments = ["--kubeconfig", kubeconfig, "--cache-dir", cache.path]
        let applyArguments = kubectlArguments + ["apply", "--server-side", "--force-conflicts", "-R", "-f", manifests]
        let diffArguments = kubectlArguments + ["diff", "--server-side", "--force-conflicts", "-R", "-f", manifests]
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = nil

        // Into sync (not timed): ferry creates everything and waits for the rollouts; then
        // kubectl's first apply fills its discovery cache and takes co-ownership of the fields.
        let first = try Bench.check(ferry, ["sync"] + ferryArguments, environment: environment, timeout: 240)
        let firstRequests = cluster.requests(since: 0).count
        try Bench.check(kubectl, applyArguments, environment: environment, timeout: 240)

        var ferrySync = Timed(), ferryDiff = Timed(), kubectlApply = Timed(), kubectlDiff = Timed()
        var kubectlFoundDifferences = false
        for _ in 0..<runs {
            var offset = cluster.logOffset()
            let sync = try Bench.check(ferry, ["sync"] + ferryArguments, environment: environment)
            ferrySync.add(sync.seconds, cluster.requests(since: offset))

            offset = cluster.logOffset()
            let diff = try Bench.check(ferry, ["diff"] + ferryArguments, environment: environment)
            ferryDiff.add(diff.seconds, cluster.requests(since: offset))

            offset = cluster.logOffset()
            let apply = try Bench.check(kubectl, applyArguments, environment: environment)
            kubectlApply.add(apply.seconds, cluster.requests(since: offset))

            // kubectl diff exits 1 when it finds differences: measured all the same, and said.
            offset = cluster.logOffset()
            let kubectlDiffResult = try Bench.check(kubectl, diffArguments, environment: environment, accepted: [0, 1])
            kubectlDiff.add(kubectlDiffResult.seconds, cluster.requests(since: offset))
            if kubectlDiffResult.status == 1 { kubectlFoundDifferences = true }
        }

        // One image bumped in a new commit, synced by ferry; its writes counted in the request log.
        let bumped = try bumpOneImage(in: repository)
        let offset = cluster.logOffset()
        try Bench.check(ferry, ["sync"] + ferryArguments, environment: environment, timeout: 120)
        let writes = cluster.requests(since: offset).filter(\.isWrite)
        let bookkeeping = writes.filter { isRecordOrLock($0) }
        let objectWrites = writes.filter { !isRecordOrLock($0) }
        let objectList = objectWrites.map(\.description).joined(separator: ", ")

        let syncRatio = kubectlApply.best / ferrySync.best
        let diffRatio = kubectlDiff.best / ferryDiff.best
        let area = "sync \(Bench.grouped(objects)) objects"
        BenchReport.add(ReportRow(area: area, figure: "no-op sync",
                                  ferry: String(format: "%.2f s (%@ requests, %d writes)", ferrySync.best,
                                                Bench.grouped(ferrySync.requests), ferrySync.writes),
                                  baseline: String(format: "%.2f s kubectl apply --server-side", kubectlApply.best),
                                  ratio: String(format: "%.1fx", syncRatio),
                                  goal: BenchReport.goal(">= \(Int(syncGoal))x", met: syncRatio >= syncGoal)))
        BenchReport.add(ReportRow(area: area, figure: "diff",
                                  ferry: String(format: "%.2f s (%@ requests)", ferryDiff.best, Bench.grouped(ferryDiff.requests)),
                                  baseline: String(format: "%.2f s kubectl diff --server-side", kubectlDiff.best),
                                  ratio: String(format: "%.1fx", diffRatio),
                                  goal: BenchReport.goal(">= \(Int(diffGoal))x", met: diffRatio >= diffGoal)))
        BenchReport.add(ReportRow(area: area, figure: "image bump: writes",
                                  ferry: "\(objectWrites.count) object + \(bookkeeping.count) record/lock",
                                  goal: BenchReport.goal("1 object write", met: objectWrites.count == 1)))
        BenchReport.add(ReportRow(area: area, figure: "first sync (with its rollout wait; not compared)",
                                  ferry: String(format: "%.2f s (%@ requests)", first.seconds, Bench.grouped(firstRequests))))
        return String(
            format: "sync: %@ objects: ferry no-op sync %.2f s (%@ requests, %d writes), kubectl apply --server-side %.2f s "
                + "(%@ requests), %.1fx (goal >= %.0fx); ferry diff %.2f s (%@ requests), kubectl diff --server-side %.2f s "
                + "(%@ requests%@), %.1fx (goal >= %.0fx); image bump of %@: ferry sent %d object write%@ (%@) plus %d to "
                + "its record and run lock (goal: 1 object write) [best of %d fresh processes each; the first sync "
                + "(not timed) %.1f s, %@ requests; replicas 1, pod start %@; kubectl --cache-dir filled by one untimed "
                + "apply, then reused; load average %@ at the start]",
            Bench.grouped(objects), ferrySync.best, Bench.grouped(ferrySync.requests), ferrySync.writes,
            kubectlApply.best, Bench.grouped(kubectlApply.requests), syncRatio, syncGoal,
            ferryDiff.best, Bench.grouped(ferryDiff.requests), kubectlDiff.best, Bench.grouped(kubectlDiff.requests),
            kubectlFoundDifferences ? "; it reported differences" : "", diffRatio, diffGoal,
            bumped, objectWrites.count, objectWrites.count == 1 ? "" : "s", objectList.isEmpty ? "none" : objectList,
            bookkeeping.count, runs, first.seconds, Bench.grouped(firstRequests), podStartDelay, load)
    }

    /// Ferry's own bookkeeping in the record namespace: the record ConfigMap `ferry-bench`
    /// and the lock `ferry-bench-lock` (created by POST to the collection).
    private static func isRecordOrLock(_ request: Bench.LoggedRequest) -> Bool {
        let configMaps = "/api/v1/namespaces/default/configmaps"
        return request.path == configMaps || request.path.hasPrefix("\(configMaps)/ferry-\(instance)")
    }

    // MARK: The repository

    private static func namespace(_ index: Int) -> String { String(format: "bench-%02d", index) }
    private static func app(_ index: Int) -> String { String(format: "app-%03d", index) }

    /// Writes and commits the repository; the number of objects.
    private static func makeRepository(at repository: URL) throws -> Int {
        let manifests = repository.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try write("# Ferry's settings for the sync benchmark.\npath: manifests\ninstance: \(instance)\n",
                  to: repository.appendingPathComponent("ferry.yaml"))
        var objects = namespaces
        let namespaceDocuments = (0..<namespaces).map { index in
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace(index))\n  labels:\n    team: \(namespace(index))\n"
        }
        try write(namespaceDocuments.joined(separator: "---\n"), to: manifests.appendingPathComponent("namespaces.yaml"))
        for n in 0..<namespaces {
            let folder = manifests.appendingPathComponent(namespace(n))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for a in 0..<appsPerNamespace {
                try write(appManifests(namespace: namespace(n), app: app(a), seed: n * appsPerNamespace + a),
                          to: folder.appendingPathComponent("\(app(a)).yaml"))
                objects += 3
            }
        }
        try git(["init", "--quiet"], in: repository)
        try git(["add", "-A"], in: repository)
        try git(["commit", "--quiet", "-m", "1,000 objects for the sync benchmark"], in: repository)
        return objects
    }

    /// A Deployment, a Service and a ConfigMap for one app.
    static func appManifests(namespace: String, app: String, seed: Int) -> String {
        let labels = "app.kubernetes.io/name: \(app)\n    app.kubernetes.io/part-of: \(namespace)"
        let env = (0..<(4 + seed % 6)).map {
            "            - name: SETTING_\($0)\n              value: \"\(app) setting \($0)\""
        }.joined(separator: "\n")
        let data = (0..<(3 + seed % 8)).map { "  setting-\($0).properties: \"key\($0)=\(namespace)-\(app)-\($0)\"" }
            .joined(separator: "\n")
        return """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(app)
              namespace: \(namespace)
              labels:
                \(labels)
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app.kubernetes.io/name: \(app)
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: \(app)
                    app.kubernetes.io/part-of: \(namespace)
                spec:
                  containers:
                    - name: \(app)
                      image: registry.example.com/\(namespace)/\(app):1.0.\(seed)
                      ports:
                        - containerPort: 8080
                      resources:
                        requests: {cpu: 100m, memory: 128Mi}
                        limits: {cpu: "1", memory: 512Mi}
                      env:
            \(env)
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: \(app)
              namespace: \(namespace)
              labels:
                \(labels)
            spec:
              selector:
                app.kubernetes.io/name: \(app)
              ports:
                - name: http
                  port: 80
                  targetPort: 8080
                  protocol: TCP
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: \(app)-config
              namespace: \(namespace)
              labels:
                \(labels)
            data:
            \(data)

            """
    }

    /// Changes the image of one Deployment and commits it; the Deployment.
    private static func bumpOneImage(in repository: URL) throws -> String {
        let n = 3, a = 17
        return try bumpImage(of: app(a), in: namespace(n), seed: n * appsPerNamespace + a, repository: repository)
    }

    /// Moves `app`'s image from tag 1.0.seed to 1.1.seed in a new commit (the scale
    /// benchmark lays its repository out the same way); the Deployment.
    static func bumpImage(of app: String, in namespace: String, seed: Int, repository: URL) throws -> String {
        let relative = "manifests/\(namespace)/\(app).yaml"
        let file = repository.appendingPathComponent(relative)
        let text = try String(contentsOf: file, encoding: .utf8)
        let old = ":1.0.\(seed)\n", new = ":1.1.\(seed)\n"
        guard text.contains(old) else { throw Bench.Failure("\(relative) has no image tag 1.0.\(seed)") }
        try write(text.replacingOccurrences(of: old, with: new), to: file)
        try git(["commit", "--quiet", "-a", "-m", "Bump \(app) to 1.1.\(seed)"], in: repository)
        return "Deployment/\(namespace)/\(app)"
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    static func git(_ arguments: [String], in directory: URL) throws {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        let identity = ["-c", "user.name=Ferry Bench", "-c", "user.email=bench@ferry.invalid", "-c", "init.defaultBranch=main"]
        try Bench.check("/usr/bin/git", identity + arguments, in: directory, environment: environment, timeout: 60)
    }
}
