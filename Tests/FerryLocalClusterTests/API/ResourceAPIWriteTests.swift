import FerryKube
@testable import FerryLocalCluster
import Testing

@Suite("REST writes: create, update, preconditions, generation")
struct ResourceAPIWriteTests {
    @Test("create fills defaults, canonical quantities and server fields")
    func createDefaults() throws {
        let api = try makeAPI()
        let created = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(replicas: nil),
                                     options: WriteOptions(fieldManager: "ferry"))
        #expect(created[path: ["spec", "replicas"]] == 1)
        #expect(created[path: ["spec", "revisionHistoryLimit"]] == 10)
        #expect(created[path: ["spec", "progressDeadlineSeconds"]] == 600)
        #expect(created[path: ["spec", "strategy"]] == ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]])
        let container = created[path: ["spec", "template", "spec", "containers"]]?.array?.first
        #expect(container?[path: ["resources", "requests", "cpu"]] == "2")
        #expect(container?[path: ["resources", "requests", "memory"]] == "1Gi")
        #expect(container?["imagePullPolicy"] == "IfNotPresent")
        #expect(container?["ports"]?.array?.first?["protocol"] == "TCP")
        #expect(created[path: ["metadata", "generation"]] == 1)
        #expect(created[path: ["metadata", "uid"]]?.string?.count == 36)
        #expect(created[path: ["metadata", "resourceVersion"]]?.string != nil)
        #expect(created[path: ["metadata", "managedFields"]]?.array?.first?["manager"] == "ferry")
    }

    @Test("the namespace must exist")
    func missingNamespace() throws {
        let api = try makeAPI()
        let error = apiError {
            _ = try api.create(ResourceCatalog.configMaps, namespace: "nope",
                               body: ["metadata": ["name": "x"]], options: WriteOptions(fieldManager: "t"))
        }
        #expect(error?.code == 404)
        #expect(error?.message == "namespaces \"nope\" not found")
    }

    @Test("creating an existing object is AlreadyExists, and nothing changes")
    func alreadyExists() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "t")
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: options)
        let version = api.store.resourceVersion
        let error = apiError { _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: options) }
        #expect(error?.code == 409 && error?.reason == "AlreadyExists")
        #expect(error?.message == "deployments.apps \"spark-worker\" already exists")
        #expect(api.store.resourceVersion == version)
    }

    @Test("a selector that does not match the template is Invalid, with the field named")
    func invalidSelector() throws {
        let api = try makeAPI()
        var body = deploymentBody()
        body[path: ["spec", "selector", "matchLabels", "app"]] = "other"
        let error = apiError { _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: body, options: WriteOptions(fieldManager: "t")) }
        #expect(error?.code == 422 && error?.reason == "Invalid")
        #expect(error?.message == "Deployment.apps \"spark-worker\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"spark-worker\"}: `selector` does not match template `labels`")
        #expect(api.store.get(deploymentKey()) == nil)
    }

    @Test("a stale resourceVersion is a Conflict; generation moves only with the spec")
    func preconditionsAndGeneration() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "t")
        let created = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: options)
        var labelled = created
        labelled[path: ["metadata", "labels"]] = ["team": "data"]
        let afterLabel = try api.replace(deploymentKey(), body: labelled, subresource: nil, options: options)
        #expect(afterLabel[path: ["metadata", "generation"]] == 1)
        let stale = apiError { _ = try api.replace(deploymentKey(), body: labelled, subresource: nil, options: options) }
        #expect(stale?.code == 409 && stale?.reason == "Conflict")
        let patched = try api.patch(deploymentKey(), type: .merge, body: json(["spec": ["replicas": 5]]), subresource: nil, options: options)
        #expect(patched.object[path: ["metadata", "generation"]] == 2)
    }

    @Test("a no-op update keeps the resourceVersion")
    func noOpUpdate() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "t")
        let created = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: options)
        let version = api.store.resourceVersion
        let patched = try api.patch(deploymentKey(), type: .merge, body: json(["spec": ["replicas": 3]]), subresource: nil, options: options)
        #expect(patched.object[path: ["metadata", "resourceVersion"]] == created[path: ["metadata", "resourceVersion"]])
        #expect(api.store.resourceVersion == version)
    }

    @Test("dryRun computes the result and stores nothing")
    func dryRun() throws {
        let api = try makeAPI()
        let version = api.store.resourceVersion
        let result = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(),
                                    options: WriteOptions(fieldManager: "t", dryRun: true))
        #expect(result[path: ["spec", "revisionHistoryLimit"]] == 10)
        #expect(api.store.get(deploymentKey()) == nil)
        #expect(api.store.resourceVersion == version)
    }

    @Test("the main resource cannot change status; the status subresource changes only status")
    func statusSubresource() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "t")
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: options)
        let ignored = try api.patch(deploymentKey(), type: .merge, body: json(["status": ["replicas": 7]]), subresource: nil, options: options)
        #expect(ignored.object["status"] == nil)
        let updated = try api.patch(deploymentKey(), type: .merge, body: json(["status": ["replicas": 7], "spec": ["replicas": 9]]),
                                    subresource: .status, options: options)
        #expect(updated.object[path: ["status", "replicas"]] == 7)
        #expect(updated.object[path: ["spec", "replicas"]] == 3)
    }

    @Test("the scale subresource reads and writes spec.replicas")
    func scale() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "kubectl")
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: options)
        let scale = try api.patch(deploymentKey(), type: .merge, body: json(["spec": ["replicas": 5]]), subresource: .scale, options: options)
        #expect(scale.object["kind"] == "Scale")
        #expect(scale.object[path: ["spec", "replicas"]] == 5)
        #expect(scale.object[path: ["status", "selector"]] == "app=spark-worker")
        #expect(try api.get(deploymentKey())[path: ["spec", "replicas"]] == 5)
    }

    @Test("pods are written by the cluster only")
    func podsReadOnly() throws {
        let api = try makeAPI()
        let error = apiError {
            _ = try api.create(ResourceCatalog.pods, namespace: "spark", body: ["metadata": ["name": "p"]], options: WriteOptions(fieldManager: "t"))
        }
        #expect(error?.code == 405)
    }

    @Test("strategic merge patch merges containers by name, as kubectl set image needs")
    func setImage() throws {
        let api = try makeAPI()
        let options = WriteOptions(fieldManager: "kubectl-set")
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: deploymentBody(), options: WriteOptions(fieldManager: "ferry"))
        let patch: JSONValue = ["spec": ["template": ["spec": [
            "$setElementOrder/containers": [["name": "worker"]],
            "containers": [["name": "worker", "image": "spark:1.6.3"]],
        ]]]]
        let result = try api.patch(deploymentKey(), type: .strategic, body: json(patch), subresource: nil, options: options)
        let container = result.object[path: ["spec", "template", "spec", "containers"]]?.array?.first
        #expect(container?["image"] == "spark:1.6.3")
        #expect(container?[path: ["resources", "requests", "cpu"]] == "2")
        #expect(result.object[path: ["metadata", "generation"]] == 2)
    }
}

@Suite("fieldValidation")
struct FieldValidationTests {
    @Test("Strict refuses an undeclared field and stores nothing; Ignore accepts it")
    func strict() throws {
        let api = try makeAPI()
        var body = deploymentBody()
        body["spek"] = ["replicas": 2]
        let error = apiError {
            _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: body,
                               options: WriteOptions(fieldManager: "t", fieldValidation: .strict))
        }
        #expect(error?.code == 400)
        #expect(error?.message.contains("strict decoding error: unknown field \"spek\"") == true)
        #expect(api.store.get(deploymentKey()) == nil)
        _ = try api.create(ResourceCatalog.deployments, namespace: "spark", body: body,
                           options: WriteOptions(fieldManager: "t", fieldValidation: .ignore))
        #expect(api.store.get(deploymentKey()) != nil)
    }
}

@Suite("Service admission")
struct ServiceAdmissionTests {
    @Test("a Service of an unknown type is Invalid and not stored")
    func unknownType() throws {
        let api = try makeAPI()
        let body: JSONValue = ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "svc"],
                               "spec": ["type": "Bogus", "ports": [["port": 80]]]]
        let error = apiError {
            _ = try api.create(ResourceCatalog.services, namespace: "spark", body: body, options: WriteOptions(fieldManager: "t"))
        }
        #expect(error?.code == 422)
        #expect(error?.message == "Service \"svc\" is invalid: spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")
        #expect(api.store.get(StoreKey(ResourceCatalog.services, namespace: "spark", name: "svc")) == nil)
    }
}
