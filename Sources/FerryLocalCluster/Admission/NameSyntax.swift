/// apimachinery's name and label syntax, with its messages word for word (including
/// the regular expression each quotes), as the API server reports them.
enum NameSyntax {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    static let qualifiedNameMessage = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let configKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"

    /// The rule for `metadata.name` of the resource, as each kind's strategy chooses it.
    static func objectName(_ name: String, resource: ResourceType) -> String? {
        switch (resource.group, resource.kind) {
        case ("", "Namespace"): return dns1123Label(name)
        case ("", "Service"): return dns1035Label(name)
        case ("rbac.authorization.k8s.io", _):
            if name == "." || name == ".." { return "may not be '\(name)'" }
            if name.contains("/") { return "may not contain '/'" }
            if name.contains("%") { return "may not contain '%'" }
            return nil
        default: return dns1123Subdomain(name)
        }
    }

    static func dns1123Subdomain(_ name: String) -> String? {
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        return isSubdomain(Substring(name).utf8) ? nil : subdomainMessage
    }

    /// Dot-separated RFC 1123 labels, each checked as ``isLabel(_:firstMayBeDigit:)``
    /// checks it (an empty one fails), without splitting into an array.
    private static func isSubdomain(_ bytes: Substring.UTF8View) -> Bool {
        var start = bytes.startIndex
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
            guard isLabel(bytes[start..<end], firstMayBeDigit: true) else { return false }
            guard end < bytes.endIndex else { return true }
            start = bytes.index(after: end)
        }
    }

    static func dns1123Label(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        return isLabel(Substring(name).utf8, firstMayBeDigit: true) ? nil : labelMessage
    }

    static func dns1035Label(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        return isLabel(Substring(name).utf8, firstMayBeDigit: false) ? nil : dns1035Message
    }

    /// A label or annotation key: `[prefix/]name`.
    static func qualifiedName(_ key: String) -> String? {
        var name = Substring(key)
        // An ASCII key (nearly all) finds its slash by byte; the index is the same.
        let isASCII = key.utf8.allSatisfy { $0 < 0x80 }
        if let slash = isASCII ? key.utf8.firstIndex(of: UInt8(ascii: "/")) : key.firstIndex(of: "/") {
            let prefix = key[..<slash]
            if prefix.isEmpty { return "prefix part must be non-empty" }
            if prefix.utf8.count > 253 || !isSubdomain(prefix.utf8) { return "prefix part " + subdomainMessage }
            name = key[key.index(after: slash)...]
        }
        if name.isEmpty { return "name part must be non-empty" }
        if name.utf8.count > 63 { return "name part must be no more than 63 characters" }
        return isToken(name.utf8) ? nil : qualifiedNameMessage
    }

    static func labelValue(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 { return "must be no more than 63 characters" }
        return isToken(Substring(value).utf8) ? nil : labelValueMessage
    }

    static func configKey(_ key: String) -> String? {
        if key.isEmpty || key.utf8.count > 253 || key == "." || key == ".." { return configKeyMessage }
        return key.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
            ? nil : configKeyMessage
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func isToken(_ bytes: Substring.UTF8View) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isLabel(_ bytes: some BidirectionalCollection<UInt8>, firstMayBeDigit: Bool) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let isLower = { (b: UInt8) in b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard isLower(first) || (firstMayBeDigit && isDigit(first)), isLower(last) || isDigit(last) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
