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

    /// The object at `key` as its stored JSON: what a plain GET answers, without encoding it again.
    public func getJSON(_ key: StoreKey) throws(APIError) -> [UInt8] {
        guard let stored = store.getStored(key) else { throw .notFound(key.resource, name: key.name) }
        return stored.json
    }

    /// LIST: the `<Kind>List` object, filtered, paginated by `limit`/`continue`.
    public func list(_ resource: ResourceType, namespace: String?, options: ListOptions) throws(APIError) -> JSONValue {
        let selected = try listed(resource, namespace: namespace, options: options)
        return ["apiVersion": .string(resource.apiVersion), "kind": .string(resource.listKind),
                "metadata": selected.metadata, "items": .array(selected.items.map(\.object))]
    }

    /// ``list(_:namespace:options:)`` as JSON, made from the items' stored JSON:
    /// the same bytes the list's own encoding would give, without encoding them again.
    public func listJSON(_ resource: ResourceType, namespace: String?, options: ListOptions) throws(APIError) -> [UInt8] {
        let selected = try listed(resource, namespace: namespace, options: options)
        var output: [UInt8] = []
        output.reserveCapacity(selected.items.reduce(256) { $0 + $1.json.count + 1 })
        // Keys in sorted order, as JSONValue.serialized() writes them.
        output.append(contentsOf: #"{"apiVersion":"#.utf8)
        JSONValue.string(resource.apiVersion).write(to: &output)
        output.append(contentsOf: #","items":["#.utf8)
        for (index, item) in selected.items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: item.json)
        }
        output.append(contentsOf: #"],"kind":"#.utf8)
        JSONValue.string(resource.listKind).write(to: &output)
        output.append(contentsOf: #","metadata":"#.utf8)
        selected.metadata.write(to: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The items a LIST returns and its metadata (resourceVersion, continue).
    private func listed(_ resource: ResourceType, namespace: String?,
                        options: ListOptions) throws(APIError) -> (items: [ObjectStore.StoredObject], metadata: JSONValue) {
        let all = store.list(resource, namespace: resource.namespaced ? namespace : nil)
        var items = zip(all.items, all.encoded).map { ObjectStore.StoredObject(object: $0, json: $1) }
            .filter { Self.matches($0.object, options) }
        if let token = options.continueToken {
            guard let after = ContinueToken.decode(token) else { throw .badRequest("invalid continue token") }
            items = items.filter { Self.sortKey($0.object) > after }
        }
        var metadata: JSONValue = ["resourceVersion": .string(String(all.resourceVersion))]
        if let limit = options.limit, limit > 0, items.count > limit {
            items = Array(items.prefix(limit))
            if let last = items.last {
                metadata["continue"] = .string(ContinueToken.encode(Self.sortKey(last.object)))
            }
        }
        return (items, metadata)
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
