import FerryKube
@testable import FerryLocalCluster
import Testing

/// Unknown fields at any depth: Strict refuses, Warn warns, Ignore is silent, and in
/// every mode they are not stored.
@Suite("fieldValidation of nested fields")
struct NestedFieldValidationTests {
    static func misspelt() -> JSONValue {
        var body = deploymentBody()
        body[path: ["spec", "template", "spec", "containers"]] = [[
            "name": "worker", "imagee": "spark:2.1.0", "image": "spark:2.1.0",
        ]]
        body[path: ["spec", "paused2"]] = true
        return body
    }

    @Test("Strict: 400 with upstream's strict decoding error naming each field, nothing stored")
    func strict() throws {
        let api = try makeAPI()
        let error = apiError {
            _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: Self.misspelt(),
                               options: WriteOptions(fieldManager: "test", fieldValidation: .strict))
        }
        #expect(error?.code == 400)
        #expect(error?.message == "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.paused2\", unknown field \"spec.template.spec.containers[0].imagee\"")
        #expect(api.store.get(deploymentKey()) == nil)
    }

    @Test("Warn: accepted with one warning per field, which is dropped from the stored object")
    func warn() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "test", fieldValidation: .warn)
        let created = try api.create(ResourceCatalog.deployments, namespace: "spark", body: Self.misspelt(), options: options)
        #expect(options.warnings.all == [
            "unknown field \"spec.paused2\"", "unknown field \"spec.template.spec.containers[0].imagee\"",
        ])
        let stored = try #require(api.store.get(deploymentKey()))
        #expect(stored[path: ["spec", "paused2"]] == nil)
        #expect(stored[path: ["spec", "template", "spec", "containers"]]?.array?.first?["imagee"] == nil)
        #expect(created[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "spark:2.1.0")
    }

    @Test("Ignore: accepted silently, still dropped")
    func ignore() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "test", fieldValidation: .ignore)
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: Self.misspelt(), options: options)
        #expect(options.warnings.all.isEmpty)
        #expect(api.store.get(deploymentKey())?[path: ["spec", "paused2"]] == nil)
    }

    @Test("server-side apply under Strict: upstream's typed-patch error; a merge patch's unknown field is strict too")
    func applyAndPatch() throws {
        let api = try makeAPI()
        let error = apiError {
            _ = try api.patch(deploymentKey(), type: .apply, body: json(Self.misspelt()), subresource: nil,
                              options: WriteOptions(fieldManager: "kubectl", fieldValidation: .strict))
        }
        #expect(error?.code == 400)
        #expect(error?.message == "failed to create typed patch object (spark/spark-worker; apps/v1, Kind=Deployment): .spec.paused2: field not declared in schema, .spec.template.spec.containers[0].imagee: field not declared in schema")
        #expect(api.store.get(deploymentKey()) == nil)

        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(),
                           options: WriteOptions(fieldManager: "test"))
        let patchError = apiError {
            _ = try api.patch(deploymentKey(), type: .merge, body: json(["spec": ["replicaz": 2]]), subresource: nil,
                              options: WriteOptions(fieldManager: "test", fieldValidation: .strict))
        }
        #expect(patchError?.message.hasSuffix("strict decoding error: unknown field \"spec.replicaz\"") == true)
    }

    @Test("a real Deployment with probes, resources, volumes, env from secrets, affinity, tolerations and securityContext draws no warning")
    func realManifestIsClean() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "test", fieldValidation: .strict)
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: RealManifests.deployment, options: options)
        for (resource, body) in RealManifests.others {
            _ = try api.create(resource, namespace: resource.namespaced ? "spark" : nil, body: body, options: options)
        }
        #expect(options.warnings.all.isEmpty)
    }

    @Test("a value of the wrong type is upstream's decoding error in every mode: ConfigMap data must be strings")
    func wrongType() throws {
        let api = try makeAPI()
        let body: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"], "data": ["port": 8080]]
        let error = apiError {
            _ = try api.create(ResourceCatalog.configMaps, namespace: "spark", body: body,
                               options: WriteOptions(fieldManager: "test", fieldValidation: .ignore))
        }
        #expect(error?.code == 400)
        #expect(error?.message == "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string")
        #expect(api.store.get(StoreKey(ResourceCatalog.configMaps, namespace: "spark", name: "settings")) == nil)
    }

    @Test("Secret data must be base64, as Go's decoder reads []byte")
    func base64() throws {
        let api = try makeAPI()
        let body: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"], "data": ["token": "not base64!"]]
        let error = apiError {
            _ = try api.create(ResourceCatalog.secrets, namespace: "spark", body: body, options: WriteOptions(fieldManager: "test"))
        }
        #expect(error?.code == 400)
        #expect(error?.message == "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3")
        #expect(api.store.get(StoreKey(ResourceCatalog.secrets, namespace: "spark", name: "creds")) == nil)
        let good: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"], "data": ["token": "aGVsbG8="]]
        _ = try api.create(ResourceCatalog.secrets, namespace: "spark", body: good, options: WriteOptions(fieldManager: "test"))
    }
}
