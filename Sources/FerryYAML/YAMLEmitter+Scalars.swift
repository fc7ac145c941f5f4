/// How the YAML emitter spells scalars: plain when the text reads back as the same
/// string, a literal block for multi-line text that allows one, double quotes
/// otherwise.
enum ScalarText {
    /// A scalar or empty collection in value position (block scalars are decided by
    /// ``literalBlock(_:)`` first).
    static func value(_ node: YAMLNode) -> [UInt8] {
        switch node.value {
        case .mapping: return Array("{}".utf8)
        case .sequence: return Array("[]".utf8)
        default: return key(node)
        }
    }

    /// A scalar on one line: what `value` writes, and all a key may be.
    static func key(_ node: YAMLNode) -> [UInt8] {
        switch node.value {
        case .null: return Array("null".utf8)
        case .bool(let flag): return Array((flag ? "true" : "false").utf8)
        case .int(let number): return Array(String(number).utf8)
        case .float(let number): return Array(float(number).utf8)
        case .string(let text):
            var bytes = text
            return bytes.withUTF8 { canBePlain($0) ? Array($0) : nil } ?? doubleQuoted(text)
        case .mapping, .sequence: return Array("\"\"".utf8)
        }
    }

    /// A float in JSON's number form, with `.0` added when that form has neither a
    /// point nor an exponent: `3.0` must not read back as the integer 3.
    static func float(_ number: Double) -> String {
        let text = YAMLNode.formatFloat(number)
        guard number.isFinite else { return text }
        return text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") }) ? text : text + ".0"
    }

    /// Whether a string can be written unquoted and read back as the same string.
    static func canBePlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        switch first {
        case UInt8(ascii: " "), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return false
        case UInt8(ascii: "-"):
            // `- x` is a list item, `---` a document marker; `-v` and `--flag` are fine.
            guard text.count >= 2, text[1] != UInt8(ascii: " "), !startsWith(text, "---") else { return false }
        case UInt8(ascii: "."):
            guard !startsWith(text, "...") else { return false }
        default:
            break
        }
        if last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        var index = 0
        while index < text.count {
            let byte = text[index]
            switch byte {
            case 0..<0x20, 0x7F:
                return false
            case UInt8(ascii: ":"):
                if index + 1 < text.count, text[index + 1] == UInt8(ascii: " ") { return false }
            case UInt8(ascii: "#"):
                if text[index - 1] == UInt8(ascii: " ") { return false }
            case 0xC2:
                // C1 controls, NEL included, are not printable for libyaml.
                if index + 1 < text.count, text[index + 1] < 0xA0 { return false }
            case 0xE2:
                // LS and PS are line breaks for libyaml.
                if index + 2 < text.count, text[index + 1] == 0x80, text[index + 2] == 0xA8 || text[index + 2] == 0xA9 {
                    return false
                }
            case 0xEF:
                // The byte order mark and the non-characters U+FFFE and U+FFFF.
                if index + 2 < text.count,
                   (text[index + 1] == 0xBB && text[index + 2] == 0xBF)
                    || (text[index + 1] == 0xBF && text[index + 2] >= 0xBE) {
                    return false
                }
            default:
                break
            }
            index += 1
        }
        if YAMLResolver.resolvePlain(text) != nil { return false }
        // Dates stay strings in go-yaml v2, but YAML 1.2 readers and go-yaml v3 make
        // times of them: quoting keeps every reader on the string.
        if GoTimestamp.hasDatePrefix(text) { return false }
        return !YAMLResolver.isMergeKey(text)
    }

    private static func startsWith(_ text: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard text.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { $0.indices.allSatisfy { text[$0] == prefix.utf8Start[$0] } }
    }

    /// A double-quoted scalar, escaping what libyaml would not read back as written.
    static func doubleQuoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x22: out.append(contentsOf: "\\\"".utf8)
            case 0x5C: out.append(contentsOf: "\\\\".utf8)
            case 0x00: out.append(contentsOf: "\\0".utf8)
            case 0x07: out.append(contentsOf: "\\a".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0B: out.append(contentsOf: "\\v".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x1B: out.append(contentsOf: "\\e".utf8)
            case 0x85: out.append(contentsOf: "\\N".utf8)
            case 0x2028: out.append(contentsOf: "\\L".utf8)
            case 0x2029: out.append(contentsOf: "\\P".utf8)
            case 0..<0x20, 0x7F...0x9F: out.append(contentsOf: escape(value, prefix: "\\x", width: 2))
            case 0xFEFF, 0xFFFE, 0xFFFF: out.append(contentsOf: escape(value, prefix: "\\u", width: 4))
            default: out.append(contentsOf: String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    private static func escape(_ value: UInt32, prefix: String, width: Int) -> [UInt8] {
        let digits = String(value, radix: 16, uppercase: true)
        return Array((prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits).utf8)
    }

    /// A multi-line string as a literal block: its header (`|`, `|-` or `|+` for one,
    /// no or several final newlines) and its lines, to be indented. Nil when a literal
    /// block cannot hold the text exactly: no newline, a first line starting with a
    /// blank or empty (indentation would be misread), carriage returns, or characters
    /// that need escapes.
    static func literalBlock(_ text: String) -> (header: String, lines: [ArraySlice<UInt8>])? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.contains(UInt8(ascii: "\n")),
              first != UInt8(ascii: " "), first != UInt8(ascii: "\t"), first != UInt8(ascii: "\n")
        else { return nil }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x20...0x7E: continue
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return nil
            default: continue
            }
        }
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let finalNewlines = bytes.count - end
        var lines = bytes[..<end].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        switch finalNewlines {
        case 0: return ("|-", lines)
        case 1: return ("|", lines)
        default:
            lines.append(contentsOf: repeatElement([], count: finalNewlines - 1))
            return ("|+", lines)
        }
    }
}
