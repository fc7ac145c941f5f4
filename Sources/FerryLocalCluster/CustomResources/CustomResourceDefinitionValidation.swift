import FerryKube

/// The checks `ValidateCustomResourceDefinition` makes that a manifest most often
/// fails, with its messages; and `SetDefaults_CustomResourceDefinition`.
enum CustomResourceDefinitionValidation {
    static func defaults(_ object: inout JSONValue) {
        Defaults.setIfAbsent(&object, ["spec", "conversion", "strategy"], "None")
        if let kind = object[path: ["spec", "names", "kind"]]?.string, !kind.isEmpty {
            Defaults.setIfAbsent(&object, ["spec", "names", "singular"], .string(kind.lowercased()))
            Defaults.setIfAbsent(&object, ["spec", "names", "listKind"], .string(kind + "List"))
        }
        if var versions = object[path: ["spec", "versions"]]?.array {
            for index in versions.indices where versions[index].object != nil {
                if var columns = versions[index]["additionalPrinterColumns"]?.array {
                    for column in columns.indices { Defaults.setIfAbsent(&columns[column], ["priority"], 0) }
                    versions[index]["additionalPrinterColumns"] = .array(columns)
                }
            }
            object[path: ["spec", "versions"]] = .array(versions)
        }
    }

    static func validate(_ object: JSONValue, key: StoreKey) throws(APIError) {
        let errors = problems(object, name: key.name)
        guard !errors.isEmpty else { return }
        throw CustomResourceErrors.invalid(ResourceCatalog.customResourceDefinitions, name: key.name, errors)
    }

    static func problems(_ object: JSONValue, name: String) -> [SchemaError] {
        var errors: [SchemaError] = []
        let spec = object["spec"] ?? [:]
        let group = spec["group"]?.string ?? ""
        let plural = spec[path: ["names", "plural"]]?.string ?? ""
        if name != "\(plural).\(group)" {
            errors.append(.invalid("metadata.name", .string(name), #"must be spec.names.plural+"."+spec.group"#))
        }
        if group.isEmpty {
            errors.append(.required("spec.group"))
        } else if !group.contains(".") {
            errors.append(.invalid("spec.group", .string(group), "should be a domain with at least one dot"))
        }
        switch spec["scope"]?.string {
        case nil, ""?: errors.append(.required("spec.scope"))
        case "Namespaced"?, "Cluster"?: break
        case let scope?: errors.append(.notSupported("spec.scope", .string(scope), ["Cluster", "Namespaced"]))
        }
        if plural.isEmpty { errors.append(.required("spec.names.plural")) }
        if (spec[path: ["names", "kind"]]?.string ?? "").isEmpty { errors.append(.required("spec.names.kind")) }
        errors += versionProblems(spec["versions"]?.array ?? [])
        return errors
    }

    private static func versionProblems(_ versions: [JSONValue]) -> [SchemaError] {
        guard !versions.isEmpty else { return [.required("spec.versions", "must have exactly one version marked as storage version")] }
        var errors: [SchemaError] = []
        let value = JSONValue.array(versions)
        if versions.filter({ $0["storage"]?.bool == true }).count != 1 {
            errors.append(.invalid("spec.versions", value, "must have exactly one version marked as storage version"))
        }
        if !versions.contains(where: { $0["served"]?.bool == true }) {
            errors.append(.invalid("spec.versions", value, "must have at least one version marked as served"))
        }
        var seen: Set<String> = []
        for (index, version) in versions.enumerated() {
            let field = "spec.versions[\(index)]"
            let name = version["name"]?.string ?? ""
            if name.isEmpty {
                errors.append(.required("\(field).name"))
            } else if !seen.insert(name).inserted {
                errors.append(SchemaError(field: "\(field).name", reason: "FieldValueDuplicate",
                                          message: "Duplicate value: \(JSONValue.string(name).jsonText)"))
            }
            if version["served"]?.bool == nil { errors.append(.required("\(field).served")) }
            if version["storage"]?.bool == nil { errors.append(.required("\(field).storage")) }
            guard let schema = version[path: ["schema", "openAPIV3Schema"]], schema.object != nil else {
                errors.append(.required("\(field).schema.openAPIV3Schema", "schemas are required"))
                continue
            }
            switch schema["type"]?.string {
            case "object"?: break
            case nil: errors.append(.required("\(field).schema.openAPIV3Schema.type", "must not be empty at the root"))
            case let type?: errors.append(.invalid("\(field).schema.openAPIV3Schema.type", .string(type), "must be object at the root"))
            }
        }
        return errors
    }
}
