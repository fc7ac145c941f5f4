import FerryKube

/// One field error as apimachinery's `field.Error` renders it: the message without
/// the field (`Invalid value: "pink": ...`), which Status causes carry, and a reason.
struct SchemaError: Sendable, Equatable {
    var field: String
    var reason: String
    var message: String

    static func required(_ field: String, _ detail: String = "") -> SchemaError {
        SchemaError(field: field, reason: "FieldValueRequired", message: "Required value" + (detail.isEmpty ? "" : ": \(detail)"))
    }

    static func invalid(_ field: String, _ value: JSONValue, _ detail: String) -> SchemaError {
        SchemaError(field: field, reason: "FieldValueInvalid", message: "Invalid value: \(value.jsonText): \(detail)")
    }

    /// A value of the wrong type: apiextensions reports the type it got as the value.
    static func typeInvalid(_ field: String, got actual: String, _ detail: String) -> SchemaError {
        SchemaError(field: field, reason: "FieldValueTypeInvalid", message: "Invalid value: \"\(actual)\": \(detail)")
    }

    static func notSupported(_ field: String, _ value: JSONValue, _ supported: [JSONValue]) -> SchemaError {
        SchemaError(field: field, reason: "FieldValueNotSupported",
                    message: "Unsupported value: \(value.jsonText): supported values: " + supported.map(\.jsonText).joined(separator: ", "))
    }
}

enum CustomResourceErrors {
    /// 422 Invalid as the API server words it: `Widget.example.com "w1" is invalid: spec.size: ...`,
    /// with one cause per error (kubectl prints `The Widget "w1" is invalid: ...` from the details).
    static func invalid(_ resource: ResourceType, name: String, _ errors: [SchemaError]) -> APIError {
        let kind = resource.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.group)"
        let summary = errors.map { "\($0.field): \($0.message)" }
        let listed = summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]"
        let causes: [JSONValue] = errors.map {
            ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
        }
        return APIError(code: 422, reason: "Invalid", message: "\(kind) \"\(name)\" is invalid: \(listed)",
                        details: ["name": .string(name), "group": .string(resource.group), "kind": .string(resource.kind),
                                  "causes": .array(causes)])
    }

    /// `fieldValidation=Strict` and fields the schema does not declare: 400, as for built-ins.
    static func unknownFields(_ resource: ResourceType, _ paths: [String]) -> APIError {
        .badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): strict decoding error: "
            + paths.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
    }
}
