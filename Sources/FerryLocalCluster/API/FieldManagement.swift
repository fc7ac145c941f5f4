import FerryKube

/// The one place the REST layer meets the patch engines and managed fields
/// (Patch/), mapping their errors to API errors.
enum FieldManagement {
    /// A non-apply write by `manager`: the fields it changed become its own.
    static func recordUpdate(old: JSONValue?, new: JSONValue, manager: String, resource: ResourceType,
                             subresource: ResourceType.Subresource? = nil, now: String) -> JSONValue {
        ManagedFields.recordUpdate(old: old, new: new, manager: manager, apiVersion: resource.apiVersion, now: now,
                                   subresource: subresource?.rawValue)
    }

    /// Server-side apply of `applied` onto `live` (nil when creating).
    static func apply(_ applied: JSONValue, to live: JSONValue?, manager: String, force: Bool,
                      resource: ResourceType, now: String) throws(APIError) -> JSONValue {
        let kind = GroupKind(group: resource.group, kind: resource.kind)
        func attempt(force: Bool) throws(PatchError) -> JSONValue {
            try ServerSideApply.apply(applied: applied, to: live, manager: manager, force: force,
                                      kind: kind, apiVersion: resource.apiVersion, now: now)
        }
        do {
            var result: JSONValue
            do {
                result = try attempt(force: force)
            } catch where manager == LastApplied.upgradingManager && live.map({ LastApplied.conflictsAreAllowed(error, live: $0, kind: kind) }) == true {
                // The fields were applied client-side by the same user: take them over (upstream's lastAppliedManager).
                result = try attempt(force: true)
            }
            guard manager == LastApplied.upgradingManager, live != nil else { return result }
            return LastApplied.updated(result, applied: applied)
        } catch {
            throw error.apiError(resource)
        }
    }

    /// A merge, JSON or strategic-merge patch applied to `current`.
    static func patched(_ current: JSONValue, with patch: JSONValue, type: PatchType, resource: ResourceType) throws(APIError) -> JSONValue {
        do {
            switch type {
            case .merge: return MergePatch.apply(patch, to: current)
            case .json: return try JSONPatch.apply(patch, to: current)
            case .strategic: return try StrategicMergePatch.apply(patch, to: current, group: resource.group, kind: resource.kind)
            case .apply: throw APIError.badRequest("apply patches go through server-side apply")
            }
        } catch let error as APIError {
            throw error
        } catch let error as PatchError {
            throw error.apiError(resource)
        } catch {
            throw .internalError("\(error)")
        }
    }
}
