import FerryYAML

/// Collects the problems of one object, each pinned to the node it is about.
struct Findings {
    let manifest: Manifest
    private(set) var problems: [ManifestProblem] = []

    init(_ manifest: Manifest) { self.manifest = manifest }

    mutating func add(_ message: String, at node: YAMLNode?) {
        let location = node.map { SourceLocation(file: manifest.source.file, mark: $0.mark) } ?? manifest.source
        problems.append(ManifestProblem(message, at: location, object: manifest.identity))
    }

    /// The mapping at `node`, or a problem saying `field` must be one.
    mutating func mapping(_ node: YAMLNode?, _ field: String) -> [YAMLNode.Entry]? {
        guard let node, !node.isNull else { return nil }
        guard let entries = node.entries else {
            add("\(field) must be a mapping, got \(node.kindDescription)", at: node)
            return nil
        }
        return entries
    }

    /// The list at `node`, or a problem saying `field` must be one.
    mutating func list(_ node: YAMLNode?, _ field: String) -> [YAMLNode]? {
        guard let node, !node.isNull else { return nil }
        guard let items = node.items else {
            add("\(field) must be a list, got \(node.kindDescription)", at: node)
            return nil
        }
        return items
    }

    /// Checks that every value of a mapping is a string: YAML's `version: 1.0` or
    /// `enabled: true` is a number or a boolean, which the API server rejects.
    mutating func stringValues(_ entries: [YAMLNode.Entry], _ field: String) {
        for entry in entries where entry.value.string == nil {
            add("\(field).\(entry.key.keyString) must be a string, got \(entry.value.kindDescription) \(literal(entry.value)); quote it",
                at: entry.value)
        }
    }

    /// The value as the user would have written it, for messages.
    func literal(_ node: YAMLNode) -> String {
        switch node.value {
        case .null: return "(null)"
        case .bool(let flag): return "(\(flag))"
        case .int(let number): return "(\(number))"
        case .float(let number): return "(\(YAML.json(YAMLNode(.float(number)))))"
        case .string(let text): return "\"\(text)\""
        case .sequence, .mapping: return ""
        }
    }
}
