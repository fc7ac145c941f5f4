import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("Controllers on simulated time")
struct SimulatedTimeTests {
    @Test("a write keeps the controllers busy until all it causes at that instant is done; time then moves to the next timer")
    func settleRunsOneInstant() async throws {
        try await withCluster { cluster in
            let start = cluster.time.now
            try cluster.create(deploymentFixture(replicas: 2))
            #expect(!cluster.manager.isIdle)
            try await cluster.settle()
            #expect(cluster.manager.isIdle)
            #expect(cluster.time.now == start)
            // The ReplicaSet and its pods exist; the kubelet has not started them yet.
            #expect(cluster.replicaSets().count == 1)
            #expect(cluster.pods().count == 2)
            #expect(cluster.pods().allSatisfy { !PodState.isReady($0) })
            let startDelay = ClusterSettings().podStartDelay.timeInterval
            #expect(cluster.time.nextDeadline == start.addingTimeInterval(startDelay))
            try await cluster.rolledOut("web", replicas: 2)
            #expect(cluster.time.now == start.addingTimeInterval(startDelay))
        }
    }

    @Test("a wait for what never happens fails once its allowance of cluster time has passed")
    func waitFailsOnClusterTime() async throws {
        try await withCluster { cluster in
            try cluster.create(deploymentFixture(replicas: 1))
            let start = cluster.time.now
            await withKnownIssue {
                try await cluster.eventually("a second ReplicaSet", timeout: .seconds(600)) { cluster.replicaSets().count == 2 }
            }
            let waited = cluster.time.now.timeIntervalSince(start)
            #expect(waited > 540 && waited <= 600, "\(waited) s")
        }
    }
}
