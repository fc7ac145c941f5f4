import FerryKube

/// A quick check that bytes are a JSON text `JSONValue.parse` will accept, without building
/// the value: one pass over the bytes, no allocation but a small stack of open containers.
///
/// It is conservative: `true` promises that `JSONValue.parse` succeeds; `false` means only
/// "not sure", and the caller parses at once (which then throws the exact error, or gives the
/// value). It says "not sure" for everything rare in an API server's answer that the parser
/// judges by more than its grammar: bytes outside ASCII (their UTF-8 is validated by the
/// parser), `\u` escapes of surrogates, numbers long enough or with an exponent large enough
/// to leave a double's range, and nesting near ``JSONValue/maxDepth``.
enum JSONSyntaxCheck {
    /// Containers open at once beyond which the answer is "not sure" (the parser's limit is
    /// ``JSONValue/maxDepth``; this stays well below it).
    static let maxNesting = 256

    /// Whether `JSONValue.parse(bytes)` certainly succeeds.
    static func certainlyParses(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { certainlyParses($0) }
    }

    /// Whether `JSONValue.parse(bytes)` certainly succeeds.
    static func certainlyParses(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var scanner = Scanner(bytes: bytes)
        return scanner.scanDocument()
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// The open containers, innermost last: true for an object, false for an array.
        var open: [Bool] = []

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            open.reserveCapacity(16)
        }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        /// One value, then only white space to the end.
        mutating func scanDocument() -> Bool {
            guard scanValue() else { return false }
            skipSpace()
            return index == bytes.count
        }

        /// One value, containers walked iteratively (so a deep document cannot exhaust the stack).
        mutating func scanValue() -> Bool {
            while true {
                skipSpace()
                guard index < bytes.count else { return false }
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    index += 1
                    skipSpace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                        index += 1
                    } else {
                        guard open.count < JSONSyntaxCheck.maxNesting else { return false }
                        open.append(true)
                        guard scanKey() else { return false }
                        continue
                    }
                case UInt8(ascii: "["):
                    index += 1
                    skipSpace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                        index += 1
                    } else {
                        guard open.count < JSONSyntaxCheck.maxNesting else { return false }
                        open.append(false)
                        continue
                    }
                case UInt8(ascii: "\""):
                    guard scanString() else { return false }
                case UInt8(ascii: "t"):
                    guard scanLiteral("true") else { return false }
                case UInt8(ascii: "f"):
                    guard scanLiteral("false") else { return false }
                case UInt8(ascii: "n"):
                    guard scanLiteral("null") else { return false }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard scanNumber() else { return false }
                default:
                    return false
                }
                // A value ended: close containers until one expects another member.
                while let isObject = open.last {
                    skipSpace()
                    guard index < bytes.count else { return false }
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: ",") {
                        if isObject { guard scanKey() else { return false } }
                        break
                    }
                    guard byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                    open.removeLast()
                }
                if open.isEmpty { return true }
            }
        }

        /// A member's key and its colon.
        mutating func scanKey() -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), scanString() else { return false }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
            index += 1
            return true
        }

        mutating func scanLiteral(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A string of ASCII characters and escapes other than surrogates.
        mutating func scanString() -> Bool {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return true
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return false }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        continue
                    case UInt8(ascii: "u"):
                        guard let code = scanHex4(), !(0xD800..<0xE000).contains(code) else { return false }
                    default:
                        return false
                    }
                case 0x20..<0x80:
                    continue
                default:
                    // A control character (refused) or a byte of multi-byte UTF-8 (left to the parser).
                    return false
                }
            }
            return false
        }

        mutating func scanHex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = JSONValue.hexDigit(bytes[index]) else { return nil }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        /// A number by JSON's grammar whose value surely fits a double: at most 300 digits
        /// before the point, and an exponent of at most two digits with at most 200 of them.
        mutating func scanNumber() -> Bool {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            guard index < bytes.count, isDigit(bytes[index]) else { return false }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            let integerDigits = index - integerStart
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let digits = index
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                guard index > digits else { return false }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let digits = index
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                let exponentDigits = index - digits
                return exponentDigits > 0 && exponentDigits <= 2 && integerDigits <= 200
            }
            return integerDigits <= 300
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}
