// Rollout detection latency (issue 12 item 4): from the local cluster committing the status
// write that completes a Deployment's rollout to Ferry's RolloutWatcher reporting it complete.
//
// The cluster runs in this process (a real LocalCluster: HTTPS API server, SQLite store,
// controllers and kubelet, pods starting after a short delay), so both instants are read from
// one clock. The reference instant is taken inside the store: a watch subscription on the
// store's own hub, whose filter runs as each commit is published, records the first committed
// state of each Deployment that Ferry's own judgement (RolloutStatus) calls complete. Ferry's
// side is the real thing: FerrySync's RolloutWatcher over FerryKubeClient's KubeClient, over
// HTTPS, reporting through its progress callback. Ferry applies, then waits, as a sync does.
import FerryKube
import FerryKubeClient
import FerryLocalCluster
import FerrySync
import Foundation
import Synchronization

enum DetectionBenchmark {
    static let rounds = 10
    static let perRound = 10
    static let namespace = "bench-rollout"
    static let podStartDelay: Duration = .milliseconds(300)
    static let goal = 0.050
    static let deploymentKind = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    static func run() {
        Bench.blocking { await measure() }
    }

    /// When each Deployment was first committed complete (the store's side) and first
    /// reported complete (Ferry's side).
    final class Instants: Sendable {
        private let state = Mutex<(committed: [String: ContinuousClock.Instant], reported: [String: ContinuousClock.Instant])>(
            ([:], [:]))

        func committed(_ name: String, at instant: ContinuousClock.Instant) {
            state.withLock { if $0.committed[name] == nil { $0.committed[name] = instant } }
        }

        func reported(_ name: String, at instant: ContinuousClock.Instant) {
            state.withLock { if $0.reported[name] == nil { $0.reported[name] = instant } }
        }

        /// Each name's latency in seconds; nil for a name not seen on both sides.
        func latency(of name: String) -> Double? {
            state.withLock { state in
                guard let committed = state.committed[name], let reported = state.reported[name] else { return nil }
                return (reported - committed).seconds
            }
        }
    }

    private static func measure() async {
        let root: URL
        do {
            root = try Bench.temporaryDirectory("ferry-detection-bench")
        } catch {
            print("detection: benchmark failed: \(error)")
            return
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let (ready, readyContinuation) = AsyncStream<LocalCluster.Endpoint>.makeStream()
        let configuration = LocalCluster.Configuration(
            dataDirectory: DataDirectory(path: root.appendingPathComponent("cluster").path), address: "127.0.0.1", port: 0,
            settings: ClusterSettings(podStartDelay: podStartDelay))
        let cluster: LocalCluster
        do {
            cluster = try LocalCluster(configuration: configuration) { endpoint in
                readyContinuation.yield(endpoint)
                readyContinuation.finish()
            }
        } catch {
            print("detection: cannot start the local cluster: \(error)")
            return
        }
        let server = Task { try await cluster.run() }
        // A server that stops before it is ready ends the wait for it.
        Task {
            _ = await server.result
            readyContinuation.finish()
        }
        var iterator = ready.makeAsyncIterator()
        if let endpoint = await iterator.next() {
            await measure(cluster, endpoint: endpoint)
        } else {
            let outcome = await server.result
            print("detection: the local cluster did not start: \(outcome)")
        }
        server.cancel()
        _ = await server.result
    }

    private static func measure(_ cluster: LocalCluster, endpoint: LocalCluster.Endpoint) async {
        let instants = Instants()
        // The reference observer: runs under the store's commit lock as each write is
        // published, judges it as Ferry would, and lets nothing through (no stream to drain).
        let observer = try? cluster.store.watches.subscribe(after: nil) { event in
            guard event.key.resource == ResourceCatalog.deployments, event.key.namespace == namespace,
                  event.kind != .deleted else { return false }
            if RolloutStatus(object: event.object, kind: deploymentKind).phase == .complete {
                instants.committed(event.key.name, at: .now)
            }
            return false
        }
        defer { observer?.cancel() }

        do {
            let client = try Bench.client(kubeconfig: endpoint.kubeconfigPath)
            do {
                try await drive(client, instants: instants)
                try? await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        } catch {
            print("detection: benchmark failed: \(error)")
        }
    }

    private static func drive(_ client: KubeClient, instants: Instants) async throws {
        _ = try await client.apply(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]],
                                   fieldManager: "ferry-bench", force: true)
        let watcher = RolloutWatcher(client: client)
        var names: [String] = []
        var failed: [String] = []
        for round in 0..<rounds {
            let objects = (0..<perRound).map { deployment(String(format: "rollout-%03d", round * perRound + $0)) }
            var identities: [ObjectIdentity] = []
            for object in objects {
                _ = try await client.apply(object, fieldManager: "ferry-bench", force: true)
                identities.append(try KubeClient.identity(of: object))
            }
            let results = await watcher.wait(for: identities, timeout: .seconds(60)) { identity, status in
                if status.phase == .complete { instants.reported(identity.name, at: .now) }
            }
            names += identities.map(\.name)
            failed += results.filter { !$0.succeeded }.map { "\($0.object.name): \($0.message)" }
        }
        let latencies = names.compactMap(instants.latency(of:))
        guard !latencies.isEmpty else {
            print("detection: no rollout was seen complete on both sides\(failed.isEmpty ? "" : " (\(failed.prefix(3).joined(separator: "; ")))")")
            return
        }
        let figures = Bench.Latencies(latencies)
        let unseen = names.count - latencies.count
        print("detection: \(latencies.count) rollouts (pods start after \(Bench.milliseconds(podStartDelay.seconds))),"
              + " from the store committing the completing status to RolloutWatcher reporting it:"
              + " p50 \(Bench.milliseconds(figures.p50)) p99 \(Bench.milliseconds(figures.p99)) max \(Bench.milliseconds(figures.max))"
              + " (goal p99 < 50 ms)"
              + (unseen > 0 ? "; \(unseen) not seen complete on both sides" : "")
              + (failed.isEmpty ? "" : "; \(failed.count) failed: \(failed.prefix(3).joined(separator: "; "))"))
        BenchReport.add(ReportRow(
            area: "rollouts", figure: "detection latency over \(latencies.count) rollouts, store commit to RolloutWatcher report (p50 \(Bench.milliseconds(figures.p50)), max \(Bench.milliseconds(figures.max)))",
            ferry: "p99 \(Bench.milliseconds(figures.p99))",
            goal: BenchReport.goal("p99 < 50 ms", met: figures.p99 < goal && unseen == 0 && failed.isEmpty)))
    }

    /// A small Deployment of one replica whose pod starts after ``podStartDelay``.
    static func deployment(_ name: String) -> JSONValue {
        let labels: JSONValue = ["app.kubernetes.io/name": .string(name), "app.kubernetes.io/part-of": "ferry-bench"]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels],
            "spec": [
                "replicas": 1,
                "selector": ["matchLabels": ["app.kubernetes.io/name": .string(name)]],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": ["containers": [["name": "app", "image": "registry.example.com/bench/app:1.0.0"]]],
                ],
            ],
        ]
    }
}
