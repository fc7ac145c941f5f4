import FerryKube

/// A CRD version's `openAPIV3Schema`, read once into the parts the API server acts
/// on (apiextensions' structural schema): types and nesting for pruning, the value
/// constraints for validation, list types for server-side apply. The schema as
/// written is kept in ``raw`` for publishing in OpenAPI documents.
public final class StructuralSchema: Sendable {
    public let raw: JSONValue
    public let type: String?
    public let properties: [String: StructuralSchema]
    public let required: [String]
    public let items: StructuralSchema?
    /// `additionalProperties` as a schema (a map's values).
    public let additionalProperties: StructuralSchema?
    /// `additionalProperties: true`: any member, unvalidated and kept.
    public let allowsAnyProperties: Bool
    public let enumValues: [JSONValue]?
    public let minimum: Double?
    public let maximum: Double?
    public let exclusiveMinimum: Bool
    public let exclusiveMaximum: Bool
    public let minLength: Int?
    public let maxLength: Int?
    public let minItems: Int?
    public let maxItems: Int?
    public let pattern: String?
    public let format: String?
    public let nullable: Bool
    public let defaultValue: JSONValue?
    /// `x-kubernetes-int-or-string`: an integer or a string.
    public let intOrString: Bool
    /// `x-kubernetes-preserve-unknown-fields`: members the schema does not name are kept.
    public let preservesUnknownFields: Bool
    /// `x-kubernetes-embedded-resource`: an object with apiVersion, kind and metadata.
    public let embeddedResource: Bool
    /// `x-kubernetes-list-type` (`atomic`, `set`, `map`) and `x-kubernetes-list-map-keys`.
    public let listType: String?
    public let listMapKeys: [String]

    public init(_ json: JSONValue) {
        raw = json
        type = json["type"]?.string
        var properties: [String: StructuralSchema] = [:]
        for (name, member) in json["properties"]?.object ?? [:] { properties[name] = StructuralSchema(member) }
        self.properties = properties
        required = (json["required"]?.array ?? []).compactMap(\.string)
        items = json["items"].flatMap { $0.object != nil ? StructuralSchema($0) : nil }
        switch json["additionalProperties"] {
        case .object?:
            additionalProperties = json["additionalProperties"].map(StructuralSchema.init)
            allowsAnyProperties = false
        case .bool(let allowed)?:
            additionalProperties = nil
            allowsAnyProperties = allowed
        default:
            additionalProperties = nil
            allowsAnyProperties = false
        }
        enumValues = json["enum"]?.array
        minimum = json["minimum"].flatMap(Self.number)
        maximum = json["maximum"].flatMap(Self.number)
        exclusiveMinimum = json["exclusiveMinimum"]?.bool ?? false
        exclusiveMaximum = json["exclusiveMaximum"]?.bool ?? false
        minLength = json["minLength"]?.int.map(Int.init)
        maxLength = json["maxLength"]?.int.map(Int.init)
        minItems = json["minItems"]?.int.map(Int.init)
        maxItems = json["maxItems"]?.int.map(Int.init)
        pattern = json["pattern"]?.string
        format = json["format"]?.string
        nullable = json["nullable"]?.bool ?? false
        defaultValue = json["default"]
        intOrString = json["x-kubernetes-int-or-string"]?.bool ?? false
        preservesUnknownFields = json["x-kubernetes-preserve-unknown-fields"]?.bool ?? false
        embeddedResource = json["x-kubernetes-embedded-resource"]?.bool ?? false
        listType = json["x-kubernetes-list-type"]?.string
        listMapKeys = (json["x-kubernetes-list-map-keys"]?.array ?? []).compactMap(\.string)
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    /// The schema of an object's member `name`: a declared property, else the map's value schema.
    func member(_ name: String) -> StructuralSchema? {
        properties[name] ?? additionalProperties
    }

    /// Whether an object keeps members the schema does not describe.
    var keepsUnknownMembers: Bool {
        preservesUnknownFields || allowsAnyProperties
    }

    /// The list types server-side apply needs, by path of field names from the root
    /// (list positions left out, as ``MergeKeys`` names lists): only the lists declared
    /// `map` with keys, or `set`; every other list is atomic, as upstream treats CRs.
    func listTypes(at path: [String] = []) -> [[String]: ListType] {
        var result: [[String]: ListType] = [:]
        if type == "array" {
            if listType == "map", !listMapKeys.isEmpty {
                result[path] = .map(keys: listMapKeys.map { ListKey($0) })
            } else if listType == "set" {
                result[path] = .set
            }
            if let items { result.merge(items.listTypes(at: path)) { first, _ in first } }
        }
        for (name, property) in properties {
            result.merge(property.listTypes(at: path + [name])) { first, _ in first }
        }
        return result
    }
}
