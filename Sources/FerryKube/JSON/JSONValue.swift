/// A JSON value: how Kubernetes objects travel over the API.
///
/// Integers that fit 64 bits stay integers, so that `replicas: 3` is never `3.0`.
/// Objects are unordered; ``JSONValue/serialized()`` writes keys sorted, so output is stable.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    public var object: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var int: Int64? {
        switch self {
        case .int(let number): return number
        case .double(let number) where number.rounded() == number && abs(number) < 9.0e18: return Int64(number)
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// Whether this is an object or array with nothing in it (a scalar is never "empty").
    public var isEmptyContainer: Bool {
        switch self {
        case .object(let members): members.isEmpty
        case .array(let items): items.isEmpty
        default: false
        }
    }

    /// The member `key` of an object; nil when absent or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        get { object?[key] }
        set {
            guard case .object(var members) = self else { return }
            self = .null  // the members' only owner now: setting one copies nothing
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The value at a path of object keys.
    public subscript(path path: [String]) -> JSONValue? {
        get {
            var node: JSONValue? = self
            for key in path { node = node?[key] }
            return node
        }
        set {
            guard let first = path.first else {
                if let newValue { self = newValue }
                return
            }
            guard case .object(var members) = self else { return }
            self = .null  // as above: each level is changed where it is, not copied
            if path.count == 1 {
                members[first] = newValue
            } else {
                Self.set(&members[first, default: .object([:])], at: Array(path.dropFirst()), to: newValue)
            }
            self = .object(members)
        }
    }

    /// `value[path: path] = newValue`, making `value` an object first when it is not one.
    private static func set(_ value: inout JSONValue, at path: [String], to newValue: JSONValue?) {
        if value.object == nil { value = .object([:]) }
        value[path: path] = newValue
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
