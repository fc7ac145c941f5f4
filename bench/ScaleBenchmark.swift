// Ferry at scale (issue 12): generated repositories of 1,000, 5,000 and 10,000 objects
// (`ferry-bench scale`; FERRY_BENCH_SCALE_SIZES=1000,5000 picks sizes). At each size:
//
// - first sync: `ferry sync --no-wait` into a fresh local cluster against `kubectl apply
//   --server-side --field-manager=bench -R -f` of the same manifests into another fresh one
//   (kubectl does not wait for rollouts either); at 1,000 objects also `ferry sync` with its
//   rollout wait, into a third fresh cluster, so the wait is shown apart;
// - no-op sync against kubectl's apply (its own field manager, after one untimed apply);
// - `ferry diff` against `kubectl diff --server-side`;
// - one image bumped in a new commit: its sync's writes from the request log, the object's
//   apart from Ferry's record and lease.
//
// Every ferry run's peak memory is read by /usr/bin/time (maximum resident set size).
// The repository is SyncBenchmark's: per namespace, 33 apps of a Deployment (replicas 1),
// a Service and a ConfigMap; size/100 namespaces.
import Foundation

enum ScaleBenchmark {
    static let defaultSizes = [1_000, 5_000, 10_000]
    static let appsPerNamespace = 33
    static let kubectl = "/usr/bin/kubectl"
    static let instance = "scale"
    static let podStartDelay = "100ms"
    static let memoryGoalMB = 300.0
    static let noOpGoal = 10.0

    static var sizes: [Int] {
        guard let text = ProcessInfo.processInfo.environment["FERRY_BENCH_SCALE_SIZES"] else { return defaultSizes }
        let sizes = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.filter { $0 >= 100 }
        return sizes.isEmpty ? defaultSizes : sizes
    }

    static func run() {
        Bench.blocking {
            var noOps: [(objects: Int, seconds: Double)] = []
            for size in sizes {
                do {
                    if let noOp = try measure(size: size) { noOps.append(noOp) }
                } catch {
                    print("scale \(Bench.grouped(size)): benchmark failed: \(error)")
                }
            }
            reportGrowth(noOps)
        }
    }

    // MARK: One size

    /// Measures one size; returns its no-op sync time for the growth figure.
    private static func measure(size: Int) throws -> (objects: Int, seconds: Double)? {
        let ferry = try Bench.ferryExecutable()
        guard FileManager.default.isExecutableFile(atPath: kubectl) else { throw Bench.Failure("no kubectl at \(kubectl)") }
        let directory = try Bench.temporaryDirectory("ferry-scale-bench")
        defer { try? FileManager.default.removeItem(at: directory) }
        let load = Bench.loadAverage()
        let repository = directory.appendingPathComponent("repo")
        let objects = try makeRepository(at: repository, namespaces: max(1, size / 100))
        let area = "scale \(Bench.grouped(objects)) objects"
        let manifests = repository.appendingPathComponent("manifests").path
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = nil
        let runs = objects <= 1_000 ? 3 : 1
        let timeout = Double(max(300, objects / 8))

        func kubectlArguments(_ cluster: Bench.LocalCluster, cache: String, _ verb: String) -> [String] {
            ["--kubeconfig", cluster.kubeconfig, "--cache-dir", directory.appendingPathComponent(cache).path, verb,
             "--server-side", "--field-manager=bench", "--force-conflicts", "-R", "-f", manifests]
        }
        func ferryArguments(_ cluster: Bench.LocalCluster) -> [String] {
            ["--kubeconfig", cluster.kubeconfig, "--repo", repository.path]
        }
        func start(_ name: String) throws -> Bench.LocalCluster {
            try Bench.LocalCluster.start(ferry: ferry, dataDirectory: directory.appendingPathComponent(name),
                                         options: ["--pod-start-delay", podStartDelay])
        }

        // First apply by kubectl, into a fresh cluster of its own.
        let kubectlCluster = try start("kubectl-cluster")
        let kubectlFirst: Bench.ProcessResult
        do {
            defer { kubectlCluster.stop() }
            kubectlFirst = try Bench.check(kubectl, kubectlArguments(kubectlCluster, cache: "kubectl-cache-first", "apply"),
                                           environment: environment, timeout: timeout)
        }

        // First sync by ferry, into a fresh cluster of its own, without the rollout wait.
        let cluster = try start("ferry-cluster")
        defer { cluster.stop() }
        var offset = cluster.logOffset()
        let first = try measured(ferry, ["sync", "--no-wait"] + ferryArguments(cluster), environment: environment, timeout: timeout)
        let firstRequests = RequestCounts(cluster.requests(since: offset))
        let firstRatio = kubectlFirst.seconds / first.seconds
        print(String(format: "%@: first sync: ferry sync --no-wait %.2f s (%@; peak %.0f MB), kubectl apply --server-side %.2f s, %.2fx",
                     area, first.seconds, firstRequests.summary, first.peakMB, kubectlFirst.seconds, firstRatio))
        BenchReport.add(ReportRow(area: area, figure: "first sync into a fresh cluster (no rollout wait on either side)",
                                  ferry: String(format: "%.2f s (%@)", first.seconds, firstRequests.summary),
                                  baseline: String(format: "%.2f s kubectl apply --server-side", kubectlFirst.seconds),
                                  ratio: String(format: "%.2fx", firstRatio),
                                  goal: BenchReport.goal(">= 1x, aim 2x", met: firstRatio >= 1)))

        if objects <= 1_000 {
            // The rollout wait, apart: the same first sync with it, into a third fresh cluster.
            let waitCluster = try start("wait-cluster")
            defer { waitCluster.stop() }
            let waited = try measured(ferry, ["sync"] + ferryArguments(waitCluster), environment: environment, timeout: timeout)
            let deployments = (objects / 100) * appsPerNamespace
            print(String(format: "%@: first sync with the rollout wait for %d Deployments %.2f s (%.2f s more than --no-wait)",
                         area, deployments, waited.seconds, waited.seconds - first.seconds))
            BenchReport.add(ReportRow(area: area, figure: "first sync with its rollout wait (\(deployments) Deployments, pod start \(podStartDelay))",
                                      ferry: String(format: "%.2f s (wait about %.2f s)", waited.seconds, waited.seconds - first.seconds),
                                      baseline: String(format: "%.2f s kubectl apply (no wait)", kubectlFirst.seconds),
                                      ratio: String(format: "%.2fx", kubectlFirst.seconds / waited.seconds)))
        }

        // In sync on both sides: kubectl's untimed apply fills its cache and co-owns the fields.
        try Bench.check(kubectl, kubectlArguments(cluster, cache: "kubectl-cache", "apply"), environment: environment, timeout: timeout)
        var noOp = Best(), apply = Best(), diff = Best(), kubectlDiff = Best()
        var kubectlFoundDifferences = false
        for _ in 0..<runs {
            offset = cluster.logOffset()
            let sync = try measured(ferry, ["sync"] + ferryArguments(cluster), environment: environment, timeout: timeout)
            noOp.add(sync, RequestCounts(cluster.requests(since: offset)))
            offset = cluster.logOffset()
            let kubectlApply = try Bench.check(kubectl, kubectlArguments(cluster, cache: "kubectl-cache", "apply"),
                                               environment: environment, timeout: timeout)
            apply.add(.init(seconds: kubectlApply.seconds, peakMB: .nan), RequestCounts(cluster.requests(since: offset)))
            offset = cluster.logOffset()
            let ferryDiff = try measured(ferry, ["diff"] + ferryArguments(cluster), environment: environment, timeout: timeout)
            diff.add(ferryDiff, RequestCounts(cluster.requests(since: offset)))
            offset = cluster.logOffset()
            let kubectlDiffResult = try Bench.check(kubectl, kubectlArguments(cluster, cache: "kubectl-cache", "diff"),
                                                    environment: environment, timeout: timeout, accepted: [0, 1])
            kubectlDiff.add(.init(seconds: kubectlDiffResult.seconds, peakMB: .nan), RequestCounts(cluster.requests(since: offset)))
            if kubectlDiffResult.status == 1 { kubectlFoundDifferences = true }
        }
        let noOpRatio = apply.seconds / noOp.seconds
        let diffRatio = kubectlDiff.seconds / diff.seconds
        print(String(format: "%@: no-op sync %.2f s (%@; peak %.0f MB), kubectl apply --server-side %.2f s (%@), %.1fx; "
                        + "ferry diff %.2f s (%@; peak %.0f MB), kubectl diff --server-side %.2f s (%@%@), %.1fx",
                     area, noOp.seconds, noOp.requests.summary, noOp.peakMB, apply.seconds, apply.requests.summary, noOpRatio,
                     diff.seconds, diff.requests.summary, diff.peakMB, kubectlDiff.seconds, kubectlDiff.requests.summary,
                     kubectlFoundDifferences ? "; it reported differences" : "", diffRatio))
        BenchReport.add(ReportRow(area: area, figure: "no-op sync (kubectl: its own field manager)",
                                  ferry: String(format: "%.2f s (%@)", noOp.seconds, noOp.requests.summary),
                                  baseline: String(format: "%.2f s kubectl apply --server-side", apply.seconds),
                                  ratio: String(format: "%.1fx", noOpRatio),
                                  goal: BenchReport.goal(">= \(Int(noOpGoal))x", met: noOpRatio >= noOpGoal)))
        BenchReport.add(ReportRow(area: area, figure: "diff",
                                  ferry: String(format: "%.2f s", diff.seconds),
                                  baseline: String(format: "%.2f s kubectl diff --server-side", kubectlDiff.seconds),
                                  ratio: String(format: "%.1fx", diffRatio)))

        // One image bumped: the sync's writes, the object's apart from the record's and lease's.
        let bumped = try bumpOneImage(in: repository)
        offset = cluster.logOffset()
        let bump = try measured(ferry, ["sync"] + ferryArguments(cluster), environment: environment, timeout: timeout)
        let writes = cluster.requests(since: offset).filter(\.isWrite)
        let bookkeeping = writes.filter(isRecordOrLease)
        let objectWrites = writes.filter { !isRecordOrLease($0) }
        let exact = objectWrites.count == 1 && objectWrites.first?.path.hasSuffix("/deployments/\(bumped.name)") == true
        print(String(format: "%@: image bump of %@: %.2f s with its rollout (peak %.0f MB), %d object write(s) (%@) and %d to the record and lease",
                     area, bumped.identity, bump.seconds, bump.peakMB, objectWrites.count,
                     objectWrites.map(\.description).joined(separator: ", "), bookkeeping.count))
        BenchReport.add(ReportRow(area: area, figure: "image bump: writes",
                                  ferry: "\(objectWrites.count) object + \(bookkeeping.count) record/lease (\(String(format: "%.2f s", bump.seconds)))",
                                  goal: BenchReport.goal("exactly that object + ferry's record", met: exact)))

        let peak = [first.peakMB, noOp.peakMB, diff.peakMB, bump.peakMB].filter { !$0.isNaN }.max() ?? .nan
        BenchReport.add(ReportRow(area: area, figure: "ferry peak memory (max RSS of first sync, no-op, diff, bump)",
                                  ferry: String(format: "%.0f MB (first sync %.0f)", peak, first.peakMB),
                                  goal: objects >= 10_000 ? BenchReport.goal("< \(Int(memoryGoalMB)) MB", met: peak < memoryGoalMB) : "-"))
        print("\(area): [best of \(runs) fresh process(es); pod start \(podStartDelay); load average \(load) at the start, \(Bench.loadAverage()) at the end]")
        return (objects, noOp.seconds)
    }

    /// The no-op sync's growth from the smallest size to the largest, against linear.
    private static func reportGrowth(_ noOps: [(objects: Int, seconds: Double)]) {
        guard let small = noOps.first, let large = noOps.last, large.objects > small.objects else { return }
        let objectsFactor = Double(large.objects) / Double(small.objects)
        let timeFactor = large.seconds / small.seconds
        print(String(format: "scale: no-op sync from %@ to %@ objects: %.1fx the objects, %.1fx the time",
                     Bench.grouped(small.objects), Bench.grouped(large.objects), objectsFactor, timeFactor))
        BenchReport.add(ReportRow(area: "scale", figure: "no-op sync growth \(Bench.grouped(small.objects)) → \(Bench.grouped(large.objects)) objects",
                                  ferry: String(format: "%.1fx the time", timeFactor),
                                  baseline: String(format: "%.1fx the objects", objectsFactor),
                                  goal: BenchReport.goal("no faster than linear", met: timeFactor <= objectsFactor * 1.1)))
    }

    // MARK: Measuring

    struct Measured {
        var seconds: Double
        /// Maximum resident set size in MB; NaN when not measured.
        var peakMB: Double
    }

    /// Runs `executable` under /usr/bin/time, which writes its maximum resident set size.
    private static func measured(_ executable: String, _ arguments: [String], environment: [String: String],
                                 timeout: Double) throws -> Measured {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-bench-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Bench.check("/usr/bin/time", ["-o", file.path, "-f", "%M", executable] + arguments,
                                     environment: environment, timeout: timeout)
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        let kilobytes = text.split(separator: "\n").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return Measured(seconds: result.seconds, peakMB: kilobytes.map { $0 / 1024 } ?? .nan)
    }

    /// The fastest of several runs, with its requests; the highest peak memory of them.
    private struct Best {
        var seconds = Double.infinity
        var peakMB = Double.nan
        var requests = RequestCounts([])

        mutating func add(_ run: Measured, _ counts: RequestCounts) {
            if run.seconds < seconds {
                seconds = run.seconds
                requests = counts
            }
            if !run.peakMB.isNaN { peakMB = peakMB.isNaN ? run.peakMB : max(peakMB, run.peakMB) }
        }
    }

    /// A run's requests by kind, from the cluster's request log.
    struct RequestCounts {
        var reads = 0, dryRuns = 0, writes = 0
        init(_ requests: [Bench.LoggedRequest]) {
            for request in requests {
                if request.isDryRun { dryRuns += 1 } else if request.isWrite { writes += 1 } else { reads += 1 }
            }
        }
        var summary: String {
            "\(Bench.grouped(reads + dryRuns + writes)) requests: \(Bench.grouped(reads)) reads, \(Bench.grouped(dryRuns)) dry runs, \(Bench.grouped(writes)) writes"
        }
    }

    /// Ferry's bookkeeping in the record namespace: the record and the lock.
    private static func isRecordOrLease(_ request: Bench.LoggedRequest) -> Bool {
        let configMaps = "/api/v1/namespaces/default/configmaps"
        return request.path == configMaps || request.path.hasPrefix("\(configMaps)/ferry-\(instance)")
            || request.path.contains("/leases/ferry-\(instance)")
    }

    // MARK: The repository

    private static func namespace(_ index: Int) -> String { String(format: "scale-%03d", index) }
    private static func app(_ index: Int) -> String { String(format: "app-%03d", index) }

    /// Writes and commits `namespaces` namespaces of 33 apps each; the number of objects.
    private static func makeRepository(at repository: URL, namespaces: Int) throws -> Int {
        let manifests = repository.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try SyncBenchmark.write("# Ferry's settings for the scale benchmark.\npath: manifests\ninstance: \(instance)\n",
                                to: repository.appendingPathComponent("ferry.yaml"))
        let namespaceDocuments = (0..<namespaces).map { index in
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace(index))\n"
        }
        try SyncBenchmark.write(namespaceDocuments.joined(separator: "---\n"), to: manifests.appendingPathComponent("namespaces.yaml"))
        var objects = namespaces
        for n in 0..<namespaces {
            let folder = manifests.appendingPathComponent(namespace(n))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for a in 0..<appsPerNamespace {
                try SyncBenchmark.write(SyncBenchmark.appManifests(namespace: namespace(n), app: app(a), seed: n * appsPerNamespace + a),
                                        to: folder.appendingPathComponent("\(app(a)).yaml"))
                objects += 3
            }
        }
        try SyncBenchmark.git(["init", "--quiet"], in: repository)
        try SyncBenchmark.git(["add", "-A"], in: repository)
        try SyncBenchmark.git(["commit", "--quiet", "-m", "\(objects) objects for the scale benchmark"], in: repository)
        return objects
    }

    /// Changes one Deployment's image in a new commit.
    private static func bumpOneImage(in repository: URL) throws -> (identity: String, name: String) {
        let n = 0, a = 17
        let identity = try SyncBenchmark.bumpImage(of: app(a), in: namespace(n), seed: n * appsPerNamespace + a,
                                                   repository: repository)
        return (identity, app(a))
    }
}
