import FerryKube

/// Clean-up for patched objects before they are stored (kubectl-wire.md pitfall 10).
///
/// Patches faithfully produce shapes a Go server would never return: a merge patch
/// `{"metadata":{"labels":{"x":null}}}` on an object without labels leaves
/// `"labels": {}`, and a `null` sent for an absent top-level field can survive a JSON
/// patch. Go's `omitempty` drops those; stored as they are, they show up in `kubectl diff`.
public enum MetadataPruning {
    /// Metadata members dropped when they are empty maps or lists.
    static let collections: Set<String> = ["labels", "annotations", "finalizers", "ownerReferences", "managedFields"]

    /// `object` without `null` top-level members or metadata members, and without empty
    /// `labels`, `annotations`, `finalizers`, `ownerReferences` or `managedFields`.
    public static func prune(_ object: JSONValue) -> JSONValue {
        guard case .object(var members) = object else { return object }
        members = members.filter { $0.value != .null }
        if case .object(var metadata) = members["metadata"] {
            metadata = metadata.filter { name, value in
                value != .null && !(collections.contains(name) && value.isEmptyContainer)
            }
            members["metadata"] = .object(metadata)
        }
        return .object(members)
    }
}
