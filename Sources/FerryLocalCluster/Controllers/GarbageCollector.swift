import FerryKube
import Foundation
import Synchronization

/// Deletes objects whose owners are gone (pkg/controller/garbagecollector), with
/// Background propagation: a deleted Deployment takes its ReplicaSets, and they their
/// pods, one level per step. A dependent that still has another live owner only
/// loses the reference to the missing one.
///
/// Owners of an unknown kind cannot be checked and count as present. Foreground
/// deletion is treated like Background (the API deletes the owner at once), and
/// Orphan is the API's job: it strips the ownerReferences before deleting.
final class GarbageCollector: Reconciler {
    /// A unit of work.
    enum Item: Hashable, Sendable {
        /// The object with this uid was deleted: check what it owned.
        case ownerDeleted(uid: String)
        /// Check that this object's owners still exist.
        case dependent(StoreKey)
    }

    let store: ObjectStore
    /// Owner uid → objects that named it in ownerReferences: a superset, kept from the
    /// event stream, checked against the store before anything is deleted.
    private let dependents = Mutex<[String: Set<StoreKey>]>([:])

    init(store: ObjectStore) {
        self.store = store
    }

    /// Indexes every stored object with owners and returns them all for a check, so
    /// dependents orphaned while the cluster was down are collected too.
    func seed() -> [Item] {
        var items: [Item] = []
        for resource in store.served.all {
            for object in store.list(resource).items {
                let references = object.ownerReferences
                guard !references.isEmpty else { continue }
                let key = StoreKey(resource, namespace: object.namespace, name: object.name)
                index(key, references)
                items.append(.dependent(key))
            }
        }
        return items
    }

    /// Updates the index from one store event and returns the work it causes.
    func observe(_ event: StoreEvent) -> [Item] {
        let references = event.object.ownerReferences
        switch event.kind {
        case .deleted:
            dependents.withLock { index in
                for reference in references { index[reference.uid]?.remove(event.key) }
            }
            guard let uid = event.object.uid, dependents.withLock({ $0[uid] != nil }) else { return [] }
            return [.ownerDeleted(uid: uid)]
        case .added, .modified:
            guard !references.isEmpty else { return [] }
            index(event.key, references)
            // A new dependent may name an owner deleted a moment before it was created.
            return event.kind == .added ? [.dependent(event.key)] : []
        }
    }

    private func index(_ key: StoreKey, _ references: [OwnerReference]) {
        dependents.withLock { index in
            for reference in references { index[reference.uid, default: []].insert(key) }
        }
    }

    func reconcile(_ item: Item) throws -> Duration? {
        switch item {
        case .ownerDeleted(let uid):
            let keys = dependents.withLock { $0.removeValue(forKey: uid) } ?? []
            for key in keys.sorted(by: { $0.description < $1.description }) { try collect(key) }
        case .dependent(let key):
            try collect(key)
        }
        return nil
    }

    /// attemptToDeleteItem: delete when no owner is left, drop the dangling
    /// references when some are.
    private func collect(_ key: StoreKey) throws {
        guard let object = store.get(key) else { return }
        let references = object.ownerReferences
        guard !references.isEmpty else { return }
        var dangling: Set<String> = []
        var alive = false
        let served = store.served
        for reference in references {
            guard let resource = reference.resource(in: served) else {
                alive = true
                continue
            }
            let ownerKey = StoreKey(resource, namespace: resource.namespaced ? key.namespace : nil, name: reference.name)
            if store.get(ownerKey)?.uid == reference.uid {
                alive = true
            } else {
                dangling.insert(reference.uid)
            }
        }
        guard !dangling.isEmpty else { return }
        if alive {
            try store.update(key, uid: object.uid) { current in
                current.setOwnerReferences(current.ownerReferences.filter { !dangling.contains($0.uid) })
            }
        } else {
            try store.delete(key, uid: object.uid)
        }
    }
}
