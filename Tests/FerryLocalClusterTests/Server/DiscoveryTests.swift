import FerryKube
@testable import FerryLocalCluster
import Testing

@Suite("Discovery, version and OpenAPI")
struct DiscoveryTests {
    /// What kubectl 1.32 sends for `/api` and `/apis`.
    static let aggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    @Test("/version reports Kubernetes 1.32")
    func version() async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get("/version?timeout=32s", accept: "application/json, */*")
        #expect(reply.status == 200)
        #expect(reply.json["major"] == "1")
        #expect(reply.json["minor"] == "32")
        #expect(reply.json["gitVersion"] == "v1.32.0-ferry")
        await cluster.stop()
    }

    @Test("aggregated discovery carries the exact Content-Type kubectl looks for")
    func aggregated() async throws {
        let cluster = try await ServedCluster.start()
        let core = try await cluster.client.get("/api?timeout=32s", accept: Self.aggregatedAccept)
        #expect(core.status == 200)
        #expect(core.header("Content-Type") == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        #expect(core.json["kind"] == "APIGroupDiscoveryList")
        #expect(core.json["apiVersion"] == "apidiscovery.k8s.io/v2")
        let coreGroup = try #require(core.json["items"]?.array?.first)
        #expect(coreGroup[path: ["metadata", "name"]] == "")
        let coreResources = coreGroup["versions"]?.array?.first?["resources"]?.array ?? []
        let pods = try #require(coreResources.first { $0["resource"] == "pods" })
        #expect(pods["shortNames"] == ["po"])
        #expect(pods["categories"] == ["all"])
        #expect(pods["scope"] == "Namespaced")
        #expect(pods["responseKind"] == ["group": "", "version": "v1", "kind": "Pod"])
        let namespaces = try #require(coreResources.first { $0["resource"] == "namespaces" })
        #expect(namespaces["scope"] == "Cluster")
        #expect(namespaces["shortNames"] == ["ns"])

        let apis = try await cluster.client.get("/apis?timeout=32s", accept: Self.aggregatedAccept)
        #expect(apis.header("Content-Type") == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        let apps = try #require(apis.json["items"]?.array?.first { $0[path: ["metadata", "name"]] == "apps" })
        let appsResources = apps["versions"]?.array?.first?["resources"]?.array ?? []
        let deployments = try #require(appsResources.first { $0["resource"] == "deployments" })
        #expect(deployments["shortNames"] == ["deploy"])
        #expect(deployments["verbs"]?.array?.contains("patch") == true)
        let scale = try #require(deployments["subresources"]?.array?.first { $0["subresource"] == "scale" })
        #expect(scale["responseKind"] == ["group": "autoscaling", "version": "v1", "kind": "Scale"])
        #expect(appsResources.contains { $0["resource"] == "replicasets" && $0["shortNames"] == ["rs"] })
        await cluster.stop()
    }

    @Test("v2beta1 alone is answered as v2beta1")
    func aggregatedBeta() async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get(
            "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        #expect(reply.header("Content-Type") == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
        #expect(reply.json["apiVersion"] == "apidiscovery.k8s.io/v2beta1")
        await cluster.stop()
    }

    @Test("plain JSON gets the legacy documents")
    func legacy() async throws {
        let cluster = try await ServedCluster.start()
        let api = try await cluster.client.get("/api", accept: "application/json")
        #expect(api.header("Content-Type") == "application/json")
        #expect(api.json["kind"] == "APIVersions")
        #expect(api.json["versions"] == ["v1"])

        let apis = try await cluster.client.get("/apis", accept: "application/json, */*")
        #expect(apis.json["kind"] == "APIGroupList")
        let apps = try #require(apis.json["groups"]?.array?.first { $0["name"] == "apps" })
        #expect(apps["preferredVersion"] == ["groupVersion": "apps/v1", "version": "v1"])

        let group = try await cluster.client.get("/apis/apps")
        #expect(group.json["kind"] == "APIGroup")

        let core = try await cluster.client.get("/api/v1?timeout=32s", accept: "application/json, */*")
        #expect(core.json["kind"] == "APIResourceList")
        #expect(core.json["groupVersion"] == "v1")
        let resources = core.json["resources"]?.array ?? []
        #expect(resources.contains { $0["name"] == "services" && $0["shortNames"] == ["svc"] && $0["namespaced"] == true })
        #expect(resources.contains { $0["name"] == "namespaces" && $0["namespaced"] == false })

        let appsV1 = try await cluster.client.get("/apis/apps/v1")
        let appsResources = appsV1.json["resources"]?.array ?? []
        #expect(appsV1.json["groupVersion"] == "apps/v1")
        let scale = try #require(appsResources.first { $0["name"] == "deployments/scale" })
        #expect(scale["kind"] == "Scale")
        #expect(scale["group"] == "autoscaling")
        #expect(appsResources.contains { $0["name"] == "deployments" && $0["categories"] == ["all"] })
        await cluster.stop()
    }

    @Test("unknown groups and versions are 404 Status objects", arguments: ["/apis/example.com", "/apis/apps/v2", "/api/v2", "/apis/example.com/v1/widgets"])
    func unknownGroups(path: String) async throws {
        let cluster = try await ServedCluster.start()
        let reply = try await cluster.client.get(path)
        #expect(reply.status == 404)
        #expect(reply.json["kind"] == "Status")
        #expect(reply.json["reason"] == "NotFound")
        await cluster.stop()
    }

    @Test("OpenAPI v3 lists a document per group version, each with a PATCH path per kind declaring fieldValidation")
    func openAPI() async throws {
        let cluster = try await ServedCluster.start()
        let root = try await cluster.client.get("/openapi/v3?timeout=32s", accept: "application/json, */*")
        #expect(root.status == 200)
        let paths = try #require(root.json["paths"]?.object)
        #expect(Set(paths.keys) == Set(ResourceCatalog.groupVersions.map { $0.group.isEmpty ? "api/\($0.version)" : "apis/\($0.group)/\($0.version)" }))
        #expect(paths["apis/batch/v1"] != nil && paths["apis/apiextensions.k8s.io/v1"] != nil)
        let coreURL = try #require(paths["api/v1"]?["serverRelativeURL"]?.string)
        #expect(coreURL.hasPrefix("/openapi/v3/api/v1?hash="))

        let core = try await cluster.client.get(coreURL + "&timeout=32s", accept: "application/json")
        #expect(core.status == 200)
        #expect(core.json["openapi"] == "3.0.0")
        let namespace = try #require(core.json["paths"]?["/api/v1/namespaces/{name}"]?["patch"])
        #expect(namespace["x-kubernetes-group-version-kind"] == ["group": "", "version": "v1", "kind": "Namespace"])
        #expect(namespace["parameters"]?.array?.contains { $0["name"] == "fieldValidation" } == true)
        #expect(core.json["paths"]?["/api/v1/namespaces/{namespace}/services/{name}"]?["patch"] != nil)
        #expect(core.json["paths"]?["/api/v1/namespaces/{namespace}/configmaps/{name}"]?["patch"] != nil)

        let apps = try await cluster.client.get("/openapi/v3/apis/apps/v1")
        let deployment = try #require(apps.json["paths"]?["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?["patch"])
        #expect(deployment["x-kubernetes-group-version-kind"]?["kind"] == "Deployment")
        #expect(deployment["requestBody"] == nil)

        let swagger = try await cluster.client.get("/openapi/v2", accept: "application/json")
        #expect(swagger.json["swagger"] == "2.0")
        #expect(swagger.json["definitions"]?["io.k8s.api.apps.v1.Deployment"]?["x-kubernetes-group-version-kind"] != nil)
        #expect(try await cluster.client.get("/openapi/v2", accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").status == 406)
        let schemas = apps.json["components"]?["schemas"]
        #expect(schemas?["io.k8s.api.apps.v1.Deployment"]?["x-kubernetes-group-version-kind"]?.array?.first?["kind"] == "Deployment")
        #expect(schemas?["io.k8s.api.core.v1.PodSpec"]?["properties"]?["containers"]?["x-kubernetes-patch-merge-key"] == "name")
        #expect(try await cluster.client.get("/openapi/v3/apis/example.com/v1").status == 404)
        await cluster.stop()
    }
}
