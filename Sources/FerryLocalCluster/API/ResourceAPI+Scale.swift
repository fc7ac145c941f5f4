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
            next[path: ["spec", "replicas"]] = .int(replicas)
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
        var status: JSONValue = ["replicas": .int(object[path: ["status", "replicas"]]?.int ?? 0)]
        if let selector = object[path: ["spec", "selector"]], let parsed = try? LabelSelector(json: selector) {
            status["selector"] = .string(parsed.description)
        }
        return ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": metadata,
                "spec": ["replicas": .int(object[path: ["spec", "replicas"]]?.int ?? 0)], "status": status]
    }
}
