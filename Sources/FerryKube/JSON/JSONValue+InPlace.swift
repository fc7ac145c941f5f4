/// Changes to a value in place. While the enum still holds a dictionary, changing it
/// copies it; these take it out first (`self = .null`), so a uniquely held one changes
/// where it is: what admission's defaulting and the store's stamping do to every object.
extension JSONValue {
    /// Runs `body` on this object's members, changed in place; nil when not an object.
    @discardableResult
    public mutating func updateMembers<R, E: Error>(_ body: (inout [String: JSONValue]) throws(E) -> R) throws(E) -> R? {
        guard case .object(var members) = self else { return nil }
        self = .null  // the members' only owner now, so changing them copies nothing
        defer { self = .object(members) }
        return try body(&members)
    }

    /// Changes the member `key` of an object in place (nil: absent); nothing for other values.
    public mutating func updateMember(_ key: String, _ body: (inout JSONValue?) -> Void) {
        updateMembers { body(&$0[key]) }
    }

    /// Runs `body` on this array's items, changed in place; nil when not an array.
    @discardableResult
    public mutating func updateItems<R, E: Error>(_ body: (inout [JSONValue]) throws(E) -> R) throws(E) -> R? {
        guard case .array(var items) = self else { return nil }
        self = .null
        defer { self = .array(items) }
        return try body(&items)
    }

    /// Runs `body` on the value at `path` (object keys), in place; nothing when a step is
    /// missing or not an object.
    public mutating func update<E: Error>(at path: ArraySlice<String>, _ body: (inout JSONValue) throws(E) -> Void) throws(E) {
        guard let key = path.first else { return try body(&self) }
        try updateMembers { (members: inout [String: JSONValue]) throws(E) in
            guard members[key] != nil else { return }
            try members[key, default: .null].update(at: path.dropFirst(), body)
        }
    }

    /// `self[path: path] = value` when nothing but null is there, as that getter and
    /// setter do it: a missing, null or non-object step on the way becomes an object;
    /// nothing happens when this is not an object.
    public mutating func fillIfAbsent(_ path: ArraySlice<String>, with value: JSONValue) {
        guard let key = path.first else {
            if case .null = self { self = value }
            return
        }
        updateMembers { members in
            let rest = path.dropFirst()
            // One lookup of the key, then changed where it is.
            guard let index = members.index(forKey: key) else {
                members[key] = Self.nested(rest, value)
                return
            }
            switch members.values[index] {
            case .null:
                members.values[index] = Self.nested(rest, value)
            case .object:
                members.values[index].fillIfAbsent(rest, with: value)
            default:
                // A scalar or array where the path goes on: the getter found nothing.
                if !rest.isEmpty { members.values[index] = Self.nested(rest, value) }
            }
        }
    }

    /// Runs `body` on the members of this object's `metadata` in place, making it an
    /// empty object first when it is absent or not an object; does nothing unless this
    /// is an object.
    public mutating func updateMetadata(_ body: (inout [String: JSONValue]) -> Void) {
        updateMembers { members in
            var metadata = members.removeValue(forKey: "metadata") ?? .object([:])
            if metadata.object == nil { metadata = .object([:]) }
            metadata.updateMembers { body(&$0) }
            members["metadata"] = metadata
        }
    }

    private static func nested(_ path: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
        guard let key = path.first else { return value }
        return .object([key: nested(path.dropFirst(), value)])
    }
}
