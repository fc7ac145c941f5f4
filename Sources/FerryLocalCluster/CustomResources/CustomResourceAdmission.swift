import FerryKube

/// What a write of a custom resource goes through, as apiextensions-apiserver does:
/// unknown fields reported per the request's `fieldValidation`, then pruned, schema
/// defaults filled and the result validated against the served version's schema.
enum CustomResourceAdmission {
    /// Prunes, defaults and validates `object` (called from ``Admission/admit(_:key:)``).
    static func admit(_ object: inout JSONValue, key: StoreKey, version: CustomResourceVersion) throws(APIError) {
        guard let schema = version.schema else { return }
        SchemaPruning.prune(&object, schema: schema)
        let errors = SchemaValidator.errors(in: object, schema: schema)
        guard !errors.isEmpty else { return }
        throw CustomResourceErrors.invalid(key.resource, name: key.name, errors)
    }

    /// Reports the fields of a request's object that pruning will drop: a 400 when
    /// Strict, a warning when Warn, nothing when Ignore. Built-ins are left to
    /// ``FieldValidationCheck``.
    static func reportUnknownFields(_ body: JSONValue, resource: ResourceType, options: WriteOptions) throws(APIError) {
        guard let schema = resource.custom?.schema, options.fieldValidation != .ignore else { return }
        let unknown = SchemaPruning.unknownFields(in: body, schema: schema)
        guard !unknown.isEmpty else { return }
        if options.fieldValidation == .strict { throw CustomResourceErrors.unknownFields(resource, unknown) }
        for path in unknown { options.warnings.add("unknown field \"\(path)\"") }
    }
}
