import FerryKube
import FerryKubeClient

/// The few calls the engine makes of a cluster: read, list, apply, create, replace,
/// delete, watch and discover. ``KubeClient`` answers them for every real cluster and
/// for the embedded one alike; the protocol lets the engine's steps also run on an API
/// served in the same process, where a test holds the clock.
///
/// Failures are ``KubeError``s, whatever answers: the engine branches on them
/// (not found, conflict, refused, unreachable).
public protocol ClusterAccess: Sendable {
    /// The object, or nil when it does not exist.
    func getIfPresent(_ identity: ObjectIdentity) async throws -> JSONValue?
    /// The objects of a kind, in one namespace (nil: all), matching a label selector.
    func list(_ kind: GroupVersionKind, namespace: String?, labelSelector: String?) async throws -> ObjectList
    /// The same list without each object's `metadata.managedFields`, which no step of a plan
    /// reads: the planner lists every managed object at once, and these fields are often
    /// half their size.
    func listOmittingManagedFields(_ kind: GroupVersionKind, namespace: String?, labelSelector: String?) async throws -> ObjectList
    /// A server-side apply, forced or not, real or a dry run; `source` names the manifest in errors.
    func apply(_ object: JSONValue, fieldManager: String, force: Bool, dryRun: Bool, source: String?) async throws -> WriteResult
    /// A create; 409 AlreadyExists when the object exists.
    func create(_ object: JSONValue) async throws -> WriteResult
    /// A replace; with `metadata.resourceVersion` set, 409 Conflict when it changed since.
    func replace(_ object: JSONValue) async throws -> JSONValue
    /// A delete in the background, only of the object with `uid` when one is given.
    func delete(_ identity: ObjectIdentity, uid: String?) async throws
    /// A list, then every change after it.
    func listAndWatch(_ kind: GroupVersionKind, namespace: String?) async throws -> AsyncThrowingStream<WatchUpdate, any Error>
    /// Checks that the cluster serves the object's kind (``KubeError/unknownKind(_:)`` otherwise).
    func requireKind(of identity: ObjectIdentity, source: String?) async throws
    /// The versions served per API group ("" is the core group), preferred first.
    func servedVersions() async throws -> [String: [String]]
    /// Every resource the server serves.
    func serverResources() async throws -> [APIResource]
    /// Forgets what discovery learned, so that kinds a CRD just defined are found.
    func invalidateDiscovery()
}

extension ClusterAccess {
    /// Lists, then drops the fields: for an API served in the same process, where a list is small.
    public func listOmittingManagedFields(_ kind: GroupVersionKind, namespace: String?,
                                          labelSelector: String?) async throws -> ObjectList {
        var list = try await list(kind, namespace: namespace, labelSelector: labelSelector)
        for index in list.items.indices where list.items[index][path: ["metadata", "managedFields"]] != nil {
            list.items[index][path: ["metadata", "managedFields"]] = nil
        }
        return list
    }

    func list(_ kind: GroupVersionKind, namespace: String? = nil, labelSelector: String? = nil) async throws -> ObjectList {
        try await list(kind, namespace: namespace, labelSelector: labelSelector)
    }

    func apply(_ object: JSONValue, fieldManager: String, force: Bool, dryRun: Bool = false,
               source: String? = nil) async throws -> WriteResult {
        try await apply(object, fieldManager: fieldManager, force: force, dryRun: dryRun, source: source)
    }

    func delete(_ identity: ObjectIdentity) async throws {
        try await delete(identity, uid: nil)
    }
}

extension KubeClient: ClusterAccess {
    public func list(_ kind: GroupVersionKind, namespace: String?, labelSelector: String?) async throws -> ObjectList {
        try await list(kind, namespace: namespace, labelSelector: labelSelector, fieldSelector: nil)
    }

    public func listOmittingManagedFields(_ kind: GroupVersionKind, namespace: String?,
                                          labelSelector: String?) async throws -> ObjectList {
        try await list(kind, namespace: namespace, labelSelector: labelSelector, fieldSelector: nil, omittingManagedFields: true)
    }

    public func create(_ object: JSONValue) async throws -> WriteResult {
        try await create(object, fieldManager: nil, dryRun: false)
    }

    public func replace(_ object: JSONValue) async throws -> JSONValue {
        try await replace(object, fieldManager: nil, dryRun: false)
    }

    public func delete(_ identity: ObjectIdentity, uid: String?) async throws {
        _ = try await delete(identity, propagationPolicy: .background, preconditions: uid.map { DeletePreconditions(uid: $0) })
    }

    public func listAndWatch(_ kind: GroupVersionKind, namespace: String?) async throws -> AsyncThrowingStream<WatchUpdate, any Error> {
        try await listAndWatch(kind, namespace: namespace, labelSelector: nil, fieldSelector: nil)
    }

    public func requireKind(of identity: ObjectIdentity, source: String?) async throws {
        _ = try await locate(identity, source: source)
    }
}
