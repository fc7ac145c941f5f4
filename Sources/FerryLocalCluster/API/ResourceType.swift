/// A kind of object the local cluster serves, with the names discovery publishes.
///
/// Two values are the same resource when they are served at the same path (group,
/// version, plural): a CRD update that adds a short name or a printer column makes a
/// new value, and the objects stored under the old one must still be found by it.
public struct ResourceType: Sendable, Hashable, CustomStringConvertible {
    /// The API group; "" for the core group.
    public var group: String
    public var version: String
    public var kind: String
    /// The plural resource name used in URLs, e.g. `deployments`.
    public var plural: String
    public var singular: String
    public var shortNames: [String]
    public var namespaced: Bool
    /// Categories for `kubectl get all`.
    public var categories: [String]
    /// Subresources served besides the object itself.
    public var subresources: Set<Subresource>
    /// Whether the object has a `spec` whose changes bump `metadata.generation`.
    public var tracksGeneration: Bool
    /// Whether clients may create and update it (pods are written by the cluster itself).
    public var clientWritable: Bool
    /// What a CRD declares for this version (schema, printer columns); nil for built-ins.
    public var custom: CustomResourceVersion?

    public enum Subresource: String, Sendable, Hashable { case status, scale }

    /// `group/version`, or `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, or `configmaps` for the core group: how Status messages name it.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The URL prefix of its group version: `/api/v1` or `/apis/apps/v1`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    public var listKind: String { kind + "List" }

    public static func == (lhs: ResourceType, rhs: ResourceType) -> Bool {
        lhs.group == rhs.group && lhs.version == rhs.version && lhs.plural == rhs.plural
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(group)
        hasher.combine(version)
        hasher.combine(plural)
    }

    public var description: String { qualifiedName }

    public init(group: String, version: String, kind: String, plural: String, singular: String,
                shortNames: [String] = [], namespaced: Bool = true, categories: [String] = [],
                subresources: Set<Subresource> = [], tracksGeneration: Bool = false, clientWritable: Bool = true,
                custom: CustomResourceVersion? = nil) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.categories = categories
        self.subresources = subresources
        self.tracksGeneration = tracksGeneration
        self.clientWritable = clientWritable
        self.custom = custom
    }
}
