import FerryKube
@testable import FerrySync
import Testing

/// Health as `kubectl rollout status` (StatefulSets, DaemonSets) and kstatus (Jobs, conditions) judge it.
@Suite("Rollout status beyond Deployments")
struct RolloutStatusTests {
    static func statefulSet(replicas: Int64 = 3, generation: Int64 = 2, observed: Int64 = 2, ready: Int64, updated: Int64,
                            current: Int64, currentRevision: String, updateRevision: String, partition: Int64? = nil) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": ["name": "db", "generation": .int(generation)],
            "spec": ["replicas": .int(replicas), "updateStrategy": ["type": "RollingUpdate"]],
            "status": [
                "observedGeneration": .int(observed), "replicas": .int(replicas), "readyReplicas": .int(ready),
                "updatedReplicas": .int(updated), "currentReplicas": .int(current),
                "currentRevision": .string(currentRevision), "updateRevision": .string(updateRevision),
            ],
        ]
        if let partition { object[path: ["spec", "updateStrategy", "rollingUpdate", "partition"]] = .int(partition) }
        return object
    }

    @Test("a StatefulSet: spec observed, then every pod ready, then every pod at the update revision")
    func statefulSet() {
        let unobserved = RolloutStatus(object: Self.statefulSet(generation: 3, ready: 3, updated: 3, current: 3,
                                                                currentRevision: "db-1", updateRevision: "db-1"))
        #expect(unobserved.phase == .waitingForController)
        #expect(unobserved.message == "Waiting for statefulset spec update to be observed...")
        let unready = RolloutStatus(object: Self.statefulSet(ready: 1, updated: 1, current: 2, currentRevision: "db-1", updateRevision: "db-2"))
        #expect(unready.phase == .progressing)
        #expect(unready.message == "Waiting for 2 pods to be ready...")
        let rolling = RolloutStatus(object: Self.statefulSet(ready: 3, updated: 1, current: 2, currentRevision: "db-1", updateRevision: "db-2"))
        #expect(rolling.message == "waiting for statefulset rolling update to complete 1 pods at revision db-2...")
        let done = RolloutStatus(object: Self.statefulSet(ready: 3, updated: 3, current: 3, currentRevision: "db-2", updateRevision: "db-2"))
        #expect(done.phase == .complete)
        #expect(done.message == "statefulset rolling update complete 3 pods at revision db-2...")
    }

    @Test("a partitioned StatefulSet is rolled out once the pods at or above the partition are updated")
    func partition() {
        let waiting = RolloutStatus(object: Self.statefulSet(ready: 3, updated: 0, current: 3, currentRevision: "db-1",
                                                             updateRevision: "db-2", partition: 2))
        #expect(waiting.phase == .progressing)
        #expect(waiting.message == "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...")
        let done = RolloutStatus(object: Self.statefulSet(ready: 3, updated: 1, current: 2, currentRevision: "db-1",
                                                          updateRevision: "db-2", partition: 2))
        #expect(done.phase == .complete)
        #expect(done.message == "partitioned roll out complete: 1 new pods have been updated...")
    }

    @Test("a DaemonSet: every scheduled pod updated, then available")
    func daemonSet() {
        func daemonSet(desired: Int64, updated: Int64, available: Int64) -> JSONValue {
            ["apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": ["name": "agent", "generation": 1],
             "status": ["observedGeneration": 1, "desiredNumberScheduled": .int(desired),
                        "updatedNumberScheduled": .int(updated), "numberAvailable": .int(available)]]
        }
        #expect(RolloutStatus(object: daemonSet(desired: 1, updated: 0, available: 1)).message
            == "Waiting for daemon set \"agent\" rollout to finish: 0 out of 1 new pods have been updated...")
        #expect(RolloutStatus(object: daemonSet(desired: 1, updated: 1, available: 0)).message
            == "Waiting for daemon set \"agent\" rollout to finish: 0 of 1 updated pods are available...")
        let done = RolloutStatus(object: daemonSet(desired: 1, updated: 1, available: 1))
        #expect(done.phase == .complete)
        #expect(done.message == "daemon set \"agent\" successfully rolled out")
    }

    @Test("a Job is done when Complete, failed for good when Failed, running otherwise")
    func job() {
        func job(_ conditions: JSONValue, succeeded: Int64 = 0, active: Int64 = 1) -> JSONValue {
            ["apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "migrate"], "spec": ["completions": 1],
             "status": ["conditions": conditions, "succeeded": .int(succeeded), "active": .int(active)]]
        }
        let running = RolloutStatus(object: job([]))
        #expect(running.phase == .progressing)
        #expect(running.message == "Waiting for job \"migrate\" to complete: 0 of 1 succeeded, 1 active")
        let failed = RolloutStatus(object: job([["type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                                                  "message": "Job has reached the specified backoff limit"]], active: 0))
        #expect(failed.phase == .failed)
        #expect(failed.isDone)
        #expect(failed.message == "job \"migrate\" failed: BackoffLimitExceeded: Job has reached the specified backoff limit")
        let complete = RolloutStatus(object: job([["type": "Complete", "status": "True"]], succeeded: 1, active: 0))
        #expect(complete.phase == .complete)
    }

    @Test("any other object by its Ready, Reconciling and Stalled conditions; without them it is current")
    func conditions() {
        func widget(_ conditions: JSONValue, generation: Int64 = 1, observed: Int64 = 1) -> JSONValue {
            ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w1", "generation": .int(generation)],
             "status": ["observedGeneration": .int(observed), "conditions": conditions]]
        }
        let stalled = RolloutStatus(object: widget([["type": "Stalled", "status": "True", "reason": "BadConfig", "message": "size too big"],
                                                    ["type": "Ready", "status": "False"]]))
        #expect(stalled.phase == .failed)
        #expect(stalled.message == "widget \"w1\" is stalled: BadConfig: size too big")
        #expect(RolloutStatus(object: widget([["type": "Ready", "status": "True"]], generation: 2)).phase == .waitingForController)
        let reconciling = RolloutStatus(object: widget([["type": "Reconciling", "status": "True", "reason": "Progressing"]]))
        #expect(reconciling.phase == .progressing)
        let notReady = RolloutStatus(object: widget([["type": "Ready", "status": "False", "reason": "Waiting", "message": "no backend"]]))
        #expect(notReady.message == "Waiting for widget \"w1\" to be ready: Waiting: no backend")
        #expect(RolloutStatus(object: widget([["type": "Ready", "status": "True"]])).phase == .complete)
        let plain: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]]
        #expect(RolloutStatus(object: plain).phase == .complete)
        #expect(!RolloutStatus.isFollowed(ObjectIdentity(group: "", version: "v1", kind: "ConfigMap", namespace: "x", name: "c"), state: plain))
        #expect(RolloutStatus.isFollowed(ObjectIdentity(group: "example.com", version: "v1", kind: "Widget", namespace: "x", name: "w1"),
                                         state: widget([["type": "Ready", "status": "True"]])))
        #expect(RolloutStatus.isFollowed(ObjectIdentity(group: "apps", version: "v1", kind: "StatefulSet", namespace: "x", name: "db"), state: nil))
    }
}
