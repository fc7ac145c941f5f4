import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// What every commit promises, however many writers race: versions in commit order,
/// watch events in that order, stored bytes equal to the stored object, and a reopened
/// store holding exactly what was acknowledged.
@Suite("Object store commits")
struct ObjectStoreCommitTests {
    private static func key(_ index: Int) -> StoreKey {
        StoreKey(ResourceCatalog.configMaps, namespace: "default", name: "config-\(index)")
    }

    private static func configMap(_ index: Int, round: Int) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap",
         "metadata": ["name": .string("config-\(index)"), "namespace": "default", "labels": ["round": .string("\(round)")]],
         "data": ["padding": .string(String(repeating: "x", count: 1_900)), "round": .string("\(round)")]]
    }

    /// Writers on many tasks: creates, then updates that race on shared keys (each
    /// counts its own writes into the object, so a lost update would show), then deletions.
    private static func race(_ store: ObjectStore, writers: Int = 8, keys: Int = 24) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in stride(from: writer, to: keys, by: writers) {
                        try store.write(key(index)) { _ in configMap(index, round: 0) }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for round in 1...10 {
                        for index in 0..<keys where index % 3 == writer % 3 {
                            try store.write(key(index)) { current in
                                var next = current ?? configMap(index, round: 0)
                                let count = next[path: ["data", "count"]]?.string.flatMap { Int($0) } ?? 0
                                next[path: ["data", "count"]] = .string(String(count + 1))
                                next[path: ["data", "writer-\(writer)"]] = .string(String(round))
                                return next
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        for index in stride(from: 0, to: keys, by: 4) {
            try store.write(key(index)) { _ in nil }
        }
    }

    @Test("concurrent writers: resourceVersions are consecutive and watch events arrive in their order, each with its object's bytes")
    func orderUnderConcurrentWriters() async throws {
        let store = try ObjectStore(path: nil)
        let subscription = try store.watches.subscribe(after: 0) { _ in true }
        try await Self.race(store)
        let last = store.resourceVersion
        subscription.cancel()
        var events: [StoreEvent] = []
        for await event in subscription.events { events.append(event) }

        // 24 creates, 10 rounds by 8 writers over the keys of their third, 6 deletions.
        #expect(last == 24 + 10 * 8 * 8 + 6)
        #expect(events.map(\.resourceVersion) == Array(1...last))
        for event in events {
            #expect(event.objectJSON == event.object.serialized())
            #expect(event.object[path: ["metadata", "resourceVersion"]]?.string == String(event.resourceVersion))
        }
        // Every update counted: no write was lost to a race.
        for index in 0..<24 where index % 4 != 0 {
            let stored = try #require(store.getStored(Self.key(index)))
            let writers = (0..<8).filter { $0 % 3 == index % 3 }
            #expect(stored.object[path: ["data", "count"]]?.string == String(10 * writers.count))
            #expect(stored.json == stored.object.serialized())
        }
    }

    @Test("a reopened store holds exactly what concurrent writers were told was stored")
    func reopenAfterConcurrentWrites() async throws {
        let file = try TemporaryStoreFile()
        defer { file.remove() }
        var acknowledged: [StoreKey: [UInt8]] = [:]
        var version: Int64 = 0
        do {
            let store = try ObjectStore(path: file.path)
            try await Self.race(store)
            for index in 0..<24 { acknowledged[Self.key(index)] = store.getStored(Self.key(index))?.json }
            version = store.resourceVersion
        }
        let reopened = try ObjectStore(path: file.path)
        #expect(reopened.resourceVersion == version)
        for index in 0..<24 {
            let stored = reopened.getStored(Self.key(index))
            #expect(stored?.json == acknowledged[Self.key(index)], "config-\(index)")
            #expect(stored.map { $0.object.serialized() == $0.json } ?? true)
        }
        #expect(reopened.list(ResourceCatalog.configMaps).items.count == 18)
    }

    @Test("a crash after concurrent writes loses nothing acknowledged: the files as they are on disk, copied while the store runs, open to the same state")
    func filesOnDiskHoldEveryAcknowledgedWrite() async throws {
        let file = try TemporaryStoreFile(), copy = try TemporaryStoreFile()
        defer {
            file.remove()
            copy.remove()
        }
        let store = try ObjectStore(path: file.path)
        try await Self.race(store)
        var acknowledged: [StoreKey: [UInt8]] = [:]
        for index in 0..<24 { acknowledged[Self.key(index)] = store.getStored(Self.key(index))?.json }
        // The store stays open (nothing closed, nothing checkpointed on purpose): what a
        // killed process leaves is the database file and its write-ahead log.
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: file.path + suffix) {
            try FileManager.default.copyItem(atPath: file.path + suffix, toPath: copy.path + suffix)
        }
        let recovered = try ObjectStore(path: copy.path)
        #expect(recovered.resourceVersion == store.resourceVersion)
        for index in 0..<24 {
            #expect(recovered.getStored(Self.key(index))?.json == acknowledged[Self.key(index)], "config-\(index)")
        }
    }

    @Test("the generation follows the spec: not metadata, not status; apiVersion and kind are set by the store")
    func generation() throws {
        let store = try ObjectStore(path: nil)
        let key = StoreKey(ResourceCatalog.deployments, namespace: "default", name: "web")
        func generation() -> Int64? { store.get(key)?[path: ["metadata", "generation"]]?.int }
        let deployment: JSONValue = ["metadata": ["name": "web"], "spec": ["replicas": 1]]
        let created = try store.write(key) { _ in deployment }
        #expect(created.object?["apiVersion"] == "apps/v1" && created.object?["kind"] == "Deployment")
        #expect(created.object?[path: ["metadata", "namespace"]] == "default")
        #expect(generation() == 1)
        try store.write(key) { current in
            var next = current
            next?[path: ["metadata", "labels"]] = ["a": "b"]
            next?["status"] = ["replicas": 1]
            return next
        }
        #expect(generation() == 1)
        try store.write(key) { current in
            var next = current
            next?[path: ["spec", "replicas"]] = 2
            return next
        }
        #expect(generation() == 2)
        try store.write(key) { current in
            var next = current
            next?["extra"] = "a top-level field is spec too"
            return next
        }
        #expect(generation() == 3)
        // The same object again is a no-op: no new version.
        let before = store.resourceVersion
        let again = try store.write(key) { current in current }
        #expect(again.event == nil && store.resourceVersion == before)
    }
}
