/// Labels and annotations Ferry writes on the objects it manages.
public enum FerryMetadata {
    /// Marks an object as managed by Ferry, as the recommended Kubernetes label does.
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    public static let managedByValue = "ferry"
    /// Which Ferry instance (one repository and path) manages the object.
    public static let instanceLabel = "ferry.dev/instance"
    /// The commit whose manifest last changed the object.
    public static let commitAnnotation = "ferry.dev/commit"
    /// A hash of the manifest as last applied, to tell unchanged objects without asking the server.
    public static let appliedHashAnnotation = "ferry.dev/applied-hash"
    /// The change cause `kubectl rollout history` shows; Ferry writes the commit there.
    public static let changeCauseAnnotation = "kubernetes.io/change-cause"
    /// On a Namespace: prune it even when it holds objects Ferry does not manage.
    public static let pruneWithForeignObjectsAnnotation = "ferry.dev/prune-with-foreign-objects"
    /// The field manager of Ferry's server-side applies.
    public static let fieldManager = "ferry"

    /// The label selector that finds an instance's objects.
    public static func selector(instance: String) -> String {
        "\(managedByLabel)=\(managedByValue),\(instanceLabel)=\(instance)"
    }
}

/// What a sync does (or would do) to one object.
public enum Action: String, Sendable, Codable, CaseIterable {
    case created, configured, unchanged, pruned
    /// Removed from git but left in place (a Namespace that holds objects Ferry does not
    /// manage); it stays in the inventory, so a later run prunes it once it may.
    case kept
    /// In a plan, before anything is sent.
    public var planned: String {
        switch self {
        case .created: return "to create"
        case .configured: return "to change"
        case .unchanged: return "unchanged"
        case .pruned: return "to prune"
        case .kept: return "kept"
        }
    }

    /// Whether a sync would write for it.
    public var isChange: Bool { self == .created || self == .configured || self == .pruned }
}
