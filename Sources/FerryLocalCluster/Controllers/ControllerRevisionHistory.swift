import FerryKube
import Foundation

/// The ControllerRevisions that record a StatefulSet's or DaemonSet's pod templates
/// (pkg/controller/history): one per distinct template, owned by the workload,
/// numbered by `revision`, holding in `data` the patch that restores the template.
/// `kubectl rollout history/undo` read and apply that patch as it is stored.
struct ControllerRevisionHistory {
    /// The label carrying a StatefulSet revision's hash (history.ControllerRevisionHashLabel).
    static let hashLabel = "controller.kubernetes.io/hash"

    let store: ObjectStore
    /// The workload kind the revisions belong to.
    let ownerResource: ResourceType

    /// getPatch: `{"spec":{"template":{..., "$patch":"replace"}}}`. The template is
    /// encoded as the Go struct encodes it, with `metadata.creationTimestamp: null`,
    /// so the bytes are the ones kubectl compares with when it skips an undo.
    static func patch(template: JSONValue) -> JSONValue {
        var template = template.object != nil ? template : .object([:])
        if template["metadata"]?.object == nil { template["metadata"] = .object([:]) }
        if template[path: ["metadata", "creationTimestamp"]] == nil {
            template[path: ["metadata", "creationTimestamp"]] = .null
        }
        template["$patch"] = "replace"
        return ["spec": ["template": template]]
    }

    /// The pod template a revision restores (ApplyRevision), without the directive.
    static func template(of revision: JSONValue) -> JSONValue {
        var template = revision[path: ["data", "spec", "template"]] ?? .object([:])
        if template["$patch"] != nil { template["$patch"] = nil }
        if template[path: ["metadata", "creationTimestamp"]] == .null {
            template[path: ["metadata", "creationTimestamp"]] = nil
        }
        return template
    }

    /// history.HashControllerRevision: FNV-1 (not 1a) over the data's bytes, then the
    /// collision count in decimal, safely encoded.
    static func hash(data: JSONValue, collisionCount: Int64?) -> String {
        var hash: UInt32 = 2_166_136_261
        var bytes = data.serialized()
        if let collisionCount { bytes += Array(String(collisionCount).utf8) }
        for byte in bytes {
            hash = hash &* 16_777_619
            hash ^= UInt32(byte)
        }
        return PodTemplateHash.safeEncode(String(hash))
    }

    /// history.ControllerRevisionName: the parent's name cut to 223 characters, then the hash.
    static func name(parent: String, hash: String) -> String {
        String(parent.prefix(223)) + "-" + hash
    }

    /// history.EqualRevision: the same data, compared semantically.
    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        left["data"]?.semanticallyNormalized() == right["data"]?.semanticallyNormalized()
    }

    static func number(_ revision: JSONValue) -> Int64 { revision["revision"]?.int ?? 0 }

    /// SortControllerRevisions: by revision, then creation, then name.
    static func olderFirst(_ left: JSONValue, _ right: JSONValue) -> Bool {
        let leftNumber = number(left), rightNumber = number(right)
        if leftNumber != rightNumber { return leftNumber < rightNumber }
        let leftCreated = left.creationDate ?? .distantPast, rightCreated = right.creationDate ?? .distantPast
        if leftCreated != rightCreated { return leftCreated < rightCreated }
        return left.name < right.name
    }

    /// The owner's revisions, sorted: those it controls and still selects, plus matching
    /// orphans it adopts; owned revisions that stopped matching are released.
    func claim(owner: JSONValue, selector: LabelSelector) throws -> [JSONValue] {
        guard let uid = owner.uid else { return [] }
        let namespace = owner.namespace
        var owned: [JSONValue] = []
        for revision in store.list(ResourceCatalog.controllerRevisions, namespace: namespace, controlledBy: uid) {
            if selector.matches(object: revision) {
                owned.append(revision)
            } else if !owner.isBeingDeleted {
                try store.update(key(revision.name, namespace), uid: revision.uid) { object in
                    object.setOwnerReferences(object.ownerReferences.filter { $0.uid != uid })
                }
            }
        }
        if !owner.isBeingDeleted {
            let reference = OwnerReference(controllerOf: owner, resource: ownerResource)
            for revision in store.list(ResourceCatalog.controllerRevisions, namespace: namespace, controlledBy: nil)
            where selector.matches(object: revision) && !revision.isBeingDeleted {
                let adopted = try store.update(key(revision.name, namespace), uid: revision.uid) { object in
                    guard object.controllerReference == nil else { return }
                    object.setOwnerReferences(object.ownerReferences + [reference])
                }
                if let adopted, adopted.controllerReference?.uid == uid { owned.append(adopted) }
            }
        }
        return owned.sorted(by: Self.olderFirst)
    }

    /// A revision object (not stored) for `template`, as newRevision builds it: the
    /// template's labels plus `extraLabels`, the owner's annotations, a controller reference.
    func revision(owner: JSONValue, name: String, template: JSONValue, extraLabels: [String: String],
                  number: Int64) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": .string(ResourceCatalog.controllerRevisions.apiVersion),
            "kind": .string(ResourceCatalog.controllerRevisions.kind),
            "metadata": ["name": .string(name), "namespace": .string(owner.namespace)],
            "data": Self.patch(template: template),
            "revision": .int(number),
        ]
        var labels = template[path: ["metadata", "labels"]]?.object ?? [:]
        for (key, value) in extraLabels { labels[key] = .string(value) }
        object.setMetadataMap("labels", labels)
        object.setMetadataMap("annotations", owner[path: ["metadata", "annotations"]]?.object ?? [:])
        object.setOwnerReferences([OwnerReference(controllerOf: owner, resource: ownerResource)])
        return object
    }

    /// Stores `revision` under its name. An existing revision of that name with the
    /// same data is returned instead (a lagging view); with other data it is a hash
    /// collision, reported as nil so the caller bumps its collision count.
    func create(_ revision: JSONValue) throws -> JSONValue? {
        let revisionKey = key(revision.name, revision.namespace)
        guard store.namespaceAcceptsCreates(revision.namespace) else {
            throw ControllerError("namespace \(revision.namespace) is not accepting new objects")
        }
        let result = try store.write(revisionKey) { current in current ?? revision }
        guard let stored = result.object else { throw ControllerError("controller revision \(revisionKey) vanished") }
        return Self.equal(stored, revision) ? stored : nil
    }

    /// UpdateControllerRevision: renumbers a revision (a rollback to an earlier template).
    func renumber(_ revision: JSONValue, to number: Int64) throws -> JSONValue {
        if Self.number(revision) == number { return revision }
        guard let updated = try store.update(key(revision.name, revision.namespace), uid: revision.uid, { object in
            object["revision"] = .int(number)
        }) else { throw ControllerError("controller revision \(revision.namespace)/\(revision.name) was deleted") }
        return updated
    }

    func delete(_ revision: JSONValue) throws {
        try store.delete(key(revision.name, revision.namespace), uid: revision.uid)
    }

    private func key(_ name: String, _ namespace: String) -> StoreKey {
        StoreKey(ResourceCatalog.controllerRevisions, namespace: namespace, name: name)
    }
}
