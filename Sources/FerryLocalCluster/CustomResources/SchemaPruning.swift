import FerryKube

/// Structural pruning and defaulting (apiextensions' `pruning.Prune` and
/// `structuraldefaulting.Default`): members the schema does not declare are dropped,
/// unless `x-kubernetes-preserve-unknown-fields` keeps them, and absent members with a
/// `default` get it. Every object keeps its root `apiVersion`, `kind` and `metadata`,
/// as do embedded resources.
enum SchemaPruning {
    /// Prunes `object` in place and returns the dropped fields' paths (`spec.extra`,
    /// `spec.items[0].extra`), sorted, for `fieldValidation` to report.
    @discardableResult
    static func prune(_ object: inout JSONValue, schema: StructuralSchema) -> [String] {
        var unknown: [String] = []
        prune(&object, schema, path: "", keepsTypeMeta: true, unknown: &unknown)
        return unknown.sorted()
    }

    /// The fields `prune` would drop, without changing anything.
    static func unknownFields(in object: JSONValue, schema: StructuralSchema) -> [String] {
        var copy = object
        return prune(&copy, schema: schema)
    }

    private static let typeMeta: Set<String> = ["apiVersion", "kind", "metadata"]

    private static func prune(_ value: inout JSONValue, _ schema: StructuralSchema, path: String, keepsTypeMeta: Bool,
                              unknown: inout [String]) {
        switch value {
        case .object(var members):
            for name in members.keys.sorted() {
                let memberPath = SchemaValidator.join(path, name)
                if keepsTypeMeta && typeMeta.contains(name) {
                    continue  // the API server's own, whatever the schema says
                } else if let memberSchema = schema.member(name) {
                    prune(&members[name]!, memberSchema, path: memberPath, keepsTypeMeta: memberSchema.embeddedResource,
                          unknown: &unknown)
                } else if !schema.keepsUnknownMembers {
                    members[name] = nil
                    unknown.append(memberPath)
                }
            }
            for (name, property) in schema.properties where members[name] == nil && !(keepsTypeMeta && typeMeta.contains(name)) {
                if let value = property.defaultValue { members[name] = value }
            }
            value = .object(members)
        case .array(var items):
            guard let itemSchema = schema.items else { return }
            for index in items.indices {
                prune(&items[index], itemSchema, path: "\(path)[\(index)]", keepsTypeMeta: itemSchema.embeddedResource,
                      unknown: &unknown)
            }
            value = .array(items)
        default:
            break
        }
    }
}
