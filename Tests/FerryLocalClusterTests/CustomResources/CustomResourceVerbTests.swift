import FerryKube
import FerryLocalCluster
import Foundation
import Testing

/// Custom resources through every verb over HTTPS, as apiextensions-apiserver serves them.
@Suite("Custom resource verbs")
struct CustomResourceVerbTests {
    @Test("create, get, list with label and field selectors, update, delete and deletecollection")
    func crud() async throws {
        let cluster = try await ServedCluster.start()
        let group = "verbs.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        let collection = Widgets.collection(group)
        for (name, tier) in [("a", "fe"), ("b", "be"), ("c", "be")] {
            let created = try await cluster.client.send(.POST, collection, json: Widgets.widget(name, group: group, labels: ["tier": .string(tier)]))
            #expect(created.status == 201, "\(created)")
            #expect(created.json[path: ["metadata", "generation"]] == 1)
        }
        let read = try await cluster.client.get(collection + "/a")
        #expect(read.json["apiVersion"] == .string("\(group)/v1"))
        #expect(read.json["kind"] == "Widget")
        #expect(read.json[path: ["spec", "color"]] == "red")
        let selected = try await cluster.client.get(collection + "?labelSelector=tier%3Dbe")
        #expect(selected.json["kind"] == "WidgetList")
        #expect(selected.json["items"]?.array?.compactMap { $0[path: ["metadata", "name"]]?.string } == ["b", "c"])
        let byName = try await cluster.client.get("/apis/\(group)/v1/widgets?fieldSelector=metadata.name%3Dc")
        #expect(byName.json["items"]?.array?.count == 1)
        let byNamespace = try await cluster.client.get("/apis/\(group)/v1/widgets?fieldSelector=metadata.namespace%3Ddefault")
        #expect(byNamespace.json["items"]?.array?.count == 3)

        var changed = read.json
        changed[path: ["spec", "size"]] = 7
        let updated = try await cluster.client.send(.PUT, collection + "/a", json: changed)
        #expect(updated.status == 200, "\(updated)")
        #expect(updated.json[path: ["spec", "size"]] == 7)
        #expect(updated.json[path: ["metadata", "generation"]] == 2)
        let stale = try await cluster.client.send(.PUT, collection + "/a", json: changed)
        #expect(stale.status == 409)

        #expect(try await cluster.client.send(.DELETE, collection + "/a").status == 200)
        #expect(try await cluster.client.get(collection + "/a").status == 404)
        let cleared = try await cluster.client.send(.DELETE, collection + "?labelSelector=tier%3Dbe")
        #expect(cleared.status == 200)
        #expect(cleared.json["items"]?.array?.count == 2)
        #expect(try await cluster.client.get(collection).json["items"] == [])
        await cluster.stop()
    }

    @Test("watch delivers ADDED, MODIFIED and DELETED events of custom resources")
    func watch() async throws {
        let cluster = try await ServedCluster.start()
        let group = "watch.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        let collection = Widgets.collection(group)
        let watch = try await cluster.client.stream(collection + "?watch=true&timeoutSeconds=60")
        try await waitUntil(within: .seconds(30)) { cluster.clientWatches == 1 }
        _ = try await cluster.client.send(.POST, collection, json: Widgets.widget("w", group: group))
        _ = try await cluster.client.send(.PATCH, collection + "/w", json: ["spec": ["size": 5]], contentType: "application/merge-patch+json")
        _ = try await cluster.client.send(.DELETE, collection + "/w")
        _ = await watch.waitForLines(3, within: .seconds(30))
        #expect(watch.events.compactMap { $0["type"]?.string } == ["ADDED", "MODIFIED", "DELETED"])
        #expect(watch.events.first?[path: ["object", "kind"]] == "Widget")
        await watch.hangUp()
        await cluster.stop()
    }

    @Test("merge and JSON patches apply; a strategic merge patch is 415 as upstream")
    func patches() async throws {
        let cluster = try await ServedCluster.start()
        let group = "patch.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        let path = Widgets.collection(group) + "/w"
        _ = try await cluster.client.send(.POST, Widgets.collection(group), json: Widgets.widget("w", group: group))
        let merged = try await cluster.client.send(.PATCH, path, json: ["spec": ["color": "blue"]], contentType: "application/merge-patch+json")
        #expect(merged.json[path: ["spec", "color"]] == "blue")
        let patched = try await cluster.client.send(
            .PATCH, path, json: [["op": "replace", "path": "/spec/size", "value": 9]], contentType: "application/json-patch+json")
        #expect(patched.json[path: ["spec", "size"]] == 9, "\(patched)")
        let strategic = try await cluster.client.send(
            .PATCH, path, json: ["spec": ["size": 1]], contentType: "application/strategic-merge-patch+json")
        #expect(strategic.status == 415)
        #expect(strategic.json["reason"] == "UnsupportedMediaType")
        #expect(strategic.json["message"]?.string?.contains("application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml") == true)
        await cluster.stop()
    }

    @Test("server-side apply: lists are atomic unless declared a map, whose entries managers own separately")
    func serverSideApply() async throws {
        let cluster = try await ServedCluster.start()
        let group = "apply.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        let path = Widgets.collection(group) + "/w"
        func apply(_ manager: String, _ spec: JSONValue) async throws -> HTTPReply {
            try await cluster.client.send(.PATCH, path + "?fieldManager=\(manager)", json: Widgets.widget("w", group: group, spec: spec),
                                          contentType: "application/apply-patch+yaml")
        }
        let created = try await apply("one", ["name": "w", "tags": ["a", "b"], "ports": [["name": "http", "number": 80]]])
        #expect(created.status == 201, "\(created)")
        let second = try await apply("two", ["name": "w", "ports": [["name": "metrics", "number": 9090]]])
        #expect(second.status == 200, "\(second)")
        #expect(Set(second.json[path: ["spec", "ports"]]?.array?.compactMap { $0["name"]?.string } ?? []) == ["http", "metrics"])
        // An atomic list another manager owns is a conflict.
        let contested = try await apply("two", ["name": "w", "tags": ["c"]])
        #expect(contested.status == 409, "\(contested)")
        let forced = try await cluster.client.send(
            .PATCH, path + "?fieldManager=two&force=true", json: Widgets.widget("w", group: group, spec: ["name": "w", "tags": ["c"]]),
            contentType: "application/apply-patch+yaml")
        #expect(forced.json[path: ["spec", "tags"]] == ["c"])
        await cluster.stop()
    }

    @Test("the status subresource: the main endpoint ignores status, /status ignores the rest; generation follows spec")
    func statusSubresource() async throws {
        let cluster = try await ServedCluster.start()
        let group = "status.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        let path = Widgets.collection(group) + "/w"
        var body = Widgets.widget("w", group: group)
        body["status"] = ["ready": true]
        let created = try await cluster.client.send(.POST, Widgets.collection(group), json: body)
        #expect(created.json["status"] == nil)
        let status = try await cluster.client.send(
            .PATCH, path + "/status", json: ["spec": ["size": 9], "status": ["ready": true, "replicas": 2]],
            contentType: "application/merge-patch+json")
        #expect(status.status == 200, "\(status)")
        #expect(status.json[path: ["status", "ready"]] == true)
        #expect(status.json[path: ["spec", "size"]] == 2)
        #expect(status.json[path: ["metadata", "generation"]] == 1)
        let main = try await cluster.client.send(
            .PATCH, path, json: ["spec": ["size": 4], "status": ["ready": false]], contentType: "application/merge-patch+json")
        #expect(main.json[path: ["status", "ready"]] == true)
        #expect(main.json[path: ["spec", "size"]] == 4)
        #expect(main.json[path: ["metadata", "generation"]] == 2)
        let scale = try await cluster.client.get(path + "/scale")
        #expect(scale.json["kind"] == "Scale")
        #expect(scale.json[path: ["status", "replicas"]] == 2)
        let scaled = try await cluster.client.send(
            .PATCH, path + "/scale", json: ["spec": ["replicas": 5]], contentType: "application/merge-patch+json")
        #expect(scaled.json[path: ["spec", "replicas"]] == 5, "\(scaled)")
        #expect(try await cluster.client.get(path).json[path: ["spec", "replicas"]] == 5)
        await cluster.stop()
    }

    @Test("deleting a namespace deletes its custom resources; cluster-scoped CRs live outside namespaces")
    func namespaces() async throws {
        let cluster = try await ServedCluster.start()
        let group = "ns.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        try await cluster.establish(Widgets.definition(group: "cluster.example.com", scope: "Cluster"))
        _ = try await cluster.client.send(.POST, "/api/v1/namespaces", json: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "doomed"]])
        #expect(try await cluster.client.send(.POST, Widgets.collection(group, namespace: "doomed"), json: Widgets.widget("w", group: group)).status == 201)
        let global = try await cluster.client.send(.POST, "/apis/cluster.example.com/v1/widgets", json: Widgets.widget("g", group: "cluster.example.com"))
        #expect(global.status == 201, "\(global)")
        #expect(global.json[path: ["metadata", "namespace"]] == nil)
        _ = try await cluster.client.send(.DELETE, "/api/v1/namespaces/doomed")
        try await waitUntil(within: .seconds(30)) {
            cluster.store.get(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "doomed")) == nil
        }
        #expect(try await cluster.client.get("/apis/\(group)/v1/widgets").json["items"] == [])
        #expect(try await cluster.client.get("/apis/cluster.example.com/v1/widgets/g").status == 200)
        await cluster.stop()
    }
}
