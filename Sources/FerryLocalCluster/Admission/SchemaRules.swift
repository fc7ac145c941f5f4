import FerryKube

/// The checks every kind's schema states by itself: required fields and enum values
/// (`imagePullPolicy`, `restartPolicy`, `protocol`, a Service's `type`, strategy
/// types), reported as upstream's validation words them.
enum SchemaRules {
    static func errors(_ object: JSONValue, definition: SchemaDefinition) -> [FieldError] {
        var errors: [FieldError] = []
        // A CRD's own validation (names, versions, schema) belongs to the CRD handling.
        let checksRequired = definition.kind?.group != "apiextensions.k8s.io"
        visitObject(object, definition: definition, path: "", checksRequired: checksRequired, into: &errors)
        return errors
    }

    private static func visitObject(_ value: JSONValue, definition: SchemaDefinition, path: String,
                                    checksRequired: Bool, into errors: inout [FieldError]) {
        guard let members = value.object else { return }
        for field in definition.fields {
            if path.isEmpty, field.name == "status" { continue }
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            guard let member = members[field.name], !member.isNull else {
                if field.required, checksRequired { errors.append(.required(fieldPath)) }
                continue
            }
            if !field.enumValues.isEmpty, let text = member.string, !text.isEmpty, !field.enumValues.contains(text) {
                errors.append(.unsupported(fieldPath, member, supported: field.enumValues))
            }
            visit(member, type: field.type, path: fieldPath, checksRequired: checksRequired, into: &errors)
        }
    }

    private static func visit(_ value: JSONValue, type: SchemaType, path: String, checksRequired: Bool,
                              into errors: inout [FieldError]) {
        switch type {
        case .array(let element):
            for (index, item) in (value.array ?? []).enumerated() {
                visit(item, type: element, path: "\(path)[\(index)]", checksRequired: checksRequired, into: &errors)
            }
        case .map(let element):
            for (key, item) in (value.object ?? [:]).sorted(by: { $0.key < $1.key }) {
                visit(item, type: element, path: "\(path)[\(key)]", checksRequired: checksRequired, into: &errors)
            }
        case .ref(let name):
            guard let definition = SchemaCatalog.definitions[name], definition.scalar == nil else { return }
            visitObject(value, definition: definition, path: path, checksRequired: checksRequired, into: &errors)
        default:
            return
        }
    }
}
