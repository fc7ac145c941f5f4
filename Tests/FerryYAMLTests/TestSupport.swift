import FerryYAML
import Testing

/// Shorthands for building expected trees (marks are not compared by `sameValue`).
func str(_ text: String) -> YAMLNode { YAMLNode(.string(text)) }
func int(_ number: Int64) -> YAMLNode { YAMLNode(.int(number)) }
func float(_ number: Double) -> YAMLNode { YAMLNode(.float(number)) }
func bool(_ flag: Bool) -> YAMLNode { YAMLNode(.bool(flag)) }
let null = YAMLNode(.null)
func seq(_ items: YAMLNode...) -> YAMLNode { YAMLNode(.sequence(items)) }
func map(_ pairs: (String, YAMLNode)...) -> YAMLNode {
    YAMLNode(.mapping(pairs.map { YAMLNode.Entry(key: str($0.0), value: $0.1) }))
}

/// The root of the only document of `text`.
func root(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> YAMLNode {
    let documents = try YAML.parse(text)
    try #require(documents.count == 1, "expected one document, got \(documents.count)", sourceLocation: sourceLocation)
    return documents[0].root
}

/// The error parsing `bytes` throws; nil when it parses.
func parseError(_ bytes: [UInt8], limits: YAMLLimits = .default) -> YAMLError? {
    do {
        _ = try YAML.parse(bytes, limits: limits)
        return nil
    } catch let error as YAMLError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

func parseError(_ text: String, limits: YAMLLimits = .default) -> YAMLError? {
    parseError(Array(text.utf8), limits: limits)
}

/// Equality of values, ignoring marks; floats compare by bits (so -0.0 differs from
/// 0.0) except that NaN equals NaN.
func sameValue(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
    switch (a.value, b.value) {
    case (.float(let x), .float(let y)):
        return (x.isNaN && y.isNaN) || x.bitPattern == y.bitPattern
    case (.sequence(let xs), .sequence(let ys)):
        return xs.count == ys.count && zip(xs, ys).allSatisfy { sameValue($0, $1) }
    case (.mapping(let xs), .mapping(let ys)):
        return xs.count == ys.count
            && zip(xs, ys).allSatisfy { sameValue($0.key, $1.key) && sameValue($0.value, $1.value) }
    default:
        return a.value == b.value
    }
}

/// A value in one line, for failure messages.
func show(_ node: YAMLNode) -> String {
    switch node.value {
    case .float(let number): return "float(\(number))"
    case .int(let number): return "int(\(number))"
    case .bool(let flag): return "bool(\(flag))"
    default: return YAML.json(node)
    }
}

/// The node with every mapping's entries sorted by key bytes, as the emitters write them.
func canonical(_ node: YAMLNode) -> YAMLNode {
    switch node.value {
    case .sequence(let items):
        return YAMLNode(.sequence(items.map(canonical)), mark: node.mark)
    case .mapping(let entries):
        let sorted = entries
            .map { YAMLNode.Entry(key: $0.key, value: canonical($0.value)) }
            .enumerated()
            .sorted { a, b in
                let (x, y) = (a.element.key.keyString.utf8, b.element.key.keyString.utf8)
                return x.elementsEqual(y) ? a.offset < b.offset : x.lexicographicallyPrecedes(y)
            }
            .map(\.element)
        return YAMLNode(.mapping(sorted), mark: node.mark)
    default:
        return node
    }
}
