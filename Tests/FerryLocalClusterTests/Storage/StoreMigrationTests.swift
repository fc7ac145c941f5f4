import FerryKube
import Foundation
import GRDB
import Testing
@testable import FerryLocalCluster

/// Data directories made before the objects table became a rowid table still open:
/// their objects move to the new layout, once, and nothing is lost.
@Suite("Store file migration")
struct StoreMigrationTests {
    /// A file as the first layout made it: a WITHOUT ROWID table and the meta table.
    private func writeFirstLayout(_ path: String, objects: [(StoreKey, JSONValue)], deletedVersion: Int64) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE objects (
                    resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                    data BLOB NOT NULL, PRIMARY KEY (resource, namespace, name)) WITHOUT ROWID;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """)
            for (key, object) in objects {
                try db.execute(sql: "INSERT INTO objects (resource, namespace, name, data) VALUES (?, ?, ?, ?)",
                               arguments: [key.resource.qualifiedName, key.namespace, key.name, Data(object.serialized())])
            }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('resourceVersion', ?)", arguments: [deletedVersion])
        }
    }

    private func objectsTableSQL(_ path: String) throws -> String? {
        // The closed store's background checkpointer may still be finishing a checkpoint:
        // wait for its lock as the store's own connection does, rather than fail at once.
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'objects'")
        }
    }

    @Test("a first-layout file opens with every object and its version, moves to the rowid table, and takes new writes")
    func migratesTheFirstLayout() throws {
        let file = try TemporaryStoreFile()
        defer { file.remove() }
        func key(_ name: String) -> StoreKey { StoreKey(ResourceCatalog.configMaps, namespace: "default", name: name) }
        func configMap(_ name: String, version: Int) -> JSONValue {
            ["apiVersion": "v1", "kind": "ConfigMap",
             "metadata": ["name": .string(name), "namespace": "default", "resourceVersion": .string(String(version)),
                          "uid": .string("uid-\(name)"), "creationTimestamp": "2026-01-01T00:00:00Z"],
             "data": ["padding": .string(String(repeating: name, count: 1_000))]]
        }
        let old = [(key("a"), configMap("a", version: 3)), (key("b"), configMap("b", version: 5))]
        try writeFirstLayout(file.path, objects: old, deletedVersion: 7)

        do {
            let store = try ObjectStore(path: file.path)
            #expect(store.resourceVersion == 7)
            for (key, object) in old { #expect(store.getStored(key)?.json == object.serialized()) }
            try store.write(key("a")) { current in
                var next = current
                next?[path: ["data", "more"]] = "x"
                return next
            }
            try store.write(key("c")) { _ in configMap("c", version: 0) }
        }
        let sql = try #require(try objectsTableSQL(file.path))
        #expect(!sql.uppercased().contains("WITHOUT ROWID"))

        let reopened = try ObjectStore(path: file.path)
        #expect(reopened.resourceVersion == 9)
        #expect(reopened.get(key("a"))?[path: ["data", "more"]] == "x")
        #expect(reopened.get(key("a"))?[path: ["metadata", "resourceVersion"]] == "8")
        #expect(reopened.getStored(key("b"))?.json == old[1].1.serialized())
        #expect(reopened.get(key("c"))?[path: ["metadata", "resourceVersion"]] == "9")
        #expect(reopened.list(ResourceCatalog.configMaps).items.count == 3)
    }
}
