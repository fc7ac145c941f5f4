import FerryKube

/// One field of a keyed list element's key: `name="nginx"`.
public struct KeyField: Sendable, Hashable {
    /// The key field's name, e.g. `name` or `containerPort`.
    public var name: String
    /// The element's value for it.
    public var value: JSONValue

    /// Creates a key field.
    public init(name: String, value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// One step of a field path, as structured-merge-diff names them.
public enum FieldPathElement: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A member of an object: `.image`.
    case field(String)
    /// The element of a keyed list whose key fields have these values, sorted by name:
    /// `[name="nginx"]`.
    case key([KeyField])
    /// The element of a primitive set list with this value: `[="example.com/finalizer"]`.
    case value(JSONValue)
    /// An element by position, for lists without keys; read from fieldsV1, never produced.
    case index(Int)

    /// The element of a keyed list, its key fields sorted by name as upstream keeps them.
    public static func key(_ fields: [String: JSONValue]) -> FieldPathElement {
        .key(fields.sorted { $0.key < $1.key }.map { KeyField(name: $0.key, value: $0.value) })
    }

    /// The form conflict messages print: `.image`, `[name="nginx"]`, `[="x"]`, `[0]`.
    public var description: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let fields): return "[" + fields.map { "\($0.name)=\($0.value.jsonText)" }.joined(separator: ",") + "]"
        case .value(let value): return "[=\(value.jsonText)]"
        case .index(let index): return "[\(index)]"
        }
    }

    /// Upstream's order: field names, then keys, then values, then indices; within a
    /// kind by content. Serialised values stand in for structured-merge-diff's value order.
    public static func < (lhs: FieldPathElement, rhs: FieldPathElement) -> Bool {
        switch (lhs, rhs) {
        case (.field(let left), .field(let right)): return left < right
        case (.key(let left), .key(let right)):
            for (l, r) in zip(left, right) where l != r {
                if l.name != r.name { return l.name < r.name }
                return l.value.jsonText < r.value.jsonText
            }
            return left.count < right.count
        case (.value(let left), .value(let right)): return left.jsonText < right.jsonText
        case (.index(let left), .index(let right)): return left < right
        default: return lhs.rank < rhs.rank
        }
    }

    private var rank: Int {
        switch self {
        case .field: 0
        case .key: 1
        case .value: 2
        case .index: 3
        }
    }
}

/// A path to one field, e.g. `.spec.template.spec.containers[name="nginx"].image`.
public struct FieldPath: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The steps from the object root.
    public var elements: [FieldPathElement]

    /// Creates a path from its elements.
    public init(_ elements: [FieldPathElement]) { self.elements = elements }

    /// A path written as a list of steps.
    public init(arrayLiteral elements: FieldPathElement...) { self.elements = elements }

    /// A path made only of field names: `FieldPath(fields: "spec", "replicas")`.
    public init(fields names: String...) { elements = names.map(FieldPathElement.field) }

    /// The path as conflict messages and Status causes print it.
    public var description: String { elements.map(\.description).joined() }

    /// Step by step in ``FieldPathElement`` order, a prefix first.
    public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool {
        lhs.elements.lexicographicallyPrecedes(rhs.elements)
    }

    /// The path one element further down.
    public func appending(_ element: FieldPathElement) -> FieldPath { FieldPath(elements + [element]) }
}

/// A set of field paths: what one manager owns, or what changed between two objects.
///
/// Kept as a tree, like structured-merge-diff's `fieldpath.Set`: `members` are the paths
/// that end here (owned leaves, keyed list elements, set values), `children` the subtrees
/// below a step. A step can be both: a keyed list element is owned itself and has owned
/// fields. Empty subtrees are never stored, so equal sets compare equal.
public struct FieldSet: Sendable, Hashable, CustomStringConvertible {
    /// The steps that are paths of the set by themselves.
    public internal(set) var members: Set<FieldPathElement>
    /// The non-empty subsets below each step.
    public internal(set) var children: [FieldPathElement: FieldSet]

    /// The empty set.
    public init() {
        members = []
        children = [:]
    }

    /// The set of these paths.
    public init(_ paths: some Sequence<FieldPath>) {
        self.init()
        for path in paths { insert(path) }
    }

    /// Adds `subset` below `step`, merged with what is there; an empty subset adds nothing,
    /// so builders that work a level at a time keep the no-empty-subtree rule.
    mutating func add(_ subset: FieldSet, below step: FieldPathElement) {
        guard !subset.isEmpty else { return }
        if let existing = children[step] {
            children[step] = existing.union(subset)
        } else {
            children[step] = subset
        }
    }

    /// Whether the set holds no path.
    public var isEmpty: Bool { members.isEmpty && children.isEmpty }

    /// The number of paths.
    public var count: Int { children.values.reduce(members.count) { $0 + $1.count } }

    /// Adds a path; the empty path (the whole object) is never owned and is ignored.
    public mutating func insert(_ path: FieldPath) {
        insert(path.elements[...])
    }

    private mutating func insert(_ elements: ArraySlice<FieldPathElement>) {
        guard let first = elements.first else { return }
        if elements.count == 1 {
            members.insert(first)
        } else {
            children[first, default: FieldSet()].insert(elements.dropFirst())
        }
    }

    /// Whether the path itself is in the set.
    public func contains(_ path: FieldPath) -> Bool {
        var node = self
        for (offset, element) in path.elements.enumerated() {
            if offset == path.elements.count - 1 { return node.members.contains(element) }
            guard let child = node.children[element] else { return false }
            node = child
        }
        return false
    }

    /// Whether the path or any path below it is in the set.
    public func containsAnything(at path: FieldPath) -> Bool {
        var node = self
        for (offset, element) in path.elements.enumerated() {
            if offset == path.elements.count - 1 {
                return node.members.contains(element) || node.children[element] != nil
            }
            guard let child = node.children[element] else { return false }
            node = child
        }
        return !isEmpty
    }

    /// The paths in either set.
    public func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.members.formUnion(other.members)
        for (element, subset) in other.children {
            result.children[element] = result.children[element]?.union(subset) ?? subset
        }
        return result
    }

    /// The paths in both sets.
    public func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.intersection(other.members)
        for (element, subset) in children {
            guard let counterpart = other.children[element] else { continue }
            let common = subset.intersection(counterpart)
            if !common.isEmpty { result.children[element] = common }
        }
        return result
    }

    /// The paths of this set that are not in `other`. Only exact paths are removed:
    /// removing a parent does not remove what is below it.
    public func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(other.members)
        for (element, subset) in children {
            let remaining = other.children[element].map { subset.subtracting($0) } ?? subset
            if !remaining.isEmpty { result.children[element] = remaining }
        }
        return result
    }

    /// Every path, in upstream's iteration order: a level's members (sorted) before the
    /// subtrees below it (sorted by step). Conflict messages list paths in this order.
    public var paths: [FieldPath] {
        var result: [FieldPath] = []
        collect(prefix: [], into: &result)
        return result
    }

    private func collect(prefix: [FieldPathElement], into result: inout [FieldPath]) {
        for member in members.sorted() { result.append(FieldPath(prefix + [member])) }
        for (element, subset) in children.sorted(by: { $0.key < $1.key }) {
            subset.collect(prefix: prefix + [element], into: &result)
        }
    }

    /// One path per line.
    public var description: String { paths.map(\.description).joined(separator: "\n") }
}
