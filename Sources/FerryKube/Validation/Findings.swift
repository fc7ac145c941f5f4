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
            let key = Excerpt.of(entry.key.keyString)
            switch entry.value.value {
            case .sequence, .mapping:
                // Quoting does not turn a list or a mapping into a string: say what does.
                add("\(field).\(key) must be a string, got \(entry.value.kindDescription); write it as one string (quoted, or a `|` block)",
                    at: entry.value)
            default:
                add("\(field).\(key) must be a string, got \(entry.value.kindDescription) \(literal(entry.value)); quote it",
                    at: entry.value)
            }
        }
    }

    /// The value as the user would have written it, for messages.
    func literal(_ node: YAMLNode) -> String {
        switch node.value {
        case .null: return "(null)"
        case .bool(let flag): return "(\(flag))"
        case .int(let number): return "(\(number))"
        case .float(let number): return "(\(YAML.json(YAMLNode(.float(number)))))"
        case .string(let text): return "\"\(Excerpt.of(text))\""
        case .sequence, .mapping: return ""
        }
    }
}

/// A value as messages quote it: whole when short, else its start and its length, so that a
/// 4 MiB scalar makes a one-line message rather than a 4 MiB one.
enum Excerpt {
    /// The longest value quoted whole: longer than any valid name (253), so a name just over the
    /// limit is still shown in full.
    static let limit = 256

    /// `text`, or its first `limit` characters, `…` and the full length in characters.
    static func of(_ text: String) -> String {
        guard text.utf8.count > limit else { return text }
        let count = text.count
        guard count > limit else { return text }
        return "\(text.prefix(limit))… (\(count) characters)"
    }
}
