import FerryKube
import FerryYAML

/// What every write goes through before it is stored, as the API server's
/// defaulting, canonicalisation and validation do: so a client meets here the
/// same normalisation it will meet on a production cluster.
enum Admission {
    /// Fills defaults, canonicalises quantities and validates `object`, which is
    /// about to be stored at `key`. Throws 422 Invalid with a cause per problem.
    static func admit(_ object: inout JSONValue, key: StoreKey) throws(APIError) {
        // Patches leave `labels: {}` and nulls behind; the API server does not store them (pitfall 10).
        object = MetadataPruning.prune(object)
        if let custom = key.resource.custom { try CustomResourceAdmission.admit(&object, key: key, version: custom) }
        Defaults.apply(to: &object, resource: key.resource, key: key)
        try Canonical.quantities(in: &object, key: key)
        try validate(object, key: key)
        if key.resource == ResourceCatalog.customResourceDefinitions {
            try CustomResourceDefinitionValidation.validate(object, key: key)
        }
    }

    static func validate(_ object: JSONValue, key: StoreKey) throws(APIError) {
        let identity = ObjectIdentity(group: key.resource.group, version: key.resource.version, kind: key.resource.kind,
                                      namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name)
        let manifest = Manifest(identity: identity, body: object.yamlNode(),
                                source: SourceLocation(file: "request", line: 0, column: 0))
        let problems = ManifestValidator.problems(in: manifest)
        guard !problems.isEmpty else { return }
        throw APIError.invalid(key.resource, name: key.name, causes: problems.map { problem in
            // Messages start with the field path where there is one ("spec.replicas must...").
            let field = problem.message.prefix { $0 != " " && $0 != ":" }
            let looksLikePath = field.contains(".") || field.hasPrefix("spec") || field.hasPrefix("metadata")
            return (looksLikePath ? String(field) : "", problem.message)
        })
    }
}
