import FerryKube
import Foundation

extension ResourceAPI {
    /// POST. Returns the created object (as it would be, for a dry run).
    public func create(_ resource: ResourceType, namespace: String?, body: JSONValue, options: WriteOptions) throws(APIError) -> JSONValue {
        try requireClientWritable(resource, verb: "create")
        if resource.custom?.isTerminating == true {
            throw .methodNotAllowed("create is not allowed while custom resource definition is terminating")
        }
        try checkTypeMeta(body, resource: resource)
        let body = try FieldValidationCheck.checked(body, resource: resource, options: options)
        try CustomResourceAdmission.reportUnknownFields(body, resource: resource, options: options)
        let metadata = body["metadata"] ?? [:]
        var name = metadata["name"]?.string ?? ""
        if name.isEmpty, let prefix = metadata["generateName"]?.string, !prefix.isEmpty {
            name = prefix + PodNames.randomSuffix()
        }
        guard !name.isEmpty else {
            throw .invalid(resource, name: "", causes: [("metadata.name", "Required value: name or generateName is required")])
        }
        let bodyNamespace = metadata["namespace"]?.string
        if resource.namespaced, let bodyNamespace, let namespace, !bodyNamespace.isEmpty, bodyNamespace != namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let key = StoreKey(resource, namespace: namespace ?? bodyNamespace ?? "default", name: name)
        try requireNamespace(key)

        var object = body
        object[path: ["metadata", "name"]] = .string(name)
        object[path: ["metadata", "managedFields"]] = nil
        // The server assigns the uid, before admission (a Job's selector names it).
        object[path: ["metadata", "uid"]] = .string(ObjectUID.make())
        if resource.subresources.contains(.status) { object["status"] = nil }
        try Admission.admit(&object, key: key)
        let prepared = FieldManagement.recordUpdate(old: nil, new: object, manager: options.fieldManager,
                                                    resource: resource, now: now)
        let result = try write(key, dryRun: options.dryRun) { current throws(APIError) in
            if current != nil { throw .alreadyExists(resource, name: name) }
            return prepared
        }
        return result.object ?? prepared
    }

    func requireClientWritable(_ resource: ResourceType, verb: String) throws(APIError) {
        guard resource.clientWritable else {
            throw .methodNotAllowed("\(resource.plural) are written by the cluster's own controllers; \(verb) a Deployment instead (only delete is allowed on \(resource.plural))")
        }
    }

    /// A body's apiVersion and kind, when given, must be the resource's.
    func checkTypeMeta(_ body: JSONValue, resource: ResourceType) throws(APIError) {
        guard body.object != nil else { throw .badRequest("the request body must be a JSON object") }
        if let kind = body["kind"]?.string, kind != resource.kind {
            throw .badRequest("the kind \"\(kind)\" of the body does not match the resource \(resource.qualifiedName) (kind \(resource.kind))")
        }
        if let apiVersion = body["apiVersion"]?.string, apiVersion != resource.apiVersion {
            throw .badRequest("the apiVersion \"\(apiVersion)\" of the body does not match the resource \(resource.qualifiedName) (\(resource.apiVersion))")
        }
    }

    /// The store's write with the request's errors passed through typed.
    func write(_ key: StoreKey, dryRun: Bool, _ change: (JSONValue?) throws(APIError) -> JSONValue?) throws(APIError) -> ObjectStore.WriteResult {
        do {
            return try store.write(key, dryRun: dryRun) { current in try change(current) }
        } catch let error as APIError {
            throw error
        } catch {
            throw .internalError("\(error)")
        }
    }
}

/// Random name suffixes as Kubernetes makes them: five characters from an alphabet
/// without vowels or look-alikes, so no words or ambiguous names appear.
enum PodNames {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func randomSuffix(length: Int = 5) -> String {
        String((0..<length).map { _ in alphabet.randomElement() ?? "x" })
    }
}
