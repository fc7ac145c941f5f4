import FerryKube
import Foundation
import Testing
@testable import FerryLocalCluster

/// Commits never run SQLite's checkpoint (it would stall every writer inside the
/// store's lock); the background checkpointer copies the log into the database file.
@Suite("Write-ahead log checkpoints")
struct WALCheckpointTests {
    @Test("written objects reach the database file without a write waiting for it, and survive reopening")
    func checkpointsInTheBackground() async throws {
        let file = try TemporaryStoreFile()
        defer { file.remove() }
        let path = file.path
        func size(_ file: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        }
        let padding = String(repeating: "x", count: 2_000)
        do {
            let store = try ObjectStore(path: path)
            let before = size(path)
            for index in 0..<500 {
                let name = "config-\(index)"
                try store.write(StoreKey(ResourceCatalog.configMaps, namespace: "default", name: name)) { _ in
                    ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"],
                     "data": ["padding": .string(padding)]]
                }
            }
            // 500 objects of 2 KB are about 1 MB: in the log at once, in the file once checkpointed.
            let deadline = ContinuousClock.now + .seconds(20)
            while size(path) < before + 900_000, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(size(path) >= before + 900_000, "the database file grew from \(before) to \(size(path)) bytes")
        }
        let reopened = try ObjectStore(path: path)
        #expect(reopened.list(ResourceCatalog.configMaps, namespace: "default").items.count == 500)
    }
}
