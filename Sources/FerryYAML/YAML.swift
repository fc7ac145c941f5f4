/// Reading and writing YAML the way Kubernetes reads it.
///
/// ```swift
/// let documents = try YAML.parse(bytes)            // [YAMLDocument], values resolved
/// let yaml = YAML.emitStream(documents.map(\.root)) // block style, keys sorted
/// let json = YAML.json(documents[0].root)           // what the API server receives
/// ```
public enum YAML {
    /// The documents of a YAML stream, with every value resolved (see ``YAMLResolver``),
    /// aliases expanded and merge keys applied.
    ///
    /// Input in UTF-8, or UTF-16 with a byte order mark; a UTF-8 byte order mark is
    /// skipped. Throws ``YAMLError`` for malformed YAML (with libyaml's explanation),
    /// invalid UTF-8, tabs in indentation, duplicate keys (compared as JSON keys),
    /// undefined aliases, mappings or lists used as keys, values a tag does not allow,
    /// and anything beyond `limits`: input size (checked before parsing), nesting
    /// depth, alias expansion.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .default) throws -> [YAMLDocument] {
        try bytes.withUnsafeBufferPointer { try YAMLParser.parse($0, limits: limits) }
    }

    /// The documents of a YAML stream held in a string; see `parse`.
    public static func parse(_ text: String, limits: YAMLLimits = .default) throws -> [YAMLDocument] {
        // Checked here too, so an oversized string is not made contiguous first.
        if text.utf8.count > limits.maxInputBytes { throw YAMLParser.sizeError(text.utf8.count, limits) }
        var text = text
        return try text.withUTF8 { try YAMLParser.parse($0, limits: limits) }
    }

    /// One document in block style, for people and diffs: keys sorted by their bytes,
    /// lists of mappings as `- key: value`, strings quoted only when they would read
    /// back as something else, multi-line strings as `|` blocks. Ends with a newline.
    ///
    /// Numbers are written in JSON's form (``YAMLNode/formatFloat(_:)``), with `.0` added
    /// to an integral float so it stays a float (`3.0`, but `1e+21`); NaN and infinities
    /// as `.nan`, `.inf` and `-.inf`; null as `null`. `parse(emit(node))` gives back the
    /// node's values (marks aside), with mapping entries in the emitted (sorted) order.
    public static func emit(_ node: YAMLNode) -> String {
        var writer = YAMLWriter()
        writer.document(node)
        return writer.text
    }

    /// Several documents, each as ``emit(_:)`` writes it, separated by `---` lines.
    public static func emitStream(_ nodes: [YAMLNode]) -> String {
        var writer = YAMLWriter()
        for (index, node) in nodes.enumerated() {
            if index > 0 { writer.separator() }
            writer.document(node)
        }
        return writer.text
    }

    /// A value as JSON: compact, or indented by two spaces when `pretty` (as Go's
    /// `json.MarshalIndent(v, "", "  ")`), object keys sorted by their bytes.
    ///
    /// Keys that are not strings become their ``YAMLNode/keyString``, as sigs.k8s.io/yaml
    /// does; floats are formatted as Go's `encoding/json` does (``YAMLNode/formatFloat(_:)``).
    /// JSON has no NaN or infinity: they are written as the strings `".nan"`, `".inf"`,
    /// `"-.inf"`; call ``validateJSONCompatible(_:)`` first to reject them as Kubernetes would.
    public static func json(_ node: YAMLNode, pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.value(node, depth: 0)
        return writer.text
    }

    /// Throws what sigs.k8s.io/yaml would fail on when turning the value into JSON, with
    /// the position: NaN or an infinity anywhere, or a null mapping key.
    ///
    /// `parse` accepts both, as YAML allows them; Kubernetes
    /// rejects the manifest later, when it converts it to JSON.
    public static func validateJSONCompatible(_ node: YAMLNode) throws {
        // Depth-first with an explicit stack: the tree may come from anywhere.
        var pending = [node]
        while let next = pending.popLast() {
            switch next.value {
            case .float(let number) where !number.isFinite:
                throw YAMLError(
                    mark: next.mark,
                    message: "\(YAMLNode.formatFloat(number)) at \(next.mark) cannot be represented in JSON")
            case .sequence(let items):
                pending.append(contentsOf: items.reversed())
            case .mapping(let entries):
                for entry in entries.reversed() {
                    if entry.key.isNull {
                        throw YAMLError(
                            mark: entry.key.mark,
                            message: "null mapping key at \(entry.key.mark) cannot be converted to a JSON key")
                    }
                    pending.append(entry.value)
                    pending.append(entry.key)
                }
            default:
                break
            }
        }
    }
}
