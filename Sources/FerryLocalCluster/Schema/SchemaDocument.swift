import FerryKube

/// The schema model as OpenAPI: v3 `components.schemas` (references wrapped in
/// `allOf`, as upstream's v3 documents do) and Swagger 2.0 `definitions`.
enum SchemaDocument {
    enum Flavour { case v2, v3 }

    /// `definition` as a schema object.
    static func schema(_ definition: SchemaDefinition, flavour: Flavour) -> JSONValue {
        var schema: JSONValue = ["description": .string(definition.description)]
        switch definition.scalar {
        case .string(let format)?:
            schema["type"] = "string"
            if let format { schema["format"] = .string(format) }
            return schema
        case .intOrString?:
            schema["type"] = "string"
            schema["format"] = "int-or-string"
            return schema
        case nil:
            break
        }
        schema["type"] = "object"
        var properties: [String: JSONValue] = [:]
        for field in definition.fields { properties[field.name] = property(field, flavour: flavour) }
        schema["properties"] = .object(properties)
        let required = definition.fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        if let kind = definition.kind {
            schema["x-kubernetes-group-version-kind"] = [[
                "group": .string(kind.group), "kind": .string(kind.kind), "version": .string(kind.version),
            ]]
        }
        return schema
    }

    private static func property(_ field: SchemaField, flavour: Flavour) -> JSONValue {
        var schema = type(field.type, format: field.format, flavour: flavour)
        schema["description"] = .string(field.description)
        if !field.enumValues.isEmpty { schema["enum"] = .array(field.enumValues.map(JSONValue.string)) }
        if let mergeKey = field.mergeKey { schema["x-kubernetes-patch-merge-key"] = .string(mergeKey) }
        if let strategy = field.patchStrategy { schema["x-kubernetes-patch-strategy"] = .string(strategy) }
        if let listType = field.listType { schema["x-kubernetes-list-type"] = .string(listType) }
        if !field.listMapKeys.isEmpty { schema["x-kubernetes-list-map-keys"] = .array(field.listMapKeys.map(JSONValue.string)) }
        return schema
    }

    private static func type(_ type: SchemaType, format: String?, flavour: Flavour) -> JSONValue {
        switch type {
        case .string: return ["type": "string"]
        case .byte: return ["type": "string", "format": "byte"]
        case .integer: return ["type": "integer", "format": .string(format ?? "int32")]
        case .number: return ["type": "number", "format": "double"]
        case .boolean: return ["type": "boolean"]
        case .raw: return ["type": "object", "x-kubernetes-preserve-unknown-fields": true]
        case .array(let element): return ["type": "array", "items": self.type(element, format: format, flavour: flavour)]
        case .map(let element): return ["type": "object", "additionalProperties": self.type(element, format: format, flavour: flavour)]
        case .ref(let name):
            switch flavour {
            case .v2: return ["$ref": .string("#/definitions/" + name)]
            case .v3:
                // v3 cannot put a description beside a bare $ref; upstream wraps it.
                let isObject = SchemaCatalog.definitions[name]?.scalar == nil
                var wrapped: JSONValue = ["allOf": [["$ref": .string("#/components/schemas/" + name)]]]
                if isObject { wrapped["default"] = [:] }
                return wrapped
            }
        }
    }

    /// The names of `roots` and of every definition they refer to, directly or not.
    static func closure(of roots: [String]) -> [String] {
        var seen: Set<String> = []
        var pending = roots
        while let name = pending.popLast() {
            guard seen.insert(name).inserted, let definition = SchemaCatalog.definitions[name] else { continue }
            for field in definition.fields { pending += references(field.type) }
        }
        return seen.sorted()
    }

    private static func references(_ type: SchemaType) -> [String] {
        switch type {
        case .ref(let name): return [name]
        case .array(let element), .map(let element): return references(element)
        default: return []
        }
    }
}
