import FerryKube
import FerryLocalCluster
import Testing

/// Bad requests get the API server's `Status` errors, store nothing, and leave the
/// server serving.
@Suite("Error Status objects")
struct ErrorStatusTests {
    static let configMap: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"], "data": ["mode": "fast"],
    ]

    /// Checks the Status shape kubectl prints as `Error from server (REASON): MESSAGE`.
    static func expectStatus(_ reply: HTTPReply, code: Int, reason: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(reply.status == code, "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(reply.json["kind"] == "Status", sourceLocation: sourceLocation)
        #expect(reply.json["apiVersion"] == "v1", sourceLocation: sourceLocation)
        #expect(reply.json["status"] == "Failure", sourceLocation: sourceLocation)
        #expect(reply.json["reason"]?.string == reason, "\(reply)", sourceLocation: sourceLocation)
        #expect(reply.json["code"]?.int == Int64(code), sourceLocation: sourceLocation)
        #expect(reply.json["message"]?.string?.isEmpty == false, sourceLocation: sourceLocation)
    }

    /// The server still answers, and nothing was written.
    static func expectUnchanged(_ cluster: ServedCluster, since version: Int64, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        #expect(cluster.store.resourceVersion == version, sourceLocation: sourceLocation)
        let health = try await cluster.client.get("/readyz")
        #expect(health.status == 200, sourceLocation: sourceLocation)
    }

    @Test("unknown paths and resources are 404 NotFound", arguments: [
        "/nothing", "/api/v1/widgets", "/apis/apps/v1/namespaces/default/widgets", "/api/v1/namespaces/default/pods/p/log",
        "/api/v1/namespaces/default/namespaces", "/apis/apps/v1/deployments/web",
    ])
    func unknownResource(path: String) async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get(path)
        Self.expectStatus(reply, code: 404, reason: "NotFound")
        #expect(reply.json["message"] == "the server could not find the requested resource")
        await cluster.stop()
    }

    @Test("a missing object is 404 with kubectl's message")
    func missingObject() async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get("/apis/apps/v1/namespaces/default/deployments/web")
        Self.expectStatus(reply, code: 404, reason: "NotFound")
        #expect(reply.json["message"] == "deployments.apps \"web\" not found")
        #expect(reply.json["details"] == ["name": "web", "group": "apps", "kind": "deployments"])
        await cluster.stop()
    }

    @Test("verbs a path does not have are 405 MethodNotAllowed", arguments: [
        ("POST", "/api/v1/namespaces/default/configmaps/settings"),
        ("PUT", "/api/v1/namespaces/default/configmaps"),
        ("PATCH", "/api/v1/namespaces/default/configmaps"),
        ("POST", "/api/v1/configmaps"),
        ("DELETE", "/apis/apps/v1/namespaces/default/deployments/web/scale"),
        ("POST", "/version"),
        ("DELETE", "/api"),
    ])
    func methodNotAllowed(method: String, path: String) async throws {
        let cluster = try await ServedCluster.start()
        let version = cluster.store.resourceVersion
        let reply = try await cluster.client.send(.init(rawValue: method), path, json: Self.configMap)
        Self.expectStatus(reply, code: 405, reason: "MethodNotAllowed")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("bodies in a media type the server does not speak are 415", arguments: [
        ("POST", "/api/v1/namespaces/default/configmaps", "application/xml"),
        ("POST", "/api/v1/namespaces/default/configmaps", "application/cbor"),
        ("PATCH", "/api/v1/namespaces/default/configmaps/settings", "application/json"),
        ("PATCH", "/api/v1/namespaces/default/configmaps/settings", "text/plain"),
    ])
    func unsupportedMediaType(method: String, path: String, contentType: String) async throws {
        let cluster = try await ServedCluster.start()
        let version = cluster.store.resourceVersion
        let reply = try await cluster.client.send(.init(rawValue: method), path, json: Self.configMap, contentType: contentType)
        Self.expectStatus(reply, code: 415, reason: "UnsupportedMediaType")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("a body over 3 MiB is 413 RequestEntityTooLarge")
    func oversizeBody() async throws {
        let cluster = try await ServedCluster.start()
        let version = cluster.store.resourceVersion
        let big = String(repeating: "x", count: 3 * 1024 * 1024 + 10)
        let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "big"], "data": ["blob": .string(big)]]
        let reply = try await cluster.client.send(.POST, "/api/v1/namespaces/default/configmaps", json: object)
        Self.expectStatus(reply, code: 413, reason: "RequestEntityTooLarge")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("malformed JSON and YAML bodies are 400 BadRequest", arguments: [
        ("POST", "application/json", "{\"apiVersion\": \"v1\", "),
        ("POST", "application/json", "[1, 2]"),
        ("POST", "application/yaml", "metadata: {name: x\n  data: : :"),
        ("POST", "application/json", ""),
        ("PATCH", "application/merge-patch+json", "{not json"),
        ("PATCH", "application/strategic-merge-patch+json", "[]"),
        ("PATCH", "application/json-patch+json", "{\"op\": \"add\"}"),
        ("PATCH", "application/apply-patch+yaml", "kind: ConfigMap\n  bad indentation: ["),
        ("POST", "application/vnd.kubernetes.protobuf", "{\"kind\": \"ConfigMap\"}"),
        ("POST", "application/vnd.kubernetes.protobuf", "k8s\u{0}\u{12}\u{ff}"),
    ])
    func malformedBody(method: String, contentType: String, body: String) async throws {
        let cluster = try await ServedCluster.start()
        let path = method == "POST" ? "/api/v1/namespaces/default/configmaps" : "/api/v1/namespaces/default/configmaps/settings?fieldManager=test"
        let version = cluster.store.resourceVersion
        let reply = try await cluster.client.send(.init(rawValue: method), path, headers: [("Content-Type", contentType)], body: Array(body.utf8))
        Self.expectStatus(reply, code: 400, reason: "BadRequest")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("malformed selectors and query values are 400", arguments: [
        "/api/v1/namespaces/default/configmaps?labelSelector=tier+in+%28be",
        "/api/v1/namespaces/default/configmaps?fieldSelector=spec.color%3Dred",
        "/api/v1/namespaces/default/configmaps?limit=-1",
        "/api/v1/namespaces/default/configmaps?watch=maybe",
    ])
    func badQuery(path: String) async throws {
        let cluster = try await ServedCluster.start()
        Self.expectStatus(try await cluster.client.get(path), code: 400, reason: "BadRequest")
        await cluster.stop()
    }

    @Test("a body whose name, namespace or kind contradicts the URL is 400")
    func contradictoryBody() async throws {
        let cluster = try await ServedCluster.start()
        let version = cluster.store.resourceVersion
        var otherNamespace = Self.configMap
        otherNamespace[path: ["metadata", "namespace"]] = "elsewhere"
        Self.expectStatus(try await cluster.client.send(.POST, "/api/v1/namespaces/default/configmaps", json: otherNamespace),
                          code: 400, reason: "BadRequest")
        var secret = Self.configMap
        secret["kind"] = "Secret"
        Self.expectStatus(try await cluster.client.send(.POST, "/api/v1/namespaces/default/configmaps", json: secret),
                          code: 400, reason: "BadRequest")
        Self.expectStatus(try await cluster.client.send(.PUT, "/api/v1/namespaces/default/configmaps/other", json: Self.configMap),
                          code: 400, reason: "BadRequest")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("invalid names are rejected and nothing is stored")
    func invalidName() async throws {
        let cluster = try await ServedCluster.start()
        let version = cluster.store.resourceVersion
        var object = Self.configMap
        object[path: ["metadata", "name"]] = "Not_A_Valid_Name"
        let reply = try await cluster.client.send(.POST, "/api/v1/namespaces/default/configmaps", json: object)
        #expect(reply.status == 422 || reply.status == 400, "\(reply)")
        #expect(reply.json["kind"] == "Status")
        Self.expectStatus(try await cluster.client.get("/api/v1/namespaces/default/configmaps/.."), code: 400, reason: "BadRequest")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("a Deployment whose selector does not match its template is 422 Invalid")
    func selectorMismatch() async throws {
        let cluster = try await ServedCluster.start()
        let version = cluster.store.resourceVersion
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
                "template": ["metadata": ["labels": ["app": "other"]],
                             "spec": ["containers": [["name": "nginx", "image": "nginx:1.25"]]]],
            ],
        ]
        let reply = try await cluster.client.send(.POST, "/apis/apps/v1/namespaces/default/deployments", json: deployment)
        Self.expectStatus(reply, code: 422, reason: "Invalid")
        try await Self.expectUnchanged(cluster, since: version)
        await cluster.stop()
    }

    @Test("an apply patch without a fieldManager is 422, force on other patches 400")
    func applyWithoutManager() async throws {
        let cluster = try await ServedCluster.start()
        let apply = try await cluster.client.send(
            .PATCH, "/api/v1/namespaces/default/configmaps/settings", json: Self.configMap, contentType: "application/apply-patch+yaml")
        Self.expectStatus(apply, code: 422, reason: "Invalid")
        let merge = try await cluster.client.send(
            .PATCH, "/api/v1/namespaces/default/configmaps/settings?force=true", json: ["data": ["a": "b"]],
            contentType: "application/merge-patch+json")
        Self.expectStatus(merge, code: 400, reason: "BadRequest")
        await cluster.stop()
    }

    @Test("an Accept header with nothing the server speaks is 406; protobuf-first gets JSON")
    func negotiation() async throws {
        let cluster = try await ServedCluster.start()
        Self.expectStatus(try await cluster.client.get("/api/v1/namespaces", accept: "application/xml"), code: 406, reason: "NotAcceptable")
        let protobufFirst = try await cluster.client.get(
            "/api/v1/namespaces/default", accept: "application/vnd.kubernetes.protobuf,application/json")
        #expect(protobufFirst.status == 200)
        #expect(protobufFirst.header("Content-Type") == "application/json")
        #expect(protobufFirst.json["kind"] == "Namespace")
        await cluster.stop()
    }
}
