import FerryKube

/// `fieldValidation=Strict`: fields the schema does not declare are refused, as the
/// API server does, so a misspelt `spek:` is an error rather than silently dropped.
/// The local cluster knows the top level of each kind it serves and `metadata`;
/// deeper fields are not checked.
enum FieldValidationCheck {
    static let metadataFields: Set<String> = [
        "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences",
        "finalizers", "managedFields", "selfLink",
    ]

    static func topLevelFields(_ resource: ResourceType) -> Set<String>? {
        // Custom resources are checked against their schema (CustomResourceAdmission).
        if resource.custom != nil { return nil }
        let common: Set<String> = ["apiVersion", "kind", "metadata"]
        switch (resource.group, resource.kind) {
        case ("", "ConfigMap"): return common.union(["data", "binaryData", "immutable"])
        case ("", "Secret"): return common.union(["data", "stringData", "type", "immutable"])
        case ("", "ServiceAccount"): return common.union(["secrets", "imagePullSecrets", "automountServiceAccountToken"])
        case ("", "Event"): return nil
        default: return common.union(["spec", "status"])
        }
    }

    /// Throws 400 for an undeclared field when `mode` is strict; otherwise accepts.
    static func check(_ body: JSONValue, resource: ResourceType, mode: FieldValidation) throws(APIError) {
        guard mode == .strict, let allowed = topLevelFields(resource) else { return }
        var unknown: [String] = []
        for key in (body.object ?? [:]).keys.sorted() where !allowed.contains(key) { unknown.append(".\(key)") }
        for key in (body["metadata"]?.object ?? [:]).keys.sorted() where !metadataFields.contains(key) {
            unknown.append(".metadata.\(key)")
        }
        guard !unknown.isEmpty else { return }
        let name = body[path: ["metadata", "name"]]?.string ?? ""
        throw .badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): strict decoding error: "
            + unknown.map { "unknown field \"\($0.dropFirst())\"" }.joined(separator: ", ") + (name.isEmpty ? "" : " (\(resource.kind) \"\(name)\")"))
    }
}
