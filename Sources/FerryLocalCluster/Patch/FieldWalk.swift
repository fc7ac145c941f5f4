import FerryKube

/// The walks behind ``ObjectFields/fieldSet(of:scope:strict:)`` and
/// ``ObjectFields/compare(_:_:scope:)``: they build ``FieldSet`` trees a level at a time,
/// hashing each step once into its own level, instead of collecting full paths in a
/// dictionary (every path hashed whole) and inserting them one by one from the root.
/// Apply runs them on every request, so this is where its time goes.
///
/// The sets are exactly the leaf paths of the object (which the tests' plain walk,
/// `ObjectFieldsReference`, lists one by one), found in
/// the same order, so a strict walk throws the same first error.
struct FieldWalk {
    let kind: GroupKind
    /// Whether malformed keyed lists are errors (the applied configuration) or skipped
    /// (stored objects).
    let strict: Bool
    /// The path to the value being visited, kept only by strict walks, for error messages.
    private var path: [FieldPathElement] = []
    /// The field names from the root to the value being visited: what ``MergeKeys`` needs.
    private var names: [String] = []

    init(kind: GroupKind, strict: Bool) {
        self.kind = kind
        self.strict = strict
        path.reserveCapacity(16)
        names.reserveCapacity(16)
    }

    // MARK: Field sets

    /// The managed paths of `object` in `scope`.
    mutating func fieldSet(of object: JSONValue, scope: ObjectFields.Scope) throws(PatchError) -> FieldSet {
        var result = FieldSet()
        guard case .object(let members) = object else { return result }
        for (name, value) in members where Self.isManaged(name, in: scope) {
            if name == "metadata" {
                guard case .object(let metadata) = value else { continue }
                var owned = FieldSet()
                enter(.field("metadata"), "metadata")
                try addMembers(metadata, excluding: ObjectFields.unownedMetadata, to: &owned)
                leave()
                result.add(owned, below: .field("metadata"))
                continue
            }
            enter(.field(name), name)
            try add(value, at: .field(name), to: &result)
            leave()
        }
        return result
    }

    /// Whether a top-level member is walked at all: never `apiVersion`/`kind`, `status`
    /// only for the status subresource, and only `status` there.
    static func isManaged(_ name: String, in scope: ObjectFields.Scope) -> Bool {
        switch (name, scope) {
        case ("apiVersion", _), ("kind", _): false
        case ("status", .mainResource): false
        case (_, .status): name == "status"
        default: true
        }
    }

    /// Adds to `set` the paths at and below `step` that `value` (the value at `step`) sets.
    private mutating func add(_ value: JSONValue, at step: FieldPathElement, to set: inout FieldSet) throws(PatchError) {
        switch value {
        case .object(let members) where !members.isEmpty:
            var below = FieldSet()
            try addMembers(members, excluding: nil, to: &below)
            set.add(below, below: step)
        case .array(let items):
            switch listType() {
            case .atomic:
                set.members.insert(step)
            case .set:
                var below = FieldSet()
                for item in items { below.members.insert(.value(item)) }
                set.add(below, below: step)
            case .map(let keys):
                var below = FieldSet()
                for item in items {
                    guard let element = try keyStep(of: item, keys: keys) else { continue }
                    // The list's members are exactly its elements' keys so far.
                    guard below.members.insert(element).inserted else {
                        try repeated(element)
                        continue
                    }
                    var fields = FieldSet()
                    if strict { path.append(element) }
                    try addMembers(item.object ?? [:], excluding: nil, to: &fields)
                    if strict { path.removeLast() }
                    below.add(fields, below: element)
                }
                set.add(below, below: step)
            }
        default:
            set.members.insert(step)
        }
    }

    /// Adds the paths of an object's members (but those in `excluded`) to `set`, the
    /// object's own level.
    private mutating func addMembers(_ members: [String: JSONValue], excluding excluded: Set<String>?,
                                     to set: inout FieldSet) throws(PatchError) {
        for (name, child) in members {
            if let excluded, excluded.contains(name) { continue }
            enter(.field(name), name)
            try add(child, at: .field(name), to: &set)
            leave()
        }
    }

    private mutating func enter(_ step: FieldPathElement, _ name: String) {
        if strict { path.append(step) }
        names.append(name)
    }

    private mutating func leave() {
        if strict { path.removeLast() }
        names.removeLast()
    }

    private func listType() -> ListType {
        MergeKeys.listType(at: names, in: kind, for: .serverSideApply)
    }

    // MARK: fieldsV1 of a new object

    /// `fieldSet(of: object, scope: .mainResource).fieldsV1`, written as the walk goes:
    /// what a create by apply records, without building the set first.
    mutating func fieldsV1(of object: JSONValue) throws(PatchError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        guard case .object(let members) = object else { return result }
        for (name, value) in members where Self.isManaged(name, in: .mainResource) {
            if name == "metadata" {
                guard case .object(let metadata) = value else { continue }
                enter(.field("metadata"), "metadata")
                let owned = try encodeMembers(metadata, excluding: ObjectFields.unownedMetadata)
                leave()
                if !owned.isEmpty { result["f:metadata"] = .object(owned) }
                continue
            }
            enter(.field(name), name)
            try encode(value, at: "f:" + name, into: &result)
            leave()
        }
        return result
    }

    /// ``add(_:at:to:)`` in `fieldsV1` form: `key` is the step's `fieldsV1` key.
    private mutating func encode(_ value: JSONValue, at key: String, into level: inout [String: JSONValue]) throws(PatchError) {
        switch value {
        case .object(let members) where !members.isEmpty:
            let below = try encodeMembers(members, excluding: nil)
            if !below.isEmpty { level[key] = .object(below) }
        case .array(let items):
            switch listType() {
            case .atomic:
                level[key] = .object([:])
            case .set:
                var below: [String: JSONValue] = [:]
                for item in items { below[FieldPathElement.value(item).fieldsV1Key] = .object([:]) }
                if !below.isEmpty { level[key] = .object(below) }
            case .map(let keys):
                var below: [String: JSONValue] = [:]
                below.reserveCapacity(items.count)
                var seen: Set<FieldPathElement> = []
                for item in items {
                    guard let element = try keyStep(of: item, keys: keys) else { continue }
                    guard seen.insert(element).inserted else {
                        try repeated(element)
                        continue
                    }
                    if strict { path.append(element) }
                    var fields = try encodeMembers(item.object ?? [:], excluding: nil)
                    if strict { path.removeLast() }
                    // The element is a path itself: "." when it also has fields.
                    if !fields.isEmpty { fields["."] = .object([:]) }
                    below[element.fieldsV1Key] = .object(fields)
                }
                if !below.isEmpty { level[key] = .object(below) }
            }
        default:
            level[key] = .object([:])
        }
    }

    private mutating func encodeMembers(_ members: [String: JSONValue], excluding excluded: Set<String>?) throws(PatchError) -> [String: JSONValue] {
        var level: [String: JSONValue] = [:]
        level.reserveCapacity(members.count)
        for (name, child) in members {
            if let excluded, excluded.contains(name) { continue }
            enter(.field(name), name)
            try encode(child, at: "f:" + name, into: &level)
            leave()
        }
        return level
    }

    // MARK: Comparisons

    /// What changed from `old` to `new` in `scope`: the paths only `new` has (added),
    /// the leaves both have with different values (modified), the paths only `old` has
    /// (removed). Walks both objects side by side; only lenient walks compare.
    mutating func compare(_ old: JSONValue, _ new: JSONValue, scope: ObjectFields.Scope) -> ObjectFields.Comparison {
        let before = old.object ?? [:], after = new.object ?? [:]
        var result = compareMembers(before, after, excluding: nil) { Self.isManaged($0, in: scope) && $0 != "metadata" }
        if Self.isManaged("metadata", in: scope) {
            // Metadata that is not an object has no fields.
            names.append("metadata")
            let metadata = compareMembers(before["metadata"]?.object ?? [:], after["metadata"]?.object ?? [:],
                                          excluding: ObjectFields.unownedMetadata) { _ in true }
            names.removeLast()
            result.add(metadata, below: .field("metadata"))
        }
        return result
    }

    /// The comparison of two objects' members, at their own level.
    private mutating func compareMembers(_ old: [String: JSONValue], _ new: [String: JSONValue], excluding excluded: Set<String>?,
                                         where included: (String) -> Bool = { _ in true }) -> ObjectFields.Comparison {
        var result = ObjectFields.Comparison()
        for (name, value) in new where included(name) {
            if let excluded, excluded.contains(name) { continue }
            names.append(name)
            if let previous = old[name] {
                compare(previous, value, at: .field(name), into: &result)
            } else {
                addLenient(value, at: .field(name), to: &result.added)
            }
            names.removeLast()
        }
        for (name, value) in old where new[name] == nil && included(name) {
            if let excluded, excluded.contains(name) { continue }
            names.append(name)
            addLenient(value, at: .field(name), to: &result.removed)
            names.removeLast()
        }
        return result
    }

    /// Compares the values at `step` and records the differences in `result`, the level
    /// that holds `step`.
    private mutating func compare(_ old: JSONValue, _ new: JSONValue, at step: FieldPathElement,
                                  into result: inout ObjectFields.Comparison) {
        switch (old, new) {
        case (.object(let before), .object(let after)) where !before.isEmpty && !after.isEmpty:
            result.add(compareMembers(before, after, excluding: nil), below: step)
        case (.array(let before), .array(let after)):
            switch listType() {
            case .atomic:
                if !old.isEquivalent(to: new) { result.modified.members.insert(step) }
            case .set:
                // Set values are identified by their exact value, as paths are.
                let previous = Set(before.map(FieldPathElement.value)), current = Set(after.map(FieldPathElement.value))
                var below = ObjectFields.Comparison()
                below.added.members = current.subtracting(previous)
                below.removed.members = previous.subtracting(current)
                result.add(below, below: step)
            case .map(let keys):
                result.add(compareElements(before, after, keys: keys), below: step)
            }
        default:
            if isLeaf(old), isLeaf(new) {
                if !old.isEquivalent(to: new) { result.modified.members.insert(step) }
            } else {
                // Different shapes own disjoint paths: everything old had goes, everything
                // new has comes.
                addLenient(old, at: step, to: &result.removed)
                addLenient(new, at: step, to: &result.added)
            }
        }
    }

    /// The comparison of two keyed lists, at the list's level. As in a lenient walk, an
    /// element without its key, and every element after the first with a key, own nothing.
    private mutating func compareElements(_ old: [JSONValue], _ new: [JSONValue], keys: [ListKey]) -> ObjectFields.Comparison {
        var previous: [FieldPathElement: [String: JSONValue]] = [:]
        previous.reserveCapacity(old.count)
        for item in old {
            guard case .success(let element) = ObjectFields.keyElement(of: item, keys: keys), previous[element] == nil else { continue }
            previous[element] = item.object ?? [:]
        }
        var result = ObjectFields.Comparison()
        var seen: Set<FieldPathElement> = []
        for item in new {
            guard case .success(let element) = ObjectFields.keyElement(of: item, keys: keys), seen.insert(element).inserted else { continue }
            let fields = item.object ?? [:]
            if let before = previous[element] {
                result.add(compareMembers(before, fields, excluding: nil), below: element)
            } else {
                result.added.members.insert(element)
                var below = FieldSet()
                addMembersLenient(fields, to: &below)
                result.added.add(below, below: element)
            }
        }
        for (element, fields) in previous where !seen.contains(element) {
            result.removed.members.insert(element)
            var below = FieldSet()
            addMembersLenient(fields, to: &below)
            result.removed.add(below, below: element)
        }
        return result
    }

    /// Whether a value is a path by itself: a scalar, an empty map or an atomic list.
    /// The path step of a keyed list element at `path`; nil (the element is skipped) when
    /// it has no usable key and the walk is lenient, an error when it is strict.
    private func keyStep(of item: JSONValue, keys: [ListKey]) throws(PatchError) -> FieldPathElement? {
        switch ObjectFields.keyElement(of: item, keys: keys) {
        case .success(let key): return key
        case .failure(let error):
            if strict { throw .invalid("\(FieldPath(path)): \(error.message)") }
            return nil
        }
    }

    /// A key seen twice in one list at `path`: skipped when lenient, an error when strict.
    private func repeated(_ element: FieldPathElement) throws(PatchError) {
        if strict { throw .invalid("\(FieldPath(path)): duplicate entries for key \(element)") }
    }

    private func isLeaf(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): members.isEmpty
        case .array: listType() == .atomic
        default: true
        }
    }

    private mutating func addLenient(_ value: JSONValue, at step: FieldPathElement, to set: inout FieldSet) {
        // Lenient walks skip what they cannot key instead of throwing.
        try? add(value, at: step, to: &set)
    }

    private mutating func addMembersLenient(_ members: [String: JSONValue], to set: inout FieldSet) {
        try? addMembers(members, excluding: nil, to: &set)
    }
}

extension ObjectFields.Comparison {
    /// Adds a lower level's comparison below `step`.
    mutating func add(_ lower: ObjectFields.Comparison, below step: FieldPathElement) {
        added.add(lower.added, below: step)
        modified.add(lower.modified, below: step)
        removed.add(lower.removed, below: step)
    }
}
