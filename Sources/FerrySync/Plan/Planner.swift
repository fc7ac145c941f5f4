import FerryKube
import FerryKubeClient
import FerryYAML

/// Works out what a sync would do, asking the server as little as correctness allows.
///
/// Live objects are listed once per kind by Ferry's labels. An object whose live
/// state carries the hash of this very manifest and still holds every value it sets
/// cannot have changed: no request. Every other object gets a server-side-apply dry
/// run, so the plan shows exactly what an apply would do (defaults, admission). Dry
/// runs go out concurrently; their answers land in pre-sized slots, in plan order.
public struct Planner: Sendable {
    public let client: any ClusterAccess
    public let instance: String
    /// How many dry runs may be in flight at once.
    public var concurrency = 16
    /// Prune a Namespace removed from git even when it holds objects Ferry does not manage.
    public var pruneNamespacesWithForeignObjects = false

    public init(client: any ClusterAccess, instance: String) {
        self.client = client
        self.instance = instance
    }

    /// The plan for a revision against the instance's record in `recordNamespace`,
    /// with that record (what `ferry diff`, `status` and a dry-run rollback show).
    public func plan(_ state: DesiredState, recordNamespace: String) async throws -> (plan: Plan, record: InstanceRecord) {
        let desired = state.desiredObjects(instance: instance)
        // The lists go out while the record is read.
        async let listed = listDesired(desired)
        let record = try await RecordStore(client: client, instance: instance, namespace: recordNamespace).read()
        let plan = try await plan(desired, inventory: record.inventory.map(\.identity), listed: try await listed)
        return (plan, record)
    }

    /// The plan for `desired`, pruning what `inventory` holds and `desired` does not;
    /// `listed` is what ``listDesired(_:)`` read already, if it was started early.
    public func plan(_ desired: [DesiredObject], inventory: [ObjectIdentity], listed: Listed? = nil) async throws -> Plan {
        let listed = if let listed { listed } else { try await listDesired(desired) }
        let live = try await liveObjects(desired: desired, inventory: inventory, listed: listed)
        // Namespaces this sync creates: their objects cannot be dry-run before them.
        let creating = Set(desired.filter { Self.isNamespace($0.identity) && live[$0.identity.objectKey] == nil }
            .map(\.identity.name))
        var slots = [PlanEntry?](repeating: nil, count: desired.count)
        try await withThrowingTaskGroup(of: (Int, PlanEntry).self) { group in
            var next = 0
            func start() {
                guard next < desired.count else { return }
                let index = next
                next += 1
                let object = desired[index]
                let current = live[object.identity.objectKey]
                if let definition = listed.awaitingDefinition[GroupVersionKind(object.identity)] {
                    var entry = PlanEntry(identity: object.identity, action: .created, desired: object, live: nil, merged: nil)
                    entry.awaitsDefinition = definition
                    group.addTask { (index, entry) }
                    return
                }
                group.addTask { (index, try await entry(for: object, live: current, creating: creating)) }
            }
            for _ in 0..<concurrency { start() }
            while let (index, entry) = try await group.next() {
                slots[index] = entry
                start()
            }
        }
        var entries = slots.compactMap { $0 }

        let wanted = Set(desired.map(\.identity.objectKey))
        let prunes = inventory
            .filter { !wanted.contains($0.objectKey) }
            .sorted { KindOrder.areInApplyOrder($1, $0) }
        let inventoried = Set(inventory.map(\.objectKey))
        for identity in prunes {
            // Only an object that still carries this instance's label is Ferry's to delete.
            guard let object = live[identity.objectKey], Self.owner(of: object, instance: instance) == .this else { continue }
            var entry = PlanEntry(identity: identity, action: .pruned, desired: nil, live: object, merged: nil)
            if Self.isNamespace(identity), !pruneNamespacesWithForeignObjects,
               object[path: ["metadata", "annotations", FerryMetadata.pruneWithForeignObjectsAnnotation]]?.string != "true" {
                let foreign = try await foreignObjects(in: identity.name, inventory: inventoried)
                if !foreign.isEmpty {
                    entry.action = .kept
                    entry.keptBecause = Self.foreignSummary(foreign)
                }
            }
            entries.append(entry)
        }
        return Plan(entries: entries)
    }

    /// One object's entry: unchanged without asking, else a dry run (unless its
    /// namespace is one this sync creates).
    func entry(for object: DesiredObject, live: JSONValue?, creating: Set<String>) async throws -> PlanEntry {
        let owner = Self.owner(of: live, instance: instance)
        if let live, object.isHeld(by: live) {
            return PlanEntry(identity: object.identity, action: .unchanged, desired: object, live: live, merged: live, owner: owner)
        }
        if live == nil, let namespace = object.identity.namespace, creating.contains(namespace) {
            var entry = PlanEntry(identity: object.identity, action: .created, desired: object, live: nil, merged: nil)
            entry.awaitsNamespace = true
            return entry
        }
        let merged: JSONValue
        do {
            merged = try await client.apply(object.body, fieldManager: FerryMetadata.fieldManager, force: true,
                                            dryRun: true, source: object.source.description).object
        } catch let error as KubeError where live == nil && error.isNotFound && object.identity.namespace != nil {
            throw PlanError.missingNamespace(object.identity, source: object.source)
        }
        let action: Action
        if let live, ObjectNormalizer.normalized(live) == ObjectNormalizer.normalized(merged) {
            action = .unchanged
        } else {
            action = live == nil ? .created : .configured
        }
        return PlanEntry(identity: object.identity, action: action, desired: object, live: live, merged: merged, owner: owner)
    }

    /// Whose a live object is, by Ferry's instance label.
    static func owner(of live: JSONValue?, instance: String) -> PlanEntry.Owner {
        guard let live else { return .this }
        guard let other = live[path: ["metadata", "labels", FerryMetadata.instanceLabel]]?.string else { return .unmanaged }
        return other == instance ? .this : .instance(other)
    }

    static func isNamespace(_ identity: ObjectIdentity) -> Bool { identity.group == "" && identity.kind == "Namespace" }

    /// What a plan reads before it knows the inventory: the live objects of the desired
    /// kinds. A sync starts this while it reads the instance's record, and hands the
    /// result to ``plan(_:inventory:listed:)``.
    public struct Listed: Sendable {
        var kinds: Set<GroupVersionKind>
        var objects: [ObjectKey: JSONValue]
        /// Kinds the server does not serve yet, each with the revision's CRD that defines it.
        var awaitingDefinition: [GroupVersionKind: ObjectIdentity] = [:]
    }

    /// Lists the desired kinds' live objects (discovery first, so that an unknown kind
    /// is reported with its manifest's place). A kind not served yet that a CRD of the
    /// revision defines is not an error: its objects wait for that CRD.
    public func listDesired(_ desired: [DesiredObject]) async throws -> Listed {
        let defined = Definitions.definedKinds(in: desired)
        var awaiting: [GroupVersionKind: ObjectIdentity] = [:]
        for object in desired {
            let kind = GroupVersionKind(object.identity)
            if awaiting[kind] != nil { continue }
            do {
                try await client.requireKind(of: object.identity, source: object.source.description)
            } catch let error as KubeError {
                guard case .unknownKind = error, let definition = defined[kind] else { throw error }
                awaiting[kind] = definition
            }
        }
        let kinds = Self.kinds(of: desired.map(\.identity)).filter { awaiting[$0] == nil }
        return Listed(kinds: Set(kinds), objects: try await list(kinds, desired: desired), awaitingDefinition: awaiting)
    }

    /// The live objects of every kind involved, found by Ferry's labels (one list per
    /// kind), plus the wanted or inventoried objects those lists did not find
    /// (``findUnlabelled(_:into:)``).
    func liveObjects(desired: [DesiredObject], inventory: [ObjectIdentity], listed: Listed) async throws -> [ObjectKey: JSONValue] {
        var live = listed.objects
        let more = Self.kinds(of: inventory).filter { !listed.kinds.contains($0) && listed.awaitingDefinition[$0] == nil }
        if !more.isEmpty {
            live.merge(try await list(more, desired: desired)) { first, _ in first }
        }
        let readable = (desired.map(\.identity) + inventory).filter { listed.awaitingDefinition[GroupVersionKind($0)] == nil }
        try await findUnlabelled(readable, into: &live)
        return live
    }

    /// Past this many objects of one kind in one namespace missing from the labelled
    /// lists, one unlabelled LIST of them is cheaper than a GET each.
    static let listInsteadOfGets = 4

    /// Looks for the wanted or inventoried objects the labelled lists did not find: made
    /// before Ferry managed them, their labels removed, or (mostly, on a first sync) not
    /// there at all. A few are fetched one by one; many of a kind in a namespace are
    /// listed together, so a first sync of 1,000 objects does not send 1,000 GETs.
    private func findUnlabelled(_ identities: [ObjectIdentity], into live: inout [ObjectKey: JSONValue]) async throws {
        var missing: [ObjectKey: ObjectIdentity] = [:]
        for identity in identities where live[identity.objectKey] == nil { missing[identity.objectKey] = identity }
        let groups = Dictionary(grouping: missing.values) { GroupedKind(kind: GroupVersionKind($0), namespace: $0.namespace) }
        for (group, members) in groups.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            do {
                if members.count > Self.listInsteadOfGets {
                    let wanted = Set(members.map(\.objectKey))
                    for item in try await client.listOmittingManagedFields(group.kind, namespace: group.namespace,
                                                                            labelSelector: nil).items {
                        guard let identity = Self.identity(of: item), wanted.contains(identity.objectKey) else { continue }
                        live[identity.objectKey] = item
                    }
                } else {
                    for identity in members {
                        if let object = try await client.getIfPresent(identity) { live[identity.objectKey] = object }
                    }
                }
            } catch let error as KubeError {
                if case .unknownKind = error { continue }
                throw error
            }
        }
    }

    /// A kind in one namespace (nil: cluster-scoped).
    private struct GroupedKind: Hashable, CustomStringConvertible {
        var kind: GroupVersionKind
        var namespace: String?
        var description: String { "\(kind)/\(namespace ?? "")" }
    }

    /// The kinds of `identities`, each once, in first-seen order.
    static func kinds(of identities: [ObjectIdentity]) -> [GroupVersionKind] {
        var kinds: [GroupVersionKind] = []
        var seen: Set<GroupVersionKind> = []
        for identity in identities {
            let kind = GroupVersionKind(identity)
            if seen.insert(kind).inserted { kinds.append(kind) }
        }
        return kinds
    }

    /// One LIST per kind by this instance's label, all at once: the server answers them in parallel.
    private func list(_ kinds: [GroupVersionKind], desired: [DesiredObject]) async throws -> [ObjectKey: JSONValue] {
        let selector = FerryMetadata.selector(instance: instance)
        let desiredKinds = Set(desired.map { GroupVersionKind($0.identity) })
        let client = client
        let lists = try await withThrowingTaskGroup(of: (Int, ObjectList?).self) { group in
            for (index, kind) in kinds.enumerated() {
                group.addTask {
                    do {
                        return (index, try await client.listOmittingManagedFields(kind, namespace: nil, labelSelector: selector))
                    } catch let error as KubeError {
                        // A kind only the inventory names may be gone from the cluster (a deleted CRD).
                        if case .unknownKind = error, !desiredKinds.contains(kind) { return (index, nil) }
                        throw error
                    }
                }
            }
            var lists = [ObjectList?](repeating: nil, count: kinds.count)
            for try await (index, list) in group { lists[index] = list }
            return lists
        }
        var live: [ObjectKey: JSONValue] = [:]
        for list in lists {
            for item in list?.items ?? [] {
                guard let identity = Self.identity(of: item) else { continue }
                live[identity.objectKey] = item
            }
        }
        return live
    }

    static func identity(of object: JSONValue) -> ObjectIdentity? {
        guard let apiVersion = object["apiVersion"]?.string, let kind = object["kind"]?.string,
              let name = object[path: ["metadata", "name"]]?.string else { return nil }
        return ObjectIdentity(apiVersion: apiVersion, kind: kind,
                              namespace: object[path: ["metadata", "namespace"]]?.string, name: name)
    }
}
