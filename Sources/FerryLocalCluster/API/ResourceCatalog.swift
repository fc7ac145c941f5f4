/// The built-in resources the local cluster serves: the kinds real repositories
/// hold (workloads, networking, storage claims, RBAC, autoscalers, CRDs), the ones
/// a standard cluster has (nodes, leases, events), and Ferry's own records.
/// Custom resources come from CRDs at run time (see ``ServedResources``).
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

    public static let nodes = ResourceType(
        group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node",
        shortNames: ["no"], namespaced: false, subresources: [.status])
    public static let persistentVolumeClaims = ResourceType(
        group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims",
        singular: "persistentvolumeclaim", shortNames: ["pvc"], subresources: [.status])
    public static let persistentVolumes = ResourceType(
        group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes",
        singular: "persistentvolume", shortNames: ["pv"], namespaced: false, subresources: [.status])
    public static let statefulSets = ResourceType(
        group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", singular: "statefulset",
        shortNames: ["sts"], categories: ["all"], subresources: [.status, .scale], tracksGeneration: true)
    public static let daemonSets = ResourceType(
        group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", singular: "daemonset",
        shortNames: ["ds"], categories: ["all"], subresources: [.status], tracksGeneration: true)
    public static let controllerRevisions = ResourceType(
        group: "apps", version: "v1", kind: "ControllerRevision", plural: "controllerrevisions",
        singular: "controllerrevision")
    public static let jobs = ResourceType(
        group: "batch", version: "v1", kind: "Job", plural: "jobs", singular: "job",
        categories: ["all"], subresources: [.status], tracksGeneration: true)
    public static let cronJobs = ResourceType(
        group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob",
        shortNames: ["cj"], categories: ["all"], subresources: [.status], tracksGeneration: true)
    public static let ingresses = ResourceType(
        group: "networking.k8s.io", version: "v1", kind: "Ingress", plural: "ingresses", singular: "ingress",
        shortNames: ["ing"], subresources: [.status], tracksGeneration: true)
    public static let roles = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", plural: "roles", singular: "role")
    public static let roleBindings = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", plural: "rolebindings",
        singular: "rolebinding")
    public static let clusterRoles = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", plural: "clusterroles",
        singular: "clusterrole", namespaced: false)
    public static let clusterRoleBindings = ResourceType(
        group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", plural: "clusterrolebindings",
        singular: "clusterrolebinding", namespaced: false)
    public static let horizontalPodAutoscalers = ResourceType(
        group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers",
        singular: "horizontalpodautoscaler", shortNames: ["hpa"], categories: ["all"], subresources: [.status],
        tracksGeneration: true)
    public static let leases = ResourceType(
        group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", singular: "lease")
    public static let customResourceDefinitions = ResourceType(
        group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
        plural: "customresourcedefinitions", singular: "customresourcedefinition", shortNames: ["crd", "crds"],
        namespaced: false, subresources: [.status], tracksGeneration: true)

    public static let all: [ResourceType] = [
        namespaces, configMaps, secrets, services, serviceAccounts, events, pods, nodes, persistentVolumeClaims, persistentVolumes,
        deployments, replicaSets, statefulSets, daemonSets, controllerRevisions,
        jobs, cronJobs, ingresses, roles, roleBindings, clusterRoles, clusterRoleBindings,
        horizontalPodAutoscalers, leases, customResourceDefinitions,
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
