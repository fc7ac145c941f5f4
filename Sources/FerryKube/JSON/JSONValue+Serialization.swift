import FerryYAML

extension JSONValue {
    /// Compact JSON with object keys sorted, so equal values serialise to equal bytes.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        write(to: &output)
        return output
    }

    /// ``serialized()`` as a String.
    public var jsonText: String { String(decoding: serialized(), as: UTF8.self) }

    public func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .double(let number): output.append(contentsOf: YAMLNode.formatFloat(number).utf8)
        case .string(let text): Self.writeString(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for index in items.indices {
                if index > items.startIndex { output.append(UInt8(ascii: ",")) }
                items[index].write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            for member in members.sorted(by: { $0.key < $1.key }) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                Self.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy their bytes in one go.
        var text = text
        let copied = text.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            output.append(contentsOf: bytes)
            return true
        }
        if copied {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// The JSON form of a YAML value, as Kubernetes converts manifests (keys become strings).
    public init(_ node: YAMLNode) {
        switch node.value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .float(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .sequence(let items): self = .array(items.map(JSONValue.init))
        case .mapping(let entries):
            var members: [String: JSONValue] = [:]
            members.reserveCapacity(entries.count)
            for entry in entries { members[entry.key.keyString] = JSONValue(entry.value) }
            self = .object(members)
        }
    }

    /// The YAML form, for printing objects as YAML; every node carries the given mark.
    public func yamlNode(mark: YAMLMark = YAMLMark(line: 0, column: 0)) -> YAMLNode {
        switch self {
        case .null: return YAMLNode(.null, mark: mark)
        case .bool(let flag): return YAMLNode(.bool(flag), mark: mark)
        case .int(let number): return YAMLNode(.int(number), mark: mark)
        case .double(let number): return YAMLNode(.float(number), mark: mark)
        case .string(let text): return YAMLNode(.string(text), mark: mark)
        case .array(let items): return YAMLNode(.sequence(items.map { $0.yamlNode(mark: mark) }), mark: mark)
        case .object(let members):
            return YAMLNode(.mapping(members.sorted { $0.key < $1.key }.map { key, value in
                YAMLNode.Entry(key: YAMLNode(.string(key), mark: mark), value: value.yamlNode(mark: mark))
            }), mark: mark)
        }
    }
}
