import FerryKube

extension ResourceAPI {
    /// DELETE of a CRD, as apiextensions' registry does it: the CRD is marked for
    /// deletion with the cleanup finalizer and a `Terminating` condition, and stays
    /// (still serving its resources) until the CRD controller has deleted them all.
    func deleteDefinition(_ key: StoreKey, current: JSONValue, options: DeleteOptions) throws(APIError) -> JSONValue {
        let now = self.now
        let result = try write(key, dryRun: options.dryRun) { current throws(APIError) -> JSONValue? in
            guard var definition = current else { throw .notFound(key.resource, name: key.name) }
            guard !definition.isBeingDeleted else { return definition }
            definition[path: ["metadata", "deletionTimestamp"]] = .string(now)
            var finalizers = definition[path: ["metadata", "finalizers"]]?.array ?? []
            let cleanup = JSONValue.string(CustomResourceDefinitionStatus.cleanupFinalizer)
            if !finalizers.contains(cleanup) { finalizers.append(cleanup) }
            definition[path: ["metadata", "finalizers"]] = .array(finalizers)
            CustomResourceDefinitionStatus.setCondition(
                &definition, type: "Terminating", status: "True", reason: "InstanceDeletionPending",
                message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", now: now)
            return definition
        }
        return result.object ?? current
    }
}
