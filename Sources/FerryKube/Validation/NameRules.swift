/// The naming rules of Kubernetes' apimachinery validation, each returning why a
/// name fails, or nil when it is valid.
public enum NameRules {
    /// A DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and
    /// ending with a letter or digit. Namespaces and container names.
    public static func dns1123Label(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        return isLabel(name.utf8, firstMayBeDigit: true)
            ? nil
            : "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name')"
    }

    /// A DNS-1123 subdomain: dot-separated labels, at most 253 characters. Most object names.
    public static func dns1123Subdomain(_ name: String) -> String? {
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        let labels = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy({ isLabel($0, firstMayBeDigit: true) })
            ? nil
            : "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')"
    }

    /// A DNS-1035 label: like a DNS-1123 label but starting with a letter. Service names.
    public static func dns1035Label(_ name: String) -> String? {
        if name.utf8.count > 63 { return "must be no more than 63 characters" }
        return isLabel(name.utf8, firstMayBeDigit: false)
            ? nil
            : "must be a lowercase RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'my-name')"
    }

    /// A name usable as a URL path segment: what the API server asks of custom
    /// resources and of RBAC objects, whose names often hold ':'.
    public static func pathSegment(_ name: String) -> String? {
        if name == "." || name == ".." { return "may not be '.' or '..'" }
        if name.contains("/") || name.contains("%") { return "may not contain '/' or '%'" }
        return nil
    }

    /// The rule the API server applies to names of `kind` in `group`.
    public static func objectName(_ name: String, group: String, kind: String) -> String? {
        switch (group, kind) {
        case ("", "Namespace"): return dns1123Label(name)
        case ("", "Service"): return dns1035Label(name)
        case ("rbac.authorization.k8s.io", _): return pathSegment(name)
        case ("", _), ("apps", _), ("batch", _), ("networking.k8s.io", _), ("policy", _),
             ("autoscaling", _), ("storage.k8s.io", _), ("scheduling.k8s.io", _),
             ("apiextensions.k8s.io", _), ("coordination.k8s.io", _), ("discovery.k8s.io", _):
            return dns1123Subdomain(name)
        default:
            return pathSegment(name) ?? (name.isEmpty ? "may not be empty" : nil)
        }
    }

    private static func isLabel(_ bytes: some BidirectionalCollection<UInt8>, firstMayBeDigit: Bool) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        let isLower = { (b: UInt8) in b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard isLower(first) || (firstMayBeDigit && isDigit(first)) else { return false }
        guard isLower(last) || isDigit(last) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
