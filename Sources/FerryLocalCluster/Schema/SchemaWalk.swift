import FerryKube

/// Reads an object against the schema as the API server's decoder does: fields the
/// schema does not declare are found and dropped, and a value of the wrong JSON type
/// is a decoding error. Paths are written as upstream's strict decoder writes them
/// (`spec.template.spec.containers[0].imagee`).
struct SchemaWalk {
    struct TypeMismatch: Sendable {
        var path: String
        /// The JSON type found: string, number, bool, array, object.
        var found: String
        /// The Go type expected, as upstream's decoder names it (`string`, `int32`).
        var expected: String
        /// The Go struct that holds the field.
        var structName: String
        var value: JSONValue
    }

    private(set) var unknown: [String] = []
    private(set) var mismatches: [TypeMismatch] = []
    /// Byte fields (Secret data) that are not base64: the offset Go's decoder reports.
    private(set) var invalidBase64: [(path: String, offset: Int)] = []

    /// `object` of the kind `definition`, without its undeclared fields.
    static func walk(_ object: JSONValue, definition: SchemaDefinition) -> (pruned: JSONValue, walk: SchemaWalk) {
        var walk = SchemaWalk()
        var copy = object
        walk.visitObject(&copy, definition: definition, path: "")
        return (copy, walk)
    }

    private mutating func visitObject(_ value: inout JSONValue, definition: SchemaDefinition, path: String) {
        guard case .object(var members) = value else { return }
        for key in members.keys.sorted() {
            // Status is the controllers' to write; a write of the object itself ignores it.
            if path.isEmpty, key == "status" { continue }
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = definition.field(key) else {
                if !definition.preservesUnknownFields {
                    unknown.append(fieldPath)
                    members[key] = nil
                }
                continue
            }
            guard var member = members[key] else { continue }
            visit(&member, type: field.type, format: field.format, path: fieldPath, owner: definition)
            members[key] = member
        }
        value = .object(members)
    }

    private mutating func visit(_ value: inout JSONValue, type: SchemaType, format: String?, path: String,
                                owner: SchemaDefinition) {
        if value.isNull { return }
        func mismatch(_ expected: String) {
            mismatches.append(TypeMismatch(path: path, found: Self.jsonType(value), expected: expected,
                                           structName: Self.structName(owner.name), value: value))
        }
        switch type {
        case .string:
            if value.string == nil { mismatch("string") }
        case .byte:
            guard let text = value.string else { return mismatch("[]uint8") }
            if let offset = Base64Check.errorOffset(text) { invalidBase64.append((path, offset)) }
        case .integer:
            if value.int == nil { mismatch(format ?? "int32") }
        case .number:
            if case .int = value { return }
            if case .double = value { return }
            mismatch("float64")
        case .boolean:
            if value.bool == nil { mismatch("bool") }
        case .raw:
            return
        case .array(let element):
            guard case .array(var items) = value else { return mismatch("[]" + Self.goType(element)) }
            for index in items.indices {
                visit(&items[index], type: element, format: format, path: "\(path)[\(index)]", owner: owner)
            }
            value = .array(items)
        case .map(let element):
            guard case .object(var members) = value else { return mismatch("map[string]" + Self.goType(element)) }
            for key in members.keys.sorted() {
                guard var member = members[key] else { continue }
                // Go names a map's field, not its key, when a value has the wrong type.
                let memberPath: String
                if case .ref = element { memberPath = "\(path).\(key)" } else { memberPath = path }
                visit(&member, type: element, format: format, path: memberPath, owner: owner)
                members[key] = member
            }
            value = .object(members)
        case .ref(let name):
            guard let definition = SchemaCatalog.definitions[name] else { return }
            switch definition.scalar {
            case .string?:
                if name == SchemaNames.quantity, value.int != nil || value.double != nil { return }
                if value.string == nil { mismatch(Self.structName(name)) }
            case .intOrString?:
                if value.string == nil && value.int == nil { mismatch("intstr.IntOrString") }
            case nil:
                guard value.object != nil else { return mismatch("v1." + Self.structName(name)) }
                visitObject(&value, definition: definition, path: path)
            }
        }
    }

    static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    static func structName(_ definition: String) -> String {
        String(definition.split(separator: ".").last ?? Substring(definition))
    }

    static func goType(_ type: SchemaType) -> String {
        switch type {
        case .string: return "string"
        case .byte: return "[]uint8"
        case .integer: return "int32"
        case .number: return "float64"
        case .boolean: return "bool"
        case .raw: return "interface {}"
        case .ref(let name): return structName(name)
        case .array(let element): return "[]" + goType(element)
        case .map(let element): return "map[string]" + goType(element)
        }
    }
}

extension JSONValue {
    var double: Double? {
        if case .double(let number) = self { return number }
        return nil
    }
}

/// Standard padded base64 as Go's `encoding/base64` decodes `[]byte` fields: the
/// offset of the first byte it refuses (newlines are skipped, as Go skips them).
enum Base64Check {
    static func errorOffset(_ text: String) -> Int? {
        var count = 0
        var padding = 0
        for (offset, byte) in text.utf8.enumerated() {
            if byte == 0x0A || byte == 0x0D { continue }
            let isAlphabet = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            if byte == UInt8(ascii: "=") {
                // Padding only completes a quantum: at most two, after at least two characters.
                if count % 4 < 2 || padding >= 2 { return offset }
                padding += 1
            } else if !isAlphabet || padding > 0 {
                return offset
            }
            count += 1
        }
        return count % 4 == 0 ? nil : text.utf8.count - (count % 4 == 1 ? 1 : 0)
    }
}
