import Testing
@testable import FerryLocalCluster

/// URL paths, query strings and media types, read as the API server reads them.
@Suite("Routing")
struct RoutingTests {
    @Test("resource paths, namespaced and cluster-scoped", arguments: [
        ("/api/v1/namespaces", ResourcePath(group: "", version: "v1", resource: "namespaces")),
        ("/api/v1/namespaces/dev", ResourcePath(group: "", version: "v1", resource: "namespaces", name: "dev")),
        ("/api/v1/namespaces/dev/status", ResourcePath(group: "", version: "v1", resource: "namespaces", name: "dev", subresource: "status")),
        ("/api/v1/namespaces/dev/pods", ResourcePath(group: "", version: "v1", namespace: "dev", resource: "pods")),
        ("/api/v1/namespaces/dev/pods/p/status", ResourcePath(group: "", version: "v1", namespace: "dev", resource: "pods", name: "p", subresource: "status")),
        ("/apis/apps/v1/deployments", ResourcePath(group: "apps", version: "v1", resource: "deployments")),
        ("/apis/apps/v1/namespaces/dev/deployments/web/scale",
         ResourcePath(group: "apps", version: "v1", namespace: "dev", resource: "deployments", name: "web", subresource: "scale")),
        ("/api/v1/namespaces/dev/configmaps/a%20b", ResourcePath(group: "", version: "v1", namespace: "dev", resource: "configmaps", name: "a b")),
        ("/api/v1/namespaces/d%65v/configmaps/%61", ResourcePath(group: "", version: "v1", namespace: "dev", resource: "configmaps", name: "a")),
    ])
    func resourcePaths(path: String, expected: ResourcePath) {
        #expect(APIPath(path) == .resource(expected))
    }

    @Test("the legacy watch prefix")
    func watchPrefix() {
        guard case .resource(let path) = APIPath("/api/v1/watch/namespaces/dev/pods") else {
            Issue.record("not a resource path")
            return
        }
        #expect(path.watchPrefix)
        #expect(path.namespace == "dev")
        #expect(path.resource == "pods")
    }

    @Test("discovery and other paths", arguments: [
        ("/api", APIPath.coreGroup), ("/api/", .coreGroup), ("/apis", .groups), ("/apis/apps", .group("apps")),
        ("/api/v1", .groupVersion(group: "", version: "v1")), ("/apis/apps/v1", .groupVersion(group: "apps", version: "v1")),
        ("/version", .version), ("/healthz", .health), ("/readyz/ping", .health), ("/openapi/v3", .openAPIRoot),
        ("/openapi/v3/api/v1", .openAPIDocument(group: "", version: "v1")),
        ("/openapi/v3/apis/apps/v1", .openAPIDocument(group: "apps", version: "v1")),
        ("/openapi/v2", .openAPIV2), ("/openapi/v4", .unknown), ("/", .unknown), ("/api/v1/namespaces//pods", .unknown),
        ("/api/v1/namespaces/dev/pods/p/status/extra", .unknown),
    ])
    func otherPaths(path: String, expected: APIPath) {
        #expect(APIPath(path) == expected)
    }

    @Test("query strings decode '+' as a space and %XX as bytes, as Go does")
    func query() throws {
        let query = QueryParameters("labelSelector=tier+in+%28be%2Cfe%29&fieldSelector=metadata.name%3Dweb&dryRun=All&dryRun=All&watch&limit=500")
        #expect(query["labelSelector"] == "tier in (be,fe)")
        #expect(query["fieldSelector"] == "metadata.name=web")
        #expect(query.all("dryRun") == ["All", "All"])
        #expect(query["watch"] == "")
        #expect(try query.integer("limit") == 500)
        #expect(try query.bool("watch") == nil)
        #expect(throws: APIError.self) { try QueryParameters("limit=ten").integer("limit") }
    }

    @Test("Accept negotiation", arguments: [
        ("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json",
         ResponseFormat?.some(.table(version: "v1"))),
        ("application/vnd.kubernetes.protobuf,application/json", .json),
        ("application/json, */*", .json),
        ("application/yaml", .yaml),
        ("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json", .json),
        ("application/vnd.kubernetes.protobuf", nil),
        ("", .json),
    ])
    func negotiation(accept: String, expected: ResponseFormat?) {
        #expect(Negotiation.format(accept: accept) == expected)
    }

    @Test("aggregated discovery is chosen only when asked for")
    func discoveryNegotiation() {
        #expect(Negotiation.aggregatedDiscovery(accept: DiscoveryTests.aggregatedAccept) == "v2")
        #expect(Negotiation.aggregatedDiscovery(accept: "application/json, */*") == nil)
        #expect(Negotiation.aggregatedDiscovery(accept: nil) == nil)
    }

    @Test("the bearer token is compared whole")
    func authenticator() {
        let authenticator = Authenticator(token: "s3cret-token")
        #expect(authenticator.authenticates(authorization: "Bearer s3cret-token"))
        #expect(authenticator.authenticates(authorization: "bearer s3cret-token"))
        #expect(authenticator.authenticates(authorization: "Bearer  s3cret-token \t"))
        #expect(!authenticator.authenticates(authorization: "Bearer s3cret token"))
        #expect(!authenticator.authenticates(authorization: "Bearer s3cret-toke"))
        #expect(!authenticator.authenticates(authorization: "Bearer s3cret-token2"))
        #expect(!authenticator.authenticates(authorization: "s3cret-token"))
        #expect(!authenticator.authenticates(authorization: nil))
    }
}
