import FerryKube
import NIOHTTP1

/// The objects of a LIST, with the resourceVersion to watch from.
public struct ObjectList: Sendable {
    /// The objects; each has `apiVersion` and `kind` set (the server leaves them out of items).
    public var items: [JSONValue]
    /// The list's resourceVersion: a watch from it sees every change after the list.
    public var resourceVersion: String

    /// A list of `items` at `resourceVersion`.
    public init(items: [JSONValue], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

/// The answer to a write: the object as stored (or as it would be, for a dry run) and the status.
public struct WriteResult: Sendable {
    /// The object the server returned (parsed from the answer when first read: most writers
    /// only need ``statusCode``).
    public var object: JSONValue {
        get { answer.value }
        set { answer = DeferredJSON(newValue) }
    }
    /// The HTTP status: 201 when the object was created, 200 when it was changed or unchanged.
    public var statusCode: Int

    private var answer: DeferredJSON

    /// A result of `object` with `statusCode`.
    public init(object: JSONValue, statusCode: Int) {
        answer = DeferredJSON(object)
        self.statusCode = statusCode
    }

    /// A result of an answer not parsed yet.
    init(answer: DeferredJSON, statusCode: Int) {
        self.answer = answer
        self.statusCode = statusCode
    }

    /// Whether the write created the object.
    public var created: Bool { statusCode == 201 }
}

/// The kinds of PATCH besides server-side apply.
public enum PatchType: Sendable, Hashable {
    /// JSON merge patch (RFC 7386): `application/merge-patch+json`.
    case merge
    /// Kubernetes' strategic merge patch (built-in kinds only).
    case strategicMerge
    /// JSON patch (RFC 6902), a list of operations.
    case json

    /// The `Content-Type` that selects it.
    public var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .strategicMerge: return "application/strategic-merge-patch+json"
        case .json: return "application/json-patch+json"
        }
    }
}

/// What happens to an object's dependents when it is deleted.
public enum PropagationPolicy: String, Sendable, Hashable {
    /// Dependents first, then the object.
    case foreground = "Foreground"
    /// The object now, dependents by the garbage collector.
    case background = "Background"
    /// Dependents are left behind.
    case orphan = "Orphan"
}

/// Conditions a DELETE must meet: the object is still the one that was seen.
public struct DeletePreconditions: Sendable, Hashable {
    /// The object's `metadata.uid`.
    public var uid: String?
    /// The object's `metadata.resourceVersion`.
    public var resourceVersion: String?

    /// Preconditions on uid and/or resourceVersion.
    public init(uid: String? = nil, resourceVersion: String? = nil) {
        self.uid = uid
        self.resourceVersion = resourceVersion
    }
}

extension KubeClient {
    /// The object `identity` names; a namespaced object without a namespace is looked up
    /// in ``defaultNamespace``. Throws ``KubeError`` (`isNotFound` when it does not exist).
    public func get(_ identity: ObjectIdentity) async throws -> JSONValue {
        let (resource, located) = try await locate(identity)
        let request = KubeRequest(verb: .get, method: .GET, path: resource.objectPath(namespace: located.namespace, name: located.name),
                                  object: located)
        return try await sendJSON(request).object
    }

    /// The object, or nil when it does not exist.
    public func getIfPresent(_ identity: ObjectIdentity) async throws -> JSONValue? {
        do {
            return try await get(identity)
        } catch let error as KubeError where error.isNotFound {
            return nil
        }
    }

    /// The objects of `kind`: in `namespace`, or in every namespace when nil (and always for a
    /// cluster-scoped kind), filtered by the selectors; fetched in pages of `pageSize`.
    /// With `omittingManagedFields`, each item's `metadata.managedFields` is dropped as its
    /// page arrives, so a large list never holds them all at once (they are often half an
    /// object's size).
    public func list(_ kind: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil,
                     fieldSelector: String? = nil, pageSize: Int = 500,
                     omittingManagedFields: Bool = false) async throws -> ObjectList {
        let resource = try await resource(for: kind)
        let path = resource.collectionPath(namespace: namespace)
        var baseQuery: [(name: String, value: String)] = []
        if let labelSelector, !labelSelector.isEmpty { baseQuery.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { baseQuery.append(("fieldSelector", fieldSelector)) }
        var items: [JSONValue] = []
        var continueToken: String?
        var limit: Int? = pageSize > 0 ? pageSize : nil
        while true {
            var query = baseQuery
            if let limit { query.append(("limit", String(limit))) }
            if let continueToken { query.append(("continue", continueToken)) }
            let page: JSONValue
            do {
                page = try await sendJSON(KubeRequest(verb: .list, method: .GET, path: path, query: query)).object
            } catch let error as KubeError where error.isExpired && continueToken != nil {
                // The continue token outlived the server's compaction: read the whole list at once, as client-go's pager does.
                items = []
                continueToken = nil
                limit = nil
                continue
            }
            for var item in page["items"]?.array ?? [] {
                item["apiVersion"] = .string(kind.apiVersion)
                item["kind"] = .string(resource.kind)
                if omittingManagedFields, item[path: ["metadata", "managedFields"]] != nil {
                    item[path: ["metadata", "managedFields"]] = nil
                }
                items.append(item)
            }
            if let next = page[path: ["metadata", "continue"]]?.string, !next.isEmpty, limit != nil {
                continueToken = next
                continue
            }
            return ObjectList(items: items, resourceVersion: page[path: ["metadata", "resourceVersion"]]?.string ?? "")
        }
    }

    /// Server-side apply: PATCH with `application/apply-patch+yaml` as `fieldManager`.
    ///
    /// Creates the object (201) or updates the fields the manager owns (200). `force`
    /// takes over fields other managers own instead of failing with a 409 conflict;
    /// `dryRun` sends `dryRun=All` (nothing is stored; not counted in `metrics.writes`).
    /// `source` (the manifest's `file:line:col`) is named if the kind is unknown.
    public func apply(_ object: JSONValue, fieldManager: String, force: Bool = false, dryRun: Bool = false,
                      source: String? = nil) async throws -> WriteResult {
        let identity = try Self.identity(of: object)
        let (resource, located) = try await locate(identity, source: source)
        var query: [(name: String, value: String)] = [("fieldManager", fieldManager)]
        if force { query.append(("force", "true")) }
        if dryRun { query.append(("dryRun", "All")) }
        let request = KubeRequest(
            verb: .apply, method: .PATCH, path: resource.objectPath(namespace: located.namespace, name: located.name),
            query: query, body: object.serialized(), contentType: "application/apply-patch+yaml",
            object: located, dryRun: dryRun)
        return try await sendWrite(request)
    }

    /// Server-side apply of a manifest, naming its file if its kind is unknown.
    public func apply(_ manifest: Manifest, fieldManager: String, force: Bool = false,
                      dryRun: Bool = false) async throws -> WriteResult {
        var object = JSONValue(manifest.body)
        if let namespace = manifest.identity.namespace, object[path: ["metadata", "namespace"]] == nil {
            object[path: ["metadata", "namespace"]] = .string(namespace)
        }
        return try await apply(object, fieldManager: fieldManager, force: force, dryRun: dryRun,
                               source: manifest.source.description)
    }

    /// POST: creates the object (`metadata.generateName` is allowed in place of a name).
    public func create(_ object: JSONValue, fieldManager: String? = nil, dryRun: Bool = false) async throws -> WriteResult {
        let identity = try Self.identity(of: object, nameRequired: object[path: ["metadata", "generateName"]]?.string == nil)
        let (resource, located) = try await locate(identity)
        let request = KubeRequest(
            verb: .create, method: .POST, path: resource.collectionPath(namespace: located.namespace),
            query: Self.writeQuery(fieldManager: fieldManager, dryRun: dryRun), body: object.serialized(),
            object: located, dryRun: dryRun)
        return try await sendWrite(request)
    }

    /// PUT: replaces the object; with `metadata.resourceVersion` set, fails with 409 if it changed since.
    public func replace(_ object: JSONValue, fieldManager: String? = nil, dryRun: Bool = false) async throws -> JSONValue {
        let identity = try Self.identity(of: object)
        let (resource, located) = try await locate(identity)
        let request = KubeRequest(
            verb: .update, method: .PUT, path: resource.objectPath(namespace: located.namespace, name: located.name),
            query: Self.writeQuery(fieldManager: fieldManager, dryRun: dryRun), body: object.serialized(),
            object: located, dryRun: dryRun)
        return try await sendJSON(request).object
    }

    /// PATCH with a merge, strategic-merge or JSON patch.
    public func patch(_ identity: ObjectIdentity, _ patch: JSONValue, type: PatchType = .merge,
                      fieldManager: String? = nil, dryRun: Bool = false) async throws -> JSONValue {
        let (resource, located) = try await locate(identity)
        let request = KubeRequest(
            verb: .patch, method: .PATCH, path: resource.objectPath(namespace: located.namespace, name: located.name),
            query: Self.writeQuery(fieldManager: fieldManager, dryRun: dryRun), body: patch.serialized(),
            contentType: type.contentType, object: located, dryRun: dryRun)
        return try await sendJSON(request).object
    }

    /// DELETE with `propagationPolicy` (default Background, as kubectl); returns what the
    /// server answered (the object, possibly still terminating, or a Status).
    /// Throws with `isNotFound` when the object is already gone.
    @discardableResult
    public func delete(_ identity: ObjectIdentity, propagationPolicy: PropagationPolicy? = .background,
                       gracePeriodSeconds: Int? = nil, preconditions: DeletePreconditions? = nil,
                       dryRun: Bool = false) async throws -> JSONValue {
        let (resource, located) = try await locate(identity)
        var options: JSONValue = ["apiVersion": "v1", "kind": "DeleteOptions"]
        if let propagationPolicy { options["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if let gracePeriodSeconds { options["gracePeriodSeconds"] = .int(Int64(gracePeriodSeconds)) }
        if let preconditions {
            var conditions: JSONValue = [:]
            if let uid = preconditions.uid { conditions["uid"] = .string(uid) }
            if let version = preconditions.resourceVersion { conditions["resourceVersion"] = .string(version) }
            options["preconditions"] = conditions
        }
        if dryRun { options["dryRun"] = ["All"] }
        let request = KubeRequest(
            verb: .delete, method: .DELETE, path: resource.objectPath(namespace: located.namespace, name: located.name),
            body: options.serialized(), object: located, dryRun: dryRun)
        return try await sendJSON(request).object
    }

    /// A GET of any path (`/healthz`, `/openapi/v3`, a subresource), as raw bytes.
    public func getRaw(_ path: String, query: [(name: String, value: String)] = []) async throws -> [UInt8] {
        let normalized = path.hasPrefix("/") ? path : "/" + path
        return try await send(KubeRequest(verb: .get, method: .GET, path: normalized, query: query)).body
    }

    /// The resource of an object and its identity with the namespace settled: filled in
    /// from ``defaultNamespace`` for a namespaced kind, dropped for a cluster-scoped one.
    public func locate(_ identity: ObjectIdentity, source: String? = nil) async throws -> (APIResource, ObjectIdentity) {
        let resource = try await resource(for: identity, source: source)
        var located = identity
        located.namespace = resource.namespaced ? (identity.namespace ?? config.namespace) : nil
        return (resource, located)
    }

    /// The identity an object declares: `apiVersion`, `kind`, `metadata.namespace` and `metadata.name`.
    public static func identity(of object: JSONValue, nameRequired: Bool = true) throws -> ObjectIdentity {
        guard let apiVersion = object["apiVersion"]?.string, !apiVersion.isEmpty,
              let kind = object["kind"]?.string, !kind.isEmpty else {
            throw KubeError.invalidObject("an object without apiVersion and kind cannot be sent")
        }
        // Each request reads these: `metadata` is looked up once, without a path array.
        let metadata = object["metadata"]
        let name = metadata?["name"]?.string ?? ""
        if nameRequired && name.isEmpty { throw KubeError.invalidObject("a \(kind) without metadata.name cannot be sent") }
        let namespace = metadata?["namespace"]?.string
        return ObjectIdentity(apiVersion: apiVersion, kind: kind, namespace: namespace?.isEmpty == true ? nil : namespace,
                              name: name)
    }

    private static func writeQuery(fieldManager: String?, dryRun: Bool) -> [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        if let fieldManager { query.append(("fieldManager", fieldManager)) }
        if dryRun { query.append(("dryRun", "All")) }
        return query
    }
}
