/// The local cluster's own description of the built-in kinds' fields: what the API
/// server's compiled-in types and their OpenAPI documents say. One model serves the
/// unknown-field check (``FieldValidationCheck``) and the OpenAPI documents
/// (`kubectl explain`), so the two cannot disagree.
///
/// Named definitions use upstream's OpenAPI names (`io.k8s.api.core.v1.Container`) and
/// fields refer to them by name, as the documents' `$ref`s do; that also lets recursive
/// types (a CRD's JSONSchemaProps) be described without infinite values.
indirect enum SchemaType: Sendable, Equatable {
    case string, integer, number, boolean
    /// A base64 string (`format: byte`): Secret data.
    case byte
    /// Any JSON value, unchecked (RawExtension, JSON, FieldsV1).
    case raw
    case ref(String)
    case array(SchemaType)
    /// An object whose keys are free (labels, data) and whose values are of one type.
    case map(SchemaType)
}

/// One field of a definition, with the patch and list metadata upstream publishes.
struct SchemaField: Sendable {
    var name: String
    var type: SchemaType
    var description: String
    var required = false
    var enumValues: [String] = []
    var format: String?
    /// `x-kubernetes-patch-merge-key` / `-patch-strategy`, for strategic merge patches.
    var mergeKey: String?
    var patchStrategy: String?
    /// `x-kubernetes-list-type` (atomic, map, set) and `-list-map-keys`.
    var listType: String?
    var listMapKeys: [String] = []

    static func string(_ name: String, _ description: String, enum values: [String] = [], format: String? = nil) -> SchemaField {
        SchemaField(name: name, type: .string, description: description, enumValues: values, format: format)
    }
    static func integer(_ name: String, _ description: String, format: String = "int32") -> SchemaField {
        SchemaField(name: name, type: .integer, description: description, format: format)
    }
    static func boolean(_ name: String, _ description: String) -> SchemaField {
        SchemaField(name: name, type: .boolean, description: description)
    }
    static func number(_ name: String, _ description: String) -> SchemaField {
        SchemaField(name: name, type: .number, description: description, format: "double")
    }
    static func ref(_ name: String, _ definition: String, _ description: String) -> SchemaField {
        SchemaField(name: name, type: .ref(definition), description: description)
    }
    static func raw(_ name: String, _ description: String) -> SchemaField {
        SchemaField(name: name, type: .raw, description: description)
    }
    static func strings(_ name: String, _ description: String, set: Bool = false) -> SchemaField {
        SchemaField(name: name, type: .array(.string), description: description, listType: set ? "set" : "atomic")
    }
    static func map(_ name: String, _ description: String, of values: SchemaType = .string) -> SchemaField {
        SchemaField(name: name, type: .map(values), description: description)
    }
    /// A list of objects; with `mergeKey`, merged by that key (`x-kubernetes-list-type: map`).
    static func list(_ name: String, _ definition: String, _ description: String, mergeKey: String? = nil,
                     mapKeys: [String]? = nil, atomic: Bool = false) -> SchemaField {
        var field = SchemaField(name: name, type: .array(.ref(definition)), description: description)
        if let mergeKey {
            field.mergeKey = mergeKey
            field.patchStrategy = "merge"
            field.listType = "map"
            field.listMapKeys = mapKeys ?? [mergeKey]
        } else if atomic {
            field.listType = "atomic"
        }
        return field
    }
    static func quantity(_ name: String, _ description: String) -> SchemaField {
        ref(name, SchemaNames.quantity, description)
    }
    static func quantities(_ name: String, _ description: String) -> SchemaField {
        SchemaField(name: name, type: .map(.ref(SchemaNames.quantity)), description: description)
    }
    static func intOrString(_ name: String, _ description: String) -> SchemaField {
        ref(name, SchemaNames.intOrString, description)
    }
    static func time(_ name: String, _ description: String) -> SchemaField {
        ref(name, SchemaNames.time, description)
    }

    /// The field must be present.
    func required(_ isRequired: Bool = true) -> SchemaField {
        var copy = self
        copy.required = isRequired
        return copy
    }
}

/// A named object type: its fields, and for a kind its group, version and kind.
struct SchemaDefinition: Sendable {
    struct Kind: Sendable, Equatable {
        var group: String
        var version: String
        var kind: String
    }

    var name: String
    var description: String
    var fields: [SchemaField]
    var kind: Kind?
    /// A scalar-like definition (Quantity, Time, IntOrString): no fields, one type.
    var scalar: Scalar?
    /// Fields not declared are kept (status the controllers write, free-form JSON).
    var preservesUnknownFields = false

    enum Scalar: Sendable { case string(format: String?), intOrString }

    init(_ name: String, _ description: String, _ fields: [SchemaField]) {
        self.name = name
        self.description = description
        self.fields = fields
    }

    /// A top-level kind: `apiVersion`, `kind` and `metadata` come first, as upstream lists them.
    static func topLevel(_ name: String, group: String, version: String, _ kind: String, _ description: String,
                     _ fields: [SchemaField], listMetadata: Bool = false) -> SchemaDefinition {
        var definition = SchemaDefinition(name, description, [
            .string("apiVersion", "APIVersion defines the versioned schema of this representation of an object."),
            .string("kind", "Kind is a string value representing the REST resource this object represents."),
            .ref("metadata", SchemaNames.objectMeta, "Standard object's metadata."),
        ] + fields)
        definition.kind = Kind(group: group, version: version, kind: kind)
        return definition
    }

    static func scalar(_ name: String, _ description: String, _ scalar: Scalar) -> SchemaDefinition {
        var definition = SchemaDefinition(name, description, [])
        definition.scalar = scalar
        return definition
    }

    /// Status and other server-written parts: described for `explain`, but never pruned.
    func open() -> SchemaDefinition {
        var copy = self
        copy.preservesUnknownFields = true
        return copy
    }

    func field(_ name: String) -> SchemaField? { fields.first { $0.name == name } }
}

/// Upstream's definition names, so references read as the OpenAPI documents do.
enum SchemaNames {
    static func core(_ name: String) -> String { "io.k8s.api.core.v1." + name }
    static func meta(_ name: String) -> String { "io.k8s.apimachinery.pkg.apis.meta.v1." + name }
    static func apps(_ name: String) -> String { "io.k8s.api.apps.v1." + name }
    static func batch(_ name: String) -> String { "io.k8s.api.batch.v1." + name }
    static func networking(_ name: String) -> String { "io.k8s.api.networking.v1." + name }
    static func rbac(_ name: String) -> String { "io.k8s.api.rbac.v1." + name }
    static func autoscaling(_ name: String) -> String { "io.k8s.api.autoscaling.v2." + name }
    static func coordination(_ name: String) -> String { "io.k8s.api.coordination.v1." + name }
    static func apiextensions(_ name: String) -> String { "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1." + name }

    static let objectMeta = meta("ObjectMeta")
    static let labelSelector = meta("LabelSelector")
    static let time = meta("Time")
    static let microTime = meta("MicroTime")
    static let condition = meta("Condition")
    static let quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity"
    static let intOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
    static let podTemplateSpec = core("PodTemplateSpec")
}
