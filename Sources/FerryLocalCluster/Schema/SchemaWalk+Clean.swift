import FerryKube

extension SchemaWalk {
    /// Whether ``walk(_:definition:)`` would find nothing in `object`: no undeclared
    /// field, no value of the wrong type, no bad base64; its pruned object is then
    /// `object` itself. One read-only pass that writes no path and copies nothing, for
    /// the common case; a body it refuses takes the full walk, which says what and where.
    static func isClean(_ object: JSONValue, node: SchemaNode) -> Bool {
        isCleanObject(object, node, atRoot: true)
    }

    private static func isCleanObject(_ value: JSONValue, _ node: SchemaNode, atRoot: Bool) -> Bool {
        guard case .object(let members) = value else { return true }
        for (key, member) in members {
            // Status is the controllers' to write; a write of the object itself ignores it.
            if atRoot, key == "status" { continue }
            guard let field = node.field(key) else {
                if node.preservesUnknownFields { continue }
                return false
            }
            if !isClean(member, field.type) { return false }
        }
        return true
    }

    private static func isClean(_ value: JSONValue, _ type: SchemaNode.NodeType) -> Bool {
        if case .null = value { return true }
        switch type {
        case .string, .stringScalar:
            if case .string = value { return true }
            return false
        case .byte:
            guard case .string(let text) = value else { return false }
            return Base64Check.errorOffset(text) == nil
        case .integer:
            return value.int != nil
        case .number:
            switch value {
            case .int, .double: return true
            default: return false
            }
        case .quantity:
            switch value {
            case .int, .double, .string: return true
            default: return false
            }
        case .boolean:
            if case .bool = value { return true }
            return false
        case .intOrString:
            if case .string = value { return true }
            return value.int != nil
        case .raw, .unresolved:
            return true
        case .array(let element):
            guard case .array(let items) = value else { return false }
            for item in items where !isClean(item, element) { return false }
            return true
        case .map(let element):
            guard case .object(let members) = value else { return false }
            for member in members.values where !isClean(member, element) { return false }
            return true
        case .object(let node):
            guard case .object = value else { return false }
            return isCleanObject(value, node, atRoot: false)
        }
    }
}
