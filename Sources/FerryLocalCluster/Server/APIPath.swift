import Foundation

/// Where a request goes, read from its URL path alone (the query and the method
/// are looked at later).
enum APIPath: Equatable, Sendable {
    /// `/healthz`, `/livez`, `/readyz` and their sub-checks: answered without a token.
    case health
    /// `/version`.
    case version
    /// `/api`: the core group's versions.
    case coreGroup
    /// `/apis`: every other group.
    case groups
    /// `/apis/GROUP`.
    case group(String)
    /// `/api/v1` or `/apis/GROUP/VERSION`: the resources of one group version.
    case groupVersion(group: String, version: String)
    /// `/openapi/v2`: the Swagger 2.0 document.
    case openAPIV2
    /// `/openapi/v3`: the list of group-version documents.
    case openAPIRoot
    /// `/openapi/v3/api/v1` or `/openapi/v3/apis/GROUP/VERSION`.
    case openAPIDocument(group: String, version: String)
    /// Objects, collections and subresources.
    case resource(ResourcePath)
    /// Anything else: 404.
    case unknown

    /// Parses a raw (still percent-encoded) path.
    init(_ rawPath: String) {
        let segments = rawPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { segment in
            // Foundation's decoding is slow; most segments have nothing to decode. (The byte
            // test, not `contains("%")`, which is Foundation's and bridges to NSString.)
            segment.utf8.contains(UInt8(ascii: "%"))
                ? String(segment).removingPercentEncoding ?? String(segment) : String(segment)
        }
        // One trailing slash is tolerated (`/api/`), an empty segment elsewhere is not.
        var parts = Array(segments)
        if parts.count > 1, parts.last == "" { parts.removeLast() }
        guard !parts.contains("") || parts == [""] else {
            self = .unknown
            return
        }
        self = Self.route(parts)
    }

    private static func route(_ parts: [String]) -> APIPath {
        switch parts.first {
        case "healthz", "livez", "readyz": return .health
        case "version" where parts.count == 1: return .version
        case "openapi":
            if parts.count == 2, parts[1] == "v3" { return .openAPIRoot }
            if parts.count == 2, parts[1] == "v2" { return .openAPIV2 }
            guard parts.count >= 3, parts[1] == "v3" else { return .unknown }
            if parts.count == 4, parts[2] == "api" { return .openAPIDocument(group: "", version: parts[3]) }
            if parts.count == 5, parts[2] == "apis" { return .openAPIDocument(group: parts[3], version: parts[4]) }
            return .unknown
        case "api":
            if parts.count == 1 { return .coreGroup }
            if parts.count == 2 { return .groupVersion(group: "", version: parts[1]) }
            return ResourcePath(group: "", version: parts[1], rest: parts[2...]).map(APIPath.resource) ?? .unknown
        case "apis":
            if parts.count == 1 { return .groups }
            if parts.count == 2 { return .group(parts[1]) }
            if parts.count == 3 { return .groupVersion(group: parts[1], version: parts[2]) }
            return ResourcePath(group: parts[1], version: parts[2], rest: parts[3...]).map(APIPath.resource) ?? .unknown
        default:
            return .unknown
        }
    }
}

/// The parts of a resource URL:
/// `/api/v1/namespaces/NS/RESOURCE/NAME/SUBRESOURCE` and its shorter and
/// cluster-scoped forms, as the API server's RequestInfo resolver reads them.
struct ResourcePath: Equatable, Sendable {
    var group: String
    var version: String
    var namespace: String?
    /// The plural resource name as written in the URL.
    var resource: String
    var name: String?
    var subresource: String?
    /// The legacy `/api/v1/watch/...` form, which means `?watch=true`.
    var watchPrefix = false

    /// Segments after the group version; nil when they do not form a resource path.
    init?(group: String, version: String, rest: ArraySlice<String>) {
        self.group = group
        self.version = version
        var parts = Array(rest)
        if parts.first == "watch" {
            watchPrefix = true
            parts.removeFirst()
        }
        guard !parts.isEmpty else { return nil }
        // `namespaces/NS/status` is the namespace's own subresource; `namespaces/NS/pods`
        // is a collection inside the namespace.
        if parts[0] == "namespaces", parts.count >= 3, !Self.namespaceSubresources.contains(parts[2]) {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        guard parts.count <= 3 else { return nil }
        resource = parts[0]
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2] : nil
    }

    init(group: String, version: String, namespace: String? = nil, resource: String, name: String? = nil, subresource: String? = nil) {
        self.group = group
        self.version = version
        self.namespace = namespace
        self.resource = resource
        self.name = name
        self.subresource = subresource
    }

    private static let namespaceSubresources: Set<String> = ["status", "finalize"]
}
