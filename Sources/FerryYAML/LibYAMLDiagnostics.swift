import CYAML

/// Turns libyaml's error state into a ``YAMLError`` a person can act on: positions
/// 1-based, reader byte offsets turned into line and column, tabs named as tabs.
enum LibYAMLDiagnostics {
    static func error(from parser: UnsafeMutablePointer<yaml_parser_t>, input: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.pointee.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(mark: nil, message: "libyaml ran out of memory")
        case YAML_READER_ERROR:
            return readerError(problem, offset: Int(parser.pointee.problem_offset),
                               value: Int(parser.pointee.problem_value), input: input)
        default:
            let mark = YAMLMark(parser.pointee.problem_mark)
            if parser.pointee.error == YAML_SCANNER_ERROR,
               let tab = SourceText(input).tab(atLine: mark.line, column: mark.column) {
                let message = tab == .indentation
                    ? "tab character in indentation at \(mark); YAML allows only spaces"
                    : "tab character at \(mark) where YAML allows only spaces"
                return YAMLError(mark: mark, message: message)
            }
            var message = "\(problem) at \(mark)"
            if let context = parser.pointee.context.map({ String(cString: $0) }) {
                message += " (\(context) at \(YAMLMark(parser.pointee.context_mark)))"
            }
            return YAMLError(mark: mark, message: message)
        }
    }

    /// libyaml's reader reports a byte offset into the raw input.
    private static func readerError(_ problem: String, offset: Int, value: Int, input: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let mark = SourceText(input).mark(atByteOffset: offset)
        let place = "at \(mark) (byte offset \(offset))"
        if problem == "control characters are not allowed", value >= 0 {
            let kind = value < 0x20 || (0x7F...0x9F).contains(value) ? "control character" : "non-printable character"
            return YAMLError(mark: mark, message: "\(kind) \(codePoint(value)) \(place) is not allowed in YAML")
        }
        if problem.contains("UTF-8") || problem == "invalid Unicode character" {
            var detail = problem
            if value >= 0 {
                detail += problem.hasSuffix("octet") ? " 0x" + hex(value, width: 2) : " " + codePoint(value)
            }
            return YAMLError(mark: mark, message: "invalid UTF-8 \(place): \(detail)")
        }
        return YAMLError(mark: mark, message: "\(problem) \(place)")
    }

    private static func codePoint(_ value: Int) -> String { "U+" + hex(value, width: 4) }

    private static func hex(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension YAMLMark {
    /// A libyaml mark, which is 0-based.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}

/// Walks raw input the way libyaml counts positions: in characters, after a byte
/// order mark, with `\n`, `\r`, `\r\n`, NEL, LS and PS as line breaks. Used only to
/// explain errors, so it favours simplicity over speed.
struct SourceText {
    private enum Encoding { case utf8, utf16LE, utf16BE }

    let bytes: UnsafeBufferPointer<UInt8>
    private let encoding: Encoding
    private let start: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            (encoding, start) = (.utf16LE, 2)
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            (encoding, start) = (.utf16BE, 2)
        } else if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            (encoding, start) = (.utf8, 3)
        } else {
            (encoding, start) = (.utf8, 0)
        }
    }

    /// The 1-based position of the character at a byte offset.
    func mark(atByteOffset target: Int) -> YAMLMark {
        var found = YAMLMark(line: 1, column: 1)
        walk { _, offset, line, column, _ in
            found = YAMLMark(line: line, column: column)
            return offset < target
        }
        return found
    }

    /// Where a tab sits on its line.
    enum TabPlace { case indentation, elsewhere }

    /// Where the tab at a 1-based position is; nil when the character there is not a tab.
    func tab(atLine line: Int, column: Int) -> TabPlace? {
        var result: TabPlace?
        walk { scalar, _, atLine, atColumn, blanksBefore in
            if atLine > line || (atLine == line && atColumn > column) { return false }
            if atLine == line, atColumn == column {
                if scalar == 0x09 { result = blanksBefore ? .indentation : .elsewhere }
                return false
            }
            return true
        }
        return result
    }

    /// Calls `visit(scalar, byteOffset, line, column, onlyBlanksBeforeOnLine)` for each
    /// character until it returns false; positions are 1-based.
    private func walk(_ visit: (UInt32, Int, Int, Int, Bool) -> Bool) {
        var offset = start
        var line = 1
        var column = 1
        var blanksOnly = true
        while offset < bytes.count {
            let (scalar, width) = decode(at: offset)
            guard visit(scalar, offset, line, column, blanksOnly) else { return }
            offset += width
            switch scalar {
            case 0x0A, 0x85, 0x2028, 0x2029:
                (line, column, blanksOnly) = (line + 1, 1, true)
            case 0x0D:
                if let next = offset < bytes.count ? decode(at: offset).0 : nil, next == 0x0A {
                    column += 1
                } else {
                    (line, column, blanksOnly) = (line + 1, 1, true)
                }
            case 0x20, 0x09:
                column += 1
            default:
                column += 1
                blanksOnly = false
            }
        }
        // A position just past the end (an error at end of input).
        _ = visit(0, offset, line, column, blanksOnly)
    }

    /// The scalar at a byte offset and its width in bytes; malformed input decodes as
    /// U+FFFD one byte (or unit) at a time.
    private func decode(at offset: Int) -> (UInt32, Int) {
        switch encoding {
        case .utf8:
            let lead = UInt32(bytes[offset])
            let (width, initial): (Int, UInt32) =
                lead < 0x80 ? (1, lead) : lead >> 5 == 0x6 ? (2, lead & 0x1F)
                : lead >> 4 == 0xE ? (3, lead & 0x0F) : lead >> 3 == 0x1E ? (4, lead & 0x07) : (0, 0)
            guard width > 0, offset + width <= bytes.count else { return (0xFFFD, 1) }
            var scalar = initial
            for index in 1..<max(width, 1) {
                let byte = UInt32(bytes[offset + index])
                guard byte >> 6 == 0x2 else { return (0xFFFD, 1) }
                scalar = scalar << 6 | (byte & 0x3F)
            }
            return (scalar, width)
        case .utf16LE, .utf16BE:
            func unit(_ at: Int) -> UInt32? {
                guard at + 1 < bytes.count else { return nil }
                let (low, high) = encoding == .utf16LE ? (bytes[at], bytes[at + 1]) : (bytes[at + 1], bytes[at])
                return UInt32(high) << 8 | UInt32(low)
            }
            guard let first = unit(offset) else { return (0xFFFD, bytes.count - offset) }
            if first & 0xFC00 == 0xD800, let second = unit(offset + 2), second & 0xFC00 == 0xDC00 {
                return (0x10000 + ((first & 0x3FF) << 10 | (second & 0x3FF)), 4)
            }
            return (first, 2)
        }
    }
}
