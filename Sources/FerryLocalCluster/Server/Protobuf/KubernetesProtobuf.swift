import FerryKube
import Foundation

/// Request bodies in Kubernetes' protobuf encoding, read into the JSON the rest of
/// the server works with.
///
/// kubectl's typed clients send protobuf: `kubectl create namespace|deployment|
/// configmap|secret|service|serviceaccount|job|cronjob` POST their object as
/// `application/vnd.kubernetes.protobuf`, and there is no fallback to JSON. Responses
/// stay JSON, which those clients accept. The body is the `k8s\0` prefix and a
/// `runtime.Unknown` envelope (type meta, then the object's own bytes); the object
/// is decoded with the field table of ``schemaText``.
enum KubernetesProtobuf {
    /// The media type.
    static let mediaType = "application/vnd.kubernetes.protobuf"

    /// The kinds accepted, by the name of their message.
    static let kinds: Set<String> = [
        "Namespace", "ConfigMap", "Secret", "Service", "ServiceAccount", "Event", "Pod", "Deployment", "ReplicaSet", "Job", "CronJob",
        "DeleteOptions",
    ]

    /// Nesting deeper than this is refused (a real object is far shallower).
    static let maxDepth = 64

    /// Decodes a protobuf request body into the object's JSON, with `apiVersion`
    /// and `kind` from the envelope.
    static func decode(_ body: [UInt8]) throws(APIError) -> JSONValue {
        let magic: [UInt8] = [0x6b, 0x38, 0x73, 0x00]
        guard body.starts(with: magic) else {
            throw .badRequest("the request body is not a Kubernetes protobuf message (it lacks the \"k8s\\0\" prefix)")
        }
        do {
            var reader = ProtobufReader(body[magic.count...])
            var apiVersion = "", kind = "", encoding = ""
            var raw: ArraySlice<UInt8> = []
            while let tag = try reader.nextTag() {
                switch (tag.field, tag.wireType) {
                case (1, .lengthDelimited):
                    var typeMeta = ProtobufReader(try reader.lengthDelimited())
                    while let inner = try typeMeta.nextTag() {
                        switch (inner.field, inner.wireType) {
                        case (1, .lengthDelimited): apiVersion = string(try typeMeta.lengthDelimited())
                        case (2, .lengthDelimited): kind = string(try typeMeta.lengthDelimited())
                        default: try typeMeta.skip(inner.wireType)
                        }
                    }
                case (2, .lengthDelimited): raw = try reader.lengthDelimited()
                case (3, .lengthDelimited): encoding = string(try reader.lengthDelimited())
                default: try reader.skip(tag.wireType)
                }
            }
            guard encoding.isEmpty else {
                throw APIError.unsupportedMediaType("\(mediaType) with content encoding \(encoding)")
            }
            guard kinds.contains(kind) else {
                throw APIError(code: 415, reason: "UnsupportedMediaType",
                               message: "this server reads protobuf for \(kinds.sorted().joined(separator: ", ")); send \(kind.isEmpty ? "the object" : kind) as application/json")
            }
            var object = try message(kind, raw, depth: 0)
            object["apiVersion"] = .string(apiVersion)
            object["kind"] = .string(kind)
            return object
        } catch let error as APIError {
            throw error
        } catch {
            throw .badRequest("the protobuf request body is malformed: \(error)")
        }
    }

    // MARK: Messages

    /// One field of a message.
    struct Field: Sendable {
        enum Shape: Sendable { case single, repeated, map }
        enum Kind: Sendable, Equatable {
            case string, bytes, integer, bool, double, time, microTime, intOrString, quantity, raw
            case message(String)
        }

        var name: String
        var kind: Kind
        var shape: Shape
        /// A pointer in Go: its zero value is meaningful and kept.
        var pointer: Bool
    }

    /// Fields by number, for every message of ``schemaText``.
    static let schema: [String: [Int: Field]] = parseSchema(schemaText)

    static func parseSchema(_ text: String) -> [String: [Int: Field]] {
        var schema: [String: [Int: Field]] = [:]
        var current = ""
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let equals = token.firstIndex(of: "="), let colon = token.firstIndex(of: ":") else {
                current = String(token)
                schema[current] = [:]
                continue
            }
            guard let number = Int(token[..<equals]) else { continue }
            var type = token[token.index(after: colon)...]
            let pointer = type.hasSuffix("?")
            if pointer { type = type.dropLast() }
            var shape = Field.Shape.single
            if type.hasPrefix("["), type.hasSuffix("]") {
                shape = .repeated
                type = type.dropFirst().dropLast()
            } else if type.hasPrefix("{"), type.hasSuffix("}") {
                shape = .map
                type = type.dropFirst().dropLast()
            }
            let kinds: [Substring: Field.Kind] = [
                "s": .string, "b": .bytes, "i": .integer, "u": .bool, "d": .double, "time": .time, "microtime": .microTime,
                "intorstring": .intOrString, "quantity": .quantity, "raw": .raw,
            ]
            schema[current]?[number] = Field(
                name: String(token[token.index(after: equals)..<colon]), kind: kinds[type] ?? .message(String(type)),
                shape: shape, pointer: pointer)
        }
        return schema
    }

    private static func message(_ name: String, _ bytes: ArraySlice<UInt8>, depth: Int) throws -> JSONValue {
        guard depth < maxDepth else { throw ProtobufReader.Malformed(description: "nested more than \(maxDepth) deep") }
        guard let fields = schema[name] else { throw ProtobufReader.Malformed(description: "no schema for \(name)") }
        var members: [String: JSONValue] = [:]
        var reader = ProtobufReader(bytes)
        while let tag = try reader.nextTag() {
            guard let field = fields[tag.field] else {
                try reader.skip(tag.wireType)
                continue
            }
            switch field.shape {
            case .single:
                let value = try self.value(field.kind, tag.wireType, &reader, depth: depth)
                if field.pointer || !isZero(value, field.kind) { members[field.name] = value }
            case .repeated:
                var items = members[field.name]?.array ?? []
                if tag.wireType == .lengthDelimited, [.integer, .bool, .double].contains(field.kind) {
                    // A packed run of numbers.
                    var packed = ProtobufReader(try reader.lengthDelimited())
                    let wire: ProtobufReader.WireType = field.kind == .double ? .fixed64 : .varint
                    while !packed.isAtEnd { items.append(try value(field.kind, wire, &packed, depth: depth)) }
                } else {
                    items.append(try value(field.kind, tag.wireType, &reader, depth: depth))
                }
                members[field.name] = .array(items)
            case .map:
                var entry = ProtobufReader(try reader.lengthDelimited())
                var key = ""
                var entryValue: JSONValue?
                while let inner = try entry.nextTag() {
                    switch inner.field {
                    case 1: key = string(try entry.lengthDelimited())
                    case 2: entryValue = try value(field.kind, inner.wireType, &entry, depth: depth)
                    default: try entry.skip(inner.wireType)
                    }
                }
                var map = members[field.name]?.object ?? [:]
                map[key] = entryValue ?? zero(field.kind)
                members[field.name] = .object(map)
            }
        }
        return .object(members)
    }

    private static func value(_ kind: Field.Kind, _ wireType: ProtobufReader.WireType, _ reader: inout ProtobufReader,
                              depth: Int) throws -> JSONValue {
        switch (kind, wireType) {
        case (.string, .lengthDelimited): return .string(string(try reader.lengthDelimited()))
        case (.bytes, .lengthDelimited): return .string(Data(try reader.lengthDelimited()).base64EncodedString())
        case (.integer, .varint): return .int(Int64(bitPattern: try reader.varint()))
        case (.bool, .varint): return .bool(try reader.varint() != 0)
        case (.double, .fixed64): return .double(Double(bitPattern: try reader.fixed64()))
        case (.double, .fixed32): return .double(Double(Float(bitPattern: try reader.fixed32())))
        case (.message(let name), .lengthDelimited): return try message(name, try reader.lengthDelimited(), depth: depth + 1)
        case (.time, .lengthDelimited), (.microTime, .lengthDelimited):
            return timestamp(try reader.lengthDelimited(), micro: kind == .microTime) ?? .null
        case (.intOrString, .lengthDelimited): return try intOrString(try reader.lengthDelimited())
        case (.quantity, .lengthDelimited):
            var quantity = ProtobufReader(try reader.lengthDelimited())
            var text = ""
            while let tag = try quantity.nextTag() {
                if tag.field == 1, tag.wireType == .lengthDelimited { text = string(try quantity.lengthDelimited()) } else { try quantity.skip(tag.wireType) }
            }
            return .string(text)
        case (.raw, .lengthDelimited):
            var raw = ProtobufReader(try reader.lengthDelimited())
            var json: JSONValue = .null
            while let tag = try raw.nextTag() {
                if tag.field == 1, tag.wireType == .lengthDelimited {
                    let bytes = try raw.lengthDelimited()
                    json = (try? JSONValue.parse(bytes)) ?? .null
                } else {
                    try raw.skip(tag.wireType)
                }
            }
            return json
        default:
            throw ProtobufReader.Malformed(description: "wire type \(wireType) does not fit a \(kind) field")
        }
    }

    /// `metav1.Time` (`seconds`, `nanos`) as RFC 3339; nil for the zero time, which
    /// is encoded as an empty message and is `null` in JSON.
    private static func timestamp(_ bytes: ArraySlice<UInt8>, micro: Bool) -> JSONValue? {
        var reader = ProtobufReader(bytes)
        var seconds: Int64 = 0, nanos: Int64 = 0
        var seen = false
        while let tag = try? reader.nextTag() {
            switch (tag.field, tag.wireType) {
            case (1, .varint): seconds = Int64(bitPattern: (try? reader.varint()) ?? 0)
            case (2, .varint): nanos = Int64(bitPattern: (try? reader.varint()) ?? 0)
            default: if (try? reader.skip(tag.wireType)) == nil { return nil }
            }
            seen = true
        }
        guard seen else { return nil }
        let text = Timestamp.format(Date(timeIntervalSince1970: TimeInterval(seconds)))
        guard micro else { return .string(text) }
        let micros = String(nanos / 1000)
        return .string(text.dropLast() + "." + String(repeating: "0", count: max(0, 6 - micros.count)) + micros + "Z")
    }

    /// `intstr.IntOrString`: `type` 0 is `intVal`, 1 is `strVal`.
    private static func intOrString(_ bytes: ArraySlice<UInt8>) throws -> JSONValue {
        var reader = ProtobufReader(bytes)
        var type: UInt64 = 0, number: Int64 = 0
        var text = ""
        while let tag = try reader.nextTag() {
            switch (tag.field, tag.wireType) {
            case (1, .varint): type = try reader.varint()
            case (2, .varint): number = Int64(Int32(truncatingIfNeeded: try reader.varint()))
            case (3, .lengthDelimited): text = string(try reader.lengthDelimited())
            default: try reader.skip(tag.wireType)
            }
        }
        return type == 1 ? .string(text) : .int(number)
    }

    /// Whether a non-pointer field holds what Go's `omitempty` leaves out of JSON
    /// (messages never count: Go writes empty structs as `{}`).
    private static func isZero(_ value: JSONValue, _ kind: Field.Kind) -> Bool {
        switch (kind, value) {
        case (.message, _): return false
        case (_, .null): return true
        case (_, .string(let text)): return text.isEmpty
        case (_, .int(let number)): return number == 0
        case (_, .bool(let flag)): return !flag
        case (_, .double(let number)): return number == 0
        default: return false
        }
    }

    /// The value of a map entry that leaves its value out.
    private static func zero(_ kind: Field.Kind) -> JSONValue {
        switch kind {
        case .integer: return .int(0)
        case .bool: return .bool(false)
        case .double: return .double(0)
        case .message: return [:]
        default: return .string("")
        }
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}
