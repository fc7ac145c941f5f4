import FerryKube
import Testing
@testable import FerryLocalCluster

/// A commit shows its object to reads just before it publishes the event, so a watch
/// started from a list can start after the newest event the hub has published.
@Suite("Watch hub")
struct WatchHubTests {
    private static func event(_ version: Int64) -> StoreEvent {
        let key = StoreKey(ResourceCatalog.configMaps, namespace: "default", name: "config-\(version)")
        return StoreEvent(kind: .added, key: key, resourceVersion: version, object: ["kind": "ConfigMap"], objectJSON: [])
    }

    @Test("a watch from a version the hub has not published yet gets only the events after it")
    func watchFromAheadOfTheHub() async {
        let hub = WatchHub(capacity: 10, startingAt: 0)
        hub.publish(Self.event(1))
        // A list read version 3 while the hub has published only 1.
        guard let subscription = try? hub.subscribe(after: 3, filter: { _ in true }) else {
            Issue.record("the subscription was refused")
            return
        }
        for version in 2...5 { hub.publish(Self.event(Int64(version))) }
        subscription.cancel()
        var delivered: [Int64] = []
        for await event in subscription.events { delivered.append(event.resourceVersion) }
        #expect(delivered == [4, 5])
    }
}
