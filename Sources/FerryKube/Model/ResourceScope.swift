/// Which kinds live outside namespaces, known before any cluster is asked.
///
/// Validation and rendering run without a cluster, so the scope of the built-in
/// kinds is written down here; a CustomResourceDefinition in the same manifests
/// states the scope of its own kind. Any other kind is taken as namespaced, and
/// the cluster's discovery has the last word when Ferry syncs.
public struct ResourceScope: Sendable {
    /// Built-in cluster-scoped kinds, by `group/kind` ("" is the core group).
    static let builtInClusterScoped: Set<String> = [
        "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
        "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
        "apiextensions.k8s.io/CustomResourceDefinition",
        "apiregistration.k8s.io/APIService",
        "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
        "storage.k8s.io/VolumeAttachment",
        "scheduling.k8s.io/PriorityClass",
        "node.k8s.io/RuntimeClass",
        "networking.k8s.io/IngressClass",
        "admissionregistration.k8s.io/MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
        "certificates.k8s.io/CertificateSigningRequest",
        "flowcontrol.apiserver.k8s.io/FlowSchema",
        "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
    ]

    private var customClusterScoped: Set<String> = []

    public init() {}

    /// Records the scope that a CustomResourceDefinition declares for its kind.
    public mutating func learn(group: String, kind: String, clusterScoped: Bool) {
        if clusterScoped { customClusterScoped.insert("\(group)/\(kind)") }
    }

    public func isClusterScoped(group: String, kind: String) -> Bool {
        let key = "\(group)/\(kind)"
        return Self.builtInClusterScoped.contains(key) || customClusterScoped.contains(key)
    }
}
