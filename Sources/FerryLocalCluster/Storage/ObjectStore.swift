import FerryKube
import Foundation
import Synchronization

/// The cluster's objects: held in memory for reads, written through to SQLite
/// before a write is acknowledged, and published to watchers.
///
/// One global resourceVersion increases with every write, as etcd's revision does.
/// Writes are serialised by one lock; reads take the same lock briefly. A write's
/// change closure runs under the lock, so it sees the latest object and must not
/// call back into the store.
public final class ObjectStore: Sendable {
    struct State {
        /// resource → namespace ("" when cluster-scoped) → name → object: listing one
        /// namespace touches only that namespace.
        var objects: [ResourceType: [String: [String: JSONValue]]] = [:]
        /// The keys of the objects each controller owns (its uid; "" for objects with
        /// no controller reference), so that a controller finds its ReplicaSets or pods
        /// without reading the whole namespace: what upstream's informer indexers do.
        var controlled: [ControllerIndexKey: Set<StoreKey>] = [:]
        var resourceVersion: Int64 = 0

        subscript(key: StoreKey) -> JSONValue? {
            get { objects[key.resource]?[key.namespace]?[key.name] }
            set {
                let old = objects[key.resource]?[key.namespace]?[key.name]
                let before = old.map(Self.controllerUID), after = newValue.map(Self.controllerUID)
                if before != after {
                    if let before { removeControlled(key, by: before) }
                    if let after { controlled[ControllerIndexKey(key, controller: after), default: []].insert(key) }
                }
                if let newValue {
                    objects[key.resource, default: [:]][key.namespace, default: [:]][key.name] = newValue
                } else if old != nil {
                    objects[key.resource]?[key.namespace]?[key.name] = nil
                    if objects[key.resource]?[key.namespace]?.isEmpty == true { objects[key.resource]?[key.namespace] = nil }
                }
            }
        }

        private mutating func removeControlled(_ key: StoreKey, by controller: String) {
            let index = ControllerIndexKey(key, controller: controller)
            controlled[index]?.remove(key)
            if controlled[index]?.isEmpty == true { controlled[index] = nil }
        }

        static func controllerUID(_ object: JSONValue) -> String {
            object.controllerReference?.uid ?? ""
        }
    }

    /// One entry of the controller index.
    struct ControllerIndexKey: Hashable {
        var resource: ResourceType
        var namespace: String
        var controller: String

        init(_ key: StoreKey, controller: String) {
            resource = key.resource
            namespace = key.namespace
            self.controller = controller
        }
    }

    private let state: Mutex<State>
    private let database: StoreDatabase?
    /// Where watchers subscribe.
    public let watches: WatchHub
    private let clock: @Sendable () -> Date

    /// Opens the store. `path` nil keeps everything in memory (for tests); otherwise
    /// the SQLite file is created if needed and every object is loaded.
    public init(path: String?, watchHistory: Int = 10_000, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        var initial = State()
        if let path {
            let database = try StoreDatabase(path: path)
            let loaded = try database.load()
            initial.resourceVersion = loaded.resourceVersion
            for (key, object) in loaded.objects { initial[key] = object }
            self.database = database
        } else {
            self.database = nil
        }
        self.state = Mutex(initial)
        self.watches = WatchHub(capacity: watchHistory, startingAt: initial.resourceVersion)
        self.clock = clock
    }

    /// The latest resourceVersion.
    public var resourceVersion: Int64 { state.withLock { $0.resourceVersion } }

    public func get(_ key: StoreKey) -> JSONValue? {
        state.withLock { $0[key] }
    }

    /// Every object of a resource, in one namespace or (nil) all, sorted by namespace and name.
    public func list(_ resource: ResourceType, namespace: String? = nil) -> StoreList {
        state.withLock { state in
            let all = state.objects[resource] ?? [:]
            var items: [JSONValue] = []
            if let namespace {
                let names = all[namespace] ?? [:]
                items.reserveCapacity(names.count)
                for name in names.keys.sorted() { items.append(names[name]!) }
            } else {
                for namespace in all.keys.sorted() {
                    let names = all[namespace]!
                    for name in names.keys.sorted() { items.append(names[name]!) }
                }
            }
            return StoreList(items: items, resourceVersion: state.resourceVersion)
        }
    }

    /// The objects of a resource in `namespace` whose controller reference names the
    /// owner with uid `controller` (nil: the objects with no controller at all), sorted
    /// by name. Other owner references do not count.
    public func list(_ resource: ResourceType, namespace: String, controlledBy controller: String?) -> [JSONValue] {
        state.withLock { state in
            let probe = StoreKey(resource, namespace: namespace, name: "")
            let keys = state.controlled[ControllerIndexKey(probe, controller: controller ?? "")] ?? []
            return keys.sorted { $0.name < $1.name }.compactMap { state[$0] }
        }
    }

    /// What a write did.
    public struct WriteResult: Sendable {
        /// The object as stored (or as it would be, for a dry run); nil after a deletion.
        public var object: JSONValue?
        /// The object before the write.
        public var previous: JSONValue?
        /// nil when nothing changed: no resourceVersion was used and no event sent.
        public var event: StoreEvent.Kind?
    }

    /// Reads the object at `key`, lets `change` decide its new state (nil deletes it,
    /// or leaves it absent), and stores that atomically.
    ///
    /// The store owns `uid`, `creationTimestamp`, `resourceVersion` and `generation`:
    /// whatever `change` puts there is overwritten. A result equal to the current
    /// object is not written, so a no-op update keeps its resourceVersion, as the
    /// API server does. A dry run computes everything and stores nothing.
    @discardableResult
    public func write(
        _ key: StoreKey, dryRun: Bool = false, _ change: (JSONValue?) throws -> JSONValue?
    ) throws -> WriteResult {
        try state.withLock { state throws -> WriteResult in
            let current = state[key]
            guard var next = try change(current) else {
                guard let current else { return WriteResult(object: nil, previous: nil, event: nil) }
                if dryRun { return WriteResult(object: nil, previous: current, event: .deleted) }
                let version = state.resourceVersion + 1
                var last = current
                last[path: ["metadata", "resourceVersion"]] = .string(String(version))
                let bytes = last.serialized()
                try database?.delete(key, resourceVersion: version)
                state.resourceVersion = version
                state[key] = nil
                watches.publish(StoreEvent(kind: .deleted, key: key, resourceVersion: version, object: last, objectJSON: bytes))
                return WriteResult(object: nil, previous: current, event: .deleted)
            }

            stamp(&next, key: key, current: current)
            if let current, next == current {
                return WriteResult(object: current, previous: current, event: nil)
            }
            let kind: StoreEvent.Kind = current == nil ? .added : .modified
            if dryRun {
                if current == nil { next[path: ["metadata", "resourceVersion"]] = nil }
                return WriteResult(object: next, previous: current, event: kind)
            }
            let version = state.resourceVersion + 1
            next[path: ["metadata", "resourceVersion"]] = .string(String(version))
            let bytes = next.serialized()
            try database?.put(key, data: bytes, resourceVersion: version)
            state.resourceVersion = version
            state[key] = next
            watches.publish(StoreEvent(kind: kind, key: key, resourceVersion: version, object: next, objectJSON: bytes))
            return WriteResult(object: next, previous: current, event: kind)
        }
    }

    /// Sets the fields the server owns. The resourceVersion is left as it was, so a
    /// result can be compared with the current object to find a no-op.
    private func stamp(_ object: inout JSONValue, key: StoreKey, current: JSONValue?) {
        object["apiVersion"] = .string(key.resource.apiVersion)
        object["kind"] = .string(key.resource.kind)
        if object["metadata"]?.object == nil { object["metadata"] = .object([:]) }
        object[path: ["metadata", "name"]] = .string(key.name)
        object[path: ["metadata", "namespace"]] = key.namespace.isEmpty ? nil : .string(key.namespace)
        if let current {
            for field in ["uid", "creationTimestamp", "resourceVersion"] {
                object[path: ["metadata", field]] = current[path: ["metadata", field]]
            }
            if key.resource.tracksGeneration {
                let generation = current[path: ["metadata", "generation"]]?.int ?? 1
                object[path: ["metadata", "generation"]] = .int(
                    Self.specChanged(from: current, to: object) ? generation + 1 : generation)
            }
        } else {
            object[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
            object[path: ["metadata", "creationTimestamp"]] = .string(Timestamp.format(clock()))
            object[path: ["metadata", "resourceVersion"]] = nil
            if key.resource.tracksGeneration { object[path: ["metadata", "generation"]] = .int(1) }
        }
    }

    /// Everything but metadata and status is the spec: changing it bumps the generation.
    static func specChanged(from old: JSONValue, to new: JSONValue) -> Bool {
        let strip = { (value: JSONValue) -> [String: JSONValue] in
            var members = value.object ?? [:]
            members["metadata"] = nil
            members["status"] = nil
            return members
        }
        return strip(old) != strip(new)
    }
}
