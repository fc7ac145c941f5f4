import FerryKube
@testable import FerryLocalCluster

/// The plain definition of server-side apply's field walk, which the fast level-by-level
/// walk (`FieldWalk`) must agree with: every leaf of an object by its full path, and the
/// comparison of two objects' leaves. Only `FieldWalkTests` uses it.
extension ObjectFields {
    /// What a path holds, for comparisons: a keyed element or set value has no value of
    /// its own (its fields are compared), everything else compares by value.
    enum Leaf: Hashable {
        case element
        case value(JSONValue)
    }

    /// Every leaf of `object` in `scope`, with its value. `strict` turns malformed keyed
    /// lists (a duplicate key, an element without its key) into errors, as apply does for
    /// the applied configuration; otherwise such elements are skipped.
    func leaves(of object: JSONValue, scope: Scope, strict: Bool) throws(PatchError) -> [FieldPath: Leaf] {
        var result: [FieldPath: Leaf] = [:]
        guard case .object(let members) = object else { return result }
        // One path and one list of names, pushed and popped along the walk, rather than
        // two new arrays at every node.
        var path: [FieldPathElement] = [], names: [String] = []
        path.reserveCapacity(16)
        names.reserveCapacity(16)
        for (name, value) in members {
            switch (name, scope) {
            case ("apiVersion", _), ("kind", _): continue
            case ("status", .mainResource): continue
            case (_, .status) where name != "status": continue
            case ("metadata", _):
                guard case .object(let metadata) = value else { continue }
                for (field, child) in metadata where !Self.unownedMetadata.contains(field) {
                    path = [.field("metadata"), .field(field)]
                    names = ["metadata", field]
                    try visit(child, path: &path, names: &names, strict: strict, into: &result)
                }
                continue
            default: break
            }
            path = [.field(name)]
            names = [name]
            try visit(value, path: &path, names: &names, strict: strict, into: &result)
        }
        return result
    }

    /// What changed from `old` to `new`, from the two objects' leaves: the plain
    /// definition ``compare(_:_:scope:)`` must agree with.
    func leavesComparison(_ old: JSONValue, _ new: JSONValue, scope: Scope) -> Comparison {
        let before = lenientLeaves(of: old, scope: scope)
        let after = lenientLeaves(of: new, scope: scope)
        var comparison = Comparison()
        for (path, leaf) in after {
            switch (before[path], leaf) {
            case (nil, _): comparison.added.insert(path)
            case (.value(let previous)?, .value(let current)) where !previous.isEquivalent(to: current):
                comparison.modified.insert(path)
            default: break
            }
        }
        for path in before.keys where after[path] == nil { comparison.removed.insert(path) }
        return comparison
    }

    fileprivate func lenientLeaves(of object: JSONValue, scope: Scope) -> [FieldPath: Leaf] {
        // Non-strict walks skip what they cannot key instead of throwing.
        (try? leaves(of: object, scope: scope, strict: false)) ?? [:]
    }

    /// Records the leaves at and below `path` (the field names along it in `names`); both
    /// are as they were when it returns.
    fileprivate func visit(_ value: JSONValue, path: inout [FieldPathElement], names: inout [String], strict: Bool,
                       into result: inout [FieldPath: Leaf]) throws(PatchError) {
        switch value {
        case .object(let members) where !members.isEmpty:
            for (name, child) in members {
                path.append(.field(name))
                names.append(name)
                try visit(child, path: &path, names: &names, strict: strict, into: &result)
                path.removeLast()
                names.removeLast()
            }
        case .array(let items):
            switch MergeKeys.listType(at: names, in: kind, for: .serverSideApply) {
            case .atomic:
                result[FieldPath(path)] = .value(value)
            case .set:
                for item in items { result[FieldPath(path + [.value(item)])] = .element }
            case .map(let keys):
                var seen: Set<FieldPathElement> = []
                for item in items {
                    let element: FieldPathElement
                    switch Self.keyElement(of: item, keys: keys) {
                    case .success(let key): element = key
                    case .failure(let error):
                        if strict { throw .invalid("\(FieldPath(path)): \(error.message)") }
                        continue
                    }
                    guard seen.insert(element).inserted else {
                        if strict { throw .invalid("\(FieldPath(path)): duplicate entries for key \(element)") }
                        continue
                    }
                    result[FieldPath(path + [element])] = .element
                    path.append(element)
                    for (name, child) in item.object ?? [:] {
                        path.append(.field(name))
                        names.append(name)
                        try visit(child, path: &path, names: &names, strict: strict, into: &result)
                        path.removeLast()
                        names.removeLast()
                    }
                    path.removeLast()
                }
            }
        default:
            result[FieldPath(path)] = .value(value)
        }
    }
}
