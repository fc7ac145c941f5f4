import FerryKube

/// JSON merge patch (RFC 7386), the `application/merge-patch+json` body that
/// `kubectl scale` sends: objects merge member by member, `null` deletes a member,
/// anything else (lists included) replaces the target value wholesale.
public enum MergePatch {
    /// Applies `patch` to `target`. Never fails: every JSON value is a valid merge patch.
    ///
    /// Like the RFC, a patch that sets a member of an absent object creates that object,
    /// and a `null` for an absent member leaves nothing behind. Deleting the last member
    /// of a map leaves an empty map (`"annotations": {}`); pruning those is the caller's
    /// choice (see ``MetadataPruning``).
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = target.object ?? [:]
        for (key, value) in members {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
