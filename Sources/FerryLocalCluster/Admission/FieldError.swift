import FerryKube

/// One validation failure, as upstream's `field.Error`: a path, a type and a detail.
/// Its text is upstream's (`spec.replicas: Invalid value: -1: must be greater than or
/// equal to 0`), because clients and people match on it.
struct FieldError: Sendable, Equatable {
    enum Kind: String, Sendable {
        case invalid = "Invalid value", required = "Required value", unsupported = "Unsupported value"
        case forbidden = "Forbidden", duplicate = "Duplicate value", tooLong = "Too long", notFound = "Not found"

        /// The StatusCause reason.
        var reason: String {
            switch self {
            case .invalid: return "FieldValueInvalid"
            case .required: return "FieldValueRequired"
            case .unsupported: return "FieldValueNotSupported"
            case .forbidden: return "FieldValueForbidden"
            case .duplicate: return "FieldValueDuplicate"
            case .tooLong: return "FieldValueTooLong"
            case .notFound: return "FieldValueNotFound"
            }
        }
    }

    var field: String
    var kind: Kind
    /// The value rendered as upstream prints it (`"web"`, `3`, `v1.LabelSelector{...}`); nil when not shown.
    var value: String?
    var detail: String

    /// `Invalid value: "x": detail`: the cause's message, without the field.
    var body: String {
        var text = kind.rawValue
        if let value { text += ": " + value }
        if !detail.isEmpty { text += ": " + detail }
        return text
    }

    static func invalid(_ field: String, _ value: JSONValue?, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .invalid, value: value.map(Rendering.value) ?? "null", detail: detail)
    }
    static func invalid(_ field: String, rendered: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .invalid, value: rendered, detail: detail)
    }
    static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(field: field, kind: .required, value: nil, detail: detail)
    }
    static func notFound(_ field: String, _ value: JSONValue) -> FieldError {
        FieldError(field: field, kind: .notFound, value: Rendering.value(value), detail: "")
    }
    static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(field: field, kind: .forbidden, value: nil, detail: detail)
    }
    static func duplicate(_ field: String, _ value: JSONValue) -> FieldError {
        FieldError(field: field, kind: .duplicate, value: Rendering.value(value), detail: "")
    }
    static func unsupported(_ field: String, _ value: JSONValue, supported: [String]) -> FieldError {
        FieldError(field: field, kind: .unsupported, value: Rendering.value(value),
                   detail: "supported values: " + supported.map { "\"\($0)\"" }.joined(separator: ", "))
    }
    static func immutable(_ field: String, _ value: JSONValue?, rendered: String? = nil) -> FieldError {
        FieldError(field: field, kind: .invalid, value: rendered ?? value.map(Rendering.value) ?? "null",
                   detail: "field is immutable")
    }
}

/// Values as Go's `%#v` prints them in upstream's messages, near enough to read the same.
enum Rendering {
    static func value(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array, .object: return String(decoding: value.serialized(), as: UTF8.self)
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
    static func labelSelector(_ selector: JSONValue?) -> String {
        guard let selector, selector.object != nil else { return "nil" }
        let labels = selector["matchLabels"]?.object.map { members in
            "map[string]string{" + members.keys.sorted().map { "\(quoted($0)):\(quoted(members[$0]?.string ?? ""))" }
                .joined(separator: ", ") + "}"
        } ?? "map[string]string(nil)"
        let expressions = selector["matchExpressions"]?.array.map { items in
            "[]v1.LabelSelectorRequirement{" + items.map { item in
                let values = item["values"]?.array.map { "[]string{" + $0.compactMap(\.string).map(quoted).joined(separator: ", ") + "}" }
                    ?? "[]string(nil)"
                return "v1.LabelSelectorRequirement{Key:\(quoted(item["key"]?.string ?? "")), Operator:\(quoted(item["operator"]?.string ?? "")), Values:\(values)}"
            }.joined(separator: ", ") + "}"
        } ?? "[]v1.LabelSelectorRequirement(nil)"
        return "v1.LabelSelector{MatchLabels:\(labels), MatchExpressions:\(expressions)}"
    }
}

extension APIError {
    /// 422 Invalid as upstream's `NewInvalid`: `Deployment.apps "web" is invalid: a, b`,
    /// with one StatusCause per error (kubectl prints `The Deployment "web" is invalid: ...`).
    static func invalid(_ resource: ResourceType, name: String, errors: [FieldError]) -> APIError {
        let qualified = resource.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.group)"
        let summary = errors.map { "\($0.field): \($0.body)" }
        let message = "\(qualified) \"\(name)\" is invalid: "
            + (summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]")
        let causes: [JSONValue] = errors.map {
            ["reason": .string($0.kind.reason), "message": .string($0.body), "field": .string($0.field)]
        }
        return APIError(code: 422, reason: "Invalid", message: message, details: [
            "name": .string(name), "group": .string(resource.group), "kind": .string(resource.kind), "causes": .array(causes),
        ])
    }
}
