import FerryKube
import FerryLocalCluster
import Foundation
import Testing

/// CRDs as apiextensions-apiserver handles them: validation, the controller's
/// conditions, discovery, name conflicts, deletion with its custom resources, restarts.
@Suite("CustomResourceDefinitions")
struct CustomResourceDefinitionTests {
    static let definitions = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"

    @Test("a CRD gets NamesAccepted and Established, acceptedNames and storedVersions, and appears in discovery")
    func established() async throws {
        let cluster = try await ServedCluster.start()
        let before = try await cluster.client.get("/apis/crd-established.example.com/v1")
        #expect(before.status == 404)
        let definition = try await cluster.establish(Widgets.definition(group: "crd-established.example.com"))
        #expect(statusCondition(definition, "NamesAccepted")?["status"] == "True")
        #expect(statusCondition(definition, "NamesAccepted")?["reason"] == "NoConflicts")
        #expect(statusCondition(definition, "Established")?["status"] == "True")
        #expect(statusCondition(definition, "Established")?["reason"] == "InitialNamesAccepted")
        #expect(definition[path: ["status", "acceptedNames", "kind"]] == "Widget")
        #expect(definition[path: ["status", "acceptedNames", "listKind"]] == "WidgetList")
        #expect(definition[path: ["status", "storedVersions"]] == ["v1"])
        #expect(definition[path: ["spec", "conversion", "strategy"]] == "None")

        let list = try await cluster.client.get("/apis/crd-established.example.com/v1")
        #expect(list.status == 200)
        let widgets = list.json["resources"]?.array?.first { $0["name"] == "widgets" }
        #expect(widgets?["kind"] == "Widget")
        #expect(widgets?["namespaced"] == true)
        #expect(widgets?["shortNames"] == ["wd"])
        #expect(list.json["resources"]?.array?.contains { $0["name"] == "widgets/status" } == true)
        #expect(list.json["resources"]?.array?.contains { $0["name"] == "widgets/scale" } == true)
        let groups = try await cluster.client.get("/apis")
        #expect(groups.json["groups"]?.array?.contains { $0["name"] == "crd-established.example.com" } == true)
        let aggregated = try await cluster.client.get(
            "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        let item = aggregated.json["items"]?.array?.first { $0[path: ["metadata", "name"]] == "crd-established.example.com" }
        #expect(item?["versions"]?.array?.first?["resources"]?.array?.first?["resource"] == "widgets")
        await cluster.stop()
    }

    @Test("invalid CRDs are refused with apiextensions' messages, and nothing is stored", arguments: [
        ("name", #"metadata.name: Invalid value: "gadgets.invalid.example.com": must be spec.names.plural+"."+spec.group"#),
        ("storage", "spec.versions: Invalid value:"),
        ("served", "must have at least one version marked as served"),
        ("scope", #"spec.scope: Unsupported value: "Galaxy": supported values: "Cluster", "Namespaced""#),
        ("kind", "spec.names.kind: Required value"),
        ("schema", "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"),
    ])
    func invalid(_ problem: String, _ message: String) async throws {
        let cluster = try await ServedCluster.start()
        var definition = Widgets.definition(group: "invalid.example.com")
        switch problem {
        case "name": definition[path: ["metadata", "name"]] = "gadgets.invalid.example.com"
        case "storage": definition[path: ["spec", "versions"]] = [["name": "v1", "served": true, "storage": false, "schema": ["openAPIV3Schema": Widgets.schema]]]
        case "served": definition[path: ["spec", "versions"]] = [["name": "v1", "served": false, "storage": true, "schema": ["openAPIV3Schema": Widgets.schema]]]
        case "scope": definition[path: ["spec", "scope"]] = "Galaxy"
        case "kind": definition[path: ["spec", "names", "kind"]] = nil
        default: definition[path: ["spec", "versions"]] = [["name": "v1", "served": true, "storage": true]]
        }
        let reply = try await cluster.client.send(.POST, Self.definitions, json: definition)
        #expect(reply.status == 422)
        #expect(reply.json["reason"] == "Invalid")
        let text = reply.json["message"]?.string ?? ""
        #expect(text.hasPrefix("CustomResourceDefinition.apiextensions.k8s.io \"\(definition[path: ["metadata", "name"]]?.string ?? "")\" is invalid: "))
        #expect(text.contains(message), "\(text)")
        #expect(cluster.store.list(ResourceCatalog.customResourceDefinitions).items.isEmpty)
        await cluster.stop()
    }

    @Test("a CRD whose names another CRD or a built-in holds gets NamesAccepted False and is not served")
    func nameConflict() async throws {
        let cluster = try await ServedCluster.start()
        try await cluster.establish(Widgets.definition(group: "conflict.example.com"))
        // Another plural, the same kind (and so singular).
        let second = Widgets.definition(group: "conflict.example.com", plural: "gizmos", shortNames: [])
        #expect(try await cluster.client.send(.POST, Self.definitions, json: second).status == 201)
        // A built-in's group and plural.
        let shadow = Widgets.definition(group: "coordination.k8s.io", plural: "leases", kind: "Lease", shortNames: [])
        #expect(try await cluster.client.send(.POST, Self.definitions, json: shadow).status == 201)
        for (name, reason, message) in [("gizmos.conflict.example.com", "SingularConflict", #""widget" is already in use"#),
                                        ("leases.coordination.k8s.io", "PluralConflict", #""leases" is already in use"#)] {
            try await waitUntil(within: .seconds(30)) {
                let stored = cluster.store.get(StoreKey(ResourceCatalog.customResourceDefinitions, namespace: nil, name: name))
                return stored.flatMap { statusCondition($0, "NamesAccepted") }?["status"] == "False"
            }
            let definition = try await cluster.client.get("\(Self.definitions)/\(name)").json
            #expect(statusCondition(definition, "NamesAccepted")?["reason"] == .string(reason))
            #expect(statusCondition(definition, "NamesAccepted")?["message"] == .string(message))
            #expect(statusCondition(definition, "Established")?["status"] == "False")
        }
        #expect(try await cluster.client.get("/apis/conflict.example.com/v1/namespaces/default/gizmos").status == 404)
        #expect(try await cluster.client.get("/apis/coordination.k8s.io/v1/namespaces/default/leases").json["kind"] == "LeaseList")
        await cluster.stop()
    }

    @Test("deleting a CRD marks it Terminating, deletes its custom resources, then the CRD; the endpoint goes away")
    func deletion() async throws {
        let cluster = try await ServedCluster.start()
        let group = "deletion.example.com"
        try await cluster.establish(Widgets.definition(group: group))
        _ = try await cluster.client.send(.POST, "/api/v1/namespaces", json: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "other"]])
        for (name, namespace) in [("w1", "default"), ("w2", "default"), ("w3", "other")] {
            let created = try await cluster.client.send(.POST, Widgets.collection(group, namespace: namespace), json: Widgets.widget(name, group: group))
            #expect(created.status == 201, "\(created)")
        }
        let deleted = try await cluster.client.send(.DELETE, "\(Self.definitions)/widgets.\(group)")
        #expect(deleted.status == 202 || deleted.status == 200, "\(deleted)")
        #expect(deleted.json[path: ["metadata", "finalizers"]] == ["customresourcecleanup.apiextensions.k8s.io"])
        #expect(statusCondition(deleted.json, "Terminating")?["status"] == "True")
        try await waitUntil(within: .seconds(30)) {
            cluster.store.list(ResourceCatalog.customResourceDefinitions).items.isEmpty
        }
        #expect(cluster.store.served.custom.isEmpty)
        #expect(try await cluster.client.get("/apis/\(group)/v1/widgets").status == 404)
        #expect(try await cluster.client.get("/apis/\(group)/v1").status == 404)
        // Created again, the CRD serves no leftover objects.
        try await cluster.establish(Widgets.definition(group: group))
        #expect(try await cluster.client.get("/apis/\(group)/v1/widgets").json["items"] == [])
        await cluster.stop()
    }

    @Test("CRDs and their custom resources survive a restart")
    func restart() async throws {
        let path = NSTemporaryDirectory() + "ferry-crd-restart-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let group = "restart.example.com"
        let first = try await ServedCluster.start(dataDirectory: path)
        try await first.establish(Widgets.definition(group: group))
        let created = try await first.client.send(.POST, Widgets.collection(group), json: Widgets.widget("kept", group: group))
        #expect(created.status == 201)
        await first.stop()

        let second = try await ServedCluster.start(dataDirectory: path)
        let kept = try await second.client.get(Widgets.collection(group) + "/kept")
        #expect(kept.status == 200, "\(kept)")
        #expect(kept.json[path: ["metadata", "uid"]] == created.json[path: ["metadata", "uid"]])
        #expect(kept.json[path: ["spec", "name"]] == "first")
        #expect(try await second.client.get("/apis/\(group)/v1").status == 200)
        await second.stop()
    }
}
