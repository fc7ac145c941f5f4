import FerryKube

/// `fieldValidation`: what to do with fields the schema does not declare, at any depth.
/// Strict refuses them (400, upstream's strict decoding error), Warn (kubectl's
/// default) accepts with a `Warning` per field, Ignore accepts silently; in every mode
/// they are dropped from what is stored, as the API server's decoder drops them. A
/// value of the wrong JSON type is a decoding error in every mode.
enum FieldValidationCheck {
    /// `body` as it will be admitted. `applied` marks a server-side apply
    /// configuration, whose errors upstream words as the typed-patch conversion does.
    static func checked(_ body: JSONValue, resource: ResourceType, options: WriteOptions,
                        applied: Bool = false) throws(APIError) -> JSONValue {
        guard let node = SchemaIndex.node(for: resource) else { return body }
        if SchemaWalk.isClean(body, node: node) { return body }
        let (pruned, walk) = SchemaWalk.walk(body, definition: node.definition)
        if let mismatch = walk.mismatches.first {
            throw applied ? typedPatchError(body, resource: resource, "." + mismatch.path
                                                + ": expected \(expectedKind(mismatch)), got \(mismatch.found)")
                          : decodingError(resource, mismatch)
        }
        if let bad = walk.invalidBase64.first {
            throw applied ? typedPatchError(body, resource: resource, ".\(bad.path): illegal base64 data at input byte \(bad.offset)")
                          : .badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): illegal base64 data at input byte \(bad.offset)")
        }
        guard !walk.unknown.isEmpty else { return pruned }
        switch options.fieldValidation {
        case .ignore:
            break
        case .warn:
            for path in walk.unknown { options.warnings.add("unknown field \"\(path)\"") }
        case .strict:
            if applied {
                throw typedPatchError(body, resource: resource,
                                      walk.unknown.map { ".\($0): field not declared in schema" }.joined(separator: ", "))
            }
            throw .badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): strict decoding error: "
                + walk.unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
        }
        return pruned
    }

    /// `json: cannot unmarshal number into Go struct field ConfigMap.data of type string`.
    private static func decodingError(_ resource: ResourceType, _ mismatch: SchemaWalk.TypeMismatch) -> APIError {
        let field = mismatch.path.replacing(/\[\d+\]/, with: "")
        return .badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): json: cannot unmarshal \(mismatch.found) into Go struct field \(mismatch.structName).\(field) of type \(mismatch.expected)")
    }

    private static func expectedKind(_ mismatch: SchemaWalk.TypeMismatch) -> String {
        switch mismatch.expected {
        case "string", "[]uint8": return "string"
        case "int32", "int64", "float64": return "numeric (int or float)"
        case "bool": return "boolean"
        case let type where type.hasPrefix("[]"): return "list"
        default: return "map"
        }
    }

    /// `failed to create typed patch object (default/web; apps/v1, Kind=Deployment): ...`.
    private static func typedPatchError(_ body: JSONValue, resource: ResourceType, _ detail: String) -> APIError {
        let name = body[path: ["metadata", "name"]]?.string ?? ""
        let namespace = body[path: ["metadata", "namespace"]]?.string ?? ""
        let object = resource.namespaced ? "\(namespace)/\(name)" : name
        return .badRequest("failed to create typed patch object (\(object); \(resource.apiVersion), Kind=\(resource.kind)): \(detail)")
    }
}
