import FerryKube

extension PatchError {
    /// The API error the server answers with, as kube-apiserver shapes it: 400
    /// `BadRequest` for a malformed patch, 422 `Invalid` for one that does not apply, and
    /// for apply conflicts 409 `Conflict` whose `details.causes` hold one
    /// `FieldManagerConflict` per contested field (kubectl-wire.md §5.2).
    public func apiError(_ resource: ResourceType) -> APIError {
        switch kind {
        case .badRequest:
            return .badRequest(message)
        case .invalid, .testFailed:
            return APIError(code: code, reason: reason, message: message,
                            details: ["group": .string(resource.group), "kind": .string(resource.plural)])
        case .conflict:
            let causes: [JSONValue] = causes.map {
                ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
            }
            return APIError(code: code, reason: reason, message: message, details: ["causes": .array(causes)])
        }
    }
}
