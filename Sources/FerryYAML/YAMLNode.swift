/// A position in YAML source text: 1-based line and column (columns count characters,
/// i.e. Unicode scalars, as libyaml does; a tab is one column).
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in characters.
    public var column: Int

    /// A position at `line` and `column`, both 1-based.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Source order: by line, then column.
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
    /// What a node holds: a resolved scalar or a collection.
    public enum Value: Sendable, Hashable {
        /// `null`, `~`, or nothing at all.
        case null
        /// A boolean (YAML 1.1 spellings: `true`, `yes`, `on`, `y`, …).
        case bool(Bool)
        /// An integer that fits 64 bits signed.
        case int(Int64)
        /// A float, including integers beyond `Int64` (see ``YAMLResolver``).
        case float(Double)
        /// A string.
        case string(String)
        /// A list.
        case sequence([YAMLNode])
        /// A mapping, in document order, keys unique.
        case mapping([Entry])
    }

    /// A key and its value in a mapping.
    public struct Entry: Sendable, Hashable {
        /// The key, a scalar.
        public var key: YAMLNode
        /// The value.
        public var value: YAMLNode

        /// An entry mapping `key` to `value`.
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The node's value.
    public var value: Value
    /// Where the node starts in its source (for an expanded alias: where the alias is).
    public var mark: YAMLMark

    /// A node holding `value`, written at `mark` (0:0 for a node made in code).
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

    /// Whether this is the null value.
    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The key as JSON sees it: Kubernetes turns non-string keys into strings.
    ///
    /// This follows sigs.k8s.io/yaml: integers in decimal, booleans as `true`/`false`,
    /// floats as Go's `FormatFloat(f, 'g', -1, 32)` (so `1e6` becomes `1e+06`), null
    /// as `null`. Collections cannot be keys; they read as "".
    public var keyString: String {
        switch value {
        case .string(let text): return text
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .float(let number): return YAMLNode.formatFloatKey(number)
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
