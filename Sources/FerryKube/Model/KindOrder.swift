/// The order objects are applied in, so that what others depend on exists first:
/// Namespaces and CRDs, then identities, configuration and storage, then Services,
/// then workloads, then everything else. Deletions go in reverse.
public enum KindOrder {
    private static let ranks: [String: Int] = [
        "Namespace": 0, "CustomResourceDefinition": 1,
        "PriorityClass": 2, "StorageClass": 2, "ResourceQuota": 3, "LimitRange": 3,
        "ServiceAccount": 4, "Secret": 5, "ConfigMap": 5,
        "PersistentVolume": 6, "PersistentVolumeClaim": 7,
        "ClusterRole": 8, "ClusterRoleBinding": 9, "Role": 8, "RoleBinding": 9,
        "Service": 10,
        "DaemonSet": 11, "Pod": 11, "ReplicaSet": 11, "Deployment": 11, "StatefulSet": 11,
        "Job": 12, "CronJob": 12, "HorizontalPodAutoscaler": 13, "PodDisruptionBudget": 13,
        "Ingress": 14,
    ]
    /// Kinds not listed (custom resources among them) go last.
    private static let unknownRank = 100

    public static func rank(of kind: String) -> Int { ranks[kind] ?? unknownRank }

    /// Apply order: rank, then kind, namespace and name, so the order is stable.
    public static func areInApplyOrder(_ a: ObjectIdentity, _ b: ObjectIdentity) -> Bool {
        let (ra, rb) = (rank(of: a.kind), rank(of: b.kind))
        if ra != rb { return ra < rb }
        return (a.kind, a.namespace ?? "", a.name) < (b.kind, b.namespace ?? "", b.name)
    }
}
