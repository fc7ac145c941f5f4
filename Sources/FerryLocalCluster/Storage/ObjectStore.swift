import FerryKube
import Foundation
import NIOConcurrencyHelpers

/// The cluster's objects: held in memory for reads, written through to SQLite
/// before a write is acknowledged, and published to watchers.
///
/// One global resourceVersion increases with every write, as etcd's revision does.
/// Commits are serialised by the commit lock, held only to check, number, persist and
/// publish; a write's own work, encoding its JSON included, runs outside it (see
/// ``write(_:dryRun:_:)``). The objects in memory have a lock of their own, which a
/// commit takes only to put its object in place once it is durable: reads never wait
/// for a commit's disk write, and see only what is durable.
public final class ObjectStore: Sendable {
    struct State {
        /// resource → namespace ("" when cluster-scoped) → name → object: listing one
        /// namespace touches only that namespace.
        var objects: [ResourceType: [String: [String: StoredObject]]] = [:]
        /// The keys of the objects each controller owns (its uid; "" for objects with
        /// no controller reference), so that a controller finds its ReplicaSets or pods
        /// without reading the whole namespace: what upstream's informer indexers do.
        var controlled: [ControllerIndexKey: Set<StoreKey>] = [:]
        var resourceVersion: Int64 = 0

        subscript(key: StoreKey) -> JSONValue? { objects[key.resource]?[key.namespace]?[key.name]?.object }

        func stored(_ key: StoreKey) -> StoredObject? { objects[key.resource]?[key.namespace]?[key.name] }

        /// Stores (nil: removes) the object at `key`, keeping the controller index.
        mutating func put(_ key: StoreKey, _ new: StoredObject?) {
            let old = stored(key)
            let before = old.map { Self.controllerUID($0.object) }, after = new.map { Self.controllerUID($0.object) }
            if before != after {
                if let before { removeControlled(key, by: before) }
                if let after { controlled[ControllerIndexKey(key, controller: after), default: []].insert(key) }
            }
            if let new {
                objects[key.resource, default: [:]][key.namespace, default: [:]][key.name] = new
            } else if old != nil {
                objects[key.resource]?[key.namespace]?[key.name] = nil
                if objects[key.resource]?[key.namespace]?.isEmpty == true { objects[key.resource]?[key.namespace] = nil }
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

    /// An object and its compact JSON: encoded once when written (for the database and
    /// the watches) and reused by every GET, LIST and write answer that returns it as is.
    public struct StoredObject: Sendable {
        public var object: JSONValue
        public var json: [UInt8]
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

    /// Plain (not priority-inheriting) mutexes: under contention they sleep rather than
    /// spin in the kernel as Synchronization.Mutex's PI futex does on Linux.
    /// `state` is changed only by a commit, which holds `commitLock` throughout.
    private let state: NIOLockedValueBox<State>
    private let commitLock = NIOLock()
    private let database: StoreDatabase?
    /// Where watchers subscribe.
    public let watches: WatchHub
    private let clock: @Sendable () -> Date
    /// What the store's CRDs serve, rebuilt when they change (see ``served``).
    let servedCache = ServedResourcesCache()

    /// Opens the store. `path` nil keeps everything in memory (for tests); otherwise
    /// the SQLite file is created if needed and every object is loaded.
    public init(path: String?, watchHistory: Int = 10_000, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        var initial = State()
        if let path {
            let database = try StoreDatabase(path: path)
            let loaded = try database.load()
            initial.resourceVersion = loaded.resourceVersion
            // Custom resources are resolved against the CRDs, which are built-ins and load first.
            let definitions = loaded.objects.filter { $0.resource == ResourceCatalog.customResourceDefinitions.qualifiedName }
            let served = ServedResources(definitions: definitions.map(\.object))
            for row in loaded.objects {
                guard let resource = served.storageResource(qualifiedName: row.resource) else { continue }
                let key = StoreKey(resource, namespace: row.namespace, name: row.name)
                initial.put(key, StoredObject(object: row.object, json: row.json))
            }
            self.database = database
        } else {
            self.database = nil
        }
        self.state = NIOLockedValueBox(initial)
        self.watches = WatchHub(capacity: watchHistory, startingAt: initial.resourceVersion)
        self.clock = clock
    }

    /// The latest resourceVersion.
    public var resourceVersion: Int64 { state.withLockedValue { $0.resourceVersion } }

    public func get(_ key: StoreKey) -> JSONValue? {
        state.withLockedValue { $0[key] }
    }

    /// The object at `key` with its JSON.
    public func getStored(_ key: StoreKey) -> StoredObject? {
        state.withLockedValue { $0.stored(key) }
    }

    /// Every object of a resource, in one namespace or (nil) all, sorted by namespace and name.
    public func list(_ resource: ResourceType, namespace: String? = nil) -> StoreList {
        state.withLockedValue { state in
            let all = state.objects[resource] ?? [:]
            var items: [JSONValue] = [], encoded: [[UInt8]] = []
            for namespace in namespace.map({ [$0] }) ?? all.keys.sorted() {
                let names = all[namespace] ?? [:]
                items.reserveCapacity(items.count + names.count)
                encoded.reserveCapacity(encoded.count + names.count)
                for name in names.keys.sorted() {
                    let stored = names[name]!
                    items.append(stored.object)
                    encoded.append(stored.json)
                }
            }
            return StoreList(items: items, encoded: encoded, resourceVersion: state.resourceVersion)
        }
    }

    /// The objects of a resource in `namespace` whose controller reference names the
    /// owner with uid `controller` (nil: the objects with no controller at all), sorted
    /// by name. Other owner references do not count.
    public func list(_ resource: ResourceType, namespace: String, controlledBy controller: String?) -> [JSONValue] {
        state.withLockedValue { state in
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
        /// `object`'s JSON when it is what the store holds (not for a dry run or a deletion).
        public var json: [UInt8]? = nil
    }

    /// Reads the object at `key`, lets `change` decide its new state (nil deletes it,
    /// or leaves it absent), and stores that atomically.
    ///
    /// `change` runs outside the store's lock, on the object as it was read, so that
    /// requests decoding, merging and validating objects run in parallel; if another
    /// write committed to the same key meanwhile, `change` runs again on the newer
    /// object, as the API server's GuaranteedUpdate retries. It may therefore run more
    /// than once and must not call back into the store. After a few lost races it runs
    /// under the lock, so a write always completes.
    ///
    /// The store owns `uid`, `creationTimestamp`, `resourceVersion` and `generation`:
    /// whatever `change` puts there is overwritten. A result equal to the current
    /// object is not written, so a no-op update keeps its resourceVersion, as the
    /// API server does. A dry run computes everything and stores nothing.
    @discardableResult
    public func write(
        _ key: StoreKey, dryRun: Bool = false, _ change: (JSONValue?) throws -> JSONValue?
    ) throws -> WriteResult {
        for _ in 0..<Self.optimisticAttempts {
            let stored = state.withLockedValue { $0.stored(key) }
            switch try propose(key, stored: stored, dryRun: dryRun, change) {
            case .done(let result):
                return result
            case .commit(var prepared):
                let committed = try commitLock.withLock { () throws -> WriteResult? in
                    guard Self.sameVersion(get(key), stored?.object) else { return nil }
                    return try commit(key, &prepared, current: stored?.object)
                }
                if let committed { return committed }
            }
        }
        // Under the commit lock no other write can come between the read and the commit;
        // reads go on meanwhile.
        return try commitLock.withLock { () throws -> WriteResult in
            let stored = getStored(key)
            switch try propose(key, stored: stored, dryRun: dryRun, change) {
            case .done(let result): return result
            case .commit(var prepared): return try commit(key, &prepared, current: stored?.object)
            }
        }
    }

    /// Lost races before `write` stops running its change outside the lock.
    static let optimisticAttempts = 8

    private enum Proposal {
        /// Nothing to store (a no-op, an absent object left absent, or a dry run).
        case done(WriteResult)
        /// Store this.
        case commit(PreparedWrite)
    }

    /// A write ready to commit, encoded but for its resourceVersion.
    private struct PreparedWrite {
        /// `.deleted`, or whether the object is new.
        var kind: StoreEvent.Kind
        /// The object to store, or for a deletion its last state; its resourceVersion is "".
        var object: JSONValue
        var json: PendingJSON

        init(kind: StoreEvent.Kind, object: JSONValue, replacing earlier: StoredObject?) {
            self.kind = kind
            self.object = object
            self.object.updateMetadata { $0["resourceVersion"] = .string("") }
            json = PendingJSON(encoding: self.object, earlier: earlier)
        }
    }

    /// Runs `change` on the `stored` object and decides what to store.
    private func propose(
        _ key: StoreKey, stored: StoredObject?, dryRun: Bool, _ change: (JSONValue?) throws -> JSONValue?
    ) throws -> Proposal {
        let current = stored?.object
        guard var next = try change(current) else {
            guard let current else { return .done(WriteResult(object: nil, previous: nil, event: nil)) }
            if dryRun { return .done(WriteResult(object: nil, previous: current, event: .deleted)) }
            return .commit(PreparedWrite(kind: .deleted, object: current, replacing: stored))
        }
        stamp(&next, key: key, current: current)
        if let current, next == current {
            return .done(WriteResult(object: current, previous: current, event: nil, json: stored?.json))
        }
        if dryRun {
            if current == nil { next[path: ["metadata", "resourceVersion"]] = nil }
            return .done(WriteResult(object: next, previous: current, event: current == nil ? .added : .modified))
        }
        return .commit(PreparedWrite(kind: current == nil ? .added : .modified, object: next, replacing: stored))
    }

    /// Stores the prepared write with the next resourceVersion, durably, then puts it
    /// in memory and tells the watchers, in that order: what a read or an event shows
    /// is on disk. Runs under the commit lock. Only the version's digits are encoded
    /// here; `prepared` is taken `inout` so that its object, held nowhere else, gets
    /// its version in place rather than as a copy.
    private func commit(_ key: StoreKey, _ prepared: inout PreparedWrite, current: JSONValue?) throws -> WriteResult {
        let version = resourceVersion + 1
        let digits = String(version)
        prepared.object.updateMetadata { $0["resourceVersion"] = .string(digits) }
        let object = prepared.object
        let bytes = prepared.json.filled(with: digits) ?? object.serialized()
        let deleted = prepared.kind == .deleted
        if deleted {
            try database?.delete(key, resourceVersion: version)
        } else {
            try database?.put(key, data: bytes)
        }
        state.withLockedValue { state in
            state.resourceVersion = version
            state.put(key, deleted ? nil : StoredObject(object: object, json: bytes))
        }
        watches.publish(StoreEvent(kind: prepared.kind, key: key, resourceVersion: version, object: object, objectJSON: bytes))
        return deleted
            ? WriteResult(object: nil, previous: current, event: .deleted)
            : WriteResult(object: object, previous: current, event: prepared.kind, json: bytes)
    }

    /// Whether the stored object is still the one a write read: every committed write
    /// gives a new resourceVersion, so equal versions (or both absent) mean no write came between.
    private static func sameVersion(_ stored: JSONValue?, _ read: JSONValue?) -> Bool {
        switch (stored, read) {
        case (nil, nil): return true
        case (let stored?, let read?):
            return stored[path: ["metadata", "resourceVersion"]] == read[path: ["metadata", "resourceVersion"]]
        default: return false
        }
    }

    /// Sets the fields the server owns. The resourceVersion is left as it was, so a
    /// result can be compared with the current object to find a no-op. Each level is
    /// changed in place, once (see ``JSONValue/updateMembers(_:)``).
    private func stamp(_ object: inout JSONValue, key: StoreKey, current: JSONValue?) {
        object.updateMembers { members in
            members["apiVersion"] = .string(key.resource.apiVersion)
            members["kind"] = .string(key.resource.kind)
        }
        // After apiVersion and kind, which count as spec, are the store's.
        var generation: Int64 = 1
        if let current, key.resource.tracksGeneration {
            let previous = current[path: ["metadata", "generation"]]?.int ?? 1
            generation = Self.specChanged(from: current, to: object) ? previous + 1 : previous
        }
        let created = current == nil ? Timestamp.format(clock()) : ""
        object.updateMetadata { metadata in
            metadata["name"] = .string(key.name)
            metadata["namespace"] = key.namespace.isEmpty ? nil : .string(key.namespace)
            if let current {
                let owned = current["metadata"]?.object
                for field in ["uid", "creationTimestamp", "resourceVersion"] { metadata[field] = owned?[field] }
                if key.resource.tracksGeneration { metadata["generation"] = .int(generation) }
            } else {
                // A uid the API layer assigned before admission (as the API server's
                // FillObjectMetaSystemFields does, so a Job's generated selector can name it) is kept.
                if (metadata["uid"]?.string ?? "").isEmpty { metadata["uid"] = .string(ObjectUID.make()) }
                metadata["creationTimestamp"] = .string(created)
                metadata["resourceVersion"] = nil
                if key.resource.tracksGeneration { metadata["generation"] = .int(1) }
            }
        }
    }

    /// Everything but metadata and status is the spec: changing it bumps the generation.
    static func specChanged(from old: JSONValue, to new: JSONValue) -> Bool {
        let old = old.object ?? [:], new = new.object ?? [:]
        func specCount(_ members: [String: JSONValue]) -> Int {
            members.count - (members["metadata"] == nil ? 0 : 1) - (members["status"] == nil ? 0 : 1)
        }
        guard specCount(old) == specCount(new) else { return true }
        for (key, value) in old where key != "metadata" && key != "status" {
            if new[key] != value { return true }
        }
        return false
    }
}
