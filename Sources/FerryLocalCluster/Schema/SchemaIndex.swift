/// The schema catalog resolved once into a graph for the checks that walk every write:
/// references point at their node rather than being looked up by name at each visited
/// value, each node finds a member's field by hash rather than by scanning, and each
/// node lists up front the few fields ``SchemaRules`` has anything to check under.
/// Built from ``SchemaCatalog`` and never changed after, so the two cannot disagree.
final class SchemaNode: @unchecked Sendable {
    /// One declared field, its type resolved.
    struct Field {
        var name: String
        var type: NodeType
        var required: Bool
        var enumValues: [String]
        /// Whether something under the field's value has rules (set with the rule fields).
        var descends = false
    }

    /// A ``SchemaType`` with its references resolved: scalar definitions become the
    /// scalar they stand for, object definitions their node.
    indirect enum NodeType {
        case string, integer, number, boolean, byte, raw
        /// A reference the catalog does not define: nothing is checked under it.
        case unresolved
        /// `Quantity`: a string, or a number the decoder accepts as one.
        case quantity
        /// A string-like scalar definition (`Time`, `MicroTime`).
        case stringScalar
        case intOrString
        case object(SchemaNode)
        case array(NodeType)
        case map(NodeType)
    }

    let definition: SchemaDefinition
    let preservesUnknownFields: Bool
    // Set while the index is built (references may form cycles), read-only after.
    private(set) var fields: [Field] = []
    private(set) var fieldIndex: [String: Int] = [:]
    /// The fields, in declaration order, that are required, take an enum, or lead to a
    /// node that has such a field: all ``SchemaRules`` visits. `whenRequiredChecked`
    /// counts required fields; `enumsOnly` does not (a CRD's own validation).
    private(set) var ruleFields: (whenRequiredChecked: [Field], enumsOnly: [Field]) = ([], [])

    init(_ definition: SchemaDefinition) {
        self.definition = definition
        self.preservesUnknownFields = definition.preservesUnknownFields
    }

    /// The declared field `name`, if any.
    func field(_ name: String) -> Field? {
        guard let index = fieldIndex[name] else { return nil }
        return fields[index]
    }

    fileprivate func resolve(with nodes: [String: SchemaNode]) {
        fields = definition.fields.map { field in
            Field(name: field.name, type: Self.resolved(field.type, nodes), required: field.required, enumValues: field.enumValues)
        }
        for (index, field) in fields.enumerated() where fieldIndex[field.name] == nil {
            fieldIndex[field.name] = index  // `definition.field(_:)` finds the first of a name
        }
    }

    private static func resolved(_ type: SchemaType, _ nodes: [String: SchemaNode]) -> NodeType {
        switch type {
        case .string: return .string
        case .integer: return .integer
        case .number: return .number
        case .boolean: return .boolean
        case .byte: return .byte
        case .raw: return .raw
        case .array(let element): return .array(resolved(element, nodes))
        case .map(let element): return .map(resolved(element, nodes))
        case .ref(let name):
            guard let node = nodes[name] else { return .unresolved }
            switch node.definition.scalar {
            case .string?: return name == SchemaNames.quantity ? .quantity : .stringScalar
            case .intOrString?: return .intOrString
            case nil: return .object(node)
            }
        }
    }

    /// Recomputes the rule fields from the current state of the referenced nodes;
    /// true when they changed (the index iterates this to a fixed point).
    fileprivate func updateRuleFields() -> Bool {
        func leadsToRules(_ type: NodeType, requiredChecked: Bool) -> Bool {
            switch type {
            case .array(let element), .map(let element): return leadsToRules(element, requiredChecked: requiredChecked)
            case .object(let node):
                return requiredChecked ? !node.ruleFields.whenRequiredChecked.isEmpty : !node.ruleFields.enumsOnly.isEmpty
            default: return false
            }
        }
        func relevant(requiredChecked: Bool) -> [Field] {
            fields.compactMap { field in
                var field = field
                field.descends = leadsToRules(field.type, requiredChecked: requiredChecked)
                let hasRule = (requiredChecked && field.required) || !field.enumValues.isEmpty
                return hasRule || field.descends ? field : nil
            }
        }
        let withRequired = relevant(requiredChecked: true)
        let enumsOnly = relevant(requiredChecked: false)
        func shape(_ fields: [Field]) -> [String] { fields.map { "\($0.name) \($0.descends)" } }
        let changed = shape(withRequired) != shape(ruleFields.whenRequiredChecked) || shape(enumsOnly) != shape(ruleFields.enumsOnly)
        ruleFields = (withRequired, enumsOnly)
        return changed
    }
}

/// The resolved nodes of the catalog, by definition name and by served kind.
enum SchemaIndex {
    static let nodes: [String: SchemaNode] = {
        var nodes: [String: SchemaNode] = [:]
        for (name, definition) in SchemaCatalog.definitions where definition.scalar == nil {
            nodes[name] = SchemaNode(definition)
        }
        // Scalars resolve by their definition, so they need a node to be found by name.
        var all = nodes
        for (name, definition) in SchemaCatalog.definitions where definition.scalar != nil {
            all[name] = SchemaNode(definition)
        }
        for node in nodes.values { node.resolve(with: all) }
        // A node has rules if a field of it, or of a node it leads to, has; references
        // may be cyclic (JSONSchemaProps), so iterate until nothing changes.
        var changed = true
        while changed {
            changed = false
            for node in nodes.values where node.updateRuleFields() { changed = true }
        }
        return nodes
    }()

    private static let kinds: [String: SchemaNode] = SchemaCatalog.kinds.compactMapValues { nodes[$0] }

    /// The node of a served kind's top-level definition (as ``SchemaCatalog/definition(for:)``).
    static func node(for resource: ResourceType) -> SchemaNode? {
        kinds[resource.apiVersion + "/" + resource.kind]
    }
}
