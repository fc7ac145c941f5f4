extension YAMLNode {
    /// A float as Go's `encoding/json` writes a float64, which is what the Kubernetes
    /// API receives: the shortest digits that read back as the same number, in plain
    /// notation (`3`, `0.000001`, `123456789`) unless the magnitude is below 1e-6 or
    /// at least 1e21, then in exponent notation with the exponent's sign (`1e+21`,
    /// `1.5e-7`; Go drops the leading zero of a one-digit negative exponent).
    ///
    /// JSON has no NaN or infinity (Go's encoder fails on them); they are written in
    /// their YAML spelling, `.nan`, `.inf` and `-.inf`. See ``YAML/validateJSONCompatible(_:)``.
    public static func formatFloat(_ number: Double) -> String {
        if let special = nonFiniteSpelling(number) { return special }
        if number == 0 { return number.sign == .minus ? "-0" : "0" }
        let digits = ShortestDigits(number)
        let magnitude = number.magnitude
        var out: [UInt8] = []
        out.reserveCapacity(24)
        if number.sign == .minus { out.append(UInt8(ascii: "-")) }
        if magnitude < 1e-6 || magnitude >= 1e21 {
            digits.appendExponentForm(to: &out, padNegativeExponent: false)
        } else {
            digits.appendPlainForm(to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A float map key as sigs.k8s.io/yaml turns it into a JSON key:
    /// `strconv.FormatFloat(f, 'g', -1, 32)`, i.e. the shortest digits of the value
    /// rounded to 32 bits, in exponent form when the exponent is below -4 or at least 6
    /// (`1e+06`, `1e-05`), with infinities and NaN spelt `.inf`, `-.inf`, `.nan`.
    static func formatFloatKey(_ number: Double) -> String {
        let single = Float(number)
        if let special = nonFiniteSpelling(Double(single)) { return special }
        if single == 0 { return single.sign == .minus ? "-0" : "0" }
        let digits = ShortestDigits(single)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        if single.sign == .minus { out.append(UInt8(ascii: "-")) }
        let exponent = digits.decimalPoint - 1
        if exponent < -4 || exponent >= 6 {
            digits.appendExponentForm(to: &out, padNegativeExponent: true)
        } else {
            digits.appendPlainForm(to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nonFiniteSpelling(_ number: Double) -> String? {
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
        return nil
    }
}

/// The shortest decimal digits that identify a binary float, as `0.d₁d₂… × 10^decimalPoint`.
///
/// Swift's `description` already computes the shortest round-trip digits (as Go's
/// `strconv` does); this takes them from it rather than re-implementing the search.
struct ShortestDigits {
    /// ASCII digits, without leading or trailing zeros; never empty.
    var digits: [UInt8] = []
    /// Where the decimal point goes relative to the first digit.
    var decimalPoint = 0

    /// The digits of a finite, non-zero value.
    init<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) {
        var pointAt: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        var raw: [UInt8] = []
        raw.reserveCapacity(24)
        for byte in value.magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    raw.append(byte)
                }
            case UInt8(ascii: "."): pointAt = raw.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-"): if inExponent { exponentSign = -1 }
            default: break
            }
        }
        var point = (pointAt ?? raw.count) + exponentSign * exponent
        var first = 0
        while first < raw.count - 1, raw[first] == UInt8(ascii: "0") {
            first += 1
            point -= 1
        }
        var end = raw.count
        while end > first + 1, raw[end - 1] == UInt8(ascii: "0") { end -= 1 }
        digits = Array(raw[first..<end])
        decimalPoint = point
    }

    /// Go's `%f` with the shortest precision: `123.45`, `0.00012`, `1200`.
    func appendPlainForm(to out: inout [UInt8]) {
        let zero = UInt8(ascii: "0")
        if decimalPoint <= 0 {
            out.append(zero)
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(zero, count: -decimalPoint))
            out.append(contentsOf: digits)
        } else if decimalPoint >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(zero, count: decimalPoint - digits.count))
        } else {
            out.append(contentsOf: digits[..<decimalPoint])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[decimalPoint...])
        }
    }

    /// Go's `%e` with the shortest precision: `1.5e+21`, `1e-07` (or `1e-7` when
    /// `padNegativeExponent` is false, as `encoding/json` trims it).
    func appendExponentForm(to out: inout [UInt8], padNegativeExponent: Bool) {
        out.append(digits[0])
        if digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[1...])
        }
        let exponent = decimalPoint - 1
        out.append(UInt8(ascii: "e"))
        out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = exponent.magnitude
        if magnitude < 10, exponent >= 0 || padNegativeExponent { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: String(magnitude).utf8)
    }
}
