import FerryKube
import FerryKubeClient
import FerryLocalCluster
import FerrySync
import FerryTesting
import Foundation
import Testing

/// A first sync of many objects: applied in kind-order stages, the objects of one stage
/// concurrently, and a refusal halfway through a stage recorded exactly.
@Suite("Staged applies, in-process")
struct StagedApplyTests {
    static let namespaces = ["team-a", "team-b", "team-c", "team-d"]

    /// 4 Namespaces, and in each 25 ConfigMaps, 12 Services and 12 Deployments: 200 objects.
    static func repository() throws -> GitFixture {
        let repository = try GitFixture()
        try repository.write("namespaces.yaml", namespaces.map {
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \($0)\n"
        }.joined(separator: "---\n"))
        for namespace in namespaces {
            var documents: [String] = []
            for index in 0..<25 {
                documents.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-\(index)\n  namespace: \(namespace)\ndata:\n  n: \"\(index)\"\n")
            }
            for index in 0..<12 {
                documents.append("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: svc-\(index), namespace: \(namespace)}
                    spec:
                      selector: {app: app-\(index)}
                      ports: [{port: 80, targetPort: 8080}]

                    """)
                documents.append("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: app-\(index), namespace: \(namespace)}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: app-\(index)}}
                      template:
                        metadata: {labels: {app: app-\(index)}}
                        spec:
                          containers: [{name: app, image: "app:\(index)"}]

                    """)
            }
            try repository.write("\(namespace).yaml", documents.joined(separator: "---\n"))
        }
        try repository.commit("200 objects")
        return repository
    }

    static func sync(_ cluster: InProcessCluster, _ repository: GitFixture) async throws -> SyncReport {
        let state = try RevisionLoader.load(RevisionRequest(repository: repository.path))
        var options = try SyncOptions(for: state, timeout: "5m")
        // No controllers run in-process: the rollouts are not followed here.
        options.wait = false
        options.concurrency = 8
        return try await Syncer(client: cluster, instance: "web", options: options).sync(state) { _ in }
    }

    /// The objects the engine really applied (dry runs and Ferry's record excluded), each once.
    static func applied(_ cluster: InProcessCluster) -> [String] {
        cluster.sentWrites.filter { $0.hasPrefix("APPLY ") && !$0.contains("(dry run)") && !$0.contains("/ferry-web") }
            .map { String($0.dropFirst("APPLY ".count)) }
    }

    static func rank(_ write: String) -> Int { KindOrder.rank(of: String(write.prefix { $0 != "/" })) }

    @Test("a first sync of 200 objects applies every one, stage after stage in kind order")
    func firstSyncAppliesEveryStage() async throws {
        let cluster = try InProcessCluster()
        let report = try await Self.sync(cluster, try Self.repository())
        #expect(report.outcome == .succeeded)
        let applied = Self.applied(cluster)
        #expect(applied.count == 200)
        #expect(Set(applied).count == 200)
        // No object of a later stage was sent before every object of an earlier one.
        let ranks = applied.map(Self.rank)
        #expect(ranks == ranks.sorted(), "\(applied)")
        let record = try await RecordStore(client: cluster, instance: "web", namespace: "default").read()
        #expect(record.history.last?.actions.filter { $0.action == .created }.count == 200)
        #expect(record.inventory.count == 200)
        for namespace in Self.namespaces {
            let identity = ObjectIdentity(apiVersion: "apps/v1", kind: "Deployment", namespace: namespace, name: "app-11")
            #expect(try await cluster.getIfPresent(identity) != nil)
        }
    }

    @Test("a refusal halfway through a stage stops the run: what was applied is recorded, nothing of a later stage is sent")
    func refusalInAStageIsRecordedExactly() async throws {
        let cluster = try InProcessCluster()
        let refused = "ConfigMap/team-b/cm-3"
        cluster.refuseApplying([refused])
        do {
            _ = try await Self.sync(cluster, try Self.repository())
            Issue.record("the sync went through")
        } catch let error as SyncError {
            guard case .applyFailed(let identity, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect("\(identity)" == refused)
            #expect(message.contains("exceeded quota"), "\(message)")
        }
        let sent = Self.applied(cluster)
        let succeeded = sent.filter { $0 != refused }
        // The run stopped at the end of the refused object's stage: no Service or Deployment was sent.
        #expect(sent.allSatisfy { $0.hasPrefix("Namespace/") || $0.hasPrefix("ConfigMap/") }, "\(sent)")
        #expect(sent.contains(refused))

        let record = try await RecordStore(client: cluster, instance: "web", namespace: "default").read()
        let last = try #require(record.history.last)
        #expect(last.outcome == .error)
        // The record lists exactly the objects that were applied: no more, no fewer.
        #expect(Set(last.actions.map(\.object)) == Set(succeeded))
        #expect(last.actions.count == succeeded.count)
        for object in succeeded {
            let identity = try #require(record.inventory.first { "\($0.identity)" == object }?.identity)
            #expect(try await cluster.getIfPresent(identity) != nil, "\(object) recorded but not in the cluster")
        }
        // Everything was claimed before the first write, so a later run can prune any of it.
        #expect(record.inventory.count == 200)
        #expect(try await cluster.getIfPresent(ObjectIdentity(apiVersion: "v1", kind: "ConfigMap", namespace: "team-b", name: "cm-3")) == nil)
    }
}
