// The local cluster under load (issue 3 item 7): the release `ferry cluster start` in its own
// process, driven over HTTPS by FerryKubeClient's KubeClient (no client-side rate limit, no
// retries): 4 concurrent clients server-side-applying 4,000 distinct objects of about 2 KB of
// JSON, then GETting them, then one ConfigMap written 200 times while 20 watches follow it.
//
// Two rounds on one cluster. First the Deployment-sized objects the goal names: ConfigMaps of
// the same JSON size as the Deployments below, which no controller acts on, so the figures are
// the API server's own. Then the same with real Deployments: they have `replicas: 0`, so the
// controllers start no pods, but the Deployment controller makes a ReplicaSet for each one and
// works behind the applies in the same server process, on the same 2 cores (on a real cluster
// it is another process, with its own client-side limit of 20 requests/s); how far behind it
// is, is printed too.
//
// The benchmark's own clients run their tasks on NIO's event loops (see main.swift), so the
// load generator costs as little as it can of the machine it shares with the server; the CPU
// time per apply of both is printed.
//
// The whole benchmark runs on three fresh clusters, one after another, and the report takes
// the run with the median Deployment apply rate (all three are printed): on this shared
// virtual machine the same code's CPU time per apply wanders by a fifth from one minute to
// the next, so that a single run lands on either side of a goal by chance.
import FerryKube
import FerryKubeClient
import Foundation
import Synchronization

enum ClusterBenchmark {
    static let clients = 4
    static let applies = 4_000
    static let warmUpApplies = 200
    static let watchers = 20
    static let watchedWrites = 200
    static let namespace = "bench"
    static let watchNamespace = "bench-watch"
    static let configMapNamespace = "bench-config"
    /// The server's pid, for its CPU time.
    nonisolated(unsafe) static var serverPID: Int32?

    /// Fresh clusters the benchmark runs on (FERRY_BENCH_CLUSTER_RUNS, default 3).
    static let runs = max(1, Int(ProcessInfo.processInfo.environment["FERRY_BENCH_CLUSTER_RUNS"] ?? "") ?? 3)

    /// One run's printed lines, its Deployment apply rate, and its report rows.
    struct Outcome: Sendable {
        var lines: String
        var deploymentRate: Int
        var rows: @Sendable (_ runs: String) -> Void
    }

    static func run() {
        let outcomes = Mutex<[Outcome]>([])
        for index in 1...runs {
            Bench.blocking {
                guard let outcome = await measure() else { return }
                print("cluster, run \(index) of \(runs):\n" + outcome.lines)
                outcomes.withLock { $0.append(outcome) }
            }
        }
        let all = outcomes.withLock { $0 }
        guard !all.isEmpty else { return }
        let sorted = all.sorted { $0.deploymentRate < $1.deploymentRate }
        let median = sorted[(sorted.count - 1) / 2]
        let rates = all.map { "\(Bench.grouped($0.deploymentRate))/s" }.joined(separator: ", ")
        let summary = all.count == 1 ? "" : "median of \(all.count) fresh clusters by Deployment applies/s: \(rates)"
        if !summary.isEmpty { print("cluster: the report takes the \(summary)") }
        median.rows(summary)
    }

    private static func measure() async -> Outcome? {
        var directory: URL?
        var cluster: Bench.LocalCluster?
        defer {
            cluster?.stop()
            if let directory { try? FileManager.default.removeItem(at: directory) }
        }
        let load = Bench.loadAverage()
        do {
            let ferry = try Bench.ferryExecutable()
            let root = try Bench.temporaryDirectory("ferry-cluster-bench")
            directory = root
            cluster = try Bench.LocalCluster.start(ferry: ferry, dataDirectory: root.appendingPathComponent("cluster"))
            serverPID = cluster?.pid
            let client = try Bench.client(kubeconfig: cluster!.kubeconfig)
            do {
                let outcome = try await drive(client, load: load)
                try? await client.shutdown()
                return outcome
            } catch {
                try? await client.shutdown()
                throw error
            }
        } catch {
            print("cluster: benchmark failed: \(error)")
            return nil
        }
    }

    /// One round's figures.
    private struct Round {
        var objectBytes: Int
        var applies: (wall: Double, latencies: Bench.Latencies)
        var gets: (wall: Double, latencies: Bench.Latencies)
        var fanOut: (latencies: Bench.Latencies, fromSend: Bench.Latencies, missed: Int)
        /// CPU time per apply during the applies, of the server and of the benchmark's own clients.
        var applyCPU: (server: Double, clients: Double)?

        /// The figures, with the goals beside them when `goals`.
        func summary(goals: Bool) -> String {
            let applyRate = Int(Double(ClusterBenchmark.applies) / applies.wall)
            let getRate = Int(Double(ClusterBenchmark.applies) / gets.wall)
            return "applies \(Bench.grouped(applyRate))/s p50 \(Bench.milliseconds(applies.latencies.p50))"
                + " p99 \(Bench.milliseconds(applies.latencies.p99))"
                + (goals ? " (goal >= 2,000/s, p99 < 20 ms)" : "")
                + "; gets \(Bench.grouped(getRate))/s p50 \(Bench.milliseconds(gets.latencies.p50))"
                + " p99 \(Bench.milliseconds(gets.latencies.p99))"
                + "; watch fan-out to \(ClusterBenchmark.watchers): p50 \(Bench.milliseconds(fanOut.latencies.p50))"
                + " p99 \(Bench.milliseconds(fanOut.latencies.p99)) max \(Bench.milliseconds(fanOut.latencies.max))"
                + " after the write's answer" + (goals ? " (goal < 5 ms)" : "")
                + " (p50 \(Bench.milliseconds(fanOut.fromSend.p50)) p99 \(Bench.milliseconds(fanOut.fromSend.p99)) after it was sent"
                + (fanOut.missed > 0 ? "; \(fanOut.missed) of \(watchedWrites) writes not seen by every watcher within 2 s" : "")
                + ")"
                + (applyCPU.map { "; CPU per apply: server \(Bench.cpuMilliseconds($0.server)), clients \(Bench.cpuMilliseconds($0.clients))" } ?? "")
        }
    }

    private static func drive(_ client: KubeClient, load: String) async throws -> Outcome {
        for name in [namespace, watchNamespace, configMapNamespace] {
            _ = try await client.apply(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]],
                                       fieldManager: "ferry-bench", force: true)
        }
        // Warm-up (not timed): discovery, the connections' TLS handshakes, the code paths.
        let warmUp = (0..<warmUpApplies).map { configMap(String(format: "warm-%05d", $0)) }
        _ = try await concurrently(warmUp.count) { index in
            _ = try await client.apply(warmUp[index], fieldManager: "ferry-bench", force: true)
        }

        let quiet = try await round(client, objects: (0..<applies).map { configMap(String(format: "config-%05d", $0)) },
                                    watched: "watched-quiet", name: "configmaps")
        let deploymentObjects = (0..<applies).map { deployment(String(format: "app-%05d", $0)) }
        let roundStarted = ContinuousClock.now
        let serverCPUAtStart = Bench.cpuSeconds(pid: serverPID)
        var settled: Settled?
        let deployments = try await round(client, objects: deploymentObjects, watched: "watched", name: "deployments") {
            // After the applies: how many Deployments has the controller handled so far?
            let handled = try await reconciledDeployments(client)
            // Then the end-to-end figure: until the controller has handled every one.
            settled = try await waitUntilReconciled(client, objects: deploymentObjects, started: roundStarted,
                                                    serverCPUAtStart: serverCPUAtStart)
            return handled
        }
        let reconciledAtEnd = try await reconciledDeployments(client)
        let retries = client.metrics.retries
        let (quietRound, deploymentRound, handled, settledRound) = (quiet.round, deployments.round, deployments.extra, settled)
        let rows: @Sendable (String) -> Void = { runs in
            report(quietRound, deployments: deploymentRound, handledDuringApplies: handled, handledAtEnd: reconciledAtEnd,
                   settled: settledRound, runs: runs)
        }
        let lines = "cluster: \(quiet.round.summary(goals: true))"
            + " [\(Bench.grouped(applies)) Deployment-sized objects: ConfigMaps of \(Bench.grouped(quiet.round.objectBytes)) bytes"
            + " of JSON, which no controller acts on; \(clients) clients over HTTPS; load average \(load) at the start]"
            + (retries > 0 ? " (\(retries) retries)" : "")
            + "\ncluster, the same with \(Bench.grouped(applies)) Deployments of \(Bench.grouped(deployments.round.objectBytes)) bytes"
            + " (replicas 0), the Deployment controller working in the same process: \(deployments.round.summary(goals: false))"
            + " [the controller had handled \(Bench.grouped(deployments.extra)) of them when the applies ended,"
            + " \(Bench.grouped(reconciledAtEnd)) at the end]"
            + (settled.map { settled in
                "\ncluster, Deployments applied and handled by the controller, end to end: all \(Bench.grouped(applies)) in"
                    + String(format: " %.2f s, %@/s", settled.seconds, Bench.grouped(Int(Double(applies) / settled.seconds)))
                    + (settled.serverCPU.map { "; server CPU per Deployment (apply and controllers) \(Bench.cpuMilliseconds($0))" } ?? "")
            } ?? "\ncluster: the controller had not handled every Deployment within \(Int(settleLimit.seconds)) s")
        return Outcome(lines: lines, deploymentRate: Int(Double(applies) / deploymentRound.applies.wall), rows: rows)
    }

    /// How long the Deployment round took until the controller had handled every
    /// Deployment, and the server's CPU time per Deployment until then.
    struct Settled {
        var seconds: Double
        var serverCPU: Double?
    }

    /// The longest wait for the controller to catch up.
    static let settleLimit: Duration = .seconds(120)

    /// Waits until every Deployment shows `status.observedGeneration`. The work queue is
    /// first in, first out, so the last ones applied are watched with cheap GETs every
    /// 20 ms; a full list then confirms all of them (and the wait goes on if it does not).
    private static func waitUntilReconciled(
        _ client: KubeClient, objects: [JSONValue], started: ContinuousClock.Instant, serverCPUAtStart: Double?
    ) async throws -> Settled? {
        let last = try objects.suffix(clients).map { try KubeClient.identity(of: $0) }
        while ContinuousClock.now - started < settleLimit {
            var pending = false
            for identity in last {
                let object = try await client.get(identity)
                if object[path: ["status", "observedGeneration"]] == nil {
                    pending = true
                    break
                }
            }
            if !pending {
                let settledAt = ContinuousClock.now
                let serverCPU = Bench.cpuSeconds(pid: serverPID)
                if try await reconciledDeployments(client) >= objects.count {
                    return Settled(seconds: (settledAt - started).seconds,
                                   serverCPU: serverCPU.flatMap { end in serverCPUAtStart.map { (end - $0) / Double(objects.count) } })
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The report's rows: applies/s and p99 of both rounds against the goals, and the
    /// watch fan-out. There is no baseline to compare with here (no real API server runs
    /// on this machine), so the ratio column stays empty.
    private static func report(_ quiet: Round, deployments: Round, handledDuringApplies: Int, handledAtEnd: Int,
                               settled: Settled?, runs: String) {
        func rate(_ round: Round) -> Int { Int(Double(applies) / round.applies.wall) }
        let quietRate = rate(quiet), deploymentRate = rate(deployments)
        BenchReport.add(ReportRow(
            area: "cluster", figure: "applies/s, \(Bench.grouped(applies)) ConfigMaps of \(Bench.grouped(quiet.objectBytes)) B, \(clients) HTTPS clients",
            ferry: "\(Bench.grouped(quietRate))/s", goal: BenchReport.goal(">= 2,000/s", met: quietRate >= 2_000)))
        BenchReport.add(ReportRow(
            area: "cluster", figure: "apply p99, ConfigMaps", ferry: Bench.milliseconds(quiet.applies.latencies.p99),
            goal: BenchReport.goal("< 20 ms", met: quiet.applies.latencies.p99 < 0.020)))
        BenchReport.add(ReportRow(
            area: "cluster",
            figure: "applies/s, \(Bench.grouped(applies)) Deployments, controllers running"
                + " (\(Bench.grouped(handledDuringApplies)) reconciled when the applies ended, \(Bench.grouped(handledAtEnd)) after"
                + (runs.isEmpty ? "" : "; the \(runs)") + ")",
            ferry: "\(Bench.grouped(deploymentRate))/s", goal: BenchReport.goal(">= 2,000/s", met: deploymentRate >= 2_000)))
        BenchReport.add(ReportRow(
            area: "cluster", figure: "apply p99, Deployments", ferry: Bench.milliseconds(deployments.applies.latencies.p99),
            goal: BenchReport.goal("< 20 ms", met: deployments.applies.latencies.p99 < 0.020)))
        if let settled {
            BenchReport.add(ReportRow(
                area: "cluster",
                figure: "Deployments applied and handled by the controller/s, end to end"
                    + (settled.serverCPU.map { " (server CPU \(Bench.cpuMilliseconds($0)) per Deployment)" } ?? ""),
                ferry: "\(Bench.grouped(Int(Double(applies) / settled.seconds)))/s"))
        }
        BenchReport.add(ReportRow(
            area: "cluster", figure: "gets/s, ConfigMaps", ferry: "\(Bench.grouped(Int(Double(applies) / quiet.gets.wall)))/s"))
        BenchReport.add(ReportRow(
            area: "cluster", figure: "watch fan-out to \(watchers) watches, p99 after the write's answer",
            ferry: Bench.milliseconds(quiet.fanOut.latencies.p99),
            goal: BenchReport.goal("< 5 ms", met: quiet.fanOut.latencies.p99 < 0.005 && quiet.fanOut.missed == 0)))
    }

    /// Applies `objects` (4 at a time, each must be created), GETs them, then measures the watch
    /// fan-out on the ConfigMap `watched`; `afterApplies` runs between the applies and the GETs.
    private static func round(
        _ client: KubeClient, objects: [JSONValue], watched: String, name: String,
        afterApplies: () async throws -> Int = { 0 }
    ) async throws -> (round: Round, extra: Int) {
        let bytes = objects.map { $0.serialized().count }.reduce(0, +) / objects.count
        let profile = ServerProfile.start(pid: serverPID, round: name)
        let cpuBefore = (Bench.cpuSeconds(pid: serverPID), Bench.cpuSeconds())
        let applied = try await concurrently(objects.count) { index in
            let result = try await client.apply(objects[index], fieldManager: "ferry-bench", force: true)
            guard result.statusCode == 201 else {
                throw Bench.Failure("the apply of \(objects[index][path: ["metadata", "name"]]?.string ?? "?") answered \(result.statusCode), not 201")
            }
        }
        let cpuAfter = (Bench.cpuSeconds(pid: serverPID), Bench.cpuSeconds())
        profile?.stop()
        var applyCPU: (server: Double, clients: Double)?
        if let serverBefore = cpuBefore.0, let serverAfter = cpuAfter.0, let clientsBefore = cpuBefore.1,
           let clientsAfter = cpuAfter.1 {
            applyCPU = ((serverAfter - serverBefore) / Double(objects.count), (clientsAfter - clientsBefore) / Double(objects.count))
        }
        let extra = try await afterApplies()
        let identities = try objects.map { try KubeClient.identity(of: $0) }
        let got = try await concurrently(identities.count) { index in
            let object = try await client.get(identities[index])
            guard object[path: ["metadata", "name"]]?.string == identities[index].name else {
                throw Bench.Failure("GET \(identities[index]) returned another object")
            }
        }
        let fanOut = try await watchFanOut(client, name: watched)
        return (Round(objectBytes: bytes, applies: applied, gets: got, fanOut: fanOut, applyCPU: applyCPU), extra)
    }

    /// How many of the benchmark's Deployments show `status.observedGeneration`: the Deployment
    /// controller has handled them (made their ReplicaSet and written their status).
    private static func reconciledDeployments(_ client: KubeClient) async throws -> Int {
        let list = try await client.list(GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"),
                                          namespace: namespace, pageSize: 0)
        return list.items.filter { $0[path: ["status", "observedGeneration"]] != nil }.count
    }

    /// Runs `operation(0..<count)` on `clients` concurrent tasks (task t takes t, t+clients, ...);
    /// the wall time and each operation's latency, in seconds.
    private static func concurrently(
        _ count: Int, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> (wall: Double, latencies: Bench.Latencies) {
        let clock = ContinuousClock()
        let started = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<clients {
                group.addTask {
                    var latencies: [Double] = []
                    latencies.reserveCapacity(count / clients + 1)
                    for index in stride(from: worker, to: count, by: clients) {
                        let sent = clock.now
                        try await operation(index)
                        latencies.append((clock.now - sent).seconds)
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        return ((clock.now - started).seconds, Bench.Latencies(latencies))
    }

    // MARK: Watch fan-out

    /// When each watcher saw each resourceVersion; the writer waits for all of them.
    private final class Arrivals: Sendable {
        struct State {
            var seen: [Int64: [ContinuousClock.Instant]] = [:]
            var waitingFor: Int64?
            var waiter: CheckedContinuation<Void, Never>?
            var expired: Set<Int64> = []
        }
        let expected: Int
        let state = Mutex(State())

        init(expected: Int) { self.expected = expected }

        func record(_ version: Int64, at instant: ContinuousClock.Instant) {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.seen[version, default: []].append(instant)
                guard state.waitingFor == version, state.seen[version]!.count >= expected else { return nil }
                defer { state.waiter = nil; state.waitingFor = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        /// Returns once every watcher saw `version`, or after `timeout`.
        func wait(for version: Int64, timeout: Duration) async {
            let timer = Task {
                try? await Task.sleep(for: timeout)
                expire(version)
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.expired.contains(version) || (state.seen[version]?.count ?? 0) >= expected { return true }
                    state.waitingFor = version
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            timer.cancel()
        }

        private func expire(_ version: Int64) {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.expired.insert(version)
                guard state.waitingFor == version else { return nil }
                defer { state.waiter = nil; state.waitingFor = nil }
                return state.waiter
            }
            waiter?.resume()
        }

        func arrivals(of version: Int64) -> [ContinuousClock.Instant] { state.withLock { $0.seen[version] ?? [] } }
    }

    /// 20 watches of the ConfigMap `name`; 200 sequential writes of it, each after the last one
    /// reached every watcher. For each write, the time from its acknowledgement (the PATCH's
    /// answer read) to the last of the 20 watchers receiving its event (0 when every watcher had it
    /// before the answer came: the server sends events before it answers); and the same from
    /// the moment the write was sent.
    private static func watchFanOut(
        _ client: KubeClient, name: String
    ) async throws -> (latencies: Bench.Latencies, fromSend: Bench.Latencies, missed: Int) {
        func configMap(_ value: Int) -> JSONValue {
            ["apiVersion": "v1", "kind": "ConfigMap",
             "metadata": ["name": .string(name), "namespace": .string(watchNamespace)],
             "data": ["write": .string(String(value)), "note": "a value the benchmark changes on every write"]]
        }
        let created = try await client.apply(configMap(0), fieldManager: "ferry-bench", force: true)
        let start = created.object[path: ["metadata", "resourceVersion"]]?.string
        let arrivals = Arrivals(expected: watchers)
        let kind = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
        let options = WatchOptions(fieldSelector: "metadata.name=\(name)", resourceVersion: start, timeoutSeconds: 300,
                                   allowBookmarks: false)
        var streams: [AsyncThrowingStream<WatchEvent, any Error>] = []
        for _ in 0..<watchers { streams.append(try await client.watch(kind, namespace: watchNamespace, options: options)) }
        let readers = streams.map { stream in
            Task {
                do {
                    for try await event in stream {
                        let now = ContinuousClock.now
                        if let version = event.resourceVersion.flatMap({ Int64($0) }) { arrivals.record(version, at: now) }
                    }
                } catch {}
            }
        }
        defer { for reader in readers { reader.cancel() } }

        let clock = ContinuousClock()
        var latencies: [Double] = [], fromSend: [Double] = []
        var missed = 0
        for write in 1...(watchedWrites + 10) {
            let sent = clock.now
            let result = try await client.apply(configMap(write), fieldManager: "ferry-bench", force: true)
            let acknowledged = clock.now
            guard let version = result.object[path: ["metadata", "resourceVersion"]]?.string.flatMap({ Int64($0) }) else {
                throw Bench.Failure("a write of the watched ConfigMap returned no resourceVersion")
            }
            await arrivals.wait(for: version, timeout: .seconds(2))
            guard write > 10 else { continue }  // the first 10 warm the watch streams up
            let seen = arrivals.arrivals(of: version)
            guard seen.count >= watchers, let last = seen.max() else {
                missed += 1
                continue
            }
            latencies.append(max(0, (last - acknowledged).seconds))
            fromSend.append((last - sent).seconds)
        }
        return (Bench.Latencies(latencies), Bench.Latencies(fromSend), missed)
    }

    // MARK: Objects

    /// A realistic Deployment of about 2 KB of JSON, with `replicas: 0`.
    static func deployment(_ name: String) -> JSONValue {
        let labels: JSONValue = [
            "app.kubernetes.io/name": .string(name), "app.kubernetes.io/part-of": "ferry-bench",
            "app.kubernetes.io/component": "api", "app.kubernetes.io/version": "1.4.2",
        ]
        let env: [JSONValue] = (0..<10).map { index in
            ["name": .string("SETTING_\(index)"), "value": .string("value \(index) for \(name) in the benchmark")]
        }
        let container: JSONValue = [
            "name": "api", "image": "registry.example.com/bench/api:1.4.2", "imagePullPolicy": "IfNotPresent",
            "args": ["--port=8080", "--log-level=info", "--metrics-port=9090"],
            "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"],
                      ["name": "metrics", "containerPort": 9090, "protocol": "TCP"]],
            "env": .array(env),
            "resources": ["requests": ["cpu": "100m", "memory": "128Mi"], "limits": ["cpu": "1", "memory": "512Mi"]],
            "readinessProbe": ["httpGet": ["path": "/healthz", "port": "http"], "periodSeconds": 5],
            "livenessProbe": ["httpGet": ["path": "/livez", "port": "http"], "initialDelaySeconds": 10],
        ]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace), "labels": labels,
                "annotations": ["example.com/owner": "team-bench", "example.com/runbook": "https://runbooks.example.com/bench/api"],
            ],
            "spec": [
                "replicas": 0,
                "selector": ["matchLabels": ["app.kubernetes.io/name": .string(name)]],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": ["containers": [container], "terminationGracePeriodSeconds": 30],
                ],
            ],
        ]
    }

    /// A ConfigMap of about the same size as ``deployment(_:)``'s JSON.
    static func configMap(_ name: String) -> JSONValue {
        var data: [String: JSONValue] = [:]
        for index in 0..<19 {
            data["setting-\(index).properties"] = .string("key\(index)=value \(index) for \(name) in the benchmark, padded.")
        }
        return [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": .string(name), "namespace": .string(configMapNamespace),
                "labels": ["app.kubernetes.io/name": .string(name), "app.kubernetes.io/part-of": "ferry-bench",
                           "app.kubernetes.io/component": "api", "app.kubernetes.io/version": "1.4.2"],
                "annotations": ["example.com/owner": "team-bench", "example.com/runbook": "https://runbooks.example.com/bench/api"],
            ],
            "data": .object(data),
        ]
    }
}
