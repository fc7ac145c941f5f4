import FerryKube
import Synchronization

/// The list types of custom kinds, for server-side apply and strategic merge's
/// ``MergeKeys``, which know kinds by group and name only.
///
/// Upstream, a CR's lists are atomic unless its schema declares
/// `x-kubernetes-list-type: map` (with `x-kubernetes-list-map-keys`) or `set`. The
/// table is process-wide, keyed by group and kind, and replaced whenever a cluster's
/// served resources are rebuilt: clusters in one process that define the same kind
/// differently (tests) should use distinct groups.
enum CustomListTypes {
    private static let table = Mutex<[GroupKind: [[String]: ListType]]>([:])

    static func register(_ resources: [ResourceType]) {
        let entries = resources.compactMap { resource -> (GroupKind, [[String]: ListType])? in
            guard let custom = resource.custom, custom.isStorage else { return nil }
            return (GroupKind(group: resource.group, kind: resource.kind), custom.listTypes)
        }
        table.withLock { table in
            for (kind, types) in entries { table[kind] = types }
        }
    }

    /// The list type at `path` in a custom kind; nil when `kind` is not a custom kind.
    static func listType(at path: [String], in kind: GroupKind) -> ListType? {
        guard let types = table.withLock({ $0[kind] }) else { return nil }
        if let declared = types[path] { return declared }
        if path == ["metadata", "ownerReferences"] { return .map(keys: [ListKey("uid")]) }
        if path == ["metadata", "finalizers"] { return .set }
        return .atomic
    }
}
