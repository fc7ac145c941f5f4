import FerryKube

/// Everything needed to talk to one cluster: where it is, how to trust it, who to be.
///
/// Made from a kubeconfig context (``Kubeconfig/clusterConfig(context:)``,
/// ``KubeconfigLoader``) or from a pod's service account (``InClusterConfig``); a
/// ``KubeClient`` treats both the same way. Printing it never shows a secret.
public struct ClusterConfig: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The API server's base URL, e.g. `https://10.0.0.1:6443`; may carry a path prefix.
    public var server: String
    /// The namespace for namespaced objects that name none: the context's, else `default`.
    public var namespace: String
    /// The kubeconfig context used, if any.
    public var contextName: String?
    /// Where the settings came from, for messages: `context "prod" in /home/me/.kube/config`.
    public var source: String
    /// How to verify the server and present a client certificate.
    public var tls: TLSSettings
    /// How to authenticate requests.
    public var credentials: Credentials
    /// A proxy to connect through (`http://`, `https://` CONNECT, or `socks5://`).
    public var proxyURL: String?
    /// The user to impersonate (`Impersonate-User`).
    public var impersonateUser: String?
    /// The groups to impersonate (`Impersonate-Group`).
    public var impersonateGroups: [String]

    /// Settings for the cluster at `server`.
    public init(server: String, namespace: String = "default", contextName: String? = nil, source: String,
                tls: TLSSettings = TLSSettings(), credentials: Credentials = .none, proxyURL: String? = nil) {
        self.server = server
        self.namespace = namespace
        self.contextName = contextName
        self.source = source
        self.tls = tls
        self.credentials = credentials
        self.proxyURL = proxyURL
        impersonateUser = nil
        impersonateGroups = []
    }

    /// The server, the source and the kind of credentials; never a secret.
    public var description: String {
        "ClusterConfig(server: \(server), namespace: \(namespace), \(source), \(credentials), \(tls))"
    }

    /// The same as `description`.
    public var debugDescription: String { description }
}

/// TLS material for one cluster, PEM bytes already read from files.
public struct TLSSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The CA certificates (one PEM block or several) that the server's certificate must chain to;
    /// nil trusts the system's roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// Where the CA came from, for messages (`certificate-authority /path` or `certificate-authority-data`).
    public var certificateAuthoritySource: String?
    /// Skip verifying the server's certificate: only when the kubeconfig says so.
    public var insecureSkipVerify: Bool
    /// The name to send in SNI and check the server's certificate against, instead of the URL's host.
    public var serverName: String?
    /// A PEM client certificate (with any intermediates after it).
    public var clientCertificatePEM: [UInt8]?
    /// The PEM private key (RSA or EC, PKCS#1, SEC1 or PKCS#8) of the client certificate.
    public var clientKeyPEM: [UInt8]?

    /// Settings that trust the system roots and present no certificate.
    public init(certificateAuthorityPEM: [UInt8]? = nil, certificateAuthoritySource: String? = nil,
                insecureSkipVerify: Bool = false, serverName: String? = nil,
                clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.certificateAuthoritySource = certificateAuthoritySource
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }

    /// What is configured, without key material.
    public var description: String {
        var parts: [String] = []
        parts.append(certificateAuthoritySource.map { "CA from \($0)" } ?? (certificateAuthorityPEM == nil ? "system roots" : "CA given"))
        if insecureSkipVerify { parts.append("insecure-skip-tls-verify") }
        if let serverName { parts.append("server name \(serverName)") }
        if clientCertificatePEM != nil { parts.append("client certificate") }
        return "TLS(\(parts.joined(separator: ", ")))"
    }

    /// The same as `description`.
    public var debugDescription: String { description }
}

/// How requests authenticate. Client certificates live in ``TLSSettings``; these are the others.
public enum Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Anonymous (or client certificate only).
    case none
    /// A fixed bearer token.
    case token(String)
    /// A bearer token read from a file and re-read when the file changes (projected
    /// service-account tokens rotate); `fallback` is used while the file cannot be read.
    case tokenFile(path: String, fallback: String?)
    /// HTTP basic authentication.
    case basic(username: String, password: String)
    /// An exec credential plugin, run on demand and cached until its credential expires.
    /// `user` names the kubeconfig user for messages; `clusterInfo` is `spec.cluster` for
    /// plugins with `provideClusterInfo`.
    case exec(Kubeconfig.ExecConfig, user: String, clusterInfo: JSONValue?)

    /// The kind of credential; never its value.
    public var description: String {
        switch self {
        case .none: return "no credentials"
        case .token: return "bearer token"
        case .tokenFile(let path, _): return "token file \(path)"
        case .basic(let username, _): return "basic auth as \(username)"
        case .exec(let config, let user, _): return "exec plugin \(config.command) for user \(user)"
        }
    }

    /// The same as `description`.
    public var debugDescription: String { description }
}
