/// Every definition of the built-in kinds, by name and by kind.
enum SchemaCatalog {
    static let definitions: [String: SchemaDefinition] = {
        var byName: [String: SchemaDefinition] = [:]
        for definition in meta + pod + probes + affinity + volumes + core + apps + batch + networking + rbac + autoscaling + apiextensions {
            byName[definition.name] = definition
        }
        return byName
    }()

    /// The top-level definition of a served kind.
    static func definition(for resource: ResourceType) -> SchemaDefinition? {
        kinds[resource.apiVersion + "/" + resource.kind].flatMap { definitions[$0] }
    }

    /// Definition names by `apiVersion/kind`.
    static let kinds: [String: String] = {
        var names: [String: String] = [:]
        for definition in definitions.values {
            guard let kind = definition.kind else { continue }
            let apiVersion = kind.group.isEmpty ? kind.version : "\(kind.group)/\(kind.version)"
            names[apiVersion + "/" + kind.kind] = definition.name
        }
        return names
    }()
}
