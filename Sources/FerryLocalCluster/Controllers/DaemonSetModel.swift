import FerryKube
import Foundation

/// A DaemonSet as the controller reads it, with the API's defaults for missing fields.
struct DaemonSetView {
    static let templateGenerationLabel = "pod-template-generation"

    var key: StoreKey
    var object: JSONValue
    var uid: String
    var generation: Int64
    /// nil: OnDelete.
    var rollingUpdate: (maxSurge: IntOrPercent, maxUnavailable: IntOrPercent)?
    var revisionHistoryLimit: Int64
    var minReadySeconds: Int64
    var selector: LabelSelector?
    var template: JSONValue
    var collisionCount: Int64?

    init?(object: JSONValue, key: StoreKey) {
        guard let uid = object.uid else { return nil }
        self.key = key
        self.object = object
        self.uid = uid
        generation = object.generation
        let spec = object["spec"] ?? .object([:])
        if spec[path: ["updateStrategy", "type"]]?.string == "OnDelete" {
            rollingUpdate = nil
        } else {
            let rolling = spec[path: ["updateStrategy", "rollingUpdate"]]
            rollingUpdate = (IntOrPercent(json: rolling?["maxSurge"]) ?? .count(0),
                             IntOrPercent(json: rolling?["maxUnavailable"]) ?? .count(1))
        }
        revisionHistoryLimit = max(0, spec["revisionHistoryLimit"]?.int ?? 10)
        minReadySeconds = max(0, spec["minReadySeconds"]?.int ?? 0)
        selector = try? LabelSelector(json: spec["selector"] ?? .object([:]))
        template = spec["template"] ?? .object([:])
        collisionCount = object.int("status", "collisionCount")
    }

    var name: String { key.name }
    var namespace: String { key.namespace }

    /// util.SurgeCount and util.UnavailableCount over `desired` nodes: both round up,
    /// and both zero would block the update, so unavailability becomes 1.
    func fenceposts(desired: Int64) -> (surge: Int64, unavailable: Int64) {
        guard let rollingUpdate else { return (0, 0) }
        let surge = rollingUpdate.maxSurge.scaled(desired, roundUp: true)
        let unavailable = rollingUpdate.maxUnavailable.scaled(desired, roundUp: true)
        if surge == 0, unavailable == 0 { return (0, 1) }
        return (surge, unavailable)
    }

    /// util.IsPodUpdated: the current template's hash, or this generation's label.
    func isUpdated(_ pod: JSONValue, hash: String) -> Bool {
        let labels = pod.labels
        return labels[StatefulSetLabel.revision] == hash || labels[Self.templateGenerationLabel] == String(generation)
    }

    /// Whether the node should run this DaemonSet's pod: the template's nodeSelector
    /// matches the node's labels (a real node's, or the ones a kubelet registers).
    func shouldRun(onNodeLabels labels: [String: String]) -> Bool {
        let nodeSelector = JSONValue.stringMap(template[path: ["spec", "nodeSelector"]])
        return nodeSelector.allSatisfy { labels[$0.key] == $0.value }
    }
}

extension JSONValue {
    /// podByCreationTimestampAndPhase: running before not, then older first, then by name.
    static func daemonPodOrder(_ left: JSONValue, _ right: JSONValue) -> Bool {
        let leftRunning = PodState.phase(left) == "Running", rightRunning = PodState.phase(right) == "Running"
        if leftRunning != rightRunning { return leftRunning }
        let leftCreated = left.creationDate ?? .distantPast, rightCreated = right.creationDate ?? .distantPast
        if leftCreated != rightCreated { return leftCreated < rightCreated }
        return left.name < right.name
    }
}
