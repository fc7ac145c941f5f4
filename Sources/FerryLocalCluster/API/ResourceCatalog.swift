/// The resources the local cluster serves: enough of core/v1 and apps/v1 for
/// manifests like the Spark example, for Ferry's own records, and for kubectl.
public enum ResourceCatalog {
    public static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace",
        shortNames: ["ns"], namespaced: false, subresources: [.status])
    public static let configMaps = ResourceType(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", shortNames: ["cm"])
    public static let secrets = ResourceType(
        group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret")
    public static let services = ResourceType(
        group: "", version: "v1", kind: "Service", plural: "services", singular: "service",
        shortNames: ["svc"], categories: ["all"], subresources: [.status])
    public static let serviceAccounts = ResourceType(
        group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount",
        shortNames: ["sa"])
    public static let events = ResourceType(
        group: "", version: "v1", kind: "Event", plural: "events", singular: "event", shortNames: ["ev"])
    public static let pods = ResourceType(
        group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod",
        shortNames: ["po"], categories: ["all"], subresources: [.status], clientWritable: false)
    public static let deployments = ResourceType(
        group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment",
        shortNames: ["deploy"], categories: ["all"], subresources: [.status, .scale], tracksGeneration: true)
    public static let replicaSets = ResourceType(
        group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset",
        shortNames: ["rs"], categories: ["all"], subresources: [.status, .scale], tracksGeneration: true)

    public static let all: [ResourceType] = [
        namespaces, configMaps, secrets, services, serviceAccounts, events, pods, deployments, replicaSets,
    ]

    /// The resource served at `/api(s)/[group/]version/plural`.
    public static func resource(group: String, version: String, plural: String) -> ResourceType? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The resource of a kind, as manifests name it by `apiVersion` and `kind`.
    public static func resource(apiVersion: String, kind: String) -> ResourceType? {
        all.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// The group versions served, in discovery order.
    public static var groupVersions: [(group: String, version: String)] {
        var seen: [String] = []
        var result: [(String, String)] = []
        for resource in all where !seen.contains(resource.apiVersion) {
            seen.append(resource.apiVersion)
            result.append((resource.group, resource.version))
        }
        return result
    }
}
