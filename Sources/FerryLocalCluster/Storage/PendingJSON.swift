import FerryKube

/// An object's JSON encoded before its resourceVersion is known, with the place its
/// version goes: the store encodes a write outside its commit lock and only splices
/// the version's digits in under it.
///
/// The object is encoded with `metadata.resourceVersion` set to the empty string; the
/// digits go between that value's quotes. Digits need no escaping and the keys stay
/// in the same order, so the result is the bytes ``JSONValue/serialized()`` gives for
/// the object carrying that version.
struct PendingJSON {
    /// The compact JSON, its resourceVersion "".
    let bytes: [UInt8]
    /// The index just after the opening quote of that empty string; nil when it was not
    /// found (not an object, or no such member), and the object is encoded again instead.
    let slot: Int?

    /// Encodes `object`, whose `metadata.resourceVersion` must be "", copying what it
    /// shares with the `earlier` version it replaces from that version's JSON.
    init(encoding object: JSONValue, earlier: ObjectStore.StoredObject? = nil) {
        let encoded = object.serialized(reusing: earlier.map { ($0.object, $0.json) }, markingResourceVersion: true)
        bytes = encoded.bytes
        // The writer marks the place as it writes it; failing that (metadata copied whole
        // from the earlier JSON), the text is searched.
        slot = encoded.resourceVersionSlot ?? Self.slot(in: bytes)
    }

    /// The JSON with `digits` as the resourceVersion; nil when there is no slot.
    func filled(with digits: String) -> [UInt8]? {
        guard let slot else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + digits.utf8.count)
        output.append(contentsOf: bytes[..<slot])
        output.append(contentsOf: digits.utf8)
        output.append(contentsOf: bytes[slot...])
        return output
    }

    /// Where the digits of `metadata.resourceVersion` go in compact JSON whose top level
    /// is an object: the index after the opening quote of that member's value, which
    /// must be "". Walks the top level and `metadata` member by member, skipping every
    /// other value whole (strings with their escapes, nested containers), so an equal
    /// key or text elsewhere in the object is never taken for it.
    static func slot(in json: [UInt8]) -> Int? {
        json.withUnsafeBufferPointer { bytes -> Int? in
            var scanner = Scanner(bytes: bytes)
            guard scanner.take(UInt8(ascii: "{")) else { return nil }
            while let key = scanner.key() {
                if key == .metadata {
                    guard scanner.take(UInt8(ascii: "{")) else { return nil }
                    while let field = scanner.key() {
                        if field == .resourceVersion {
                            let start = scanner.index
                            guard scanner.take(UInt8(ascii: "\"")), scanner.take(UInt8(ascii: "\"")) else { return nil }
                            return start + 1
                        }
                        guard scanner.skipValue() else { return nil }
                        _ = scanner.take(UInt8(ascii: ","))
                    }
                    return nil
                }
                guard scanner.skipValue() else { return nil }
                _ = scanner.take(UInt8(ascii: ","))
            }
            return nil
        }
    }

    private enum Key { case metadata, resourceVersion, other }

    /// Reads member keys over the shared scanner, telling the two keys sought from the rest.
    private struct Scanner {
        private var json: CompactJSONScanner
        var index: Int { json.index }

        private static let metadata = Array("\"metadata\"".utf8)
        private static let resourceVersion = Array("\"resourceVersion\"".utf8)

        init(bytes: UnsafeBufferPointer<UInt8>) { json = CompactJSONScanner(bytes) }

        mutating func take(_ byte: UInt8) -> Bool { json.take(byte) }

        mutating func skipValue() -> Bool { json.skipValue() }

        /// The next member's key and its colon; nil at the object's end (or malformed input).
        mutating func key() -> Key? {
            let start = json.index
            guard start < json.bytes.count, json.bytes[start] == UInt8(ascii: "\""), json.skipString(),
                  json.take(UInt8(ascii: ":")) else { return nil }
            let quoted = UnsafeBufferPointer(rebasing: json.bytes[start..<(json.index - 1)])
            if quoted.elementsEqual(Self.metadata) { return .metadata }
            if quoted.elementsEqual(Self.resourceVersion) { return .resourceVersion }
            return .other
        }
    }
}
