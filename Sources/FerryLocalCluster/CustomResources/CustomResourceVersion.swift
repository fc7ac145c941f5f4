import FerryKube

/// What one served version of a CRD declares beyond its names: the schema objects
/// are validated and pruned against, the printer columns of `kubectl get`, the
/// scale subresource's paths. Shared by every copy of its ``ResourceType``.
public final class CustomResourceVersion: Sendable {
    /// The CRD's name, `widgets.example.com`.
    public let definitionName: String
    /// The parsed `schema.openAPIV3Schema`, for validation, pruning and OpenAPI documents.
    public let schema: StructuralSchema?
    public let printerColumns: [PrinterColumn]
    /// `subresources.scale`'s JSON paths, without the leading dot split into names.
    public let scale: ScalePaths?
    /// Whether this version is the one objects are stored in.
    public let isStorage: Bool
    /// Whether the CRD is being deleted: its objects are still served, but none is created.
    public let isTerminating: Bool
    /// List types server-side apply uses for this kind (see ``StructuralSchema/listTypes(at:)``).
    let listTypes: [[String]: ListType]

    public struct PrinterColumn: Sendable {
        public var name: String
        public var type: String
        public var format: String
        public var description: String
        public var priority: Int
        /// The `jsonPath`'s field names (`.spec.size` → `["spec", "size"]`).
        public var path: [String]
    }

    public struct ScalePaths: Sendable {
        public var specReplicas: [String]
        public var statusReplicas: [String]
        public var labelSelector: [String]?
    }

    init(definitionName: String, version: JSONValue, isStorage: Bool, isTerminating: Bool) {
        self.definitionName = definitionName
        self.isStorage = isStorage
        self.isTerminating = isTerminating
        schema = version[path: ["schema", "openAPIV3Schema"]].map(StructuralSchema.init)
        listTypes = schema?.listTypes() ?? [:]
        printerColumns = (version["additionalPrinterColumns"]?.array ?? []).compactMap { column in
            guard let name = column["name"]?.string, let jsonPath = column["jsonPath"]?.string else { return nil }
            return PrinterColumn(
                name: name, type: column["type"]?.string ?? "string", format: column["format"]?.string ?? "",
                description: column["description"]?.string ?? "", priority: Int(column["priority"]?.int ?? 0),
                path: Self.fieldNames(jsonPath))
        }
        if let scale = version[path: ["subresources", "scale"]]?.object,
           let spec = scale["specReplicasPath"]?.string, let status = scale["statusReplicasPath"]?.string {
            self.scale = ScalePaths(specReplicas: Self.fieldNames(spec), statusReplicas: Self.fieldNames(status),
                                    labelSelector: scale["labelSelectorPath"]?.string.map(Self.fieldNames))
        } else {
            scale = nil
        }
    }

    /// The field names of a simple JSON path: `.spec.size` or `{.spec.size}`.
    static func fieldNames(_ jsonPath: String) -> [String] {
        var text = Substring(jsonPath)
        if text.hasPrefix("{"), text.hasSuffix("}") { text = text.dropFirst().dropLast() }
        return text.split(separator: ".").map(String.init)
    }
}
