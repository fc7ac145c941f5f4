import FerryKube

/// Reading and setting a CRD's `status.conditions`, as apiextensions' helpers do:
/// a condition keeps its `lastTransitionTime` while its status does not change.
enum CustomResourceDefinitionStatus {
    /// The finalizer the API adds on deletion; the CRD controller removes it once the
    /// custom resources are gone.
    static let cleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"

    /// The status (`True`, `False`) of the condition of `type`, nil when absent.
    static func condition(_ type: String, of definition: JSONValue) -> String? {
        (definition[path: ["status", "conditions"]]?.array ?? []).first { $0["type"]?.string == type }?["status"]?.string
    }

    /// Sets the condition of `type`, in place if present, else appended.
    static func setCondition(_ definition: inout JSONValue, type: String, status: String, reason: String,
                             message: String, now: String) {
        var conditions = definition[path: ["status", "conditions"]]?.array ?? []
        var condition: JSONValue = [
            "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
            "lastTransitionTime": .string(now),
        ]
        if let index = conditions.firstIndex(where: { $0["type"]?.string == type }) {
            if conditions[index]["status"]?.string == status, let since = conditions[index]["lastTransitionTime"] {
                condition["lastTransitionTime"] = since
            }
            conditions[index] = condition
        } else {
            conditions.append(condition)
        }
        definition[path: ["status", "conditions"]] = .array(conditions)
    }

    /// `spec.names` with the defaults filled (singular, listKind), as accepted names carry them.
    static func names(of definition: JSONValue) -> JSONValue {
        var names = definition[path: ["spec", "names"]] ?? [:]
        let kind = names["kind"]?.string ?? ""
        if (names["singular"]?.string ?? "").isEmpty { names["singular"] = .string(kind.lowercased()) }
        if (names["listKind"]?.string ?? "").isEmpty { names["listKind"] = .string(kind + "List") }
        return names
    }

    /// The name of the version objects are stored in.
    static func storageVersion(of definition: JSONValue) -> String? {
        (definition[path: ["spec", "versions"]]?.array ?? []).first { $0["storage"]?.bool == true }?["name"]?.string
    }
}
