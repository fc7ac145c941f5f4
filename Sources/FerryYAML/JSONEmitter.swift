/// Writes JSON into a byte buffer: RFC 8259 escaping (`\"`, `\\`, `\n`, `\r`, `\t`,
/// `\b`, `\f`, other control characters as `\u00XX`), everything else as UTF-8.
///
/// Unlike Go's `json.Marshal` it does not escape `<`, `>`, `&`, U+2028 or U+2029:
/// those escapes only matter for JSON pasted into HTML or JavaScript.
struct JSONWriter {
    let pretty: Bool
    private(set) var out: [UInt8] = []

    init(pretty: Bool) {
        self.pretty = pretty
        out.reserveCapacity(1024)
    }

    var text: String { String(decoding: out, as: UTF8.self) }

    mutating func value(_ node: YAMLNode, depth: Int) {
        switch node.value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): append(String(number))
        case .float(let number):
            if number.isFinite {
                append(YAMLNode.formatFloat(number))
            } else {
                string(YAMLNode.formatFloat(number))
            }
        case .string(let text): string(text)
        case .sequence(let items):
            guard !items.isEmpty else { return append("[]") }
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                value(item, depth: depth + 1)
            }
            newline(depth)
            out.append(UInt8(ascii: "]"))
        case .mapping(let entries):
            guard !entries.isEmpty else { return append("{}") }
            out.append(UInt8(ascii: "{"))
            for (index, keyed) in SortedKeys(entries).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                string(keyed.key)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value(keyed.entry.value, depth: depth + 1)
            }
            newline(depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    private mutating func newline(_ depth: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private mutating func append(_ text: String) {
        out.append(contentsOf: text.utf8)
    }

    /// A JSON string literal, copying runs that need no escape in one go.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            out.append(UInt8(ascii: "\""))
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: bytes[runStart..<index])
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22: out.append(UInt8(ascii: "\""))
                case 0x5C: out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: bytes[runStart...])
            out.append(UInt8(ascii: "\""))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A string as a JSON literal, for messages.
    static func quoted(_ text: String) -> String {
        var writer = JSONWriter(pretty: false)
        writer.string(text)
        return writer.text
    }
}
