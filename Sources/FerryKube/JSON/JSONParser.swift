/// Why a JSON text could not be read, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// The deepest nesting accepted: deeper input is refused rather than risking the stack.
    public static let maxDepth = 512

    /// Parses one JSON text (RFC 8259). Trailing white space is allowed, anything else after the value is not.
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws(JSONParseError) -> JSONValue in
            var parser = JSONReader(bytes: buffer)
            defer { parser.release() }
            let value = try parser.readValue(depth: 0)
            parser.skipSpace()
            if parser.index != buffer.count { throw parser.error("unexpected data after the value") }
            return value
        }
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// A recursive-descent reader over UTF-8 bytes; depth is bounded by ``JSONValue/maxDepth``.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// The members and items read so far of the objects and arrays still open, innermost
    /// last. Each container is made at its final size from its stretch of the stack, without
    /// an array per container and without copying (retaining) the values once more.
    var members = ScratchStack<(String, JSONValue)>()
    var items = ScratchStack<JSONValue>()
    /// The bytes of a string with escapes, as they are decoded; reused from string to string.
    var unescaped: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Frees the stacks, with whatever an error left on them.
    mutating func release() {
        members.release()
        items.release()
    }

    func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONValue.maxDepth { throw error("nesting deeper than \(JSONValue.maxDepth) levels") }
        skipSpace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
        }
    }

    mutating func expect(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    mutating func readObject(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object([:]) }
        let start = members.count
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try readString()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            members.push((key, try readValue(depth: depth + 1)))
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                // A repeated key keeps its last value, as Go's decoder does.
                var object: [String: JSONValue] = Dictionary(minimumCapacity: members.count - start)
                members.popAll(from: start) { key, value in object[key] = value }
                return .object(object)
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array([]) }
        let start = items.count
        while true {
            items.push(try readValue(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items.popArray(from: start)) }
            throw error("expected ',' or ']' in an array")
        }
    }

    mutating func readString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes. ASCII needs no validation; other text is checked below.
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard let text = Self.string(slice, ascii: highBits < 0x80) else { throw error("invalid UTF-8 in a string") }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            highBits |= byte
            index += 1
        }
        unescaped.removeAll(keepingCapacity: true)
        unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let text = unescaped.withUnsafeBufferPointer { Self.string($0, ascii: highBits < 0x80) }
                guard let text else { throw error("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input in a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(escape)
                case UInt8(ascii: "b"): unescaped.append(0x08)
                case UInt8(ascii: "f"): unescaped.append(0x0C)
                case UInt8(ascii: "n"): unescaped.append(0x0A)
                case UInt8(ascii: "r"): unescaped.append(0x0D)
                case UInt8(ascii: "t"): unescaped.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        // a high surrogate must be followed by an escaped low one
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        else { throw error("unpaired surrogate in a string") }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a string") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(code) {
                        throw error("unpaired surrogate in a string")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    if code >= 0x80 { highBits |= 0x80 }
                    unescaped.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
                }
            default:
                if byte < 0x20 { throw error("control character in a string") }
                highBits |= byte
                unescaped.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// The text of `bytes`, or nil when they are not valid UTF-8. `String(validating:)` is
    /// generic and, unspecialised here, looks up type metadata on every call; decoding
    /// (which repairs) and checking that nothing was repaired gives the same answer.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        if ascii { return text }
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = JSONValue.hexDigit(bytes[index]) else { throw error("invalid hex digit in \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The integer written in `bytes[start..<index]` (an optional '-' and digits, as checked by
    /// ``readNumber()``), or nil when it does not fit 64 bits: what `Int64(text)` gives, without the String.
    func integer(from start: Int) -> Int64? {
        var position = start
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        // Accumulated as a negative number, whose range includes Int64.min.
        var value: Int64 = 0
        while position < index {
            let digit = Int64(bytes[position] &- UInt8(ascii: "0"))
            let (scaled, overflowScale) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowDigit) = scaled.subtractingReportingOverflow(digit)
            if overflowScale || overflowDigit { return nil }
            value = next
            position += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw error("invalid number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            if index == digits { throw error("invalid number: no digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            if index == digits { throw error("invalid number: no digits in the exponent") }
        }
        if isInteger, let number = integer(from: start) { return .int(number) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw error("number out of range") }
        return .double(number)
    }
}

/// A growable stack of values in memory it manages itself, for the reader's open containers:
/// popping moves the values out instead of copying them.
private struct ScratchStack<Element> {
    private var base: UnsafeMutablePointer<Element>?
    private var capacity = 0
    private(set) var count = 0

    mutating func push(_ element: Element) {
        if count == capacity { grow() }
        guard let base else { return }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let newCapacity = max(32, capacity * 2)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let base {
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    /// Moves the elements from `start` on out to `body`, in order, and pops them.
    mutating func popAll(from start: Int, _ body: (consuming Element) -> Void) {
        guard let base else { return }
        for position in start..<count { body((base + position).move()) }
        count = start
    }

    /// The elements from `start` on, moved into an array, and popped.
    mutating func popArray(from start: Int) -> [Element] {
        guard let base, count > start else { return [] }
        let moved = count - start
        count = start
        return Array(unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress?.moveInitialize(from: base + start, count: moved)
            initialized = moved
        }
    }

    /// Destroys what is left and frees the memory.
    mutating func release() {
        guard let base else { return }
        base.deinitialize(count: count)
        base.deallocate()
        self.base = nil
        capacity = 0
        count = 0
    }
}

extension JSONValue {
    /// The value of a hexadecimal digit of a `\u` escape, either case; nil for another byte.
    public static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
