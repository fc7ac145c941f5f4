import FerryKube
@testable import FerryLocalCluster
import Testing

@Suite("REST reads, watches and deletes")
struct ResourceAPIReadTests {
    func configMap(_ name: String, labels: JSONValue = [:]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "labels": labels], "data": ["k": "v"]]
    }

    @Test("list filters by label and field selectors and pages with limit and continue")
    func listing() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "t")
        for (name, tier) in [("a", "web"), ("b", "db"), ("c", "web"), ("d", "web")] {
            _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: configMap(name, labels: ["tier": .string(tier)]), options: options)
        }
        let web = try api.list(ResourceCatalog.configMaps, namespace: "spark",
                               options: ListOptions(labelSelector: try LabelSelector(parsing: "tier in (web)")))
        #expect(web["items"]?.array?.compactMap { $0[path: ["metadata", "name"]]?.string } == ["a", "c", "d"])
        let named = try api.list(ResourceCatalog.configMaps, namespace: "spark",
                                 options: ListOptions(fieldSelector: try FieldSelector(parsing: "metadata.name=b")))
        #expect(named["items"]?.array?.count == 1)
        let page = try api.list(ResourceCatalog.configMaps, namespace: "spark", options: ListOptions(limit: 3))
        #expect(page["items"]?.array?.count == 3)
        let token = try #require(page[path: ["metadata", "continue"]]?.string)
        let rest = try api.list(ResourceCatalog.configMaps, namespace: "spark", options: ListOptions(limit: 3, continueToken: token))
        #expect(rest["items"]?.array?.compactMap { $0[path: ["metadata", "name"]]?.string } == ["d"])
        #expect(rest[path: ["metadata", "continue"]] == nil)
        #expect(try api.list(ResourceCatalog.configMaps, namespace: "nowhere", options: ListOptions())["items"] == [])
    }

    @Test("a watch from a resourceVersion replays what came after it, then follows")
    func watchFromVersion() async throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "t")
        _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: configMap("before"), options: options)
        let version = String(api.store.resourceVersion)
        _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: configMap("after"), options: options)
        let subscription = try api.watch(ResourceCatalog.configMaps, namespace: "spark", options: ListOptions(resourceVersion: version))
        _ = try api.delete(StoreKey(ResourceCatalog.configMaps, namespace: "spark", name: "before"), options: DeleteOptions())
        var seen: [String] = []
        for await event in subscription.events {
            seen.append("\(event.kind.rawValue) \(event.key.name)")
            if seen.count == 2 { break }
        }
        subscription.cancel()
        #expect(seen == ["ADDED after", "DELETED before"])
    }

    @Test("a watch without a resourceVersion starts with the current state")
    func watchCurrentState() async throws {
        let api = try makeAPI()
        _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: configMap("one"), options: WriteOptions(fieldManager: "t"))
        let subscription = try api.watch(ResourceCatalog.configMaps, namespace: "spark", options: ListOptions())
        var iterator = subscription.events.makeAsyncIterator()
        let first = await iterator.next()
        subscription.cancel()
        #expect(first?.kind == .added && first?.key.name == "one")
    }

    @Test("a resourceVersion older than the history is Expired")
    func expired() throws {
        let api = ResourceAPI(store: try ObjectStore(path: nil, watchHistory: 2))
        let options = WriteOptions(fieldManager: "t")
        for name in ["a", "b", "c", "d"] {
            _ = try api.create(ResourceCatalog.namespaces, namespace: nil, body: ["metadata": ["name": .string(name)]], options: options)
        }
        let error = apiError { _ = try api.watch(ResourceCatalog.namespaces, namespace: nil, options: ListOptions(resourceVersion: "1")) }
        #expect(error?.code == 410 && error?.reason == "Expired")
    }

    @Test("deleting a namespace marks it Terminating; default may not be deleted")
    func namespaceDeletion() throws {
        let api = try makeAPI()
        let deleted = try api.delete(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "spark"), options: DeleteOptions())
        #expect(deleted[path: ["status", "phase"]] == "Terminating")
        #expect(deleted[path: ["metadata", "deletionTimestamp"]] != nil)
        let error = apiError {
            _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: configMap("late"), options: WriteOptions(fieldManager: "t"))
        }
        #expect(error?.code == 403)
        #expect(apiError { _ = try api.delete(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "default"), options: DeleteOptions()) }?.code == 403)
    }

    @Test("orphan propagation removes the owner reference from dependents")
    func orphan() throws {
        let api = try makeAPI()
        let owner = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: configMap("owner"), options: WriteOptions(fieldManager: "t"))
        var dependent = configMap("dependent")
        dependent[path: ["metadata", "ownerReferences"]] = [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner",
                                                             "uid": owner[path: ["metadata", "uid"]] ?? .null]]
        _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: dependent, options: WriteOptions(fieldManager: "t"))
        _ = try api.delete(StoreKey(ResourceCatalog.configMaps, namespace: "spark", name: "owner"), options: DeleteOptions(propagation: .orphan))
        let kept = try api.get(StoreKey(ResourceCatalog.configMaps, namespace: "spark", name: "dependent"))
        #expect(kept[path: ["metadata", "ownerReferences"]] == nil)
    }
}
