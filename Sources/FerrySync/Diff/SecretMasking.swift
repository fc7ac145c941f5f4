import FerryKube

/// Hides Secret values in diffs and plans, as `kubectl diff` does: a changed value
/// shows as changed, but never its content.
public enum SecretMasking {
    /// Masks `data` and `stringData` of a Secret on both sides; other kinds pass through.
    public static func masked(live: JSONValue?, desired: JSONValue?) -> (live: JSONValue?, desired: JSONValue?) {
        let kind = (desired ?? live)?["kind"]?.string
        guard kind == "Secret", (desired ?? live)?["apiVersion"]?.string == "v1" else { return (live, desired) }
        var maskedLive = live, maskedDesired = desired
        for field in ["data", "stringData"] {
            let before = live?[field]?.object ?? [:]
            let after = desired?[field]?.object ?? [:]
            if live?[field] != nil {
                maskedLive?[field] = .object(before.mapValues { _ in "*** (before)" })
            }
            if desired?[field] != nil {
                maskedDesired?[field] = .object(after.reduce(into: [:]) { result, entry in
                    result[entry.key] = before[entry.key] == entry.value ? "*** (before)" : "*** (after)"
                })
            }
        }
        return (maskedLive, maskedDesired)
    }
}
