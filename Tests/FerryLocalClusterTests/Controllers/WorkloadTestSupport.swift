import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// A StatefulSet as it reaches the store through the API: defaulted by the API's own defaults.
func statefulSetFixture(_ name: String = "web", replicas: Int64 = 3, image: String = "nginx:1.25",
                        parallel: Bool = false, partition: Int64? = nil, onDelete: Bool = false,
                        revisionHistoryLimit: Int64? = nil, claims: [String] = []) -> JSONValue {
    var spec: JSONValue = [
        "replicas": .int(replicas),
        "serviceName": .string(name),
        "selector": ["matchLabels": ["app": .string(name)]],
        "template": ["metadata": ["labels": ["app": .string(name)]], "spec": ["containers": [container(image)]]],
    ]
    if parallel { spec["podManagementPolicy"] = "Parallel" }
    if onDelete { spec["updateStrategy"] = ["type": "OnDelete"] }
    if let partition { spec["updateStrategy"] = ["type": "RollingUpdate", "rollingUpdate": ["partition": .int(partition)]] }
    if let revisionHistoryLimit { spec["revisionHistoryLimit"] = .int(revisionHistoryLimit) }
    if !claims.isEmpty {
        spec["volumeClaimTemplates"] = .array(claims.map { claim in
            ["metadata": ["name": .string(claim)],
             "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]
        })
    }
    return admitted(["apiVersion": "apps/v1", "kind": "StatefulSet",
                     "metadata": ["name": .string(name), "namespace": "default"], "spec": spec],
                    ResourceCatalog.statefulSets)
}

/// A DaemonSet as it reaches the store through the API.
func daemonSetFixture(_ name: String = "agent", image: String = "nginx:1.25", maxSurge: Int64? = nil,
                      maxUnavailable: Int64? = nil, nodeSelector: [String: String] = [:]) -> JSONValue {
    var spec: JSONValue = [
        "selector": ["matchLabels": ["app": .string(name)]],
        "template": ["metadata": ["labels": ["app": .string(name)]], "spec": ["containers": [container(image)]]],
    ]
    if let maxSurge { spec[path: ["updateStrategy", "rollingUpdate", "maxSurge"]] = .int(maxSurge) }
    if let maxUnavailable { spec[path: ["updateStrategy", "rollingUpdate", "maxUnavailable"]] = .int(maxUnavailable) }
    if !nodeSelector.isEmpty { spec[path: ["template", "spec", "nodeSelector"]] = JSONValue.stringObject(nodeSelector) }
    return admitted(["apiVersion": "apps/v1", "kind": "DaemonSet",
                     "metadata": ["name": .string(name), "namespace": "default"], "spec": spec],
                    ResourceCatalog.daemonSets)
}

private func admitted(_ object: JSONValue, _ resource: ResourceType) -> JSONValue {
    var object = object
    Defaults.apply(to: &object, resource: resource, key: StoreKey(resource, namespace: object.namespace, name: object.name))
    return object
}

extension TestCluster {
    func statefulSet(_ name: String = "web") -> JSONValue? {
        store.get(StoreKey(ResourceCatalog.statefulSets, namespace: "default", name: name))
    }

    func daemonSet(_ name: String = "agent") -> JSONValue? {
        store.get(StoreKey(ResourceCatalog.daemonSets, namespace: "default", name: name))
    }

    /// Changes a StatefulSet or DaemonSet as a client would.
    func change(_ resource: ResourceType, _ name: String, _ change: @escaping (inout JSONValue) -> Void) throws {
        try store.write(StoreKey(resource, namespace: "default", name: name)) { current in
            guard var object = current else { return nil }
            change(&object)
            return object
        }
    }

    func setImage(_ resource: ResourceType, _ name: String, _ image: String) throws {
        try change(resource, name) { $0[path: ["spec", "template", "spec", "containers"]] = .array([container(image)]) }
    }

    /// The ControllerRevisions in `default`, lowest revision first.
    func controllerRevisions() -> [JSONValue] {
        store.list(ResourceCatalog.controllerRevisions, namespace: "default").items
            .sorted { ($0["revision"]?.int ?? 0) < ($1["revision"]?.int ?? 0) }
    }

    func pod(_ name: String) -> JSONValue? {
        store.get(StoreKey(ResourceCatalog.pods, namespace: "default", name: name))
    }

    /// Waits until a StatefulSet's rollout is complete as `kubectl rollout status` judges it
    /// (without a partition): every replica Ready and on the update revision, which is current.
    @discardableResult
    func statefulSetRolledOut(_ name: String = "web", replicas: Int64,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> JSONValue {
        try await eventually("\(name) rolled out", sourceLocation: sourceLocation) {
            statefulSet(name).filter { set in
                let status = set["status"] ?? [:]
                return status["observedGeneration"]?.int == set.generation && status["replicas"]?.int == replicas
                    && status["readyReplicas"]?.int == replicas && status["updatedReplicas"]?.int == replicas
                    && status["currentRevision"] == status["updateRevision"]
            }
        }
    }
}

/// The image of a pod's first container.
func image(_ pod: JSONValue?) -> String? {
    pod?[path: ["spec", "containers"]]?.array?.first?["image"]?.string
}
