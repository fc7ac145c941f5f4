import FerryKube

extension ResourceAPI {
    /// Namespaces the cluster needs and refuses to delete, as the API server does.
    static let protectedNamespaces: Set<String> = ["default", "kube-system", "kube-public"]

    /// DELETE. Returns the object's last state; a namespace is marked Terminating
    /// and emptied by the namespace controller, so a `kubectl delete -f` that lists
    /// the namespace first still finds the objects after it.
    public func delete(_ key: StoreKey, options: DeleteOptions) throws(APIError) -> JSONValue {
        guard let current = store.get(key) else { throw .notFound(key.resource, name: key.name) }
        if let uid = options.preconditionUID, uid != current[path: ["metadata", "uid"]]?.string {
            throw APIError(code: 409, reason: "Conflict",
                           message: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(current[path: ["metadata", "uid"]]?.string ?? "")")
        }
        if let version = options.preconditionResourceVersion, version != current[path: ["metadata", "resourceVersion"]]?.string {
            throw .conflict(key.resource, name: key.name)
        }
        if key.resource == ResourceCatalog.namespaces {
            if Self.protectedNamespaces.contains(key.name) {
                throw .forbidden("namespaces \"\(key.name)\" is forbidden: this namespace may not be deleted")
            }
            let now = self.now
            let result = try write(key, dryRun: options.dryRun) { current throws(APIError) -> JSONValue? in
                guard var namespace = current else { throw .notFound(key.resource, name: key.name) }
                if namespace[path: ["metadata", "deletionTimestamp"]] == nil {
                    namespace[path: ["metadata", "deletionTimestamp"]] = .string(now)
                }
                namespace[path: ["status", "phase"]] = "Terminating"
                return namespace
            }
            return result.object ?? current
        }
        if key.resource == ResourceCatalog.customResourceDefinitions {
            return try deleteDefinition(key, current: current, options: options)
        }
        if key.resource == ResourceCatalog.pods, let pending = try deletePodGracefully(key, current: current, options: options) {
            return pending
        }
        if options.propagation == .orphan, !options.dryRun, let uid = current[path: ["metadata", "uid"]]?.string {
            try orphanDependents(of: uid, namespace: key.namespace)
        }
        let result = try write(key, dryRun: options.dryRun) { current throws(APIError) -> JSONValue? in
            guard current != nil else { throw .notFound(key.resource, name: key.name) }
            return nil
        }
        return result.previous ?? current
    }

    /// Removes the owner reference to `uid` from every object in the namespace, so
    /// the garbage collector leaves them alone.
    func orphanDependents(of uid: String, namespace: String) throws(APIError) {
        for resource in store.served.all where resource.namespaced {
            for object in store.list(resource, namespace: namespace).items {
                let references = object[path: ["metadata", "ownerReferences"]]?.array ?? []
                guard references.contains(where: { $0["uid"]?.string == uid }) else { continue }
                let key = StoreKey(resource, namespace: namespace, name: object[path: ["metadata", "name"]]?.string ?? "")
                _ = try write(key, dryRun: false) { current throws(APIError) -> JSONValue? in
                    guard var current else { return nil }
                    let kept = references.filter { $0["uid"]?.string != uid }
                    current[path: ["metadata", "ownerReferences"]] = kept.isEmpty ? nil : .array(kept)
                    return current
                }
            }
        }
    }
}
