import FerryKube
import Foundation
import GRDB

/// The SQLite file behind the store, in WAL mode: each write commits before the
/// request is answered, so a crashed or killed server loses nothing it acknowledged.
final class StoreDatabase: Sendable {
    private let queue: DatabaseQueue
    private let checkpointer: WALCheckpointer

    init(path: String) throws {
        var configuration = Configuration()
        // The checkpointer's connection may hold a lock for a moment (opening, a
        // restarting checkpoint): wait for it rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL keeps readers and the writer apart; NORMAL sync is durable against
            // a process crash (the WAL is in the OS cache), which is the promise made here.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoints are WALCheckpointer's, off the commit path; a log reset
            // after one trims the file back to 64 MiB.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            // 32 MiB of page cache rather than 2: an update reads its row's page and the
            // index's from here, not again from the file (some 8,000 objects of 4 KiB pages).
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
            try queue.write { db in
                try Self.createOrMigrate(db)
            }
            checkpointer = try WALCheckpointer(path: path)
        } catch {
            throw StoreError("cannot open the cluster database \(path): \(error)")
        }
    }

    deinit {
        checkpointer.stop()
    }

    /// The objects table: an ordinary (rowid) table, its key in a unique index. A 2 KB
    /// object then fits in its table page, and rewriting it changes that one page. The
    /// first layout, a WITHOUT ROWID table keyed by the same columns, spilled such rows
    /// into overflow pages, so that each write logged three or four pages.
    static let objectsTable = """
        CREATE TABLE objects (
            id INTEGER PRIMARY KEY, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
            data BLOB NOT NULL);
        CREATE UNIQUE INDEX objects_key ON objects (resource, namespace, name);
        """

    /// Creates the tables of a new file, or moves an older file's objects into the
    /// current layout (in the caller's transaction: all or nothing).
    static func createOrMigrate(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
        let existing = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'objects'")
        guard let existing else {
            try db.execute(sql: objectsTable)
            return
        }
        guard existing.uppercased().contains("WITHOUT ROWID") else { return }
        try db.execute(sql: "ALTER TABLE objects RENAME TO objects_without_rowid")
        try db.execute(sql: objectsTable)
        try db.execute(sql: """
            INSERT INTO objects (resource, namespace, name, data)
                SELECT resource, namespace, name, data FROM objects_without_rowid;
            DROP TABLE objects_without_rowid;
            """)
    }

    /// One stored object, its resource named as stored (`deployments.apps`): custom
    /// resources can only be resolved once the CRDs among the rows are known.
    struct LoadedObject {
        var resource: String
        var namespace: String
        var name: String
        var object: JSONValue
        var json: [UInt8]
    }

    func load() throws -> (objects: [LoadedObject], resourceVersion: Int64) {
        try queue.read { db in
            var objects: [LoadedObject] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT resource, namespace, name, data FROM objects")
            while let row = try rows.next() {
                let resourceName: String = row["resource"]
                let data: Data = row["data"]
                guard let object = try? JSONValue.parse(data) else {
                    throw StoreError("the cluster database holds an unreadable \(resourceName) object; reset the cluster")
                }
                objects.append(LoadedObject(resource: resourceName, namespace: row["namespace"], name: row["name"],
                                            object: object, json: Array(data)))
            }
            // The latest resourceVersion is that of the last write: a stored object's own
            // (it carries the version it was written with), or the last deletion's (in meta).
            var version = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'resourceVersion'") ?? 0
            for loaded in objects {
                if let stored = loaded.object[path: ["metadata", "resourceVersion"]]?.string.flatMap({ Int64($0) }) {
                    version = max(version, stored)
                }
            }
            return (objects, version)
        }
    }

    // Every write goes through these few statements: they are prepared once and
    // cached by GRDB rather than parsed on each call.

    /// Stores an object; `data` holds its resourceVersion, so nothing else is written.
    /// One statement is its own transaction (SQLite's autocommit), as atomic and durable
    /// as an explicit one, without the BEGIN and COMMIT statements around it. An existing
    /// row is updated in place (not deleted and inserted again, as INSERT OR REPLACE
    /// would): its rowid and index entry stay, so only its table page changes.
    func put(_ key: StoreKey, data: [UInt8]) throws {
        try queue.writeWithoutTransaction { db in
            try db.cachedStatement(sql: """
                INSERT INTO objects (resource, namespace, name, data) VALUES (?, ?, ?, ?)
                    ON CONFLICT (resource, namespace, name) DO UPDATE SET data = excluded.data
                """)
                .execute(arguments: [key.resource.qualifiedName, key.namespace, key.name, Data(data)])
        }
    }

    func delete(_ key: StoreKey, resourceVersion: Int64) throws {
        try queue.write { db in
            try db.cachedStatement(sql: "DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?")
                .execute(arguments: [key.resource.qualifiedName, key.namespace, key.name])
            try setVersion(db, resourceVersion)
        }
    }

    private func setVersion(_ db: Database, _ version: Int64) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('resourceVersion', ?)")
            .execute(arguments: [version])
    }
}
