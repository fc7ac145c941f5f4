import FerryKube

/// How server-side apply sees an object's fields: which paths it sets, what changed
/// between two versions, and how to take a field out. List types come from
/// ``MergeKeys`` (apply keys), so this approximates structured-merge-diff's typed walk
/// with the one schema Ferry has.
///
/// A path of the set is a leaf: a scalar (or `null`), an atomic list, an empty map, a
/// keyed list element (besides its fields) or a value of a set list. Non-empty maps are
/// not paths themselves, only what is in them.
struct ObjectFields {
    let kind: GroupKind

    /// Which part of an object a write manages.
    enum Scope {
        /// The object without `status`: writes to the main resource and apply.
        case mainResource
        /// Only `status`: writes to the status subresource.
        case status
    }

    /// Fields no manager ever owns: identity and server-maintained metadata.
    static let unownedMetadata: Set<String> = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
    ]

    /// Every path `object` sets in `scope`, built level by level (``FieldWalk``). `strict`
    /// turns malformed keyed lists (a duplicate key, an element without its key) into
    /// errors, as apply does for the applied configuration; otherwise such elements are skipped.
    func fieldSet(of object: JSONValue, scope: Scope, strict: Bool) throws(PatchError) -> FieldSet {
        var walk = FieldWalk(kind: kind, strict: strict)
        return try walk.fieldSet(of: object, scope: scope)
    }

    /// Like ``fieldSet(of:scope:strict:)`` for stored objects, which never fail to walk.
    func fieldSet(of object: JSONValue, scope: Scope) -> FieldSet {
        // Non-strict walks skip what they cannot key instead of throwing.
        (try? fieldSet(of: object, scope: scope, strict: false)) ?? FieldSet()
    }

    /// What changed from `old` to `new`.
    struct Comparison: Equatable {
        var added = FieldSet()
        var modified = FieldSet()
        var removed = FieldSet()

        /// Added or modified: what a writer now owns.
        var changed: FieldSet { added.union(modified) }
    }

    /// What changed from `old` to `new` in `scope`, walking both objects side by side (``FieldWalk``).
    func compare(_ old: JSONValue, _ new: JSONValue, scope: Scope) -> Comparison {
        var walk = FieldWalk(kind: kind, strict: false)
        return walk.compare(old, new, scope: scope)
    }

    /// The path step of a keyed list element, key fields defaulted where the schema says.
    static func keyElement(of item: JSONValue, keys: [ListKey]) -> Result<FieldPathElement, PatchError> {
        guard case .object(let members) = item else {
            return .failure(.invalid("a keyed list element must be an object, not \(item.typeName)"))
        }
        if keys.count == 1, let key = keys.first {
            // The usual single key (`name`), without a dictionary to sort.
            guard let value = members[key.field] ?? key.defaultValue, value != .null else {
                return .failure(.invalid("an element omits the key field \"\(key.field)\""))
            }
            return .success(.key([KeyField(name: key.field, value: value)]))
        }
        var fields: [String: JSONValue] = [:]
        for key in keys {
            guard let value = members[key.field] ?? key.defaultValue, value != .null else {
                return .failure(.invalid("an element omits the key field \"\(key.field)\""))
            }
            fields[key.field] = value
        }
        return .success(.key(fields))
    }

    /// Takes the field at `path` out of `object`. A map or list the removal empties goes
    /// too (an apply that drops a manager's last label leaves no `labels: {}`), but the key
    /// fields of an element that stays are kept: the element would be unaddressable.
    func removing(_ path: FieldPath, from object: JSONValue) -> JSONValue {
        var result = object
        remove(path.elements[...], in: &result, names: [], keyFields: [])
        return result
    }

    private func remove(_ path: ArraySlice<FieldPathElement>, in value: inout JSONValue, names: [String], keyFields: Set<String>) {
        guard let step = path.first else { return }
        let isLast = path.count == 1
        switch (step, value) {
        case (.field(let name), .object(var members)):
            guard var child = members[name] else { return }
            if isLast {
                if keyFields.contains(name) { return }
                members[name] = nil
            } else {
                let wasEmpty = child.isEmptyContainer
                remove(path.dropFirst(), in: &child, names: names + [name], keyFields: [])
                if !wasEmpty && child.isEmptyContainer {
                    members.removeValue(forKey: name)
                } else {
                    members[name] = child
                }
            }
            value = .object(members)
        case (.key(let fields), .array(var items)):
            let keys: [ListKey]
            if case .map(let listKeys) = MergeKeys.listType(at: names, in: kind, for: .serverSideApply) {
                keys = listKeys
            } else {
                keys = fields.map { ListKey($0.name) }
            }
            guard let index = items.firstIndex(where: {
                if case .success(let element) = Self.keyElement(of: $0, keys: keys) { return element == step }
                return false
            }) else { return }
            if isLast {
                items.remove(at: index)
            } else {
                remove(path.dropFirst(), in: &items[index], names: names, keyFields: Set(fields.map(\.name)))
            }
            value = .array(items)
        case (.value(let member), .array(var items)) where isLast:
            items.removeAll { $0.isEquivalent(to: member) }
            value = .array(items)
        case (.index(let index), .array(var items)) where index < items.count:
            if isLast {
                items.remove(at: index)
            } else {
                remove(path.dropFirst(), in: &items[index], names: names, keyFields: [])
            }
            value = .array(items)
        default:
            return
        }
    }
}
