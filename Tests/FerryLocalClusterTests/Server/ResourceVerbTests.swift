import FerryKube
import Foundation
import FerryLocalCluster
import Testing

/// Every verb over HTTPS: the transport's part (paths, query decoding, bodies,
/// status codes, response shapes) around the REST layer's semantics.
@Suite("Resource verbs over HTTPS")
struct ResourceVerbTests {
    static func configMap(_ name: String, labels: JSONValue? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": ["k": "v"]]
        if let labels { object[path: ["metadata", "labels"]] = labels }
        return object
    }

    static let collection = "/api/v1/namespaces/default/configmaps"

    @Test("POST creates (201), GET reads, both answer the object with apiVersion and kind")
    func createAndGet() async throws {
        let cluster = try await ServedCluster.start()
        let created = try await cluster.client.send(.POST, Self.collection, json: Self.configMap("one"))
        #expect(created.status == 201)
        #expect(created.json["kind"] == "ConfigMap")
        #expect(created.json["apiVersion"] == "v1")
        #expect(created.json[path: ["metadata", "uid"]]?.string?.isEmpty == false)
        #expect(created.json[path: ["metadata", "namespace"]] == "default")
        let read = try await cluster.client.get(Self.collection + "/one")
        #expect(read.status == 200)
        #expect(read.json[path: ["metadata", "resourceVersion"]] == created.json[path: ["metadata", "resourceVersion"]])
        await cluster.stop()
    }

    @Test("a YAML body is accepted like JSON")
    func yamlBody() async throws {
        let cluster = try await ServedCluster.start()
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  answer: \"42\"\n"
        let reply = try await cluster.client.send(.POST, Self.collection, headers: [("Content-Type", "application/yaml")], body: Array(yaml.utf8))
        #expect(reply.status == 201, "\(reply)")
        #expect(reply.json[path: ["data", "answer"]] == "42")
        await cluster.stop()
    }

    @Test("POST into a namespace that does not exist is 404 namespaces \"x\" not found")
    func missingNamespace() async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.send(.POST, "/api/v1/namespaces/nope/configmaps", json: Self.configMap("x"))
        #expect(reply.status == 404)
        #expect(reply.json["message"] == "namespaces \"nope\" not found")
        await cluster.stop()
    }

    @Test("LIST filters by labelSelector (form-encoded) and fieldSelector, pages with limit and continue")
    func list() async throws {
        let cluster = try await ServedCluster.start()
        for (name, tier) in [("a", "be"), ("b", "fe"), ("c", "db"), ("d", "be")] {
            let reply = try await cluster.client.send(.POST, Self.collection, json: Self.configMap(name, labels: ["tier": .string(tier)]))
            #expect(reply.status == 201)
        }
        let selected = try await cluster.client.get(Self.collection + "?labelSelector=tier+in+%28be%2Cfe%29")
        #expect(selected.json["kind"] == "ConfigMapList")
        #expect(selected.json["apiVersion"] == "v1")
        #expect(selected.json["items"]?.array?.compactMap { $0[path: ["metadata", "name"]]?.string } == ["a", "b", "d"])
        let byName = try await cluster.client.get(Self.collection + "?fieldSelector=metadata.name%3Dc")
        #expect(byName.json["items"]?.array?.count == 1)

        let firstPage = try await cluster.client.get(Self.collection + "?limit=3")
        #expect(firstPage.json["items"]?.array?.count == 3)
        let token = try #require(firstPage.json[path: ["metadata", "continue"]]?.string)
        let secondPage = try await cluster.client.get(Self.collection + "?limit=3&continue=\(token.addingPercentEncodingForQuery)")
        // The namespace's own kube-root-ca.crt comes last by name.
        #expect(secondPage.json["items"]?.array?.compactMap { $0[path: ["metadata", "name"]]?.string } == ["d", "kube-root-ca.crt"])

        let everywhere = try await cluster.client.get("/api/v1/configmaps?labelSelector=tier")
        #expect(everywhere.json["items"]?.array?.count == 4)
        let nowhere = try await cluster.client.get("/api/v1/namespaces/absent/configmaps")
        #expect(nowhere.status == 200)
        #expect(nowhere.json["items"] == [])
        await cluster.stop()
    }

    @Test("PATCH with each of the four patch types", arguments: [
        ("application/merge-patch+json", #"{"data":{"k":"merged"}}"#, "merged"),
        ("application/strategic-merge-patch+json", #"{"data":{"k":"strategic"}}"#, "strategic"),
        ("application/json-patch+json", #"[{"op":"replace","path":"/data/k","value":"json"}]"#, "json"),
        // The field belongs to the creator's manager: the applier takes it with force.
        ("application/apply-patch+yaml", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"data":{"k":"applied"}}"#, "applied"),
    ])
    func patch(contentType: String, body: String, expected: String) async throws {
        let cluster = try await ServedCluster.start()
        #expect(try await cluster.client.send(.POST, Self.collection, json: Self.configMap("p")).status == 201)
        let force = contentType == PatchType.apply.rawValue ? "&force=true" : ""
        let reply = try await cluster.client.send(
            .PATCH, Self.collection + "/p?fieldManager=tests" + force, headers: [("Content-Type", contentType)], body: Array(body.utf8))
        #expect(reply.status == 200, "\(reply)")
        #expect(reply.json[path: ["data", "k"]]?.string == expected)
        #expect(reply.json["kind"] == "ConfigMap")
        await cluster.stop()
    }

    @Test("server-side apply of a missing object creates it (201), in YAML too")
    func applyUpserts() async throws {
        let cluster = try await ServedCluster.start()
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: upserted\ndata:\n  k: v\n"
        let created = try await cluster.client.send(
            .PATCH, Self.collection + "/upserted?fieldManager=kubectl&fieldValidation=Strict&force=false",
            headers: [("Content-Type", "application/apply-patch+yaml")], body: Array(yaml.utf8))
        #expect(created.status == 201, "\(created)")
        let again = try await cluster.client.send(
            .PATCH, Self.collection + "/upserted?fieldManager=kubectl", headers: [("Content-Type", "application/apply-patch+yaml")],
            body: Array(yaml.utf8))
        #expect(again.status == 200)
        await cluster.stop()
    }

    @Test("PUT replaces; a stale resourceVersion is 409 Conflict")
    func replace() async throws {
        let cluster = try await ServedCluster.start()
        let created = try await cluster.client.send(.POST, Self.collection, json: Self.configMap("r"))
        var object = created.json
        object[path: ["data", "k"]] = "replaced"
        let replaced = try await cluster.client.send(.PUT, Self.collection + "/r", json: object)
        #expect(replaced.status == 200)
        #expect(replaced.json[path: ["data", "k"]] == "replaced")
        let stale = try await cluster.client.send(.PUT, Self.collection + "/r", json: object)
        #expect(stale.status == 409)
        #expect(stale.json["reason"] == "Conflict")
        await cluster.stop()
    }

    @Test("dryRun=All on every write changes nothing")
    func dryRun() async throws {
        let cluster = try await ServedCluster.start()
        #expect(try await cluster.client.send(.POST, Self.collection, json: Self.configMap("real")).status == 201)
        let version = cluster.store.resourceVersion

        let create = try await cluster.client.send(.POST, Self.collection + "?dryRun=All", json: Self.configMap("dry"))
        #expect(create.status == 201)
        #expect(create.json[path: ["metadata", "name"]] == "dry")
        let patch = try await cluster.client.send(
            .PATCH, Self.collection + "/real?dryRun=All", json: ["data": ["k": "dry"]], contentType: "application/merge-patch+json")
        #expect(patch.json[path: ["data", "k"]] == "dry")
        var object = try await cluster.client.get(Self.collection + "/real").json
        object[path: ["data", "k"]] = "dry"
        #expect(try await cluster.client.send(.PUT, Self.collection + "/real?dryRun=All", json: object).status == 200)
        let delete = try await cluster.client.send(.DELETE, Self.collection + "/real", json: ["dryRun": ["All"]])
        #expect(delete.status == 200)

        #expect(cluster.store.resourceVersion == version)
        #expect(try await cluster.client.get(Self.collection + "/real").json[path: ["data", "k"]] == "v")
        #expect(try await cluster.client.get(Self.collection + "/dry").status == 404)
        #expect(try await cluster.client.send(.POST, Self.collection + "?dryRun=Some", json: Self.configMap("x")).status == 400)
        await cluster.stop()
    }

    @Test("DELETE takes DeleteOptions in its body and returns a JSON body")
    func delete() async throws {
        let cluster = try await ServedCluster.start()
        let created = try await cluster.client.send(.POST, Self.collection, json: Self.configMap("d"))
        let wrongUID = try await cluster.client.send(
            .DELETE, Self.collection + "/d", json: ["kind": "DeleteOptions", "apiVersion": "v1", "preconditions": ["uid": "other"]])
        #expect(wrongUID.status == 409)
        let deleted = try await cluster.client.send(
            .DELETE, Self.collection + "/d",
            json: ["propagationPolicy": "Background", "preconditions": ["uid": created.json[path: ["metadata", "uid"]] ?? ""]])
        #expect(deleted.status == 200)
        #expect(!deleted.body.isEmpty)
        #expect(deleted.json["kind"] == "ConfigMap" || deleted.json["kind"] == "Status")
        #expect(try await cluster.client.get(Self.collection + "/d").status == 404)
        let again = try await cluster.client.send(.DELETE, Self.collection + "/d")
        #expect(again.status == 404)
        let badPolicy = try await cluster.client.send(.DELETE, Self.collection + "/x", json: ["propagationPolicy": "Sideways"])
        #expect(badPolicy.status == 422)
        await cluster.stop()
    }

    @Test("DELETE on a collection deletes what the selector matches")
    func deleteCollection() async throws {
        let cluster = try await ServedCluster.start()
        for (name, keep) in [("x", "no"), ("y", "no"), ("z", "yes")] {
            _ = try await cluster.client.send(.POST, Self.collection, json: Self.configMap(name, labels: ["keep": .string(keep)]))
        }
        let reply = try await cluster.client.send(.DELETE, Self.collection + "?labelSelector=keep%3Dno")
        #expect(reply.status == 200)
        #expect(reply.json["kind"] == "ConfigMapList")
        #expect(reply.json["items"]?.array?.count == 2)
        let left = try await cluster.client.get(Self.collection)
        #expect(left.json["items"]?.array?.compactMap { $0[path: ["metadata", "name"]]?.string } == ["kube-root-ca.crt", "z"])
        await cluster.stop()
    }

    @Test("the scale subresource: GET, and PUT without a Content-Type")
    func scale() async throws {
        let cluster = try await ServedCluster.start()
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
            "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "web"]],
                     "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": "nginx"]]]]],
        ]
        #expect(try await cluster.client.send(.POST, "/apis/apps/v1/namespaces/default/deployments", json: deployment).status == 201)
        let path = "/apis/apps/v1/namespaces/default/deployments/web/scale"
        var scale = try await cluster.client.get(path).json
        #expect(scale["kind"] == "Scale")
        #expect(scale["apiVersion"] == "autoscaling/v1")
        scale[path: ["spec", "replicas"]] = 3
        // The controllers keep writing the Deployment's status: no precondition.
        scale[path: ["metadata", "resourceVersion"]] = nil
        let put = try await cluster.client.send(.PUT, path, body: scale.serialized())
        #expect(put.status == 200, "\(put)")
        #expect(put.json[path: ["spec", "replicas"]] == 3)
        let object = try await cluster.client.get("/apis/apps/v1/namespaces/default/deployments/web")
        #expect(object.json[path: ["spec", "replicas"]] == 3)
        await cluster.stop()
    }

    @Test("every request is logged as one line: method, path, code, milliseconds")
    func requestLog() async throws {
        let cluster = try await ServedCluster.start()
        _ = try await cluster.client.get("/api/v1/namespaces/default")
        _ = try await cluster.client.get("/api/v1/namespaces/absent")
        try await waitUntil { cluster.log.lines.contains { $0.hasPrefix("info GET /api/v1/namespaces/absent 404 ") } }
        #expect(cluster.log.lines.contains { $0.hasPrefix("info GET /api/v1/namespaces/default 200 ") && $0.hasSuffix("ms") })
        await cluster.stop()
    }
}

extension String {
    /// Percent-encodes everything a query value may not hold as is.
    var addingPercentEncodingForQuery: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}
