import FerryKube

/// What the API server does for kubectl moving an object from client-side to
/// server-side apply (upstream's `lastAppliedManager` and `lastAppliedUpdater`, which
/// act only for the manager `kubectl`):
///
/// - an apply whose conflicts all lie in fields of the object's
///   `kubectl.kubernetes.io/last-applied-configuration` is forced: those fields were
///   the user's own, applied client-side, so they are not someone else's to keep;
/// - after an apply, an object that has the annotation gets it rewritten to the
///   applied configuration, so a later client-side apply diffs against what was
///   applied last, whichever way.
enum LastApplied {
    static let annotation = "kubectl.kubernetes.io/last-applied-configuration"
    static let upgradingManager = "kubectl"

    /// Whether every conflict of `error` lies within the fields of `live`'s annotation.
    static func conflictsAreAllowed(_ error: PatchError, live: JSONValue, kind: GroupKind) -> Bool {
        guard error.kind == .conflict, !error.conflicts.isEmpty,
              let text = live[path: ["metadata", "annotations", annotation]]?.string,
              let configuration = try? JSONValue.parse(Array(text.utf8)), configuration.object != nil else { return false }
        let allowed = ObjectFields(kind: kind).fieldSet(of: ServerSideApply.configuration(configuration), scope: .mainResource)
        let paths = allowed.paths.map(\.description)
        return error.conflicts.allSatisfy { conflict in
            paths.contains { $0 == conflict.field || $0.hasPrefix(conflict.field + ".") || $0.hasPrefix(conflict.field + "[") }
        }
    }

    /// `object` with its annotation set to `applied` (without the annotation), when it has one.
    static func updated(_ object: JSONValue, applied: JSONValue) -> JSONValue {
        guard object[path: ["metadata", "annotations", annotation]] != nil else { return object }
        var configuration = applied
        configuration[path: ["metadata", "annotations", annotation]] = nil
        if configuration[path: ["metadata", "annotations"]]?.object?.isEmpty == true {
            configuration[path: ["metadata", "annotations"]] = nil
        }
        var result = object
        result[path: ["metadata", "annotations", annotation]] = .string(String(decoding: configuration.serialized(), as: UTF8.self))
        return result
    }
}
