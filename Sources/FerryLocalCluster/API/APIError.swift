import FerryKube

/// A request's failure as the API server reports it: an HTTP code, a reason, and a
/// message, sent as a `Status` object that kubectl prints as
/// `Error from server (Reason): message`.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var reason: String
    public var message: String
    /// `details` of the Status: name, group, kind, causes.
    public var details: JSONValue?

    public init(code: Int, reason: String, message: String, details: JSONValue? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public var description: String { "\(code) \(reason): \(message)" }

    /// The `Status` object for the response body.
    public var status: JSONValue {
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        if let details { status["details"] = details }
        return status
    }

    static func details(_ resource: ResourceType, name: String, causes: [JSONValue]? = nil) -> JSONValue {
        var details: JSONValue = ["name": .string(name), "group": .string(resource.group), "kind": .string(resource.plural)]
        if let causes { details["causes"] = .array(causes) }
        return details
    }

    public static func notFound(_ resource: ResourceType, name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(resource.qualifiedName) \"\(name)\" not found",
                 details: details(resource, name: name))
    }

    public static func namespaceNotFound(_ namespace: String) -> APIError {
        notFound(ResourceCatalog.namespaces, name: namespace)
    }

    public static func alreadyExists(_ resource: ResourceType, name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(resource.qualifiedName) \"\(name)\" already exists",
                 details: details(resource, name: name))
    }

    /// A stale resourceVersion: the client must read the object again.
    public static func conflict(_ resource: ResourceType, name: String) -> APIError {
        APIError(code: 409, reason: "Conflict",
                 message: "Operation cannot be fulfilled on \(resource.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
                 details: details(resource, name: name))
    }

    /// An object that fails validation; each cause names a field.
    public static func invalid(_ resource: ResourceType, name: String, causes: [(field: String, message: String)]) -> APIError {
        let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        let kind = resource.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.group)"
        return APIError(
            code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(summary)",
            details: details(resource, name: name, causes: causes.map {
                ["reason": "FieldValueInvalid", "message": .string($0.message), "field": .string($0.field)]
            }))
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    public static func methodNotAllowed(_ message: String) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    public static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got \(contentType))")
    }

    public static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    public static func expired(requested: Int64, current: Int64) -> APIError {
        APIError(code: 410, reason: "Expired", message: "too old resource version: \(requested) (\(current))")
    }

    public static func requestEntityTooLarge(limit: Int) -> APIError {
        APIError(code: 413, reason: "RequestEntityTooLarge", message: "the request body is larger than the \(limit) byte limit")
    }

    public static func forbidden(_ message: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: message)
    }

    public static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}
