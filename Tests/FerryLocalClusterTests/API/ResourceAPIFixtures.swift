import FerryKube
@testable import FerryLocalCluster

/// A REST layer over an in-memory store, with the `default` and `spark` namespaces.
func makeAPI() throws -> ResourceAPI {
    let api = ResourceAPI(store: try ObjectStore(path: nil))
    for name in ["default", "spark"] {
        _ = try api.create(ResourceCatalog.namespaces, namespace: nil,
                           body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]],
                           options: WriteOptions(fieldManager: "test"))
    }
    return api
}

func deploymentBody(name: String = "spark-worker", image: String = "spark:2.1.0", replicas: Int64? = 3,
                    cpu: JSONValue = "2000m") -> JSONValue {
    var spec: JSONValue = [
        "selector": ["matchLabels": ["app": .string(name)]],
        "template": [
            "metadata": ["labels": ["app": .string(name)]],
            "spec": ["containers": [[
                "name": "worker", "image": .string(image),
                "ports": [["containerPort": 8081]],
                "resources": ["requests": ["cpu": cpu, "memory": "1024Mi"]],
            ]]],
        ],
    ]
    if let replicas { spec["replicas"] = .int(replicas) }
    return ["apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": "spark"], "spec": spec]
}

func deploymentKey(_ name: String = "spark-worker") -> StoreKey {
    StoreKey(ResourceCatalog.deployments, namespace: "spark", name: name)
}

func json(_ value: JSONValue) -> [UInt8] { value.serialized() }

/// The error a call throws, for asserting on its Status.
func apiError(_ body: () throws -> Void) -> APIError? {
    do { try body() } catch let error as APIError { return error } catch { return nil }
    return nil
}
