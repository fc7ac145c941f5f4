import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// The resourceVersion never goes back after a restart: it is the last write's, whether
/// that stored an object (which carries its version) or deleted one (kept apart).
@Suite("resourceVersion across restarts")
struct ResourceVersionPersistenceTests {
    @Test("after writes, and after a deletion of the newest object, reopening resumes at the last version")
    func resumesAtTheLastVersion() throws {
        let file = try TemporaryStoreFile()
        defer { file.remove() }
        let path = file.path
        func key(_ name: String) -> StoreKey { StoreKey(ResourceCatalog.configMaps, namespace: "default", name: name) }
        func configMap(_ name: String) -> JSONValue {
            ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"]]
        }

        var afterWrites: Int64 = 0
        do {
            let store = try ObjectStore(path: path)
            for name in ["a", "b", "c"] { try store.write(key(name)) { _ in configMap(name) } }
            afterWrites = store.resourceVersion
            #expect(afterWrites == 3)
        }
        var afterDeletion: Int64 = 0
        do {
            let store = try ObjectStore(path: path)
            #expect(store.resourceVersion == afterWrites)
            try store.write(key("c")) { _ in nil }  // the newest object
            afterDeletion = store.resourceVersion
            #expect(afterDeletion == afterWrites + 1)
        }
        let reopened = try ObjectStore(path: path)
        #expect(reopened.resourceVersion == afterDeletion)
        try reopened.write(key("d")) { _ in configMap("d") }
        #expect(reopened.get(key("d"))?[path: ["metadata", "resourceVersion"]]?.string == String(afterDeletion + 1))
    }
}
