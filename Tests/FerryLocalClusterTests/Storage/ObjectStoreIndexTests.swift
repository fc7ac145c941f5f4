import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// The store's controller index: what the controllers read instead of a whole namespace.
@Suite("Object store controller index")
struct ObjectStoreIndexTests {
    private func replicaSet(_ name: String, namespace: String = "default", controller: String?, other: String? = nil) -> JSONValue {
        var references: [JSONValue] = []
        if let other {
            references.append(["apiVersion": "v1", "kind": "ConfigMap", "name": "keeper", "uid": .string(other)])
        }
        if let controller {
            references.append(["apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": .string(controller),
                               "controller": true, "blockOwnerDeletion": true])
        }
        var metadata: [String: JSONValue] = ["name": .string(name), "namespace": .string(namespace)]
        if !references.isEmpty { metadata["ownerReferences"] = .array(references) }
        return ["apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": .object(metadata), "spec": ["replicas": 0]]
    }

    private func put(_ store: ObjectStore, _ object: JSONValue) throws {
        try store.write(StoreKey(ResourceCatalog.replicaSets, namespace: object.namespace, name: object.name)) { _ in object }
    }

    private func names(_ store: ObjectStore, namespace: String = "default", _ controller: String?) -> [String] {
        store.list(ResourceCatalog.replicaSets, namespace: namespace, controlledBy: controller).map(\.name)
    }

    @Test("objects are found by their controller's uid, orphans by nil; other owner references do not count")
    func byController() throws {
        let store = try ObjectStore(path: nil)
        try put(store, replicaSet("b", controller: "uid-1"))
        try put(store, replicaSet("a", controller: "uid-1"))
        try put(store, replicaSet("c", controller: "uid-2"))
        try put(store, replicaSet("d", controller: nil, other: "uid-1"))
        try put(store, replicaSet("e", namespace: "other", controller: "uid-1"))

        #expect(names(store, "uid-1") == ["a", "b"])
        #expect(names(store, "uid-2") == ["c"])
        #expect(names(store, nil) == ["d"])
        #expect(names(store, namespace: "other", "uid-1") == ["e"])
        #expect(names(store, "uid-3").isEmpty)
        #expect(store.list(ResourceCatalog.replicaSets, namespace: "default").items.map(\.name) == ["a", "b", "c", "d"])
        #expect(store.list(ResourceCatalog.replicaSets).items.map(\.name) == ["a", "b", "c", "d", "e"])
    }

    @Test("the index follows a change of controller, a release and a deletion")
    func followsWrites() throws {
        let store = try ObjectStore(path: nil)
        try put(store, replicaSet("a", controller: "uid-1"))
        try put(store, replicaSet("a", controller: "uid-2"))
        #expect(names(store, "uid-1").isEmpty)
        #expect(names(store, "uid-2") == ["a"])

        try put(store, replicaSet("a", controller: nil))
        #expect(names(store, "uid-2").isEmpty)
        #expect(names(store, nil) == ["a"])

        try store.write(StoreKey(ResourceCatalog.replicaSets, namespace: "default", name: "a")) { _ in nil }
        #expect(names(store, nil).isEmpty)
        #expect(store.list(ResourceCatalog.replicaSets, namespace: "default").items.isEmpty)
    }

    @Test("a dry run leaves the index alone, and reopening the database rebuilds it")
    func dryRunAndReopen() throws {
        let file = try TemporaryStoreFile()
        defer { file.remove() }
        let path = file.path
        do {
            let store = try ObjectStore(path: path)
            try put(store, replicaSet("a", controller: "uid-1"))
            try store.write(StoreKey(ResourceCatalog.replicaSets, namespace: "default", name: "a"), dryRun: true) { _ in
                replicaSet("a", controller: "uid-9")
            }
            #expect(names(store, "uid-9").isEmpty)
            #expect(names(store, "uid-1") == ["a"])
        }
        let reopened = try ObjectStore(path: path)
        #expect(names(reopened, "uid-1") == ["a"])
    }
}
