import FerryKube

extension JSONValue {
    /// Runs `body` on this object's members in place; does nothing unless this is an
    /// object. Unlike assigning through `self[key]` or `self[path:]`, which copy the
    /// dictionary they change (the enum still holds it), this changes a uniquely held
    /// one: what the store does to every object it writes.
    mutating func updateMembers(_ body: (inout [String: JSONValue]) -> Void) {
        guard case .object(var members) = self else { return }
        self = .null
        body(&members)
        self = .object(members)
    }

    /// Runs `body` on the members of this object's `metadata` in place, making it an
    /// empty object first when it is absent or not an object; does nothing unless this
    /// is an object.
    mutating func updateMetadata(_ body: (inout [String: JSONValue]) -> Void) {
        updateMembers { members in
            var metadata = members.removeValue(forKey: "metadata") ?? .object([:])
            if metadata.object == nil { metadata = .object([:]) }
            metadata.updateMembers(body)
            members["metadata"] = metadata
        }
    }
}
