import FerryKube

/// Server-side apply (`application/apply-patch+yaml`) with managed fields, after
/// structured-merge-diff's `Updater.Apply`, with ``MergeKeys`` standing in for the
/// OpenAPI schema.
///
/// 1. The applied configuration's fields (``ObjectFields``) become everything the
///    manager's `Apply` entry owns, replacing what it applied before.
/// 2. The configuration is merged into the live object: maps recursively, keyed and set
///    lists element by element (applied order, with live-only elements kept next to
///    their live neighbours), atomic lists and scalars replaced.
/// 3. Fields the manager applied last time but not this time, and that no manager owns
///    now (neither the field nor anything below it), are removed: a dropped `replicas`
///    goes, a dropped container goes unless someone else owns part of it.
/// 4. Fields the merge added or changed that another entry (Apply or Update) owns are
///    conflicts: an error without `force`; with `force` they leave the other entries.
///    Fields the applied value leaves equal are shared, not contested.
/// 5. Fields that disappeared leave every entry; entries left empty are dropped.
///
/// `apiVersion`, `kind`, `metadata.name`/`namespace`/`uid`/`resourceVersion`/
/// `generation`/`creationTimestamp`/`managedFields` and `status` are never owned. An
/// apply to the main resource ignores `status`, and never copies the server-maintained
/// metadata from the configuration: a `resourceVersion` or `uid` there is a precondition
/// the caller checks. `null` in the configuration means "not set".
public enum ServerSideApply {
    /// Applies `applied` (the request body) for `manager` to `live` (nil: create) and
    /// returns the new object with `metadata.managedFields` updated.
    ///
    /// `kind` selects list keys; `apiVersion` is the applied configuration's, recorded in
    /// the entry; `now` (RFC 3339) becomes the entry's time when the object or the
    /// manager's fields change. Applying a configuration that changes nothing returns
    /// `live` exactly, managedFields times included, so a no-op apply writes nothing.
    ///
    /// Throws ``PatchError/Kind/conflict`` with kube-apiserver's message and one
    /// ``PatchError/FieldConflict`` per contested field, ``PatchError/Kind/badRequest`` for
    /// a body that is not an object or that sets `metadata.managedFields`, and
    /// ``PatchError/Kind/invalid`` for keyed lists with duplicate or missing keys.
    public static func apply(applied: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                             kind: GroupKind, apiVersion: String, now: String) throws(PatchError) -> JSONValue {
        let config = try Self.configuration(checking: applied)
        let fields = ObjectFields(kind: kind)
        guard let live else {
            // A create: the configuration is the object, and the applier owns all of it,
            // written as fieldsV1 as it is walked (``created(_:manager:kind:apiVersion:now:)``).
            return try created(config, manager: manager, kind: kind, apiVersion: apiVersion, now: now)
        }
        let appliedSet = try fields.fieldSet(of: config, scope: .mainResource, strict: true)
        let applier = ManagedFieldsEntry(manager: manager, operation: .apply, apiVersion: apiVersion, time: now, fields: appliedSet)

        let liveObject = ManagedFields.stripping(live)
        let originalEntries = ManagedFields.entries(of: live)
        var entries = originalEntries
        let previous = entries.first { $0.isSameManager(as: applier) }
        entries.removeAll { $0.isSameManager(as: applier) }

        let changes = Merger(kind: kind).changes(live: liveObject, applied: config)
        var merged = changes ?? liveObject

        // Prune what this manager stopped applying, unless someone still owns it.
        var pruned = false
        if let previous {
            let dropped = previous.fields.subtracting(appliedSet)
            if !dropped.isEmpty {
                let owned = entries.reduce(appliedSet) { $0.union($1.fields) }
                for path in dropped.paths where !owned.containsAnything(at: path) {
                    merged = fields.removing(path, from: merged)
                    pruned = true
                }
            }
        }

        // An object the apply leaves as it was has no changed fields: nothing to compare,
        // contest or take from other entries (the common re-apply of an unchanged manifest).
        let unchanged = (changes == nil && !pruned) || merged == liveObject
        if !unchanged {
            let comparison = fields.compare(liveObject, merged, scope: .mainResource)
            let changed = comparison.changed
            if !changed.isEmpty {
                let contested = entries.compactMap { entry -> (entry: ManagedFieldsEntry, fields: FieldSet)? in
                    let common = entry.fields.intersection(changed)
                    return common.isEmpty ? nil : (entry, common)
                }
                if !contested.isEmpty, !force { throw conflictError(contested) }
            }
            if !changed.isEmpty || !comparison.removed.isEmpty {
                for index in entries.indices {
                    entries[index].fields = entries[index].fields.subtracting(changed).subtracting(comparison.removed)
                }
            }
        }
        var entry = applier
        let sameFields = previous.map { $0.fields == appliedSet } ?? false
        if unchanged, let previous, sameFields, previous.apiVersion == apiVersion {
            entry.time = previous.time
        }
        entries.append(entry)

        if unchanged, keepsEntries(originalEntries, previous: previous, sameFields: sameFields, entries: entries, entry: entry) {
            return live
        }
        return ManagedFields.setting(entries, on: merged)
    }

    /// A create by apply: `config` with the applier's entry, the same as
    /// `ManagedFields.setting([entry owning fieldSet(of: config)], on: config)` but with the
    /// entry's fieldsV1 written straight from the walk, never built as a ``FieldSet``.
    static func created(_ config: JSONValue, manager: String, kind: GroupKind, apiVersion: String,
                        now: String) throws(PatchError) -> JSONValue {
        var walk = FieldWalk(kind: kind, strict: true)
        let owned = try walk.fieldsV1(of: config)
        // An entry that owns nothing is not kept.
        guard !owned.isEmpty else { return ManagedFields.setting([], on: config) }
        let entry = ManagedFieldsEntry(manager: manager, operation: .apply, apiVersion: apiVersion, time: now, fields: FieldSet())
        return ManagedFields.setting(encoded: [entry.json(fieldsV1: .object(owned))], on: config)
    }

    /// Whether the entries after an apply that left the object unchanged are the ones it
    /// had (as sets, entries without fields left out of the new ones). Unchanged, the
    /// other managers' entries are untouched, so when the applier had exactly one entry
    /// and every entry owns something, that is whether the applier's entry is the same;
    /// otherwise the sets are compared.
    private static func keepsEntries(_ original: [ManagedFieldsEntry], previous: ManagedFieldsEntry?, sameFields: Bool,
                                     entries: [ManagedFieldsEntry], entry: ManagedFieldsEntry) -> Bool {
        if let previous, sameFields, !entry.fields.isEmpty,
           original.allSatisfy({ !$0.fields.isEmpty }), original.count(where: { $0.isSameManager(as: entry) }) == 1 {
            return entry.manager == previous.manager && entry.operation == previous.operation
                && entry.apiVersion == previous.apiVersion && entry.time == previous.time && entry.subresource == previous.subresource
        }
        return Set(entries.filter { !$0.fields.isEmpty }) == Set(original)
    }

    /// ``apply(applied:to:manager:force:kind:apiVersion:now:)`` for a kind given as its
    /// group and name.
    public static func apply(applied: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                             group: String, kind: String, apiVersion: String, now: String) throws(PatchError) -> JSONValue {
        try apply(applied: applied, to: live, manager: manager, force: force,
                  kind: GroupKind(group: group, kind: kind), apiVersion: apiVersion, now: now)
    }

    /// ``configuration(_:)`` of an apply patch, which must be an object that does not
    /// set `metadata.managedFields` (a bad request otherwise).
    static func configuration(checking applied: JSONValue) throws(PatchError) -> JSONValue {
        guard case .object = applied else {
            throw .badRequest("an apply patch must be an object, not \(applied.typeName)")
        }
        if let managed = applied["metadata"]?["managedFields"], managed != .null, !managed.isEmptyContainer {
            throw .badRequest("metadata.managedFields must be nil")
        }
        return configuration(applied)
    }

    /// The configuration as it is merged and owned: no `status`, no server-maintained
    /// metadata, no `null` members.
    static func configuration(_ applied: JSONValue) -> JSONValue {
        // Most configurations have no nulls and no server metadata: check before copying.
        var config = applied.containsNull ? withoutNulls(applied) : applied
        if config["status"] != nil { config["status"] = nil }
        if case .object(let metadata) = config["metadata"], serverMetadata.contains(where: { metadata[$0] != nil }) {
            config.updateMember("metadata") { value in
                guard case .some(.object(var metadata)) = value else { return }
                value = nil
                for field in serverMetadata { metadata[field] = nil }
                value = .object(metadata)
            }
        }
        return config
    }

    /// Metadata the server maintains, never taken from a configuration.
    private static let serverMetadata = ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"]

    private static func withoutNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.filter { $0.value != .null }.mapValues(withoutNulls))
        case .array(let items): return .array(items.map(withoutNulls))
        default: return value
        }
    }

    /// kube-apiserver's wording: one conflict on one line, several grouped by manager
    /// (managers sorted), one `- path` line each.
    static func conflictError(_ contested: [(entry: ManagedFieldsEntry, fields: FieldSet)]) -> PatchError {
        let sorted = contested.sorted {
            ($0.entry.manager, $0.entry.operation.rawValue, $0.entry.apiVersion, $0.entry.subresource ?? "")
                < ($1.entry.manager, $1.entry.operation.rawValue, $1.entry.apiVersion, $1.entry.subresource ?? "")
        }
        let conflicts = sorted.flatMap { item in
            item.fields.paths.map { PatchError.FieldConflict(manager: item.entry.conflictName, field: $0.description) }
        }
        if conflicts.count == 1, let only = conflicts.first {
            return PatchError(.conflict, "Apply failed with 1 conflict: conflict with \(only.manager): \(only.field)", conflicts: conflicts)
        }
        var lines: [String] = []
        for item in sorted {
            lines.append("conflicts with \(item.entry.conflictName):")
            lines.append(contentsOf: item.fields.paths.map { "- \($0)" })
        }
        return PatchError(.conflict, "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n"),
                          conflicts: conflicts)
    }

    /// The merge of a configuration into a live object.
    struct Merger {
        let kind: GroupKind

        func merge(live: JSONValue?, applied: JSONValue) -> JSONValue {
            changes(live: live, applied: applied) ?? live ?? applied
        }

        /// The merge, or nil when it is `live` exactly: an apply that changes nothing
        /// copies nothing, and needs no comparison to find so.
        func changes(live: JSONValue?, applied: JSONValue) -> JSONValue? {
            var names: [String] = []
            names.reserveCapacity(16)
            return changes(live: live, applied: applied, names: &names)
        }

        /// `names` are the field names down to `applied`, as they were when it returns.
        private func changes(live: JSONValue?, applied: JSONValue, names: inout [String]) -> JSONValue? {
            switch applied {
            case .object(let members):
                guard case .object(let liveMembers) = live else { return applied }
                // Copied from the live members at the first member that changes.
                var result: [String: JSONValue]?
                for (name, value) in members {
                    names.append(name)
                    if let merged = changes(live: liveMembers[name], applied: value, names: &names) {
                        if result == nil { result = liveMembers }
                        result?[name] = merged
                    }
                    names.removeLast()
                }
                return result.map(JSONValue.object)
            case .array(let items):
                guard case .array(let liveItems) = live else { return applied }
                switch MergeKeys.listType(at: names, in: kind, for: .serverSideApply) {
                case .atomic:
                    return unlessIdentical(applied, to: live)
                case .set:
                    return mergeElements(liveItems, items, names: &names) { .value($0) }.map(JSONValue.array)
                case .map(let keys):
                    return mergeElements(liveItems, items, names: &names) {
                        if case .success(let element) = ObjectFields.keyElement(of: $0, keys: keys) { return element }
                        return nil
                    }.map(JSONValue.array)
                }
            default:
                return unlessIdentical(applied, to: live)
            }
        }

        /// `applied`, or nil when `live` is the same. (A `nil` literal where a JSONValue
        /// fits is JSON null, hence no conditional expression.)
        private func unlessIdentical(_ applied: JSONValue, to live: JSONValue?) -> JSONValue? {
            if let live, applied.isIdentical(to: live) { return Optional.none }
            return applied
        }

        /// Applied elements in applied order, each merged with its live counterpart; a
        /// live element the configuration does not name stays just before the next live
        /// element it does name (or at the end), so a configuration in live order
        /// leaves the list as it was. Nil when the list is `live` exactly: every live
        /// element in its place, none changed, none added.
        private func mergeElements(_ live: [JSONValue], _ applied: [JSONValue], names: inout [String],
                                   identity: (JSONValue) -> FieldPathElement?) -> [JSONValue]? {
            let appliedIDs = Set(applied.compactMap(identity))
            // Live positions: each named element, and the run of unnamed ones before it.
            var liveByID: [FieldPathElement: Int] = [:]
            var before: [FieldPathElement: Range<Int>] = [:]
            var pending = 0
            for (index, item) in live.enumerated() {
                if let id = identity(item), appliedIDs.contains(id), liveByID[id] == nil {
                    liveByID[id] = index
                    before[id] = pending..<index
                    pending = index + 1
                }
            }
            var result: [JSONValue] = []
            result.reserveCapacity(live.count + applied.count)
            // Whether the result so far is the live list up to `next`.
            var same = true, next = 0
            for item in applied {
                if let id = identity(item), let index = liveByID[id] {
                    let run = before[id] ?? index..<index
                    if run.lowerBound != next { same = false }
                    result.append(contentsOf: live[run])
                    if let merged = changes(live: live[index], applied: item, names: &names) {
                        result.append(merged)
                        same = false
                    } else {
                        result.append(live[index])
                    }
                    next = index + 1
                    liveByID[id] = nil
                } else {
                    result.append(item)
                    same = false
                }
            }
            if pending < live.count {
                if pending != next { same = false }
                result.append(contentsOf: live[pending...])
            }
            return same ? nil : result
        }
    }
}
