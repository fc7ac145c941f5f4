/// A position in YAML source text: 1-based line and column (columns count characters).
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: YAMLMark, b: YAMLMark) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// `line:column`, to follow a file name.
    public var description: String { "\(line):\(column)" }
}

/// One value of a YAML document, with the place it was written.
///
/// Scalars are already resolved (see ``YAMLResolver`` for the rules); aliases are
/// expanded and merge keys applied, so a tree is plain data. Mapping entries keep
/// document order and their keys are unique.
public struct YAMLNode: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case null
        case bool(Bool)
        case int(Int64)
        case float(Double)
        case string(String)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    /// A key and its value in a mapping.
    public struct Entry: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    public var value: Value
    public var mark: YAMLMark

    public init(_ value: Value, mark: YAMLMark = YAMLMark(line: 0, column: 0)) {
        self.value = value
        self.mark = mark
    }
}

extension YAMLNode {
    /// The entries of a mapping; nil for any other value.
    public var entries: [Entry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    /// The items of a sequence; nil for any other value.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The text of a string scalar; nil for any other value.
    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The value of an integer scalar; nil for any other value.
    public var int: Int64? {
        if case .int(let number) = value { return number }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The key as JSON sees it: Kubernetes turns non-string keys into strings.
    public var keyString: String {
        switch value {
        case .string(let text): return text
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return YAMLNode.formatFloat(number)
        case .sequence, .mapping: return ""
        }
    }

    /// The entry of a mapping whose key reads `key`.
    public func entry(_ key: String) -> Entry? {
        entries?.first { $0.key.keyString == key }
    }

    /// The value under `key` in a mapping; nil when absent or when this is not a mapping.
    public subscript(key: String) -> YAMLNode? {
        entry(key)?.value
    }

    /// The value at a path of mapping keys, e.g. `["spec", "template", "metadata"]`.
    public subscript(path path: [String]) -> YAMLNode? {
        var node: YAMLNode? = self
        for key in path { node = node?[key] }
        return node
    }

    /// A short name for the kind of value, for messages ("a mapping", "a string").
    public var kindDescription: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
