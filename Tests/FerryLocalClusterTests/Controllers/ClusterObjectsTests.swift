import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

@Suite("What a standard cluster has: system namespaces, the kubernetes Service, a Node, per-namespace defaults, bound claims")
struct ClusterObjectsTests {
    @Test("the system namespaces, the kubernetes Service, the Node and its Lease exist and come back when deleted")
    func systemObjects() async throws {
        try await withCluster(namespaces: []) { cluster in
            let store = cluster.store
            for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
                try await cluster.eventually("namespace \(name)") {
                    store.get(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: name))?[path: ["status", "phase"]] == "Active"
                }
            }
            let service = StoreKey(ResourceCatalog.services, namespace: "default", name: "kubernetes")
            let api = try await cluster.eventually("the kubernetes Service") { store.get(service) }
            #expect(api[path: ["spec", "clusterIP"]] == "10.43.0.1")
            #expect(api[path: ["spec", "ports"]]?.array?.first?["port"] == 443)
            let nodeKey = StoreKey(ResourceCatalog.nodes, namespace: nil, name: "ferry-local")
            let node = try await cluster.eventually("the node") { store.get(nodeKey) }
            let ready = node[path: ["status", "conditions"]]?.array?.first { $0["type"] == "Ready" }
            #expect(ready?["status"] == "True")
            #expect(store.get(StoreKey(ResourceCatalog.leases, namespace: "kube-node-lease", name: "ferry-local"))?[path: ["spec", "holderIdentity"]] == "ferry-local")

            let uid = try #require(api.uid)
            #expect(try store.delete(service, uid: uid))
            try await cluster.eventually("the kubernetes Service recreated") {
                store.get(service).map { $0.uid != uid } ?? false
            }
            #expect(try store.delete(nodeKey, uid: node.uid))
            try await cluster.eventually("the node re-registered") { store.get(nodeKey).map { $0.uid != node.uid } ?? false }
        }
    }

    @Test("every live namespace gets a default ServiceAccount, again after it is deleted, and none while terminating")
    func defaultServiceAccount() async throws {
        try await withCluster(namespaces: ["team"]) { cluster in
            let store = cluster.store
            let key = StoreKey(ResourceCatalog.serviceAccounts, namespace: "team", name: "default")
            let account = try await cluster.eventually("the default ServiceAccount") { store.get(key) }
            #expect(try store.delete(key, uid: account.uid))
            try await cluster.eventually("the default ServiceAccount recreated") {
                store.get(key).map { $0.uid != account.uid } ?? false
            }
            // A namespace being deleted is emptied for good: its ServiceAccount does not come back.
            let namespace = StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "team")
            try store.write(namespace) { current in
                var object = current
                object?[path: ["metadata", "deletionTimestamp"]] = .string(Timestamp.format(cluster.clock.now()))
                return object
            }
            try await cluster.eventually("the namespace gone") { store.get(namespace) == nil }
            #expect(store.get(key) == nil)
        }
    }

    @Test("a claim is bound at once to a volume of its size, and its volume goes with it")
    func claimBinding() async throws {
        try await withCluster(namespaces: ["data"]) { cluster in
            let store = cluster.store
            let claim: JSONValue = [
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": ["name": "cache", "namespace": "data"],
                "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "5Gi"]], "volumeMode": "Filesystem"],
            ]
            let created = try #require(try cluster.create(claim, ResourceCatalog.persistentVolumeClaims))
            let key = StoreKey(ResourceCatalog.persistentVolumeClaims, namespace: "data", name: "cache")
            let bound = try await cluster.eventually("the claim bound") {
                store.get(key).flatMap { $0[path: ["status", "phase"]] == "Bound" ? Optional($0) : Optional<JSONValue>.none }
            }
            let volumeName = "pvc-\(try #require(created.uid))"
            #expect(bound[path: ["spec", "volumeName"]]?.string == volumeName)
            #expect(bound[path: ["status", "capacity", "storage"]] == "5Gi")
            let volumeKey = StoreKey(ResourceCatalog.persistentVolumes, namespace: nil, name: volumeName)
            let volume = try #require(store.get(volumeKey))
            #expect(volume[path: ["spec", "claimRef", "name"]] == "cache")
            #expect(volume[path: ["spec", "capacity", "storage"]] == "5Gi")
            #expect(try store.delete(key, uid: created.uid))
            try await cluster.eventually("the volume deleted") { store.get(volumeKey) == nil }
        }
    }
}
