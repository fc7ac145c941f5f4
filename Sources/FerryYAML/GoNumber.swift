/// The number rules of go-yaml v2's resolver, which lean on Go's `strconv`: the
/// parts of `ParseInt`, `ParseUint` and `ParseFloat` that YAML scalars can reach.
///
/// Everything works on the scalar's bytes; a `String` is only made for the rare
/// float text, since the standard library's correctly rounded conversion takes one.
enum GoNumber {
    /// What a scalar starting with a digit or a sign resolves to.
    enum Resolved: Equatable {
        /// Fits an `Int64`.
        case int(Int64)
        /// An integer Go keeps as `uint64` or a big integer; the nearest double here.
        case wideInt(Double)
        /// A float.
        case float(Double)

        var value: YAMLNode.Value {
            switch self {
            case .int(let number): return .int(number)
            case .wideInt(let number), .float(let number): return .float(number)
            }
        }
    }

    private enum IntResult {
        case value(UInt64)
        case syntax
        case range
    }

    /// go-yaml's resolution of a plain scalar starting with a digit or sign (timestamps
    /// and the fixed spellings already ruled out); nil for a string.
    static func resolveNumber(_ text: UnsafeBufferPointer<UInt8>) -> YAMLNode.Value? {
        resolve(text)?.value
    }

    /// As ``resolveNumber(_:)``, telling integers that do not fit an Int64 from floats.
    static func resolve(_ text: UnsafeBufferPointer<UInt8>) -> Resolved? {
        // go-yaml removes every underscore before trying the integer and float rules.
        guard text.contains(UInt8(ascii: "_")) else { return resolveWithoutUnderscores(text) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { scratch in
            var count = 0
            for byte in text where byte != UInt8(ascii: "_") {
                scratch[count] = byte
                count += 1
            }
            return resolveWithoutUnderscores(UnsafeBufferPointer(rebasing: scratch[..<count]))
        }
    }

    private static func resolveWithoutUnderscores(_ plain: UnsafeBufferPointer<UInt8>) -> Resolved? {
        let signed = parseInt(plain[...], base: 0)
        if case .value(let number) = signed { return .int(Int64(bitPattern: number)) }
        let unsigned = parseUint(plain[...], base: 0)
        if case .value(let number) = unsigned { return .wideInt(Double(number)) }
        if matchesYAMLStyleFloat(plain), let number = decimalToDouble(plain) { return .float(number) }
        if hasPrefix(plain, "0b") {
            if case .value(let number) = parseInt(plain[2...], base: 2) {
                return .int(Int64(bitPattern: number))
            }
            if case .value(let number) = parseUint(plain[2...], base: 2) { return .wideInt(Double(number)) }
        } else if hasPrefix(plain, "-0b") {
            if case .value(let number) = parseUnsignedDigits(plain[3...], base: 2),
               number <= UInt64(1) << 63 {
                return .int(Int64(bitPattern: 0 &- number))
            }
        }
        // The go-yaml fork Kubernetes uses reads an out-of-range literal as a big integer.
        if case .range = unsigned, let number = bigIntegerToDouble(plain) { return .wideInt(number) }
        return nil
    }

    // MARK: strconv.ParseInt / ParseUint

    /// `strconv.ParseInt(s, base, 64)`; a negative result is returned as its bit pattern.
    private static func parseInt(_ text: Slice<UnsafeBufferPointer<UInt8>>, base: Int) -> IntResult {
        guard let first = text.first else { return .syntax }
        var digits = text
        var negative = false
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = text.dropFirst()
        }
        switch parseUint(digits, base: base) {
        case .syntax: return .syntax
        case .range: return .range
        case .value(let magnitude):
            let cutoff = UInt64(1) << 63
            if !negative && magnitude >= cutoff { return .range }
            if negative && magnitude > cutoff { return .range }
            return .value(negative ? 0 &- magnitude : magnitude)
        }
    }

    /// `strconv.ParseUint(s, base, 64)`: no sign; base 0 reads Go's prefixes.
    private static func parseUint(_ text: Slice<UnsafeBufferPointer<UInt8>>, base: Int) -> IntResult {
        guard !text.isEmpty else { return .syntax }
        guard base == 0 else { return parseUnsignedDigits(text, base: base) }
        var digits = text
        var radix = 10
        if text.first == UInt8(ascii: "0") {
            let start = text.startIndex
            if text.count >= 3 {
                switch text[start + 1] | 0x20 {
                case UInt8(ascii: "b"): radix = 2
                case UInt8(ascii: "o"): radix = 8
                case UInt8(ascii: "x"): radix = 16
                default: radix = 8
                }
                digits = radix == 8 && (text[start + 1] | 0x20) != UInt8(ascii: "o")
                    ? text.dropFirst() : text.dropFirst(2)
            } else {
                radix = 8
                digits = text.dropFirst()
            }
        }
        // Go accepts "0" alone (octal with no digits after the prefix zero).
        if digits.isEmpty { return radix == 8 ? .value(0) : .syntax }
        return parseUnsignedDigits(digits, base: radix)
    }

    /// The digit loop of `ParseUint`: a syntax error on a bad digit, a range error as
    /// soon as the value overflows (before looking at the remaining digits, as Go does).
    private static func parseUnsignedDigits(_ digits: Slice<UnsafeBufferPointer<UInt8>>, base: Int) -> IntResult {
        guard !digits.isEmpty else { return .syntax }
        let radix = UInt64(base)
        let cutoff = UInt64.max / radix + 1
        var number: UInt64 = 0
        for byte in digits {
            guard let digit = digitValue(byte), digit < radix else { return .syntax }
            if number >= cutoff { return .range }
            number *= radix
            let (sum, overflow) = number.addingReportingOverflow(digit)
            if overflow { return .range }
            number = sum
        }
        return .value(number)
    }

    private static func digitValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt64(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// `big.Int.SetString(s, 0)` for the unsigned prefixed literals that overflow
    /// `ParseUint`, as the nearest double (accumulated, so possibly off by an ulp).
    private static func bigIntegerToDouble(_ plain: UnsafeBufferPointer<UInt8>) -> Double? {
        guard plain.count >= 3, plain[0] == UInt8(ascii: "0") else { return nil }
        let radix: UInt64
        switch plain[1] | 0x20 {
        case UInt8(ascii: "b"): radix = 2
        case UInt8(ascii: "o"): radix = 8
        case UInt8(ascii: "x"): radix = 16
        default: return nil
        }
        var number = 0.0
        for byte in plain[2...] {
            guard let digit = digitValue(byte), digit < radix else { return nil }
            number = number * Double(radix) + Double(digit)
        }
        return number
    }

    // MARK: floats

    /// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func matchesYAMLStyleFloat(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = text.count
        func digits() -> Int {
            let start = index
            while index < count, isDigit(text[index]) { index += 1 }
            return index - start
        }
        if index < count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
        if index < count, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if index < count, text[index] == UInt8(ascii: ".") {
                index += 1
                _ = digits()
            }
        }
        if index < count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == count
    }

    /// `strconv.ParseFloat(s, 64)` for a scalar starting with `.`: decimal digits with
    /// underscores allowed only between digits, an optional exponent, nothing else.
    /// Nil when Go fails, including out of range.
    static func parseFloat(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let count = text.count
        var sawDot = false
        var sawDigits = false
        var underscores = false
        mantissa: while index < count {
            switch text[index] {
            case UInt8(ascii: "_"): underscores = true
            case UInt8(ascii: "."):
                if sawDot { break mantissa }
                sawDot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigits = true
            default: break mantissa
            }
            index += 1
        }
        guard sawDigits else { return nil }
        if index < count, text[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard index < count, isDigit(text[index]) else { return nil }
            while index < count, isDigit(text[index]) || text[index] == UInt8(ascii: "_") {
                if text[index] == UInt8(ascii: "_") { underscores = true }
                index += 1
            }
        }
        guard index == count else { return nil }
        if underscores {
            guard underscoresBetweenDigits(text) else { return nil }
            return decimalToDouble(text.filter { $0 != UInt8(ascii: "_") })
        }
        return decimalToDouble(text)
    }

    /// Go's `underscoreOK` for a decimal literal: each `_` between two digits.
    private static func underscoresBetweenDigits(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0  // 0: start, "0": digit, "_": underscore, "!": other
        for (index, byte) in text.enumerated() {
            if index == 0, byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { continue }
            if isDigit(byte) {
                previous = UInt8(ascii: "0")
            } else if byte == UInt8(ascii: "_") {
                guard previous == UInt8(ascii: "0") else { return false }
                previous = UInt8(ascii: "_")
            } else {
                guard previous != UInt8(ascii: "_") else { return false }
                previous = UInt8(ascii: "!")
            }
        }
        return previous != UInt8(ascii: "_")
    }

    /// A syntactically checked decimal literal as the nearest double; nil when it is
    /// out of range (Go reports a range error there; underflow to zero is fine).
    private static func decimalToDouble<Bytes: Collection<UInt8>>(_ text: Bytes) -> Double? {
        guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite else { return nil }
        return number
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard text.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { prefixBytes in
            prefixBytes.indices.allSatisfy { text[$0] == prefixBytes[$0] }
        }
    }
}
