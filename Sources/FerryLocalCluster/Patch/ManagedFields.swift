import FerryKube

/// One `metadata.managedFields` entry: the fields one manager owns through one kind of
/// operation.
public struct ManagedFieldsEntry: Sendable, Hashable {
    /// How the manager wrote: server-side apply, or any other write.
    public enum Operation: String, Sendable, Hashable {
        case apply = "Apply"
        case update = "Update"
    }

    /// The field manager: the `fieldManager` query parameter or the User-Agent's program name.
    public var manager: String
    /// Apply or Update.
    public var operation: Operation
    /// The version the fields were written in.
    public var apiVersion: String
    /// RFC 3339; nil only when read from an entry that had none.
    public var time: String?
    /// `status` or `scale` for writes to a subresource.
    public var subresource: String?
    /// The fields owned, stored as `fieldsV1`.
    public var fields: FieldSet

    /// Creates an entry.
    public init(manager: String, operation: Operation, apiVersion: String, time: String?,
                subresource: String? = nil, fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    /// Reads an entry; nil when it is not one this server understands (another
    /// `fieldsType`, an unknown operation, unreadable `fieldsV1`).
    public init?(json: JSONValue) {
        guard let manager = json["manager"]?.string,
              let operation = json["operation"]?.string.flatMap(Operation.init(rawValue:)),
              json["fieldsType"]?.string ?? "FieldsV1" == "FieldsV1",
              let fields = try? FieldSet(fieldsV1: json["fieldsV1"] ?? .object([:]))
        else { return nil }
        self.init(manager: manager, operation: operation, apiVersion: json["apiVersion"]?.string ?? "",
                  time: json["time"]?.string, subresource: json["subresource"]?.string, fields: fields)
    }

    /// The entry as it is stored in `metadata.managedFields`.
    public var json: JSONValue { json(fieldsV1: fields.fieldsV1) }

    /// The entry with `fieldsV1` already encoded (it must be `fields.fieldsV1`).
    func json(fieldsV1: JSONValue) -> JSONValue {
        var entry: [String: JSONValue] = [
            "manager": .string(manager), "operation": .string(operation.rawValue),
            "apiVersion": .string(apiVersion), "fieldsType": "FieldsV1", "fieldsV1": fieldsV1,
        ]
        if let time { entry["time"] = .string(time) }
        if let subresource { entry["subresource"] = .string(subresource) }
        return .object(entry)
    }

    /// How the apiserver names this owner in conflicts: `"kubectl"` for an applier,
    /// `"kubectl-set" using apps/v1` for an updater, with ` with subresource "status"`
    /// after the name for subresource writes.
    public var conflictName: String {
        var name = "\"\(manager)\""
        if let subresource { name += " with subresource \"\(subresource)\"" }
        if operation == .update { name += " using \(apiVersion)" }
        return name
    }

    /// Whether two entries are the same manager's: appliers are one manager whatever
    /// version they apply, updaters are one per version, as upstream identifies them.
    func isSameManager(as other: ManagedFieldsEntry) -> Bool {
        manager == other.manager && operation == other.operation && subresource == other.subresource
            && (operation == .apply || apiVersion == other.apiVersion)
    }

    /// Upstream's storage order: appliers first, then by time, manager, version, subresource.
    /// RFC 3339 times in UTC (`…Z`) sort as text in time order.
    static func storageOrder(_ lhs: ManagedFieldsEntry, _ rhs: ManagedFieldsEntry) -> Bool {
        (lhs.operation.rawValue, lhs.time ?? "", lhs.manager, lhs.apiVersion, lhs.subresource ?? "")
            < (rhs.operation.rawValue, rhs.time ?? "", rhs.manager, rhs.apiVersion, rhs.subresource ?? "")
    }
}

/// Reading and writing `metadata.managedFields`, and recording non-apply writes in it.
public enum ManagedFields {
    /// The readable entries of an object; unreadable ones are left out.
    public static func entries(of object: JSONValue) -> [ManagedFieldsEntry] {
        (object["metadata"]?["managedFields"]?.array ?? []).compactMap(ManagedFieldsEntry.init(json:))
    }

    /// `object` with these entries, sorted as upstream stores them, entries without
    /// fields dropped; no `managedFields` member at all when none remain.
    public static func setting(_ entries: [ManagedFieldsEntry], on object: JSONValue) -> JSONValue {
        let kept = entries.filter { !$0.fields.isEmpty }.sorted(by: ManagedFieldsEntry.storageOrder)
        guard kept.isEmpty else { return setting(encoded: kept.map(\.json), on: object) }
        var result = object
        if result["metadata"]?["managedFields"] != nil { result.updateMember("metadata") { $0?["managedFields"] = nil } }
        return result
    }

    /// `object` with these encoded entries (at least one, sorted, none without fields)
    /// as its managedFields.
    static func setting(encoded entries: [JSONValue], on object: JSONValue) -> JSONValue {
        var result = object
        let encoded = JSONValue.array(entries)
        result.updateMember("metadata") { metadata in
            // Metadata that is missing or not an object becomes an object.
            guard case .some(.object(var members)) = metadata else {
                metadata = .object(["managedFields": encoded])
                return
            }
            metadata = nil
            members["managedFields"] = encoded
            metadata = .object(members)
        }
        return result
    }

    /// `object` without `metadata.managedFields`: what field tracking compares.
    public static func stripping(_ object: JSONValue) -> JSONValue {
        guard object["metadata"]?["managedFields"] != nil else { return object }
        var result = object
        result.updateMember("metadata") { $0?["managedFields"] = nil }
        return result
    }

    /// The fields an object sets, as a create would own them: everything but identity,
    /// server-maintained metadata and `status`. The kind comes from the object.
    public static func fieldSet(of object: JSONValue) -> FieldSet {
        ObjectFields(kind: GroupKind(object: object) ?? GroupKind(group: "", kind: "")).fieldSet(of: object, scope: .mainResource)
    }

    /// Records a write that is not an apply (POST, PUT, merge, JSON or strategic PATCH)
    /// and returns `new` with its managed fields updated.
    ///
    /// Every field the write added or modified (compared `old` → `new`; for a create,
    /// every field) becomes owned by `manager`'s `Update` entry for `apiVersion` and is
    /// taken from every other entry; fields the write removed leave every entry. This is
    /// what makes `kubectl set image` (manager `kubectl-set`) own
    /// `.spec.template.spec.containers[name="x"].image`, so that a later apply by another
    /// manager conflicts. The entry's time becomes `now` only when the write changed
    /// something it owns, so a no-op write leaves the object as it was.
    ///
    /// The starting entries are the ones `new` carries when it has any (a client may set
    /// managedFields explicitly, as kubectl's apply migration does with a JSON patch),
    /// otherwise `old`'s, as kube-apiserver decides. A write to the `status`
    /// subresource manages only `status`; any other write manages everything else.
    public static func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, apiVersion: String,
                                    now: String, subresource: String? = nil) -> JSONValue {
        let given = entries(of: new)
        var entries = !given.isEmpty && subresource == nil ? given : old.map(entries(of:)) ?? []
        let kind = GroupKind(object: new) ?? old.flatMap(GroupKind.init(object:)) ?? GroupKind(group: "", kind: "")
        let scope: ObjectFields.Scope = subresource == "status" ? .status : .mainResource
        let comparison = ObjectFields(kind: kind).compare(stripping(old ?? .object([:])), stripping(new), scope: scope)
        let changed = comparison.changed

        let writer = ManagedFieldsEntry(manager: manager, operation: .update, apiVersion: apiVersion, time: now,
                                        subresource: subresource, fields: FieldSet())
        var previous: FieldSet?
        for index in entries.indices {
            if entries[index].isSameManager(as: writer) {
                previous = entries[index].fields
                entries[index].fields = entries[index].fields.subtracting(comparison.removed).union(changed)
                if !changed.isEmpty { entries[index].time = now }
            } else {
                entries[index].fields = entries[index].fields.subtracting(changed).subtracting(comparison.removed)
            }
        }
        if previous == nil, !changed.isEmpty {
            var entry = writer
            entry.fields = changed
            entries.append(entry)
        }
        return setting(entries, on: new)
    }
}
