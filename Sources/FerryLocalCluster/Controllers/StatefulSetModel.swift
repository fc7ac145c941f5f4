import FerryKube
import Foundation

/// The pod labels of a StatefulSet's identity (apps/v1).
enum StatefulSetLabel {
    static let podName = "statefulset.kubernetes.io/pod-name"
    static let podIndex = "apps.kubernetes.io/pod-index"
    /// Also the DaemonSet's (apps.DefaultDaemonSetUniqueLabelKey); a StatefulSet puts the revision's name there.
    static let revision = "controller-revision-hash"
}

/// A StatefulSet as the controller reads it, with the API's defaults for missing fields.
struct StatefulSetView {
    enum Strategy: Equatable {
        case onDelete
        case rollingUpdate(partition: Int64, maxUnavailable: IntOrPercent?)
    }

    var key: StoreKey
    var object: JSONValue
    var uid: String
    var generation: Int64
    var replicas: Int64
    /// podManagementPolicy Parallel; OrderedReady otherwise.
    var parallel: Bool
    var strategy: Strategy
    var revisionHistoryLimit: Int64
    var minReadySeconds: Int64
    /// `spec.ordinals.start`.
    var startOrdinal: Int64
    var selector: LabelSelector?
    var template: JSONValue
    var serviceName: String
    var claimTemplates: [JSONValue]
    /// persistentVolumeClaimRetentionPolicy.whenDeleted is Delete.
    var deleteClaimsWithSet: Bool
    var collisionCount: Int64
    var currentRevisionName: String

    init?(object: JSONValue, key: StoreKey) {
        guard let uid = object.uid else { return nil }
        self.key = key
        self.object = object
        self.uid = uid
        generation = object.generation
        let spec = object["spec"] ?? .object([:])
        replicas = max(0, spec["replicas"]?.int ?? 1)
        parallel = spec["podManagementPolicy"]?.string == "Parallel"
        if spec[path: ["updateStrategy", "type"]]?.string == "OnDelete" {
            strategy = .onDelete
        } else {
            let rolling = spec[path: ["updateStrategy", "rollingUpdate"]]
            strategy = .rollingUpdate(partition: max(0, rolling?["partition"]?.int ?? 0),
                                      maxUnavailable: IntOrPercent(json: rolling?["maxUnavailable"]))
        }
        revisionHistoryLimit = max(0, spec["revisionHistoryLimit"]?.int ?? 10)
        minReadySeconds = max(0, spec["minReadySeconds"]?.int ?? 0)
        startOrdinal = max(0, spec[path: ["ordinals", "start"]]?.int ?? 0)
        selector = try? LabelSelector(json: spec["selector"] ?? .object([:]))
        template = spec["template"] ?? .object([:])
        serviceName = spec["serviceName"]?.string ?? ""
        claimTemplates = spec["volumeClaimTemplates"]?.array ?? []
        deleteClaimsWithSet = spec[path: ["persistentVolumeClaimRetentionPolicy", "whenDeleted"]]?.string == "Delete"
        collisionCount = object.int("status", "collisionCount") ?? 0
        currentRevisionName = object[path: ["status", "currentRevision"]]?.string ?? ""
    }

    var name: String { key.name }
    var namespace: String { key.namespace }

    /// The ordinals the set should have: `[start, start + replicas)`.
    var ordinals: Range<Int64> { startOrdinal..<(startOrdinal + replicas) }

    /// The ordinal of one of this set's pods (`<set>-<ordinal>`); nil for another name.
    func ordinal(of pod: JSONValue) -> Int64? {
        let prefix = name + "-"
        guard pod.name.hasPrefix(prefix), let number = Int64(pod.name.dropFirst(prefix.count)), number >= 0,
              String(number) == pod.name.dropFirst(prefix.count) else { return nil }
        return number
    }

    /// getPersistentVolumeClaimName.
    func claimName(_ claim: JSONValue, ordinal: Int64) -> String {
        "\(claim[path: ["metadata", "name"]]?.string ?? "")-\(name)-\(ordinal)"
    }
}

/// The pod states the StatefulSet controller distinguishes (stateful_set_utils.go).
enum StatefulPod {
    /// isCreated: the pod has a phase, i.e. it exists.
    static func isCreated(_ pod: JSONValue) -> Bool { !(PodState.phase(pod) ?? "").isEmpty }
    static func isFailed(_ pod: JSONValue) -> Bool { PodState.phase(pod) == "Failed" }
    static func isSucceeded(_ pod: JSONValue) -> Bool { PodState.phase(pod) == "Succeeded" }
    static func isTerminating(_ pod: JSONValue) -> Bool { pod.isBeingDeleted }
    static func isRunningAndReady(_ pod: JSONValue) -> Bool {
        PodState.phase(pod) == "Running" && PodState.isReady(pod)
    }
    static func isRunningAndAvailable(_ pod: JSONValue, minReadySeconds: Int64, now: Date) -> Bool {
        PodState.phase(pod) == "Running" && PodState.isAvailable(pod, minReadySeconds: minReadySeconds, now: now)
    }
    /// isHealthy: running, ready and not terminating.
    static func isHealthy(_ pod: JSONValue) -> Bool { isRunningAndReady(pod) && !isTerminating(pod) }
    static func revision(_ pod: JSONValue) -> String { pod.labels[StatefulSetLabel.revision] ?? "" }
}
