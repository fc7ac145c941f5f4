import FerryKube
import FerryLocalCluster
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    static let configMap: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "intruder", "namespace": "default"], "data": ["a": "b"],
    ]

    @Test("a request without a token gets 401 Unauthorized and stores nothing")
    func missingToken() async throws {
        let cluster = try await ServedCluster.start()
        let anonymous = try cluster.client.with(token: nil)

        let post = try await anonymous.send(.POST, "/api/v1/namespaces/default/configmaps", json: Self.configMap)
        #expect(post.status == 401)
        #expect(post.json["kind"] == "Status")
        #expect(post.json["reason"] == "Unauthorized")
        #expect(post.json["code"] == 401)
        let list = try await anonymous.get("/api/v1/namespaces")
        #expect(list.status == 401)

        #expect(cluster.store.get(StoreKey(ResourceCatalog.configMaps, namespace: "default", name: "intruder")) == nil)
        await cluster.stop()
    }

    @Test("a wrong token, or another scheme, gets 401 and changes nothing", arguments: [
        "Bearer not-the-token", "Basic dXNlcjpwYXNz", "Bearer", "bearer  ",
    ])
    func wrongToken(authorization: String) async throws {
        let cluster = try await ServedCluster.start()
        let anonymous = try cluster.client.with(token: nil)
        let before = cluster.store.resourceVersion

        let reply = try await anonymous.send(
            .POST, "/api/v1/namespaces/default/configmaps",
            headers: [("Authorization", authorization), ("Content-Type", "application/json")], body: Self.configMap.serialized())
        #expect(reply.status == 401)
        #expect(reply.json["reason"] == "Unauthorized")
        let delete = try await anonymous.send(.DELETE, "/api/v1/namespaces/default", headers: [("Authorization", authorization)])
        #expect(delete.status == 401)

        #expect(cluster.store.resourceVersion == before)
        #expect(cluster.store.get(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: "default")) != nil)
        await cluster.stop()
    }

    @Test("the right token is accepted; the scheme is case-insensitive")
    func rightToken() async throws {
        let cluster = try await ServedCluster.start()
        let anonymous = try cluster.client.with(token: nil)
        let reply = try await anonymous.send(.GET, "/api/v1/namespaces/default", headers: [("Authorization", "bearer \(cluster.token)")])
        #expect(reply.status == 200)
        #expect(reply.json[path: ["metadata", "name"]] == "default")
        await cluster.stop()
    }

    @Test("health checks answer without a token", arguments: ["/healthz", "/readyz", "/livez", "/readyz?verbose"])
    func healthChecks(path: String) async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.with(token: nil).get(path)
        #expect(reply.status == 200)
        #expect(reply.text == "ok")
        await cluster.stop()
    }
}
