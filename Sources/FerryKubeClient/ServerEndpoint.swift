import AsyncHTTPClient
import Foundation

/// The API server's address, split for building URLs and, with `tls-server-name`, for
/// connecting to one host while verifying the certificate of another.
struct ServerEndpoint: Sendable {
    /// The host to connect to (no brackets around an IPv6 address).
    let host: String
    let port: Int
    let isTLS: Bool
    /// `scheme://name:port/prefix`, where name is `tls-server-name` when set.
    let baseURL: String
    /// The `Host` header when the URL names `tls-server-name` instead of the server.
    let hostHeader: String?
    /// Maps `tls-server-name` to the real host: AsyncHTTPClient then connects to the host
    /// but sends SNI and checks the certificate for the name.
    let dnsOverride: [String: String]
    /// The name the certificate is checked against.
    var verifiedName: String { dnsOverride.keys.first ?? host }

    init(_ config: ClusterConfig) throws(KubeError) {
        guard let components = URLComponents(string: config.server), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", var host = components.host, !host.isEmpty
        else { throw .configuration("server \"\(config.server)\" of \(config.source) is not an http(s) URL") }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        isTLS = scheme == "https"
        port = components.port ?? (isTLS ? 443 : 80)
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        let authority = "\(Self.bracketed(host)):\(port)"
        if isTLS, let name = config.tls.serverName, name != host {
            baseURL = "https://\(Self.bracketed(name)):\(port)\(prefix)"
            hostHeader = authority
            dnsOverride = [name: host]
        } else {
            baseURL = "\(scheme)://\(authority)\(prefix)"
            hostHeader = nil
            dnsOverride = [:]
        }
    }

    static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// The URL of `path` (starting with `/`) with `query` percent-encoded.
    func url(path: String, query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return baseURL + path }
        let encoded = query.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
        return "\(baseURL)\(path)?\(encoded)"
    }

    private static let unreserved = CharacterSet(charactersIn:
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Query component encoding: everything but unreserved characters, so selectors such
    /// as `app in (a,b),tier!=db` survive.
    static func encode(_ text: String) -> String {
        if isUnreserved(text) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Whether `text` is only unreserved characters (letters, digits, `-._~`), which no
    /// encoding changes: object names, namespaces and field managers nearly always are.
    static func isUnreserved(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }
    }

    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#"))

    /// One path segment (a name or namespace), encoded.
    static func segment(_ text: String) -> String {
        if isUnreserved(text) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? text
    }
}

/// The proxy to reach a server through: the kubeconfig's `proxy-url`, else `HTTPS_PROXY`
/// (or `HTTP_PROXY` for http servers) unless `NO_PROXY` exempts the host, as Go's
/// `ProxyFromEnvironment` (which never proxies loopback addresses) decides.
enum ProxySettings {
    static func proxy(for endpoint: ServerEndpoint, configured: String?,
                      environment: [String: String]) throws(KubeError) -> HTTPClient.Configuration.Proxy? {
        var url = configured
        if url == nil {
            if isLoopback(endpoint.host) { return nil }
            let names = endpoint.isTLS ? ["HTTPS_PROXY", "https_proxy"] : ["HTTP_PROXY", "http_proxy"]
            url = names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
            let noProxy = environment["NO_PROXY"] ?? environment["no_proxy"] ?? ""
            if url != nil, exempts(noProxy, host: endpoint.host, port: endpoint.port) { return nil }
        }
        guard var text = url else { return nil }
        if !text.contains("://") { text = "http://" + text }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw .configuration("proxy \"\(url ?? "")\" is not a URL") }
        switch scheme {
        case "http":
            var authorization: HTTPClient.Authorization?
            if let user = components.user {
                authorization = .basic(username: user.removingPercentEncoding ?? user,
                                       password: components.password?.removingPercentEncoding ?? "")
            }
            return .server(host: host, port: components.port ?? 80, authorization: authorization)
        case "socks5", "socks5h":
            return .socksServer(host: host, port: components.port ?? 1080)
        default:
            throw .configuration("proxy \(scheme)://\(host): only http:// and socks5:// proxies are supported")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host.hasPrefix("127.")
    }

    /// Whether `NO_PROXY` (comma-separated hosts, `.domain` suffixes, `*`, optional ports) covers the host.
    static func exempts(_ noProxy: String, host: String, port: Int) -> Bool {
        for rawEntry in noProxy.split(separator: ",") {
            var entry = rawEntry.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), !entry.hasPrefix("["), entry.filter({ $0 == ":" }).count == 1 {
                guard entry[entry.index(after: colon)...] == "\(port)" else { continue }
                entry = String(entry[..<colon])
            }
            let name = host.lowercased()
            if entry.hasPrefix(".") { entry.removeFirst() }
            if name == entry || name.hasSuffix("." + entry) { return true }
        }
        return false
    }
}
