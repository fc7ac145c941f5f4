import FerryKube
import Foundation

/// Finishes namespace deletion (pkg/controller/namespace): a namespace the API marked
/// for deletion is emptied of every namespaced object and then removed. A live
/// namespace without a phase is given `Active`, and has the objects every namespace
/// has (see ``NamespaceDefaults``).
final class NamespaceController: Reconciler {
    let store: ObjectStore
    let defaults: NamespaceDefaults

    init(store: ObjectStore, rootCertificatePEM: String?) {
        self.store = store
        defaults = NamespaceDefaults(store: store, rootCertificatePEM: rootCertificatePEM)
    }

    /// Workloads go first, so their controllers have nothing left to recreate; custom
    /// resources are among the rest.
    static func deletionOrder(_ served: ServedResources) -> [ResourceType] {
        let first = [ResourceCatalog.deployments, ResourceCatalog.replicaSets, ResourceCatalog.pods]
        return first + served.all.filter { $0.namespaced && !first.contains($0) }
    }

    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let namespace = store.get(key), let uid = namespace.uid else { return nil }
        let phase = namespace[path: ["status", "phase"]]?.string
        guard namespace.isBeingDeleted else {
            if phase == nil {
                try store.update(key, uid: uid) { $0[path: ["status", "phase"]] = "Active" }
            }
            try defaults.ensure(in: key.name)
            return nil
        }
        if phase != "Terminating" {
            try store.update(key, uid: uid) { $0[path: ["status", "phase"]] = "Terminating" }
        }
        let deletionOrder = Self.deletionOrder(store.served)
        for resource in deletionOrder {
            for object in store.list(resource, namespace: key.name).items {
                try store.delete(StoreKey(resource, namespace: key.name, name: object.name), uid: object.uid)
            }
        }
        // Something created while emptying (a write that raced the namespace check)
        // is deleted on the next pass.
        if deletionOrder.contains(where: { !store.list($0, namespace: key.name).items.isEmpty }) {
            return .milliseconds(100)
        }
        try store.delete(key, uid: uid)
        return nil
    }
}
