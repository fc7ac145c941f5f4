import FerryKube
import FerryKubeClient
import FerryLocalCluster
import FerrySync
import Foundation

/// The local cluster's API, served in this process to the engine: the same storage,
/// admission, server-side apply and watches as over HTTPS, without a server or its
/// controllers, so that a test decides every state change (a Deployment's status is
/// written by the test, not by a controller running on wall time).
final class InProcessCluster: ClusterAccess {
    let api: ResourceAPI
    /// Every write the engine sent, `VERB Kind/namespace/name` (dry runs marked), in order.
    private let log = NSLock()
    nonisolated(unsafe) private var writes: [String] = []

    init(namespaces: [String] = ["default"]) throws {
        api = ResourceAPI(store: try ObjectStore(path: nil))
        for name in namespaces {
            _ = try api.create(ResourceCatalog.namespaces, namespace: nil,
                               body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]],
                               options: WriteOptions(fieldManager: "test"))
        }
    }

    /// Objects (`Kind/namespace/name`) whose real applies are refused while their dry runs
    /// pass: what a server does when its state changes between a plan and its apply (a
    /// quota filled, a webhook that changed its mind), which cannot be produced on demand.
    nonisolated(unsafe) private var refused: Set<String> = []

    func refuseApplying(_ identities: Set<String>) { log.withLock { refused = identities } }

    /// The writes the engine sent so far.
    var sentWrites: [String] { log.withLock { writes } }

    private func note(_ verb: String, _ identity: ObjectIdentity, dryRun: Bool = false) {
        log.withLock { writes.append("\(verb)\(dryRun ? " (dry run)" : "") \(identity)") }
    }

    // MARK: ClusterAccess

    func getIfPresent(_ identity: ObjectIdentity) async throws -> JSONValue? {
        let key = try key(identity)
        do {
            return try api.get(key)
        } catch let error where error.code == 404 {
            return nil
        } catch {
            throw failure(error, identity)
        }
    }

    func list(_ kind: GroupVersionKind, namespace: String?, labelSelector: String?) async throws -> ObjectList {
        let resource = try resource(kind)
        do {
            let options = ListOptions(labelSelector: try labelSelector.map { try LabelSelector(parsing: $0) })
            let list = try api.list(resource, namespace: namespace, options: options)
            let items = (list["items"]?.array ?? []).map { item -> JSONValue in
                var item = item
                item["apiVersion"] = .string(resource.apiVersion)
                item["kind"] = .string(resource.kind)
                return item
            }
            return ObjectList(items: items, resourceVersion: list[path: ["metadata", "resourceVersion"]]?.string ?? "")
        } catch {
            throw failure(error, nil)
        }
    }

    func apply(_ object: JSONValue, fieldManager: String, force: Bool, dryRun: Bool, source: String?) async throws -> WriteResult {
        let identity = try KubeClient.identity(of: object)
        note("APPLY", identity, dryRun: dryRun)
        if !dryRun, log.withLock({ refused.contains("\(identity)") }) {
            throw failure(APIError(code: 403, reason: "Forbidden", message: "exceeded quota: objects"), identity)
        }
        do {
            let result = try api.patch(try key(identity), type: .apply, body: object.serialized(), subresource: nil,
                                       options: WriteOptions(fieldManager: fieldManager, dryRun: dryRun, force: force))
            return WriteResult(object: result.object, statusCode: result.created ? 201 : 200)
        } catch {
            throw failure(error, identity)
        }
    }

    func create(_ object: JSONValue) async throws -> WriteResult {
        let identity = try KubeClient.identity(of: object)
        note("CREATE", identity)
        do {
            let created = try api.create(try resource(GroupVersionKind(identity)), namespace: identity.namespace, body: object,
                                         options: WriteOptions(fieldManager: "ferry"))
            return WriteResult(object: created, statusCode: 201)
        } catch {
            throw failure(error, identity)
        }
    }

    func replace(_ object: JSONValue) async throws -> JSONValue {
        let identity = try KubeClient.identity(of: object)
        note("REPLACE", identity)
        do {
            return try api.replace(try key(identity), body: object, subresource: nil, options: WriteOptions(fieldManager: "ferry"))
        } catch {
            throw failure(error, identity)
        }
    }

    func delete(_ identity: ObjectIdentity, uid: String?) async throws {
        note("DELETE", identity)
        do {
            _ = try api.delete(try key(identity), options: DeleteOptions(preconditionUID: uid))
        } catch {
            throw failure(error, identity)
        }
    }

    func listAndWatch(_ kind: GroupVersionKind, namespace: String?) async throws -> AsyncThrowingStream<WatchUpdate, any Error> {
        let first = try await list(kind, namespace: namespace, labelSelector: nil)
        let subscription: WatchHub.Subscription
        do {
            subscription = try api.watch(try resource(kind), namespace: namespace,
                                         options: ListOptions(resourceVersion: first.resourceVersion))
        } catch {
            throw failure(error, nil)
        }
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchUpdate.self)
        continuation.yield(.list(first))
        let forward = Task {
            for await event in subscription.events {
                let type: WatchEventType = switch event.kind {
                case .added: .added
                case .modified: .modified
                case .deleted: .deleted
                }
                continuation.yield(.event(WatchEvent(type: type, object: event.object)))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            subscription.cancel()
            forward.cancel()
        }
        return stream
    }

    func requireKind(of identity: ObjectIdentity, source: String?) async throws {
        _ = try resource(GroupVersionKind(identity), source: source)
    }

    /// Nothing to forget: every lookup reads the catalog.
    func invalidateDiscovery() {}

    func servedVersions() async throws -> [String: [String]] {
        Dictionary(grouping: api.store.served.groupVersions, by: \.group).mapValues { $0.map(\.version) }
    }

    func serverResources() async throws -> [APIResource] {
        api.store.served.all.map {
            APIResource(group: $0.group, version: $0.version, kind: $0.kind, name: $0.plural, singularName: $0.singular,
                        namespaced: $0.namespaced, verbs: ["get", "list", "watch", "create", "update", "patch", "delete"])
        }
    }

    // MARK: Mapping

    private func resource(_ kind: GroupVersionKind, source: String? = nil) throws -> ResourceType {
        guard let resource = api.store.served.resource(apiVersion: kind.apiVersion, kind: kind.kind) else {
            throw KubeError.unknownKind(UnknownKind(kind: kind, server: "in-process", source: source, object: nil, servedVersions: []))
        }
        return resource
    }

    private func key(_ identity: ObjectIdentity) throws -> StoreKey {
        StoreKey(try resource(GroupVersionKind(identity)), namespace: identity.namespace, name: identity.name)
    }

    /// The local cluster's error as the HTTP client would report it.
    private func failure(_ error: any Error, _ identity: ObjectIdentity?) -> any Error {
        guard let error = error as? APIError else { return error }
        let status = KubeStatus(status: error.status, httpStatus: error.code)
        let failure = APIFailure(status: status, object: identity, request: "in-process", server: "in-process")
        return error.code == 401 || error.code == 403 ? KubeError.unauthorized(failure) : KubeError.api(failure)
    }
}
