import FerryKube

/// The `fieldsV1` encoding of managed fields: a tree of objects whose keys are path steps
/// (`f:<name>`, `k:<key JSON>`, `v:<value JSON>`, `i:<index>`); an empty object marks a
/// path of the set, and `"."` marks a step that is a path itself and also has children:
/// `{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{}}}}}`.
extension FieldSet {
    /// Reads a `fieldsV1` tree. Steps with an unknown prefix are skipped, as upstream
    /// skips what a newer version may have written; malformed steps are an error.
    public init(fieldsV1 json: JSONValue) throws(PatchError) {
        guard case .object(let members) = json else {
            throw .badRequest("fieldsV1 must be an object, not \(json.typeName)")
        }
        self = try Self.read(members)
    }

    /// The set a `fieldsV1` level describes, built a level at a time. Two keys that name
    /// the same step (`k:{"a":1}` and `k:{ "a": 1 }`) merge.
    private static func read(_ members: [String: JSONValue]) throws(PatchError) -> FieldSet {
        var set = FieldSet()
        for (key, value) in members where key != "." {
            guard let element = try FieldPathElement(fieldsV1Key: key) else { continue }
            guard case .object(let grandchildren) = value else {
                throw .badRequest("fieldsV1: the value of \"\(key)\" must be an object")
            }
            if grandchildren.isEmpty || grandchildren["."] != nil { set.members.insert(element) }
            if !grandchildren.isEmpty { set.add(try read(grandchildren), below: element) }
        }
        return set
    }

    /// The `fieldsV1` tree of this set.
    public var fieldsV1: JSONValue { .object(encoded(marked: false)) }

    /// This level's members; `marked` adds the `"."` of a step that is a path itself.
    private func encoded(marked: Bool) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        result.reserveCapacity(members.count + children.count + (marked ? 1 : 0))
        if marked { result["."] = .object([:]) }
        for member in members where children.isEmpty || children[member] == nil {
            result[member.fieldsV1Key] = .object([:])
        }
        for (element, subset) in children {
            result[element.fieldsV1Key] = .object(subset.encoded(marked: members.contains(element)))
        }
        return result
    }
}

extension FieldPathElement {
    /// The step as a `fieldsV1` key: `f:image`, `k:{"name":"nginx"}`, `v:"x"`, `i:0`.
    public var fieldsV1Key: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let fields):
            // Key fields are sorted by name, and JSONValue writes object keys sorted, so
            // the text matches upstream's for the same key.
            // Byte order, as the serializer sorts keys (String's `<` differs for non-NFC text).
            if zip(fields, fields.dropFirst()).allSatisfy({ $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
                // Already in the order an object is written in: write it without building one.
                var text = Array("k:{".utf8)
                text.reserveCapacity(64)
                for (index, field) in fields.enumerated() {
                    if index > 0 { text.append(UInt8(ascii: ",")) }
                    JSONValue.string(field.name).write(to: &text)
                    text.append(UInt8(ascii: ":"))
                    field.value.write(to: &text)
                }
                text.append(UInt8(ascii: "}"))
                return String(decoding: text, as: UTF8.self)
            }
            return "k:" + JSONValue.object(Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })).jsonText
        case .value(let value): return "v:" + value.jsonText
        case .index(let index): return "i:\(index)"
        }
    }

    /// Parses a `fieldsV1` key; nil for an unknown prefix.
    public init?(fieldsV1Key key: String) throws(PatchError) {
        let body: String
        let utf8 = key.utf8
        if utf8.count >= 2, utf8[utf8.index(after: utf8.startIndex)] == UInt8(ascii: ":"), utf8.first.map({ $0 < 0x80 }) == true,
           utf8.count == 2 || utf8[utf8.index(utf8.startIndex, offsetBy: 2)] < 0x80 {
            // An ASCII character, ":" and then ASCII (or nothing): the first two characters
            // are the first two bytes, without walking the text as characters.
            body = String(key[utf8.index(utf8.startIndex, offsetBy: 2)...])
        } else {
            guard key.count >= 2, key.dropFirst().first == ":" else {
                throw .badRequest("fieldsV1: invalid path element \"\(key)\"")
            }
            body = String(key.dropFirst(2))
        }
        func json() throws(PatchError) -> JSONValue {
            do { return try JSONValue.parse(body) } catch {
                throw .badRequest("fieldsV1: invalid path element \"\(key)\": \(error.description)")
            }
        }
        switch key.first {
        case "f":
            self = .field(body)
        case "k":
            guard case .object(let fields) = try json() else {
                throw .badRequest("fieldsV1: the key of \"\(key)\" must be a JSON object")
            }
            self = .key(fields)
        case "v":
            self = .value(try json())
        case "i":
            guard let index = Int(body) else { throw .badRequest("fieldsV1: invalid index in \"\(key)\"") }
            self = .index(index)
        default:
            return nil
        }
    }
}
