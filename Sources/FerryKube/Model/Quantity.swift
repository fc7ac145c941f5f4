import Foundation

/// A Kubernetes resource quantity (`500m`, `2`, `1Gi`, `1e3`), compared by value and
/// written in the canonical form the API server stores (`2000m` becomes `2`,
/// `1024Mi` becomes `1Gi`, `0.5` becomes `500m`).
///
/// The canonical form follows apimachinery's `Quantity.String()`: the suffix family
/// of the input is kept (binary `Ki..Ei`, decimal `n..E`, or an `e` exponent); a
/// binary quantity that is not a whole number of bytes, or whose magnitude is below
/// 1024, is written in decimal; the largest suffix that leaves a whole mantissa wins.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Format: Sendable, Hashable { case binarySI, decimalSI, decimalExponent }

    /// The exact value.
    public var value: Decimal
    public var format: Format

    static let binarySuffixes: [(String, Int)] = [("Ki", 1), ("Mi", 2), ("Gi", 3), ("Ti", 4), ("Pi", 5), ("Ei", 6)]
    static let decimalSuffixes: [(String, Int)] = [("n", -9), ("u", -6), ("m", -3), ("k", 3), ("M", 6), ("G", 9), ("T", 12), ("P", 15), ("E", 18)]

    /// Parses a quantity; nil when `text` is not one.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let numberEnd = trimmed.firstIndex { !($0.isASCII && ($0.isNumber || $0 == "." || $0 == "+" || $0 == "-")) } ?? trimmed.endIndex
        let numberText = String(trimmed[..<numberEnd])
        let suffix = String(trimmed[numberEnd...])
        guard !numberText.isEmpty, numberText.filter({ $0 == "." }).count <= 1,
              numberText.dropFirst().allSatisfy({ $0 != "+" && $0 != "-" }),
              numberText.contains(where: \.isNumber),
              let number = Decimal(string: numberText, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }

        if suffix.isEmpty {
            value = number
            format = .decimalSI
        } else if let (_, power) = Self.binarySuffixes.first(where: { $0.0 == suffix }) {
            value = number * Self.pow(1024, power)
            format = .binarySI
        } else if let (_, exponent) = Self.decimalSuffixes.first(where: { $0.0 == suffix }) {
            value = number * Self.pow10(exponent)
            format = .decimalSI
        } else if let first = suffix.first, first == "e" || first == "E", let exponent = Int(suffix.dropFirst()),
                  abs(exponent) <= 64 {
            value = number * Self.pow10(exponent)
            format = .decimalExponent
        } else {
            return nil
        }
    }

    public static func < (a: Quantity, b: Quantity) -> Bool { a.value < b.value }

    /// Two quantities are equal when their values are, whatever their spelling.
    public static func == (a: Quantity, b: Quantity) -> Bool { a.value == b.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    /// The canonical form.
    public var description: String {
        if value.isZero { return "0" }
        var format = self.format
        if format == .binarySI && (abs(value) < 1024 || !Self.isWhole(value)) { format = .decimalSI }
        switch format {
        case .binarySI:
            for (suffix, power) in Self.binarySuffixes.reversed() {
                let mantissa = value / Self.pow(1024, power)
                if Self.isWhole(mantissa) { return "\(mantissa)\(suffix)" }
            }
            return "\(value)"
        case .decimalSI, .decimalExponent:
            let (mantissa, exponent) = Self.decimalParts(value)
            if format == .decimalExponent { return exponent == 0 ? "\(mantissa)" : "\(mantissa)e\(exponent)" }
            if exponent == 0 { return "\(mantissa)" }
            let suffix = Self.decimalSuffixes.first { $0.1 == exponent }?.0 ?? ""
            return "\(mantissa)\(suffix)"
        }
    }

    /// Whether `text` is already canonical, decided from its spelling alone for the
    /// common case (a whole number without sign or leading zeros, and at most one SI
    /// suffix), so that admission need not do decimal arithmetic for `100m` or `512Mi`.
    /// False means "not known to be": parse it and use ``description``.
    public static func isCanonicalSpelling(_ text: String) -> Bool {
        var mantissa: UInt64 = 0
        var digits = 0
        var suffix: [UInt8] = []
        for byte in text.utf8 {
            if suffix.isEmpty, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if digits == 1 && mantissa == 0 { return false }  // a leading zero
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 15 { return false }
            } else {
                suffix.append(byte)
                if suffix.count > 2 { return false }
            }
        }
        guard digits > 0 else { return false }
        if mantissa == 0 { return suffix.isEmpty }
        switch suffix.count {
        case 0: return mantissa % 1000 != 0
        case 1:
            // A multiple of 1000 moves to the next suffix up (`2000m` is `2`).
            guard "numkMGTP".utf8.contains(suffix[0]) else { return false }
            return mantissa % 1000 != 0
        default:
            // Binary suffixes: a multiple of 1024 moves up (`1024Mi` is `1Gi`).
            guard suffix[1] == UInt8(ascii: "i"), "KMGTP".utf8.contains(suffix[0]) else { return false }
            return mantissa % 1024 != 0
        }
    }

    /// The whole mantissa and the largest exponent (a multiple of 3, from -9 to 18)
    /// that express the value; finer values round up to nano units, as apimachinery does.
    static func decimalParts(_ value: Decimal) -> (Decimal, Int) {
        var exponent = 18
        while exponent >= -9 {
            let mantissa = value / pow10(exponent)
            if isWhole(mantissa) { return (mantissa, exponent) }
            exponent -= 3
        }
        var nanos = value / pow10(-9)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &nanos, 0, value < 0 ? .down : .up)
        return (rounded, -9)
    }

    static func isWhole(_ value: Decimal) -> Bool {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 0, .plain)
        return rounded == value
    }

    static func pow(_ base: Decimal, _ power: Int) -> Decimal {
        var result = Decimal(1)
        for _ in 0..<power { result *= base }
        return result
    }

    static func pow10(_ exponent: Int) -> Decimal {
        exponent >= 0 ? pow(10, exponent) : 1 / pow(10, -exponent)
    }
}
