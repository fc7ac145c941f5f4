import FerryKube
import Foundation

/// What every live namespace holds, kept as upstream's controllers keep it: the
/// `default` ServiceAccount (the service account controller) and the
/// `kube-root-ca.crt` ConfigMap with the cluster's CA (the root CA publisher, which
/// also restores its data when edited). Deleting either brings it back.
struct NamespaceDefaults: Sendable {
    static let serviceAccountName = "default"
    static let rootCAConfigMapName = "kube-root-ca.crt"
    static let rootCADescription = "Contains a CA bundle that can be used to verify the kube-apiserver when using "
        + "internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
        + "guaranteed across distributions of Kubernetes clusters."

    let store: ObjectStore
    /// The CA that signs the API server's certificate; nil (a cluster without TLS,
    /// as in controller tests) publishes no ConfigMap.
    let rootCertificatePEM: String?

    /// Whether `key` is one of these objects, so that its deletion re-queues its namespace.
    static func concerns(_ key: StoreKey) -> Bool {
        (key.resource == ResourceCatalog.serviceAccounts && key.name == serviceAccountName)
            || (key.resource == ResourceCatalog.configMaps && key.name == rootCAConfigMapName)
    }

    func ensure(in namespace: String) throws {
        guard store.namespaceAcceptsCreates(namespace) else { return }
        let account = StoreKey(ResourceCatalog.serviceAccounts, namespace: namespace, name: Self.serviceAccountName)
        try store.ensure(account, [
            "apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": ["name": .string(Self.serviceAccountName), "namespace": .string(namespace)],
        ])
        guard let rootCertificatePEM else { return }
        let data: JSONValue = ["ca.crt": .string(rootCertificatePEM)]
        let configMap = StoreKey(ResourceCatalog.configMaps, namespace: namespace, name: Self.rootCAConfigMapName)
        try store.write(configMap) { current in
            guard var object = current else {
                return [
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": [
                        "name": .string(Self.rootCAConfigMapName), "namespace": .string(namespace),
                        "annotations": ["kubernetes.io/description": .string(Self.rootCADescription)],
                    ],
                    "data": data,
                ]
            }
            if object["data"] != data { object["data"] = data }
            return object
        }
    }
}
