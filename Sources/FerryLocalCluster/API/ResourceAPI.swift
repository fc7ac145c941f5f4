import FerryKube
import Foundation

/// The API's semantics, independent of HTTP: every verb on every served resource,
/// with admission (defaults, canonical quantities, validation), preconditions,
/// managed fields, dry runs and garbage collection. The HTTP layer parses a request,
/// calls one of these, and writes the result or the ``APIError``'s Status.
public final class ResourceAPI: Sendable {
    public let store: ObjectStore
    let clock: @Sendable () -> Date

    public init(store: ObjectStore, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.clock = clock
    }

    /// GET of one object (`subresource` nil), or of its `status` or `scale`.
    public func get(_ key: StoreKey, subresource: ResourceType.Subresource? = nil) throws(APIError) -> JSONValue {
        guard let object = store.get(key) else { throw .notFound(key.resource, name: key.name) }
        switch subresource {
        case nil, .status?: return object
        case .scale?: return try Scale.of(object, key: key)
        }
    }

    /// LIST: the `<Kind>List` object, filtered, paginated by `limit`/`continue`.
    public func list(_ resource: ResourceType, namespace: String?, options: ListOptions) throws(APIError) -> JSONValue {
        let all = store.list(resource, namespace: resource.namespaced ? namespace : nil)
        var items = all.items.filter { Self.matches($0, options) }
        if let token = options.continueToken {
            guard let after = ContinueToken.decode(token) else { throw .badRequest("invalid continue token") }
            items = items.filter { Self.sortKey($0) > after }
        }
        var metadata: JSONValue = ["resourceVersion": .string(String(all.resourceVersion))]
        if let limit = options.limit, limit > 0, items.count > limit {
            items = Array(items.prefix(limit))
            if let last = items.last {
                metadata["continue"] = .string(ContinueToken.encode(Self.sortKey(last)))
            }
        }
        return ["apiVersion": .string(resource.apiVersion), "kind": .string(resource.listKind),
                "metadata": metadata, "items": .array(items)]
    }

    /// WATCH: replays current state (resourceVersion nil or "0") or the events after
    /// a resourceVersion, then live events, filtered by the selectors.
    public func watch(_ resource: ResourceType, namespace: String?, options: ListOptions) throws(APIError) -> WatchHub.Subscription {
        let namespace = resource.namespaced ? namespace : nil
        let filter: @Sendable (StoreEvent) -> Bool = { event in
            event.key.resource == resource && (namespace == nil || event.key.namespace == namespace)
                && Self.matches(event.object, options)
        }
        var after: Int64
        var initial: [StoreEvent] = []
        if let text = options.resourceVersion, text != "0", !text.isEmpty {
            guard let version = Int64(text) else { throw .badRequest("invalid resourceVersion \"\(text)\"") }
            after = version
        } else {
            let current = store.list(resource, namespace: namespace)
            after = current.resourceVersion
            for object in current.items where Self.matches(object, options) {
                let key = StoreKey(resource, namespace: object[path: ["metadata", "namespace"]]?.string,
                                   name: object[path: ["metadata", "name"]]?.string ?? "")
                let version = Int64(object[path: ["metadata", "resourceVersion"]]?.string ?? "") ?? after
                initial.append(StoreEvent(kind: .added, key: key, resourceVersion: version, object: object,
                                          objectJSON: object.serialized()))
            }
        }
        do {
            return try store.watches.subscribe(after: after, initial: initial, filter: filter)
        } catch {
            throw .expired(requested: error.requested, current: store.resourceVersion)
        }
    }

    static func matches(_ object: JSONValue, _ options: ListOptions) -> Bool {
        (options.labelSelector?.matches(object: object) ?? true) && (options.fieldSelector?.matches(object: object) ?? true)
    }

    static func sortKey(_ object: JSONValue) -> String {
        "\(object[path: ["metadata", "namespace"]]?.string ?? "")/\(object[path: ["metadata", "name"]]?.string ?? "")"
    }

    /// The namespace of a namespaced write must exist and not be terminating.
    func requireNamespace(_ key: StoreKey) throws(APIError) {
        guard key.resource.namespaced else { return }
        guard let namespace = store.get(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: key.namespace)) else {
            throw .namespaceNotFound(key.namespace)
        }
        if namespace[path: ["metadata", "deletionTimestamp"]] != nil {
            throw .forbidden("\(key.resource.plural) \"\(key.name)\" is forbidden: unable to create new content in namespace \(key.namespace) because it is being terminated")
        }
    }

    var now: String { Timestamp.format(clock()) }
}

/// Opaque `continue` tokens: the sort key of the last item returned.
enum ContinueToken {
    static func encode(_ key: String) -> String { Data(key.utf8).base64EncodedString() }
    static func decode(_ token: String) -> String? {
        Data(base64Encoded: token).map { String(decoding: $0, as: UTF8.self) }
    }
}
