import FerryKube

extension ResourceAPI {
    /// Updates `spec.replicas` through the `scale` subresource: `transform` gets the
    /// current Scale and returns the requested one, whose resourceVersion is a precondition.
    func updateScale(_ key: StoreKey, options: WriteOptions,
                     _ transform: (JSONValue) throws(APIError) -> JSONValue) throws(APIError) -> JSONValue {
        let result = try update(key, subresource: .scale, options: options) { current throws(APIError) in
            let requested = try transform(try Scale.of(current, key: key))
            guard let replicas = requested[path: ["spec", "replicas"]]?.int, replicas >= 0 else {
                throw .invalid(key.resource, name: key.name, causes: [("spec.replicas", "Invalid value: must be a non-negative integer")])
            }
            if let version = requested[path: ["metadata", "resourceVersion"]]?.string, !version.isEmpty,
               version != current[path: ["metadata", "resourceVersion"]]?.string {
                throw .conflict(key.resource, name: key.name)
            }
            var next = current
            next[path: Scale.specReplicasPath(key.resource)] = .int(replicas)
            return next
        }
        return try Scale.of(result.object, key: key)
    }
}

/// The `autoscaling/v1` Scale view of a Deployment or ReplicaSet.
enum Scale {
    static func of(_ object: JSONValue, key: StoreKey) throws(APIError) -> JSONValue {
        guard key.resource.subresources.contains(.scale) else {
            throw .notFound(key.resource, name: "\(key.name)/scale")
        }
        var metadata: JSONValue = [:]
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            metadata[field] = object[path: ["metadata", field]]
        }
        let custom = key.resource.custom?.scale
        var status: JSONValue = ["replicas": .int(object[path: custom?.statusReplicas ?? ["status", "replicas"]]?.int ?? 0)]
        if let custom {
            // A CR's selector path holds the selector already serialised.
            if let path = custom.labelSelector, let selector = object[path: path]?.string { status["selector"] = .string(selector) }
        } else if let selector = object[path: ["spec", "selector"]], let parsed = try? LabelSelector(json: selector) {
            status["selector"] = .string(parsed.description)
        }
        return ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": metadata,
                "spec": ["replicas": .int(object[path: specReplicasPath(key.resource)]?.int ?? 0)], "status": status]
    }

    /// Where the replicas a Scale sets live: `spec.replicas`, or a CRD's `specReplicasPath`.
    static func specReplicasPath(_ resource: ResourceType) -> [String] {
        resource.custom?.scale?.specReplicas ?? ["spec", "replicas"]
    }
}
