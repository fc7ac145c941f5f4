import FerryKube
import FerryYAML
import Foundation

extension ResourceAPI {
    /// PUT of the object or of a subresource.
    public func replace(_ key: StoreKey, body: JSONValue, subresource: ResourceType.Subresource?, options: WriteOptions) throws(APIError) -> JSONValue {
        try checkTypeMeta(subresource == .scale ? body.withoutTypeMeta : body, resource: key.resource)
        if subresource == .scale { return try updateScale(key, options: options) { _ throws(APIError) in body } }
        var body = body
        if subresource == nil {
            try requireClientWritable(key.resource, verb: "update")
            body = try FieldValidationCheck.checked(body, resource: key.resource, options: options)
        }
        return try update(key, subresource: subresource, options: options) { [body] _ throws(APIError) in body }.object
    }

    /// PATCH of the object or of a subresource. Server-side apply creates a missing
    /// object (`created` true: answer 201).
    /// `json` is the answer's encoding when the store already has it.
    public func patch(_ key: StoreKey, type: PatchType, body: [UInt8], subresource: ResourceType.Subresource?,
                      options: WriteOptions) throws(APIError) -> (object: JSONValue, created: Bool, json: [UInt8]?) {
        if subresource == nil { try requireClientWritable(key.resource, verb: "patch") }
        if type == .strategic, key.resource.custom != nil {
            // Custom resources have no patch strategy to merge by (as upstream).
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
        }
        if type == .apply {
            guard subresource == nil else { throw .badRequest("server-side apply is supported on the object, not on /\(subresource?.rawValue ?? "")") }
            return try apply(key, body: body, options: options)
        }
        let patch = try PatchBody.parse(body, type: type)
        if subresource == .scale {
            let scale = try updateScale(key, options: options) { current throws(APIError) in
                try FieldManagement.patched(current, with: patch, type: type, resource: key.resource)
            }
            return (scale, false, nil)
        }
        let result = try update(key, subresource: subresource, options: options) { current throws(APIError) in
            let patched = try FieldManagement.patched(current, with: patch, type: type, resource: key.resource)
            // Upstream decodes the patched object strictly, so a patch's unknown fields count as a body's.
            guard subresource == nil else { return patched }
            return try FieldValidationCheck.checked(patched, resource: key.resource, options: options)
        }
        return (result.object, false, result.json)
    }

    /// Reads, transforms, admits and stores an existing object: the path shared by PUT
    /// and the non-apply PATCHes. `transform` gets the current object and returns the
    /// requested one; a resourceVersion in it is a precondition.
    func update(_ key: StoreKey, subresource: ResourceType.Subresource?, options: WriteOptions,
                _ transform: (JSONValue) throws(APIError) -> JSONValue) throws(APIError) -> (object: JSONValue, created: Bool, json: [UInt8]?) {
        let now = self.now
        let result = try write(key, dryRun: options.dryRun) { current throws(APIError) -> JSONValue? in
            guard let current else { throw .notFound(key.resource, name: key.name) }
            let requested = try transform(current)
            try checkTypeMeta(requested, resource: key.resource)
            if subresource == nil {
                try CustomResourceAdmission.reportUnknownFields(requested, resource: key.resource, options: options)
            }
            try Self.checkPreconditions(requested, current: current, key: key)
            if let name = requested[path: ["metadata", "name"]]?.string, name != key.name {
                throw .badRequest("the name of the object (\(name)) does not match the name on the URL (\(key.name))")
            }
            var next = Self.merging(requested, into: current, subresource: subresource, resource: key.resource)
            try Admission.admit(&next, key: key, old: current)
            let clientManagedFields = requested[path: ["metadata", "managedFields"]]
            if let clientManagedFields, clientManagedFields != current[path: ["metadata", "managedFields"]] {
                // A client that sends managedFields replaces them (kubectl does this to
                // migrate client-side-apply ownership to server-side apply).
                next[path: ["metadata", "managedFields"]] = clientManagedFields
                return next
            }
            next[path: ["metadata", "managedFields"]] = current[path: ["metadata", "managedFields"]]
            return FieldManagement.recordUpdate(old: current, new: next, manager: options.fieldManager,
                                                resource: key.resource, subresource: subresource, now: now)
        }
        return (result.object ?? .null, false, result.json)
    }

    /// What an update may change: the main resource cannot change status, the status
    /// subresource can change nothing else.
    static func merging(_ requested: JSONValue, into current: JSONValue, subresource: ResourceType.Subresource?,
                        resource: ResourceType) -> JSONValue {
        var next = requested
        switch subresource {
        case .status?:
            next = current
            next["status"] = requested["status"]
        default:
            if resource.subresources.contains(.status) { next["status"] = current["status"] }
        }
        // Server-owned metadata is never taken from the client.
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "generation"] {
            next[path: ["metadata", field]] = current[path: ["metadata", field]]
        }
        return next
    }

    /// A resourceVersion (or uid) in the request must be the current one.
    static func checkPreconditions(_ requested: JSONValue, current: JSONValue, key: StoreKey) throws(APIError) {
        if let version = requested[path: ["metadata", "resourceVersion"]]?.string, !version.isEmpty,
           version != current[path: ["metadata", "resourceVersion"]]?.string {
            throw .conflict(key.resource, name: key.name)
        }
        if let uid = requested[path: ["metadata", "uid"]]?.string, !uid.isEmpty,
           uid != current[path: ["metadata", "uid"]]?.string {
            throw .conflict(key.resource, name: key.name)
        }
    }

    /// Server-side apply: upserts, merging the applied configuration with managed-field
    /// ownership; another manager's differing field is a conflict unless `force`.
    func apply(_ key: StoreKey, body: [UInt8], options: WriteOptions) throws(APIError) -> (object: JSONValue, created: Bool, json: [UInt8]?) {
        guard !options.fieldManager.isEmpty else {
            throw .invalid(key.resource, name: key.name, causes: [("fieldManager", "Required value: is required for apply patch")])
        }
        var applied = try PatchBody.parseApplied(body)
        try checkTypeMeta(applied, resource: key.resource)
        applied = try FieldValidationCheck.checked(applied, resource: key.resource, options: options, applied: true)
        try CustomResourceAdmission.reportUnknownFields(applied, resource: key.resource, options: options)
        guard applied["apiVersion"] != nil, applied["kind"] != nil else {
            throw .badRequest("apply requests must give apiVersion and kind")
        }
        if let name = applied[path: ["metadata", "name"]]?.string, name != key.name {
            throw .badRequest("the name of the object (\(name)) does not match the name on the URL (\(key.name))")
        }
        if key.resource.namespaced, let namespace = applied[path: ["metadata", "namespace"]]?.string, !namespace.isEmpty,
           namespace != key.namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if store.get(key) == nil { try requireNamespace(key) }
        // Quantities are compared as the API server decodes them (`2000m` is `2`): else a
        // repeated apply of `2000m` looks like a change, and takes a new managedFields time
        // (and resourceVersion) whenever the two applies fall in different seconds.
        try Canonical.quantities(in: &applied, key: key)
        let now = self.now
        let result = try write(key, dryRun: options.dryRun) { current throws(APIError) -> JSONValue? in
            if let current { try Self.checkPreconditions(applied, current: current, key: key) }
            var next = try FieldManagement.apply(applied, to: current, manager: options.fieldManager,
                                                 force: options.force, resource: key.resource, now: now)
            if let current {
                next = Self.merging(next, into: current, subresource: nil, resource: key.resource)
            } else {
                // A created object's uid is the server's, assigned before admission.
                next[path: ["metadata", "uid"]] = .string(ObjectUID.make())
                if key.resource.subresources.contains(.status) { next["status"] = nil }
            }
            try Admission.admit(&next, key: key, old: current)
            return next
        }
        return (result.object ?? .null, result.previous == nil, result.json)
    }
}

extension JSONValue {
    /// The value without apiVersion and kind (a Scale is checked against its own kind).
    var withoutTypeMeta: JSONValue {
        var copy = self
        copy["apiVersion"] = nil
        copy["kind"] = nil
        return copy
    }
}
