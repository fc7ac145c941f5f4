import FerryKube

/// Where an object lives in the store: its resource, namespace ("" when
/// cluster-scoped) and name.
public struct StoreKey: Sendable, Hashable, CustomStringConvertible {
    public var resource: ResourceType
    public var namespace: String
    public var name: String

    public init(_ resource: ResourceType, namespace: String?, name: String) {
        self.resource = resource
        self.namespace = resource.namespaced ? (namespace ?? "") : ""
        self.name = name
    }

    /// `Deployment/spark/spark-worker`: Ferry's one printed form of an identity.
    public var description: String {
        namespace.isEmpty ? "\(resource.kind)/\(name)" : "\(resource.kind)/\(namespace)/\(name)"
    }
}

/// One change the store made, as watches deliver it.
public struct StoreEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED"
    }

    public var kind: Kind
    public var key: StoreKey
    public var resourceVersion: Int64
    /// The object after the change; for a deletion, its last state with the deletion's resourceVersion.
    public var object: JSONValue
    /// The compact JSON of `object`, computed once and shared by every watcher.
    public var objectJSON: [UInt8]
}

/// A list of objects and the resourceVersion the list is consistent with.
public struct StoreList: Sendable {
    public var items: [JSONValue]
    /// Each item's JSON, in the same order.
    public var encoded: [[UInt8]]
    public var resourceVersion: Int64
}
