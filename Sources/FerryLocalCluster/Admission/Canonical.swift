import FerryKube

/// Rewrites values the API server stores in a canonical form.
enum Canonical {
    /// Resource quantities in every container of the object's pod spec: `cpu: 2000m`
    /// is stored as `"2"`, `memory: 1024Mi` as `"1Gi"`. Numbers become strings.
    static func quantities(in object: inout JSONValue, key: StoreKey) throws(APIError) {
        guard let podSpecPath = PodSpecPath.of(key.resource) else { return }
        guard let podSpec = object[path: podSpecPath] else { return }
        // Read first, change after: most objects are already canonical and are left as
        // they are, and an invalid quantity throws before anything is changed.
        var changes: [(list: String, index: Int, section: String, name: String, quantity: JSONValue)] = []
        for list in ["containers", "initContainers"] {
            guard let containers = podSpec[list]?.array else { continue }
            for index in containers.indices {
                for section in ["requests", "limits"] {
                    guard let values = containers[index][path: ["resources", section]]?.object else { continue }
                    for (name, value) in values {
                        guard let quantity = canonicalQuantity(value) else {
                            let field = (podSpecPath + ["\(list)[\(index)]", "resources", section, name]).joined(separator: ".")
                            throw APIError.invalid(key.resource, name: key.name, causes: [
                                (field, "Invalid value: \(value.jsonText): quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
                            ])
                        }
                        if quantity != value { changes.append((list, index, section, name, quantity)) }
                    }
                }
            }
        }
        guard !changes.isEmpty else { return }
        object.update(at: podSpecPath[...]) { podSpec in
            podSpec.updateMembers { members in
                for change in changes {
                    members[change.list]?.updateItems { containers in
                        containers[change.index].update(at: ["resources", change.section]) { values in
                            values.updateMembers { $0[change.name] = change.quantity }
                        }
                    }
                }
            }
        }
    }

    /// The canonical string of a quantity, or nil when the value is not one.
    static func canonicalQuantity(_ value: JSONValue) -> JSONValue? {
        let text: String
        switch value {
        case .string(let string):
            if Quantity.isCanonicalSpelling(string) { return value }
            text = string
        case .int(let number): text = String(number)
        case .double(let number): text = JSONValue.double(number).jsonText
        default: return nil
        }
        return Quantity(text).map { .string($0.description) }
    }
}

/// Where a resource keeps its pod spec.
enum PodSpecPath {
    static func of(_ resource: ResourceType) -> [String]? {
        switch (resource.group, resource.kind) {
        case ("", "Pod"): return ["spec"]
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"):
            return ["spec", "template", "spec"]
        default: return nil
        }
    }
}
