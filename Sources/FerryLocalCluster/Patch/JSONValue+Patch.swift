import FerryKube

extension JSONValue {
    /// Deep equality where numbers compare by value, so `1` equals `1.0` (RFC 6902's
    /// rule for `test`, and what a Go server decoding into `float64` sees).
    func isEquivalent(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int(let left), .double(let right)), (.double(let right), .int(let left)):
            return Double(left) == right
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isEquivalent(to: $1) }
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let counterpart = right[key], value.isEquivalent(to: counterpart) else { return false }
            }
            return true
        default:
            return self == other
        }
    }

    /// The JSON type name, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue {
    /// Whether a `null` is anywhere in this value.
    var containsNull: Bool {
        switch self {
        case .null: true
        case .object(let members): members.values.contains { $0.containsNull }
        case .array(let items): items.contains { $0.containsNull }
        default: false
        }
    }
}

extension JSONValue {
    /// Whether two values are the same, down to the sign of a zero: what merging may
    /// keep instead of the applied value without changing a byte (`==` takes `-0.0` for
    /// `0.0`).
    func isIdentical(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.double(let left), .double(let right)): left == right && left.sign == right.sign
        case (.array(let left), .array(let right)):
            left.count == right.count && zip(left, right).allSatisfy { $0.isIdentical(to: $1) }
        case (.object(let left), .object(let right)):
            left.count == right.count && left.allSatisfy { key, value in right[key].map(value.isIdentical(to:)) == true }
        default: self == other
        }
    }
}
