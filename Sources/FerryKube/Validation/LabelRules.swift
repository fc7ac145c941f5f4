/// Label and annotation syntax, as apimachinery validates it.
public enum LabelRules {
    /// A qualified name: `[prefix/]name`, where the prefix is a DNS subdomain and the
    /// name at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.
    public static func key(_ key: String) -> String? {
        var name = Substring(key)
        if let slash = key.firstIndex(of: "/") {
            let prefix = String(key[..<slash])
            if prefix.isEmpty { return "prefix part must be non-empty" }
            if NameRules.dns1123Subdomain(prefix) != nil {
                return "prefix part '\(prefix)' must be a lowercase DNS subdomain (e.g. 'example.com')"
            }
            name = key[key.index(after: slash)...]
        }
        if name.isEmpty { return "name part must be non-empty" }
        if name.utf8.count > 63 { return "name part must be no more than 63 characters" }
        return isQualifiedToken(name)
            ? nil
            : "name part must consist of letters, digits, '-', '_' or '.', and must start and end with a letter or digit"
    }

    /// A label value: empty, or at most 63 characters of the same alphabet as a key's name part.
    public static func value(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 { return "must be no more than 63 characters" }
        return isQualifiedToken(Substring(value))
            ? nil
            : "must consist of letters, digits, '-', '_' or '.', and must start and end with a letter or digit"
    }

    /// On UTF-8 bytes: every allowed character is ASCII, and a byte test is far
    /// cheaper than Character's grapheme breaking on every label of every object.
    private static func isQualifiedToken(_ text: Substring) -> Bool {
        let bytes = text.utf8
        let isAlnum = { (b: UInt8) in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }
}
