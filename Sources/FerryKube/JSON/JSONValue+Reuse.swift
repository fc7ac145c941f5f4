extension JSONValue {
    /// ``serialized()`` of a new version of `previous`, whose JSON is `previousJSON`
    /// (`previous.serialized()`): the objects and arrays this value still shares with
    /// `previous`, held in the same storage as an update that changes one part of an
    /// object leaves the rest, are copied from `previousJSON` rather than written again.
    /// The bytes are those ``serialized()`` gives.
    public func serialized(reusing previous: JSONValue, encodedAs previousJSON: [UInt8]) -> [UInt8] {
        serialized(reusing: (previous, previousJSON), markingResourceVersion: false).bytes
    }

    /// ``serialized()``, reusing `earlier` (a version and its JSON) as
    /// ``serialized(reusing:encodedAs:)`` does, and, when `markingResourceVersion`, where
    /// this object's `metadata.resourceVersion`, the empty string, has its quotes: the
    /// offset just after the opening one, where a store splices in the digits. That is nil
    /// when it is not the empty string, or when the whole `metadata` was copied from
    /// `earlier`'s JSON.
    public func serialized(reusing earlier: (object: JSONValue, json: [UInt8])?, markingResourceVersion: Bool)
        -> (bytes: [UInt8], resourceVersionSlot: Int?)
    {
        var writer = JSONByteWriter()
        defer { writer.deallocate() }
        // Only an object has a metadata member (an array's items are not searched).
        if case .object = self { writer.marksResourceVersion = markingResourceVersion }
        if let earlier, case .object(let members) = self, case .object(let earlierMembers) = earlier.object,
           earlier.json.first == UInt8(ascii: "{") {
            earlier.json.withUnsafeBufferPointer { encoded in
                writer.object(members, reusing: PreviousObject(members: earlierMembers, encoded: encoded))
            }
        } else {
            writer.write(self)
        }
        return (writer.bytes(), writer.resourceVersionSlot)
    }

    /// Whether both are objects, or both arrays, held in the same storage: equal without
    /// looking inside. A copy shares its storage until one side changes (copy on write), so
    /// shared storage means equal contents; different storage says nothing either way.
    static func sharesStorage(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return unsafeBitCast(x, to: UInt.self) == unsafeBitCast(y, to: UInt.self)
        case (.array(let x), .array(let y)):
            return unsafeBitCast(x, to: UInt.self) == unsafeBitCast(y, to: UInt.self)
        default:
            return false
        }
    }
}

/// An earlier version of an object being written, with its compact JSON (`{` to `}`).
struct PreviousObject {
    var members: [String: JSONValue]
    var encoded: UnsafeBufferPointer<UInt8>

    /// Walks the earlier JSON's members in order. Both versions write their keys in the
    /// same (byte) order, so the member for each key asked for, in that order, lies ahead.
    struct Cursor {
        private var scanner: CompactJSONScanner

        init(encoded: UnsafeBufferPointer<UInt8>) { scanner = CompactJSONScanner(encoded, at: 1) }

        /// Where the value of member `key` (its UTF-8, unescaped) is, skipping the members
        /// before it; nil when there is no such member, or on text this does not expect.
        /// A key written with an escape never matches, so one that escaping changes is
        /// never taken for another (the value is then written anew).
        mutating func value(forKey key: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
            let encoded = scanner.bytes
            while scanner.index < encoded.count, encoded[scanner.index] == UInt8(ascii: "\"") {
                let memberStart = scanner.index
                let keyStart = memberStart + 1
                guard scanner.skipString() else { return nil }
                let keyEnd = scanner.index - 1
                guard scanner.take(UInt8(ascii: ":")) else { return nil }
                let order = Self.compare(UnsafeBufferPointer(rebasing: encoded[keyStart..<keyEnd]), key)
                if order > 0 {
                    scanner.index = memberStart  // a later member: keep it for a later key
                    return nil
                }
                let valueStart = scanner.index
                guard scanner.skipValue() else { return nil }
                let valueEnd = scanner.index
                _ = scanner.take(UInt8(ascii: ","))
                if order == 0 { return valueStart..<valueEnd }
            }
            return nil
        }

        /// Byte order; an escaped key (one with a backslash) counts as before every key.
        private static func compare(_ written: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Int {
            if written.contains(UInt8(ascii: "\\")) { return -1 }
            for (a, b) in zip(written, key) where a != b { return a < b ? -1 : 1 }
            return written.count == key.count ? 0 : (written.count < key.count ? -1 : 1)
        }
    }
}

extension JSONByteWriter {
    /// Writes `value`, the member `key` of an object whose earlier version is `previous`,
    /// from that version's JSON where it can: whole when the member is held in the same
    /// storage as before, member by member when both versions of it are objects.
    /// Returns false, having written nothing, when it cannot.
    mutating func write(_ value: JSONValue, key: String, reusing previous: PreviousObject,
                        cursor: inout PreviousObject.Cursor) -> Bool {
        // Only an object or array with something in it is worth finding in the earlier JSON.
        switch value {
        case .object, .array: if value.isEmptyContainer { return false }
        default: return false
        }
        guard let earlier = previous.members[key] else { return false }
        var key = key
        guard let range = key.withUTF8({ cursor.value(forKey: $0) }) else { return false }
        let encoded = UnsafeBufferPointer(rebasing: previous.encoded[range])
        if JSONValue.sharesStorage(earlier, value) {
            raw(encoded)
            return true
        }
        if case .object(let members) = value, case .object(let earlierMembers) = earlier,
           encoded.first == UInt8(ascii: "{") {
            object(members, reusing: PreviousObject(members: earlierMembers, encoded: encoded))
            return true
        }
        return false
    }
}
