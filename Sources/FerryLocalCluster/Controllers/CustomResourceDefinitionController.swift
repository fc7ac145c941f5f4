import FerryKube
import Foundation

/// apiextensions-apiserver's naming, establishing and finalizer controllers in one:
/// a CRD whose names collide with nobody's gets `NamesAccepted` and `Established`
/// (and from then on is served, see ``ServedResources``); a CRD marked for deletion
/// has its custom resources deleted, then loses the cleanup finalizer and is removed.
final class CustomResourceDefinitionController: Reconciler {
    let store: ObjectStore
    let clock: ClusterClock

    init(store: ObjectStore, clock: ClusterClock) {
        self.store = store
        self.clock = clock
    }

    func reconcile(_ key: StoreKey) throws -> Duration? {
        guard let definition = store.get(key), let uid = definition.uid else { return nil }
        let now = Timestamp.format(clock.now())
        if definition.isBeingDeleted { return try cleanUp(key, definition, uid: uid, now: now) }
        let conflict = Self.namesConflict(of: definition, among: store.list(key.resource).items)
        try store.update(key, uid: uid) { definition in
            if let conflict {
                CustomResourceDefinitionStatus.setCondition(
                    &definition, type: "NamesAccepted", status: "False", reason: conflict.reason, message: conflict.message, now: now)
                if CustomResourceDefinitionStatus.condition("Established", of: definition) != "True" {
                    CustomResourceDefinitionStatus.setCondition(
                        &definition, type: "Established", status: "False", reason: "NotAccepted",
                        message: "not all names are accepted", now: now)
                }
            } else {
                definition[path: ["status", "acceptedNames"]] = CustomResourceDefinitionStatus.names(of: definition)
                CustomResourceDefinitionStatus.setCondition(
                    &definition, type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found", now: now)
                CustomResourceDefinitionStatus.setCondition(
                    &definition, type: "Established", status: "True", reason: "InitialNamesAccepted",
                    message: "the initial names have been accepted", now: now)
            }
            var stored = definition[path: ["status", "storedVersions"]]?.array ?? []
            if let storage = CustomResourceDefinitionStatus.storageVersion(of: definition), !stored.contains(.string(storage)) {
                stored.append(.string(storage))
            }
            definition[path: ["status", "storedVersions"]] = .array(stored)
        }
        return nil
    }

    /// The finalizer's work: delete every custom resource of the CRD, then let it go.
    private func cleanUp(_ key: StoreKey, _ definition: JSONValue, uid: String, now: String) throws -> Duration? {
        let finalizers = (definition[path: ["metadata", "finalizers"]]?.array ?? []).compactMap(\.string)
        guard finalizers.contains(CustomResourceDefinitionStatus.cleanupFinalizer) else {
            if finalizers.isEmpty { try store.delete(key, uid: uid) }
            return nil
        }
        try store.update(key, uid: uid) { definition in
            CustomResourceDefinitionStatus.setCondition(
                &definition, type: "Terminating", status: "True", reason: "InstanceDeletionInProgress",
                message: "CustomResource deletion is in progress", now: now)
        }
        let resources = ServedResources.resources(servedBy: definition)
        for resource in resources {
            for object in store.list(resource).items {
                try store.delete(StoreKey(resource, namespace: object.namespace, name: object.name), uid: object.uid)
            }
        }
        // A create that raced the deletion is caught on the next pass.
        if resources.contains(where: { !store.list($0).items.isEmpty }) { return .milliseconds(100) }
        let remaining = finalizers.filter { $0 != CustomResourceDefinitionStatus.cleanupFinalizer }
        guard remaining.isEmpty else {
            try store.update(key, uid: uid) { definition in
                CustomResourceDefinitionStatus.setCondition(
                    &definition, type: "Terminating", status: "False", reason: "InstanceDeletionCompleted",
                    message: "removed all instances", now: now)
                definition.setMetadataList("finalizers", remaining.map(JSONValue.string))
            }
            return nil
        }
        try store.delete(key, uid: uid)
        return nil
    }

    /// Why `definition`'s names cannot be accepted: a name another CRD of its group
    /// accepted already, or one a built-in resource of the group has.
    static func namesConflict(of definition: JSONValue, among definitions: [JSONValue]) -> (reason: String, message: String)? {
        let group = definition[path: ["spec", "group"]]?.string ?? ""
        let name = definition.name
        var usedNames: Set<String> = [], usedKinds: Set<String> = []
        for other in definitions where other.name != name && other[path: ["spec", "group"]]?.string == group {
            guard let accepted = other[path: ["status", "acceptedNames"]] else { continue }
            for field in ["plural", "singular"] { if let used = accepted[field]?.string { usedNames.insert(used) } }
            usedNames.formUnion((accepted["shortNames"]?.array ?? []).compactMap(\.string))
            for field in ["kind", "listKind"] { if let used = accepted[field]?.string { usedKinds.insert(used) } }
        }
        for resource in ResourceCatalog.all where resource.group == group {
            usedNames.formUnion([resource.plural, resource.singular] + resource.shortNames)
            usedKinds.formUnion([resource.kind, resource.listKind])
        }
        let names = CustomResourceDefinitionStatus.names(of: definition)
        // In upstream's order: plural, singular, short names, kind, list kind.
        let checks: [(reason: String, values: [String], used: Set<String>)] = [
            ("PluralConflict", [names["plural"]?.string ?? ""], usedNames),
            ("SingularConflict", [names["singular"]?.string ?? ""], usedNames),
            ("ShortNamesConflict", (names["shortNames"]?.array ?? []).compactMap(\.string), usedNames),
            ("KindConflict", [names["kind"]?.string ?? ""], usedKinds),
            ("ListKindConflict", [names["listKind"]?.string ?? ""], usedKinds),
        ]
        for check in checks {
            if let value = check.values.first(where: { !$0.isEmpty && check.used.contains($0) }) {
                return (check.reason, "\"\(value)\" is already in use")
            }
        }
        return nil
    }
}
