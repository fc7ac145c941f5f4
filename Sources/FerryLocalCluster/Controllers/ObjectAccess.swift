import FerryKube
import Foundation

/// One entry of `metadata.ownerReferences`.
struct OwnerReference: Sendable, Hashable {
    var apiVersion: String
    var kind: String
    var name: String
    var uid: String
    var controller: Bool
    var blockOwnerDeletion: Bool

    init?(json: JSONValue) {
        guard let uid = json["uid"]?.string, let name = json["name"]?.string else { return nil }
        self.apiVersion = json["apiVersion"]?.string ?? ""
        self.kind = json["kind"]?.string ?? ""
        self.name = name
        self.uid = uid
        self.controller = json["controller"]?.bool ?? false
        self.blockOwnerDeletion = json["blockOwnerDeletion"]?.bool ?? false
    }

    /// A controller reference to `owner` (metav1.NewControllerRef: controller and blockOwnerDeletion set).
    init(controllerOf owner: JSONValue, resource: ResourceType) {
        apiVersion = resource.apiVersion
        kind = resource.kind
        name = owner.name
        uid = owner.uid ?? ""
        controller = true
        blockOwnerDeletion = true
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
        ]
        if controller { members["controller"] = true }
        if blockOwnerDeletion { members["blockOwnerDeletion"] = true }
        return .object(members)
    }

    /// The served resource this reference names, if the cluster serves it.
    func resource(in served: ServedResources) -> ResourceType? { served.resource(apiVersion: apiVersion, kind: kind) }
}

/// Errors that only requeue a key: the object moved on under the controller.
struct ControllerError: Error, Sendable, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension JSONValue {
    var name: String { self[path: ["metadata", "name"]]?.string ?? "" }
    var namespace: String { self[path: ["metadata", "namespace"]]?.string ?? "" }
    var uid: String? { self[path: ["metadata", "uid"]]?.string }
    var generation: Int64 { self[path: ["metadata", "generation"]]?.int ?? 0 }

    /// Whether deletion has started (`metadata.deletionTimestamp` set).
    var isBeingDeleted: Bool {
        guard let stamp = self[path: ["metadata", "deletionTimestamp"]] else { return false }
        return !stamp.isNull
    }

    var creationDate: Date? { self[path: ["metadata", "creationTimestamp"]]?.string.flatMap(Timestamp.parse) }

    var labels: [String: String] { Self.stringMap(self[path: ["metadata", "labels"]]) }
    var annotations: [String: String] { Self.stringMap(self[path: ["metadata", "annotations"]]) }

    var ownerReferences: [OwnerReference] {
        (self[path: ["metadata", "ownerReferences"]]?.array ?? []).compactMap(OwnerReference.init(json:))
    }

    /// The owner reference with `controller: true` (metav1.GetControllerOf).
    var controllerReference: OwnerReference? { ownerReferences.first { $0.controller } }

    /// An integer at a path; nil when absent or not a whole number.
    func int(_ path: String...) -> Int64? { self[path: path]?.int }

    /// Sets a member of `metadata.labels` or `metadata.annotations` (nil removes it),
    /// dropping the map when it becomes empty.
    mutating func setMetadataEntry(_ map: String, _ key: String, _ value: String?) {
        var members = self[path: ["metadata", map]]?.object ?? [:]
        members[key] = value.map(JSONValue.string)
        setMetadataMap(map, members)
    }

    /// Replaces `metadata.<map>`, omitting it when empty.
    mutating func setMetadataMap(_ map: String, _ members: [String: JSONValue]) {
        if members.isEmpty {
            if self[path: ["metadata", map]] != nil { self[path: ["metadata", map]] = nil }
        } else {
            self[path: ["metadata", map]] = .object(members)
        }
    }

    mutating func setOwnerReferences(_ references: [OwnerReference]) {
        setMetadataList("ownerReferences", references.map(\.json))
    }

    mutating func setMetadataList(_ key: String, _ items: [JSONValue]) {
        if items.isEmpty {
            if self[path: ["metadata", key]] != nil { self[path: ["metadata", key]] = nil }
        } else {
            self[path: ["metadata", key]] = .array(items)
        }
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, member) in value?.object ?? [:] {
            if let text = member.string { result[key] = text }
        }
        return result
    }

    static func stringObject(_ map: [String: String]) -> JSONValue {
        .object(map.mapValues(JSONValue.string))
    }
}

extension ObjectStore {
    /// Whether new objects may be created in a namespace: it exists and is not being
    /// deleted (the API server's NamespaceLifecycle admission, which the controllers'
    /// own writes would otherwise bypass).
    func namespaceAcceptsCreates(_ namespace: String) -> Bool {
        guard let object = get(StoreKey(ResourceCatalog.namespaces, namespace: nil, name: namespace)) else { return false }
        return !object.isBeingDeleted
    }

    /// Creates `object` at `key` unless something is stored there already.
    func ensure(_ key: StoreKey, _ object: @autoclosure () -> JSONValue) throws {
        try write(key) { current in current ?? object() }
    }

    /// Applies `change` to the object at `key` if it is still the one with `uid`;
    /// returns the stored result, or nil when the object is gone or was replaced.
    @discardableResult
    func update(_ key: StoreKey, uid: String?, _ change: (inout JSONValue) throws -> Void) throws -> JSONValue? {
        var matched = false
        let result = try write(key) { current in
            // (The store may run this more than once: each run decides afresh.)
            matched = current != nil && current?.uid == uid
            guard matched, var object = current else { return current }
            try change(&object)
            return object
        }
        guard matched else { return nil }
        return result.object
    }

    /// Deletes the object at `key` if it is still the one with `uid`; returns whether it did.
    @discardableResult
    func delete(_ key: StoreKey, uid: String?) throws -> Bool {
        let result = try write(key) { current in
            guard let current, current.uid == uid else { return current }
            return nil
        }
        return result.event == .deleted
    }

    /// A controller's DELETE of a pod, graceful as the API makes it (CheckGracefulDelete):
    /// a running pod gets `deletionTimestamp` after its `terminationGracePeriodSeconds`
    /// and stays `Terminating` until the kubelet has stopped it; a pod that never ran or
    /// has finished goes at once. Returns whether the pod went or began terminating now.
    @discardableResult
    func deletePodGracefully(_ key: StoreKey, pod: JSONValue, now: Date) throws -> Bool {
        guard let grace = ResourceAPI.gracePeriod(of: pod, requested: nil) else { return try delete(key, uid: pod.uid) }
        var marked = false
        try update(key, uid: pod.uid) { object in
            // (Run afresh on each attempt: only a pod not yet terminating is marked.)
            marked = !object.isBeingDeleted
            if marked { object = PodState.markedForDeletion(object, grace: grace, now: now) }
        }
        return marked
    }

    /// Creates an object at `key`; returns nil (storing nothing) if one already exists there.
    func create(_ key: StoreKey, _ object: JSONValue) throws -> JSONValue? {
        var created = false
        let result = try write(key) { current in
            created = current == nil
            return current ?? object
        }
        guard created else { return nil }
        return result.object
    }
}
