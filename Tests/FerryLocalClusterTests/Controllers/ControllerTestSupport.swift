import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// A wait that ended without what it awaited; the failure message says what was
/// awaited and the last state seen.
struct WaitTimeout: Error, CustomStringConvertible {
    var description: String
}

/// An in-memory store with the controllers running on simulated time: the cluster's
/// clock moves only when a test waits (``eventually(_:timeout:deployment:sourceLocation:_:)``,
/// ``advance(by:)``), and then only once the controllers have nothing left to do, straight
/// to the next timer they set. A 1 s pod start or a 600 s progress deadline costs no wall
/// time, and what a test sees never depends on how loaded the machine is.
final class TestCluster: Sendable {
    /// The most wall time the controllers may take to settle before a test reports a hang:
    /// a guard against a deadlock, never what decides a result.
    static let hangGuard: Duration = .seconds(300)

    let store: ObjectStore
    let time: SimulatedTime
    let clock: ClusterClock
    let manager: ControllerManager
    private let task: Task<Void, Never>

    init(settings: ClusterSettings = ClusterSettings(), namespaces: [String] = ["default"]) throws {
        let time = SimulatedTime()
        let clock = time.clock
        self.time = time
        self.clock = clock
        store = try ObjectStore(path: nil, watchHistory: 200_000, clock: clock.now)
        manager = ControllerManager(store: store, settings: settings, clock: clock)
        for namespace in namespaces {
            try store.write(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: namespace)) { _ in
                ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]]
            }
        }
        let manager = manager
        task = Task { await manager.run() }
    }

    func stop() async {
        task.cancel()
        await task.value
    }

    // MARK: Reading

    func deployment(_ name: String, namespace: String = "default") -> JSONValue? {
        store.get(StoreKey(ResourceCatalog.deployments, namespace: namespace, name: name))
    }

    func replicaSets(namespace: String = "default") -> [JSONValue] {
        store.list(ResourceCatalog.replicaSets, namespace: namespace).items
    }

    func pods(namespace: String = "default") -> [JSONValue] {
        store.list(ResourceCatalog.pods, namespace: namespace).items
    }

    func pods(of replicaSet: JSONValue) -> [JSONValue] {
        pods(namespace: replicaSet.namespace).filter { $0.controllerReference?.uid == replicaSet.uid }
    }

    func replicaSet(revision: Int, namespace: String = "default") -> JSONValue? {
        replicaSets(namespace: namespace).first { $0.annotations[DeploymentAnnotation.revision] == String(revision) }
    }

    // MARK: Writing

    @discardableResult
    func create(_ object: JSONValue, _ resource: ResourceType = ResourceCatalog.deployments) throws -> JSONValue? {
        try store.write(StoreKey(resource, namespace: object.namespace, name: object.name)) { _ in object }.object
    }

    /// Changes a Deployment as a client would (the store bumps the generation on spec changes).
    @discardableResult
    func update(_ name: String, namespace: String = "default", _ change: @escaping (inout JSONValue) -> Void) throws -> JSONValue? {
        try store.write(StoreKey(ResourceCatalog.deployments, namespace: namespace, name: name)) { current in
            guard var object = current else { return nil }
            change(&object)
            return object
        }.object
    }

    func setImage(_ name: String, _ image: String, namespace: String = "default") throws {
        try update(name, namespace: namespace) { $0[path: ["spec", "template", "spec", "containers"]] = .array([container(image)]) }
    }

    // MARK: Waiting

    /// Returns once the controllers have nothing left to do until a timer fires: every
    /// event delivered and handled, every work queue empty. Waits on wall time only for
    /// that, with ``hangGuard`` as a bound that reports a hang.
    func settle(sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let start = ContinuousClock.now
        while !manager.isIdle {
            guard ContinuousClock.now - start < Self.hangGuard else {
                Issue.record("hang guard: the controllers did not settle within \(Self.hangGuard) of wall time",
                             sourceLocation: sourceLocation)
                throw WaitTimeout(description: "the controllers to settle")
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Lets `duration` of cluster time pass: settles, then runs each timer due by then in
    /// turn, settling after each, as the controllers would have seen the time go by.
    func advance(by duration: Duration, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let end = time.now.addingTimeInterval(duration.timeInterval)
        try await settle(sourceLocation: sourceLocation)
        while let next = time.nextDeadline, next <= end {
            time.advance(to: next)
            try await settle(sourceLocation: sourceLocation)
        }
        time.advance(to: end)
    }

    /// Runs the cluster until `probe` returns a value: settles, probes, and if it is not
    /// there yet moves time to the next timer the controllers set, again and again. Fails
    /// when `timeout` of cluster time has passed (or nothing is left to happen) with
    /// `what` and, when `deployment` is given, the Deployment's last status.
    func eventually<T>(_ what: String, timeout: Duration = .seconds(3600), deployment: String? = nil,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation, _ probe: () -> T?) async throws -> T {
        let limit = time.now.addingTimeInterval(timeout.timeInterval)
        while true {
            try await settle(sourceLocation: sourceLocation)
            if let value = probe() { return value }
            guard let next = time.nextDeadline, next <= limit else { break }
            time.advance(to: next)
        }
        var state = time.nextDeadline == nil ? "; nothing left to happen" : ""
        if let deployment, let object = self.deployment(deployment) {
            state += "; deployment status: \(object["status"]?.jsonText ?? "none"); replica sets: "
                + replicaSets(namespace: object.namespace).map { "\($0.name)=\($0.int("spec", "replicas") ?? -1)" }.joined(separator: ",")
        }
        Issue.record("\(timeout) of cluster time passed waiting for \(what)\(state)", sourceLocation: sourceLocation)
        throw WaitTimeout(description: what)
    }

    func eventually(_ what: String, timeout: Duration = .seconds(3600), deployment: String? = nil,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation, _ condition: () -> Bool) async throws {
        _ = try await eventually(what, timeout: timeout, deployment: deployment, sourceLocation: sourceLocation) {
            condition() ? true : nil
        }
    }

    /// Waits until a Deployment's rollout is complete as `kubectl rollout status` judges
    /// it, and its status reports the given number of replicas everywhere.
    @discardableResult
    func rolledOut(_ name: String, replicas: Int64, namespace: String = "default",
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> JSONValue {
        try await eventually("\(name) rolled out", deployment: name, sourceLocation: sourceLocation) {
            guard let object = deployment(name, namespace: namespace) else { return nil }
            let status = object["status"] ?? .object([:])
            let done = status["observedGeneration"]?.int == object.generation
                && status["replicas"]?.int == replicas && status["updatedReplicas"]?.int == replicas
                && status["availableReplicas"]?.int == replicas && status["readyReplicas"]?.int == replicas
                && progressingReason(object) == ConditionReason.newReplicaSetAvailable
            // (JSONValue is ExpressibleByNilLiteral: spell the optional out.)
            return done ? Optional(object) : Optional<JSONValue>.none
        }
    }

    /// Every store event so far, in order, replayed from the watch history (the
    /// replay is buffered at subscription, so reading it never waits for new events).
    func history() async -> [StoreEvent] {
        let last = store.resourceVersion
        guard last > 0, let subscription = try? store.watches.subscribe(after: 0, filter: { _ in true }) else { return [] }
        defer { subscription.cancel() }
        var events: [StoreEvent] = []
        for await event in subscription.events where event.resourceVersion <= last {
            events.append(event)
            if event.resourceVersion == last { break }
        }
        return events
    }
}

/// Runs `body` against a fresh cluster and stops the controllers afterwards.
func withCluster(_ settings: ClusterSettings = ClusterSettings(), namespaces: [String] = ["default"],
                 _ body: (TestCluster) async throws -> Void) async throws {
    let cluster = try TestCluster(settings: settings, namespaces: namespaces)
    do {
        try await body(cluster)
    } catch {
        await cluster.stop()
        throw error
    }
    await cluster.stop()
}

// MARK: - Fixtures

/// A container as the API's defaulting leaves it.
func container(_ image: String, name: String = "main") -> JSONValue {
    [
        "name": .string(name), "image": .string(image),
        "ports": [["containerPort": 80, "protocol": "TCP"]],
        "imagePullPolicy": "IfNotPresent", "resources": [:],
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
    ]
}

/// A Deployment as it reaches the store through the API: fully defaulted.
func deploymentFixture(
    _ name: String = "web", namespace: String = "default", replicas: Int64 = 3, image: String = "nginx:1.25",
    maxSurge: JSONValue = "25%", maxUnavailable: JSONValue = "25%", recreate: Bool = false,
    minReadySeconds: Int64? = nil, progressDeadlineSeconds: Int64 = 600, revisionHistoryLimit: Int64 = 10,
    paused: Bool = false, annotations: [String: String] = [:]
) -> JSONValue {
    var spec: [String: JSONValue] = [
        "replicas": .int(replicas),
        "selector": ["matchLabels": ["app": .string(name)]],
        "template": [
            "metadata": ["labels": ["app": .string(name)]],
            "spec": [
                "containers": [container(image)],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                "securityContext": [:], "schedulerName": "default-scheduler",
            ],
        ],
        "strategy": recreate
            ? ["type": "Recreate"]
            : ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": maxSurge, "maxUnavailable": maxUnavailable]],
        "revisionHistoryLimit": .int(revisionHistoryLimit),
        "progressDeadlineSeconds": .int(progressDeadlineSeconds),
    ]
    if let minReadySeconds { spec["minReadySeconds"] = .int(minReadySeconds) }
    if paused { spec["paused"] = true }
    var metadata: [String: JSONValue] = ["name": .string(name), "namespace": .string(namespace)]
    if !annotations.isEmpty { metadata["annotations"] = JSONValue.stringObject(annotations) }
    return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": .object(metadata), "spec": .object(spec)]
}

extension Optional where Wrapped == JSONValue {
    /// The value when it satisfies `predicate`, else nil (never `JSONValue.null`).
    func filter(_ predicate: (JSONValue) -> Bool) -> JSONValue? {
        guard let value = self, predicate(value) else { return Optional<JSONValue>.none }
        return value
    }
}

func condition(_ object: JSONValue, _ type: String) -> JSONValue? {
    object[path: ["status", "conditions"]]?.array?.first { $0["type"]?.string == type }
}

func progressingReason(_ object: JSONValue) -> String? {
    condition(object, "Progressing")?["reason"]?.string
}
