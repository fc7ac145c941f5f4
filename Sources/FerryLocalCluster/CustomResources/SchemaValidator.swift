import FerryKube
import Foundation

/// Validates a custom resource against its structural schema, as the API server's
/// OpenAPI validator does, with its messages (`spec.size in body must be of type
/// integer: "string"`). Fields are named from the root: `spec.items[0].name`.
enum SchemaValidator {
    static func errors(in object: JSONValue, schema: StructuralSchema) -> [SchemaError] {
        var errors: [SchemaError] = []
        // The root's apiVersion, kind and metadata are the API server's own to check.
        var body = object
        for field in ["apiVersion", "kind", "metadata"] where schema.properties[field] == nil { body[field] = nil }
        validate(body, schema, path: "", into: &errors)
        return errors
    }

    private static func validate(_ value: JSONValue, _ schema: StructuralSchema, path: String, into errors: inout [SchemaError]) {
        let field = path.isEmpty ? "<root>" : path
        if value == .null {
            if !schema.nullable, let type = schema.type {
                errors.append(.typeInvalid(field, got: "null", "\(field) in body must be of type \(type): \"null\""))
            }
            return
        }
        if schema.intOrString {
            guard value.int != nil || value.string != nil else {
                errors.append(.typeInvalid(field, got: typeName(value), "\(field) in body must be of type integer or string: \"\(typeName(value))\""))
                return
            }
        } else if let type = schema.type, !matches(value, type: type) {
            errors.append(.typeInvalid(field, got: typeName(value), "\(field) in body must be of type \(type): \"\(typeName(value))\""))
            return
        }
        if let allowed = schema.enumValues, !allowed.contains(value) {
            errors.append(.notSupported(field, value, allowed))
        }
        switch value {
        case .object(let members):
            for name in schema.required where members[name] == nil || (members[name] == JSONValue.null && schema.properties[name]?.nullable != true) {
                errors.append(.required(join(path, name)))
            }
            for name in members.keys.sorted() {
                guard let member = members[name], let memberSchema = schema.member(name) else { continue }
                if members[name] == JSONValue.null, schema.required.contains(name) { continue }
                validate(member, memberSchema, path: join(path, name), into: &errors)
            }
        case .array(let items):
            if let minimum = schema.minItems, items.count < minimum {
                errors.append(.invalid(field, value, "\(field) in body should have at least \(minimum) items"))
            }
            if let maximum = schema.maxItems, items.count > maximum {
                errors.append(SchemaError(field: field, reason: "FieldValueTooMany",
                                          message: "Too many: \(items.count): must have at most \(maximum) items"))
            }
            if let itemSchema = schema.items {
                for (index, item) in items.enumerated() {
                    validate(item, itemSchema, path: "\(path)[\(index)]", into: &errors)
                }
            }
        case .string(let text):
            stringErrors(text, value, schema, field: field, into: &errors)
        case .int, .double:
            numberErrors(value, schema, field: field, into: &errors)
        default:
            break
        }
    }

    private static func stringErrors(_ text: String, _ value: JSONValue, _ schema: StructuralSchema, field: String,
                                     into errors: inout [SchemaError]) {
        let length = text.count
        if let minimum = schema.minLength, length < minimum {
            errors.append(.invalid(field, value, "\(field) in body should be at least \(minimum) chars long"))
        }
        if let maximum = schema.maxLength, length > maximum {
            errors.append(SchemaError(field: field, reason: "FieldValueTooLong",
                                      message: "Too long: may not be more than \(maximum) bytes"))
        }
        if let pattern = schema.pattern,
           let expression = try? NSRegularExpression(pattern: pattern),
           expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
            errors.append(.invalid(field, value, "\(field) in body should match '\(pattern)'"))
        }
    }

    private static func numberErrors(_ value: JSONValue, _ schema: StructuralSchema, field: String, into errors: inout [SchemaError]) {
        guard let number = StructuralSchema.number(value) else { return }
        if let minimum = schema.minimum {
            if schema.exclusiveMinimum ? number <= minimum : number < minimum {
                let relation = schema.exclusiveMinimum ? "greater than" : "greater than or equal to"
                errors.append(.invalid(field, value, "\(field) in body should be \(relation) \(format(minimum))"))
            }
        }
        if let maximum = schema.maximum {
            if schema.exclusiveMaximum ? number >= maximum : number > maximum {
                let relation = schema.exclusiveMaximum ? "less than" : "less than or equal to"
                errors.append(.invalid(field, value, "\(field) in body should be \(relation) \(format(maximum))"))
            }
        }
        if schema.format == "int32", let whole = value.int, whole < Int64(Int32.min) || whole > Int64(Int32.max) {
            errors.append(.invalid(field, value, "\(field) in body must be of type int32: \(value.jsonText)"))
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool): return true
        case ("integer", _): return value.int != nil && !isFraction(value)
        case ("number", .int), ("number", .double): return true
        default: return false
        }
    }

    private static func isFraction(_ value: JSONValue) -> Bool {
        if case .double(let number) = value { return number.rounded() != number }
        return false
    }

    /// The JSON type of a value, as the validator names it in messages.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double(let number): return number.rounded() == number ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
}
