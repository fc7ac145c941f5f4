import FerryKube
import FerryKubeClient
import FerryLocalCluster
import FerrySync
import FerryTesting
import Foundation
import Testing

/// The engine's steps on the local cluster's API served in-process: no server, no
/// controllers, no wall clock. The test writes what a controller would (a Deployment's
/// status) at the moment it chooses, and holds the rollout timeout's clock.
@Suite("Engine, in-process")
struct InProcessEngineTests {
    static func configMap(_ name: String, _ value: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\ndata:\n  value: \"\(value)\"\n"
    }

    static func deployment(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: \(image)}]

        """
    }

    /// Writes the status the Deployment controller writes once a rollout is complete.
    static func completeRollout(_ cluster: InProcessCluster, _ name: String) throws {
        let key = StoreKey(ResourceCatalog.deployments, namespace: "default", name: name)
        var object = try cluster.api.get(key)
        let replicas = object[path: ["spec", "replicas"]] ?? 1
        object["status"] = [
            "observedGeneration": object[path: ["metadata", "generation"]] ?? 1,
            "replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas,
            "conditions": [
                ["type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"],
                ["type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"],
            ],
        ]
        _ = try cluster.api.replace(key, body: object, subresource: .status, options: WriteOptions(fieldManager: "test"))
    }

    static func sync(_ cluster: InProcessCluster, _ repository: GitFixture, clock: ManualClock = ManualClock(),
                     onApplied: @escaping @Sendable (ObjectIdentity) -> Void = { _ in }) async throws -> SyncReport {
        let state = try RevisionLoader.load(RevisionRequest(repository: repository.path))
        var options = try SyncOptions(for: state, timeout: "5m")
        options.sleep = { try await clock.sleep(for: $0) }
        return try await Syncer(client: cluster, instance: "web", options: options).sync(state) { event in
            if case .applied(let identity, _) = event { onApplied(identity) }
        }
    }

    @Test("objects to create are claimed in the inventory before the first is created; an up-to-date run writes nothing")
    func claimBeforeCreate() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("a.yaml", Self.configMap("a", "1"))
        try repository.write("b.yaml", Self.configMap("b", "1"))
        try repository.commit("two ConfigMaps")
        let report = try await Self.sync(cluster, repository)
        #expect(report.outcome == .succeeded)
        let writes = cluster.sentWrites.filter { !$0.contains("(dry run)") }
        // a and b are one kind-order stage, applied concurrently: in either order.
        let stage = writes.count == 6 ? Set(writes[2...3]) : []
        #expect(writes.count == 6 && stage == ["APPLY ConfigMap/default/a", "APPLY ConfigMap/default/b"], "\(writes)")
        #expect(writes.prefix(2) == [
            "CREATE ConfigMap/default/ferry-web-lock",
            "APPLY ConfigMap/default/ferry-web",  // the claim
        ])
        #expect(writes.suffix(2) == [
            "APPLY ConfigMap/default/ferry-web",  // the outcome
            "DELETE ConfigMap/default/ferry-web-lock",
        ])

        let before = cluster.sentWrites.count
        let again = try await Self.sync(cluster, repository)
        #expect(again.outcome == .unchanged)
        #expect(cluster.sentWrites.count == before)
    }

    @Test("an image bump writes that Deployment and the record only; the rollout is judged from the status written")
    func imageBumpWritesOneObject() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("web.yaml", Self.deployment(image: "web:1"))
        try repository.write("settings.yaml", Self.configMap("settings", "1"))
        try repository.commit("web 1")
        let first = try await Self.sync(cluster, repository) { identity in
            if identity.kind == "Deployment" { try? Self.completeRollout(cluster, identity.name) }
        }
        #expect(first.outcome == .succeeded)

        try repository.write("web.yaml", Self.deployment(image: "web:2"))
        try repository.commit("web 2")
        let before = cluster.sentWrites.count
        let bump = try await Self.sync(cluster, repository) { identity in
            if identity.kind == "Deployment" { try? Self.completeRollout(cluster, identity.name) }
        }
        #expect(bump.outcome == .succeeded)
        #expect(bump.rollouts.map(\.succeeded) == [true])
        #expect(Array(cluster.sentWrites.dropFirst(before)) == [
            "APPLY (dry run) Deployment/default/web",
            "CREATE ConfigMap/default/ferry-web-lock",
            "APPLY Deployment/default/web",
            "APPLY ConfigMap/default/ferry-web",
            "DELETE ConfigMap/default/ferry-web-lock",
        ])
    }

    @Test("a rollout no status completes times out when the clock passes the timeout, not before")
    func rolloutTimesOutOnTheClock() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("web.yaml", Self.deployment(image: "web:1"))
        try repository.commit("web 1")
        let clock = ManualClock()
        let sync = Task { try await Self.sync(cluster, repository, clock: clock) }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(299))
        await clock.waitForSleepers(1)  // still waiting: 1 s is left
        clock.advance(by: .seconds(1))
        let report = try await sync.value
        #expect(report.outcome == .failed)
        #expect(report.rollouts.first?.message.hasPrefix("timed out after 5m: ") == true, "\(report.rollouts.first?.message ?? "")")
    }

    @Test("an object the server refuses in its dry run stops the sync before any write, naming it")
    func refusedDryRunWritesNothing() async throws {
        let cluster = try InProcessCluster()
        let repository = try GitFixture()
        try repository.write("a.yaml", Self.configMap("a", "1"))
        try repository.write("web.yaml", Self.deployment(image: "web:1").replacingOccurrences(
            of: "image: web:1}", with: "image: web:1, resources: {requests: {cpu: \"1.5.5\"}}}"))
        try repository.commit("a ConfigMap, and a Deployment the server refuses")
        do {
            _ = try await Self.sync(cluster, repository)
            Issue.record("the sync went through")
        } catch let error as KubeError {
            #expect("\(error)".hasPrefix("Deployment/default/web: "), "\(error)")
            #expect(error.isInvalid)
        }
        #expect(cluster.sentWrites.allSatisfy { $0.contains("(dry run)") }, "\(cluster.sentWrites)")
    }
}
