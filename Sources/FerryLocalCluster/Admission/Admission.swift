import FerryKube

/// What every write goes through before it is stored, as the API server's
/// defaulting, canonicalisation and validation do: so a client meets here the
/// same normalisation it will meet on a production cluster.
enum Admission {
    /// Fills defaults, canonicalises quantities and validates `object`, which is
    /// about to be stored at `key`; `old` is the stored object on an update, against
    /// which immutable fields are checked. Throws 422 Invalid with a cause per problem.
    static func admit(_ object: inout JSONValue, key: StoreKey, old: JSONValue? = nil) throws(APIError) {
        // Patches leave `labels: {}` and nulls behind; the API server does not store them (pitfall 10).
        object = MetadataPruning.prune(object)
        if let custom = key.resource.custom { try CustomResourceAdmission.admit(&object, key: key, version: custom) }
        Defaults.apply(to: &object, resource: key.resource, key: key)
        try Canonical.quantities(in: &object, key: key)
        try validate(object, key: key, old: old)
        if key.resource == ResourceCatalog.customResourceDefinitions {
            try CustomResourceDefinitionValidation.validate(object, key: key)
        }
    }

    /// The cluster's own validation (``Validation``), deliberately not Ferry's client-side
    /// validator: the two are written apart so that each catches what the other misses.
    static func validate(_ object: JSONValue, key: StoreKey, old: JSONValue? = nil) throws(APIError) {
        let errors = Validation.errors(object, old: old, resource: key.resource)
        guard !errors.isEmpty else { return }
        throw APIError.invalid(key.resource, name: key.name, errors: errors)
    }
}
