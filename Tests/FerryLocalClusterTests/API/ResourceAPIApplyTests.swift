import FerryKube
@testable import FerryLocalCluster
import Foundation
import Synchronization
import Testing

@Suite("Server-side apply through the REST layer")
struct ResourceAPIApplyTests {
    @Test("applying again a body whose quantities the server stores in another form writes nothing, even a second later")
    func reapplyOfNonCanonicalQuantitiesIsANoOp() throws {
        // Each write is a second after the one before, as on a loaded machine.
        let ticks = Mutex(0.0)
        let store = try ObjectStore(path: nil)
        let api = ResourceAPI(store: store) { Date(timeIntervalSince1970: 1_800_000_000 + ticks.withLock { $0 += 1; return $0 }) }
        _ = try api.create(ResourceCatalog.namespaces, namespace: nil,
                           body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "spark"]],
                           options: WriteOptions(fieldManager: "test"))
        let ferry = WriteOptions(fieldManager: "ferry")
        // cpu: 2000m and memory: 1024Mi are stored as "2" and "1Gi".
        let first = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody()), subresource: nil, options: ferry)
        let again = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody()), subresource: nil, options: ferry)
        #expect(again.object[path: ["metadata", "resourceVersion"]] == first.object[path: ["metadata", "resourceVersion"]])
        #expect(again.object[path: ["metadata", "managedFields"]] == first.object[path: ["metadata", "managedFields"]])
    }

    @Test("apply creates a missing object, then conflicts with another manager's change unless forced")
    func applyStory() throws {
        let api = try makeAPI()
        let ferry = WriteOptions(fieldManager: "ferry")
        let first = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody()), subresource: nil, options: ferry)
        #expect(first.created)
        let again = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody()), subresource: nil, options: ferry)
        #expect(!again.created)
        #expect(again.object[path: ["metadata", "resourceVersion"]] == first.object[path: ["metadata", "resourceVersion"]])

        let setImage: JSONValue = ["spec": ["template": ["spec": ["containers": [["name": "worker", "image": "spark:1.6.3"]]]]]]
        _ = try api.patch(deploymentKey(), type: .strategic, body: json(setImage), subresource: nil,
                          options: WriteOptions(fieldManager: "kubectl-set"))

        let conflict = apiError {
            _ = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody()), subresource: nil, options: ferry)
        }
        #expect(conflict?.code == 409)
        #expect(conflict?.message == "Apply failed with 1 conflict: conflict with \"kubectl-set\" using apps/v1: .spec.template.spec.containers[name=\"worker\"].image")

        var forced = ferry
        forced.force = true
        let healed = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody()), subresource: nil, options: forced)
        #expect(healed.object[path: ["spec", "template", "spec", "containers"]]?.array?.first?["image"] == "spark:2.1.0")
    }

    @Test("a field the manager stops applying is removed and re-defaulted")
    func removedFieldRedefaulted() throws {
        let api = try makeAPI()
        let ferry = WriteOptions(fieldManager: "ferry")
        _ = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody(replicas: 5)), subresource: nil, options: ferry)
        let result = try api.patch(deploymentKey(), type: .apply, body: json(deploymentBody(replicas: nil)), subresource: nil, options: ferry)
        #expect(result.object[path: ["spec", "replicas"]] == 1)
    }

    @Test("apply into a missing namespace is NotFound")
    func applyMissingNamespace() throws {
        let api = try makeAPI()
        let key = StoreKey(ResourceCatalog.configMaps, namespace: "nope", name: "x")
        let error = apiError {
            _ = try api.patch(key, type: .apply, body: json(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x"]]),
                              subresource: nil, options: WriteOptions(fieldManager: "ferry"))
        }
        #expect(error?.message == "namespaces \"nope\" not found")
    }
}
