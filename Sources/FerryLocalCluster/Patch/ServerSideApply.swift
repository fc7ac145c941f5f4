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
        guard case .object = applied else {
            throw .badRequest("an apply patch must be an object, not \(applied.typeName)")
        }
        if let managed = applied["metadata"]?["managedFields"], managed != .null, !managed.isEmptyContainer {
            throw .badRequest("metadata.managedFields must be nil")
        }
        let fields = ObjectFields(kind: kind)
        let config = Self.configuration(applied)
        let appliedSet = try fields.fieldSet(of: config, scope: .mainResource, strict: true)
        let applier = ManagedFieldsEntry(manager: manager, operation: .apply, apiVersion: apiVersion, time: now, fields: appliedSet)
        guard let live else {
            // A create: the configuration is the object, and the applier owns all of it.
            return ManagedFields.setting([applier], on: config)
        }

        let liveObject = ManagedFields.stripping(live)
        let originalEntries = ManagedFields.entries(of: live)
        var entries = originalEntries
        let previous = entries.first { $0.isSameManager(as: applier) }
        entries.removeAll { $0.isSameManager(as: applier) }

        var merged = Merger(kind: kind).merge(live: liveObject, applied: config, names: [])

        // Prune what this manager stopped applying, unless someone still owns it.
        let owned = entries.reduce(appliedSet) { $0.union($1.fields) }
        for path in (previous?.fields ?? FieldSet()).subtracting(appliedSet).paths where !owned.containsAnything(at: path) {
            merged = fields.removing(path, from: merged)
        }

        let comparison = fields.compare(liveObject, merged, scope: .mainResource)
        let changed = comparison.changed
        let contested = entries.compactMap { entry -> (entry: ManagedFieldsEntry, fields: FieldSet)? in
            let common = entry.fields.intersection(changed)
            return common.isEmpty ? nil : (entry, common)
        }
        if !contested.isEmpty, !force { throw conflictError(contested) }

        for index in entries.indices {
            entries[index].fields = entries[index].fields.subtracting(changed).subtracting(comparison.removed)
        }
        var entry = applier
        if merged == liveObject, let previous, previous.fields == appliedSet, previous.apiVersion == apiVersion {
            entry.time = previous.time
        }
        entries.append(entry)

        if merged == liveObject, Set(entries.filter { !$0.fields.isEmpty }) == Set(originalEntries) {
            return live
        }
        return ManagedFields.setting(entries, on: merged)
    }

    /// ``apply(applied:to:manager:force:kind:apiVersion:now:)`` for a kind given as its
    /// group and name.
    public static func apply(applied: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                             group: String, kind: String, apiVersion: String, now: String) throws(PatchError) -> JSONValue {
        try apply(applied: applied, to: live, manager: manager, force: force,
                  kind: GroupKind(group: group, kind: kind), apiVersion: apiVersion, now: now)
    }

    /// The configuration as it is merged and owned: no `status`, no server-maintained
    /// metadata, no `null` members.
    static func configuration(_ applied: JSONValue) -> JSONValue {
        var config = withoutNulls(applied)
        config["status"] = nil
        if case .object(var metadata) = config["metadata"] {
            for field in ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"] {
                metadata[field] = nil
            }
            config["metadata"] = .object(metadata)
        }
        return config
    }

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

        func merge(live: JSONValue?, applied: JSONValue, names: [String]) -> JSONValue {
            switch applied {
            case .object(let members):
                guard case .object(var result) = live else { return applied }
                for (name, value) in members {
                    result[name] = merge(live: result[name], applied: value, names: names + [name])
                }
                return .object(result)
            case .array(let items):
                guard case .array(let liveItems) = live else { return applied }
                switch MergeKeys.listType(at: names, in: kind, for: .serverSideApply) {
                case .atomic:
                    return applied
                case .set:
                    return .array(mergeElements(liveItems, items, names: names) { .value($0) })
                case .map(let keys):
                    return .array(mergeElements(liveItems, items, names: names) {
                        if case .success(let element) = ObjectFields.keyElement(of: $0, keys: keys) { return element }
                        return nil
                    })
                }
            default:
                return applied
            }
        }

        /// Applied elements in applied order, each merged with its live counterpart; a
        /// live element the configuration does not name stays just before the next live
        /// element it does name (or at the end), so a configuration in live order
        /// leaves the list as it was.
        private func mergeElements(_ live: [JSONValue], _ applied: [JSONValue], names: [String],
                                   identity: (JSONValue) -> FieldPathElement?) -> [JSONValue] {
            let appliedIDs = Set(applied.compactMap(identity))
            var liveByID: [FieldPathElement: JSONValue] = [:]
            var before: [FieldPathElement: [JSONValue]] = [:]
            var pending: [JSONValue] = []
            for item in live {
                if let id = identity(item), appliedIDs.contains(id), liveByID[id] == nil {
                    liveByID[id] = item
                    before[id] = pending
                    pending = []
                } else {
                    pending.append(item)
                }
            }
            var result: [JSONValue] = []
            for item in applied {
                if let id = identity(item), let counterpart = liveByID[id] {
                    result.append(contentsOf: before[id] ?? [])
                    result.append(merge(live: counterpart, applied: item, names: names))
                    liveByID[id] = nil
                } else {
                    result.append(item)
                }
            }
            result.append(contentsOf: pending)
            return result
        }
    }
}
