import FerryKube
import Foundation

/// The objects every cluster has from its first start, kept present as their
/// upstream owners keep them: the system namespaces (the API server's system
/// namespaces controller), the `kubernetes` Service in `default` (its bootstrap
/// controller) and the one Node with its heartbeat Lease (the kubelet's
/// registration). Deleting one brings it back.
final class SystemObjects: Reconciler {
    enum Item: Hashable, Sendable { case all }

    static let namespaceNames = ["default", "kube-system", "kube-public", "kube-node-lease"]
    /// The first address of the service range, where the API server's Service lives.
    static let apiServiceIP = "10.43.0.1"

    let store: ObjectStore
    let clock: ClusterClock
    let nodeName: String

    init(store: ObjectStore, clock: ClusterClock, nodeName: String) {
        self.store = store
        self.clock = clock
        self.nodeName = nodeName
    }

    /// Whether a key may be one of these objects, so that its deletion is undone.
    static func concerns(_ key: StoreKey) -> Bool {
        switch key.resource {
        case ResourceCatalog.namespaces: return namespaceNames.contains(key.name)
        case ResourceCatalog.services: return key.namespace == "default" && key.name == "kubernetes"
        case ResourceCatalog.nodes: return true
        case ResourceCatalog.leases: return key.namespace == "kube-node-lease"
        default: return false
        }
    }

    func reconcile(_ item: Item) throws -> Duration? {
        for name in Self.namespaceNames {
            try ensure(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: name), Self.namespace(name))
        }
        // A namespace being deleted takes no new objects; the next pass recreates it first.
        if store.namespaceAcceptsCreates("default") {
            try ensure(StoreKey(ResourceCatalog.services, namespace: "default", name: "kubernetes"), apiService())
        }
        try ensure(StoreKey(ResourceCatalog.nodes, namespace: nil, name: nodeName), node())
        if store.namespaceAcceptsCreates("kube-node-lease") {
            try ensure(StoreKey(ResourceCatalog.leases, namespace: "kube-node-lease", name: nodeName), nodeLease())
        }
        return nil
    }

    /// Creates the object at `key` unless something is stored there (an operator's
    /// edit of a system object is theirs to keep).
    private func ensure(_ key: StoreKey, _ object: @autoclosure () -> JSONValue) throws {
        try store.ensure(key, object())
    }

    /// A system namespace as the API server creates it.
    static func namespace(_ name: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": ["name": .string(name), "labels": ["kubernetes.io/metadata.name": .string(name)]],
            "spec": ["finalizers": ["kubernetes"]],
            "status": ["phase": "Active"],
        ]
    }

    private func apiService() -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service",
            "metadata": [
                "name": "kubernetes", "namespace": "default",
                "labels": ["component": "apiserver", "provider": "kubernetes"],
            ],
            "spec": [
                "type": "ClusterIP", "clusterIP": .string(Self.apiServiceIP), "clusterIPs": [.string(Self.apiServiceIP)],
                "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443]],
                "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            ],
            "status": ["loadBalancer": [:]],
        ]
    }

    private func node() -> JSONValue {
        let now = JSONValue.string(Timestamp.format(clock.now()))
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            ["type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
             "lastHeartbeatTime": now, "lastTransitionTime": now]
        }
        let resources: JSONValue = ["cpu": "2", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi"]
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string(nodeName),
                "labels": [
                    "kubernetes.io/hostname": .string(nodeName), "kubernetes.io/os": "linux",
                    "kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
                    "node-role.kubernetes.io/control-plane": "",
                ],
            ],
            "spec": ["podCIDR": "10.42.0.0/24", "podCIDRs": ["10.42.0.0/24"]],
            "status": [
                "conditions": [
                    condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ],
                "addresses": [["type": "InternalIP", "address": "127.0.0.1"], ["type": "Hostname", "address": .string(nodeName)]],
                "capacity": resources, "allocatable": resources,
                "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
                "nodeInfo": [
                    "architecture": "amd64", "operatingSystem": "linux", "osImage": "Ferry local cluster",
                    "kernelVersion": "", "containerRuntimeVersion": "ferry://simulated", "kubeletVersion": "v1.32.0-ferry",
                    "kubeProxyVersion": "v1.32.0-ferry", "machineID": "", "systemUUID": "", "bootID": "",
                ],
            ],
        ]
    }

    private func nodeLease() -> JSONValue {
        [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": ["name": .string(nodeName), "namespace": "kube-node-lease"],
            "spec": [
                "holderIdentity": .string(nodeName), "leaseDurationSeconds": 40,
                // A MicroTime, as leases carry it.
                "renewTime": .string(Timestamp.format(clock.now()).replacingOccurrences(of: "Z", with: ".000000Z")),
            ],
        ]
    }
}
