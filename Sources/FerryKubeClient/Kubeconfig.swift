import FerryKube
import FerryYAML
import Foundation

/// One kubeconfig, or several merged: clusters, users and contexts by name, and the current context.
///
/// Paths inside are absolute: a relative `certificate-authority`, `client-certificate`,
/// `client-key`, `tokenFile` or exec `command` (one with a `/`) was resolved against the
/// directory of the file that wrote it, as client-go does. Every entry remembers that file.
public struct Kubeconfig: Sendable, Equatable {
    /// Clusters by name.
    public var clusters: [String: Cluster]
    /// Users (client-go's "auth infos") by name.
    public var users: [String: User]
    /// Contexts by name.
    public var contexts: [String: Context]
    /// The `current-context`; nil when no file sets one.
    public var currentContext: String?
    /// The file that set `current-context`.
    public var currentContextFile: String?
    /// The files read, in precedence order (missing ones excluded).
    public var files: [String]

    /// An empty configuration.
    public init() {
        clusters = [:]
        users = [:]
        contexts = [:]
        currentContext = nil
        currentContextFile = nil
        files = []
    }

    /// Where a cluster's API server is and how to trust it.
    public struct Cluster: Sendable, Equatable {
        /// The API server URL, e.g. `https://10.0.0.1:6443`, possibly with a path prefix.
        public var server: String
        /// An absolute path to a PEM file of CA certificates.
        public var certificateAuthority: String?
        /// PEM CA certificates given inline (decoded from base64).
        public var certificateAuthorityData: [UInt8]?
        /// Whether to skip verifying the server's certificate: only ever because the kubeconfig says so.
        public var insecureSkipTLSVerify: Bool
        /// The name to ask for (SNI) and verify the certificate against, instead of the URL's host.
        public var tlsServerName: String?
        /// An HTTP(S) or SOCKS5 proxy to reach the server through.
        public var proxyURL: String?
        /// The `client.authentication.k8s.io/exec` extension, handed to exec plugins that ask for cluster info.
        public var execExtension: JSONValue?
        /// The kubeconfig file that defined the cluster.
        public var file: String

        /// A cluster reached at `server`, defined in `file`.
        public init(server: String, file: String) {
            self.server = server
            self.file = file
            insecureSkipTLSVerify = false
        }
    }

    /// How to authenticate: client certificate, token, token file, basic auth or an exec plugin.
    public struct User: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
        /// An absolute path to a PEM client certificate.
        public var clientCertificate: String?
        /// A PEM client certificate given inline.
        public var clientCertificateData: [UInt8]?
        /// An absolute path to the PEM private key (RSA or EC) of the client certificate.
        public var clientKey: String?
        /// The PEM private key given inline.
        public var clientKeyData: [UInt8]?
        /// A bearer token.
        public var token: String?
        /// An absolute path to a file holding a bearer token, re-read as it changes.
        public var tokenFile: String?
        /// The basic-auth user name.
        public var username: String?
        /// The basic-auth password.
        public var password: String?
        /// A credential plugin to run.
        public var exec: ExecConfig?
        /// The name of a legacy `auth-provider` (gcp, azure, oidc), which Ferry does not run.
        public var authProvider: String?
        /// The user to impersonate (`as`).
        public var impersonate: String?
        /// The groups to impersonate (`as-groups`).
        public var impersonateGroups: [String]
        /// The kubeconfig file that defined the user.
        public var file: String

        /// A user with no credentials, defined in `file`.
        public init(file: String) {
            self.file = file
            impersonateGroups = []
        }

        /// The kinds of credential present, never their values.
        public var description: String {
            var kinds: [String] = []
            if clientCertificate != nil || clientCertificateData != nil { kinds.append("client certificate") }
            if token != nil { kinds.append("token") }
            if tokenFile != nil { kinds.append("tokenFile") }
            if username != nil || password != nil { kinds.append("basic auth") }
            if let exec { kinds.append("exec \(exec.command)") }
            if let authProvider { kinds.append("auth-provider \(authProvider)") }
            return "User(\(kinds.isEmpty ? "anonymous" : kinds.joined(separator: ", ")) from \(file))"
        }

        /// The same as `description`: secrets never reach a log through reflection either.
        public var debugDescription: String { description }
    }

    /// A cluster, a user and a namespace under one name.
    public struct Context: Sendable, Equatable {
        /// The name of the cluster.
        public var cluster: String
        /// The name of the user; "" for none.
        public var user: String
        /// The namespace for objects that name none; nil means `default`.
        public var namespace: String?
        /// The kubeconfig file that defined the context.
        public var file: String

        /// A context joining `cluster` and `user`.
        public init(cluster: String, user: String, namespace: String? = nil, file: String) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
            self.file = file
        }
    }

    /// An exec credential plugin (`users[].user.exec`).
    public struct ExecConfig: Sendable, Equatable {
        /// The command: a name looked up in `PATH`, or a path (made absolute when relative).
        public var command: String
        /// Its arguments.
        public var args: [String]
        /// Variables added to the environment it inherits, in order.
        public var env: [(name: String, value: String)]
        /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`.
        public var apiVersion: String
        /// Shown when the command cannot be found.
        public var installHint: String?
        /// Whether the plugin gets the cluster (server, CA) in `KUBERNETES_EXEC_INFO`.
        public var provideClusterInfo: Bool
        /// `Never`, `IfAvailable` or `Always`; Ferry never has a terminal to offer.
        public var interactiveMode: String?

        /// A plugin running `command` with `args`.
        public init(command: String, args: [String] = [], env: [(name: String, value: String)] = [],
                    apiVersion: String, installHint: String? = nil, provideClusterInfo: Bool = false,
                    interactiveMode: String? = nil) {
            self.command = command
            self.args = args
            self.env = env
            self.apiVersion = apiVersion
            self.installHint = installHint
            self.provideClusterInfo = provideClusterInfo
            self.interactiveMode = interactiveMode
        }

        /// Field-wise equality (tuples in `env` are compared by name and value).
        public static func == (a: ExecConfig, b: ExecConfig) -> Bool {
            a.command == b.command && a.args == b.args && a.apiVersion == b.apiVersion
                && a.installHint == b.installHint && a.provideClusterInfo == b.provideClusterInfo
                && a.interactiveMode == b.interactiveMode
                && a.env.map(\.name) == b.env.map(\.name) && a.env.map(\.value) == b.env.map(\.value)
        }
    }
}

extension Kubeconfig {
    /// Reads one kubeconfig file; relative paths inside resolve against its directory.
    ///
    /// An empty file is an empty configuration, as for kubectl. Throws
    /// ``KubeError/configuration(_:)`` naming the file and the position of a bad value.
    public static func read(file: String) throws(KubeError) -> Kubeconfig {
        let absolute = KubeconfigPaths.absolute(file)
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: absolute)))
        } catch {
            throw .configuration("cannot read kubeconfig \(absolute): \(KubeconfigPaths.reason(error))")
        }
        return try parse(bytes, file: absolute)
    }

    /// Parses kubeconfig YAML that was read from `file` (used for messages and relative paths).
    public static func parse(_ bytes: [UInt8], file: String) throws(KubeError) -> Kubeconfig {
        let documents: [YAMLDocument]
        do {
            documents = try YAML.parse(bytes)
        } catch {
            throw .configuration("\(file): not a valid kubeconfig: \(error)")
        }
        guard documents.count <= 1 else {
            throw .configuration("\(file): a kubeconfig is one YAML document, found \(documents.count)")
        }
        var config = Kubeconfig()
        config.files = [file]
        guard let root = documents.first?.root, !root.isNull else { return config }
        let reader = KubeconfigReader(file: file)
        try reader.read(root, into: &config)
        return config
    }
}

/// File-path helpers shared by the loader and the credentials.
enum KubeconfigPaths {
    /// `path` made absolute against the working directory, `.` and `..` removed.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `path` resolved against `directory` when relative.
    static func resolve(_ path: String, against directory: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    /// Why a file could not be read, in words (not Foundation's error dump).
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return POSIXError(code).localizedDescription
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }

    /// The contents of `path`, or an error naming `what` it is and where it was configured.
    static func readBytes(_ path: String, what: String, configuredIn source: String) throws(KubeError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .configuration("cannot read \(what) \(path) (set in \(source)): \(reason(error))")
        }
    }
}

/// Walks one parsed kubeconfig into typed values, with `file:line:col` in every complaint.
private struct KubeconfigReader {
    let file: String
    let directory: String

    init(file: String) {
        self.file = file
        directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
    }

    func fail(_ node: YAMLNode, _ message: String) -> KubeError {
        .configuration("\(file):\(node.mark): \(message)")
    }

    func mapping(_ node: YAMLNode, _ what: String) throws(KubeError) -> [YAMLNode.Entry] {
        if node.isNull { return [] }
        guard let entries = node.entries else { throw fail(node, "\(what) must be a mapping, got \(node.kindDescription)") }
        return entries
    }

    func list(_ node: YAMLNode?, _ what: String) throws(KubeError) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        guard let items = node.items else { throw fail(node, "\(what) must be a list, got \(node.kindDescription)") }
        return items
    }

    func string(_ node: YAMLNode?, _ what: String) throws(KubeError) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let text = node.string else { throw fail(node, "\(what) must be a string, got \(node.kindDescription)") }
        return text
    }

    /// A string that is empty when absent: Go's zero value, and client-go treats "" as unset.
    func nonEmpty(_ node: YAMLNode?, _ what: String) throws(KubeError) -> String? {
        guard let text = try string(node, what), !text.isEmpty else { return nil }
        return text
    }

    func bool(_ node: YAMLNode?, _ what: String) throws(KubeError) -> Bool {
        guard let node, !node.isNull else { return false }
        guard case .bool(let flag) = node.value else { throw fail(node, "\(what) must be true or false, got \(node.kindDescription)") }
        return flag
    }

    func strings(_ node: YAMLNode?, _ what: String) throws(KubeError) -> [String] {
        var result: [String] = []
        for (index, item) in try list(node, what).enumerated() {
            guard let text = try string(item, "\(what)[\(index)]") else { continue }
            result.append(text)
        }
        return result
    }

    /// `*-data` fields: base64 as Go's `[]byte` JSON encoding, line breaks tolerated.
    func base64(_ node: YAMLNode?, _ what: String) throws(KubeError) -> [UInt8]? {
        guard let text = try nonEmpty(node, what) else { return nil }
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else { throw fail(node ?? YAMLNode(.null), "\(what) is not valid base64") }
        return Array(data)
    }

    func path(_ node: YAMLNode?, _ what: String) throws(KubeError) -> String? {
        guard let text = try nonEmpty(node, what) else { return nil }
        return KubeconfigPaths.resolve(text, against: directory)
    }

    func read(_ root: YAMLNode, into config: inout Kubeconfig) throws(KubeError) {
        _ = try mapping(root, "the kubeconfig")
        if let kind = try string(root["kind"], "kind"), !kind.isEmpty, kind != "Config" {
            throw fail(root, "kind is \(kind), expected Config: is this a kubeconfig?")
        }
        for (index, item) in try list(root["clusters"], "clusters").enumerated() {
            let (name, body) = try named(item, "clusters[\(index)]", field: "cluster")
            guard config.clusters[name] == nil else { throw fail(item, "duplicate cluster name \"\(name)\"") }
            config.clusters[name] = try cluster(body, at: "clusters[\(index)].cluster", item: item)
        }
        for (index, item) in try list(root["users"], "users").enumerated() {
            let (name, body) = try named(item, "users[\(index)]", field: "user")
            guard config.users[name] == nil else { throw fail(item, "duplicate user name \"\(name)\"") }
            config.users[name] = try user(body, at: "users[\(index)].user")
        }
        for (index, item) in try list(root["contexts"], "contexts").enumerated() {
            let (name, body) = try named(item, "contexts[\(index)]", field: "context")
            guard config.contexts[name] == nil else { throw fail(item, "duplicate context name \"\(name)\"") }
            _ = try mapping(body, "contexts[\(index)].context")
            config.contexts[name] = Kubeconfig.Context(
                cluster: try string(body["cluster"], "contexts[\(index)].context.cluster") ?? "",
                user: try string(body["user"], "contexts[\(index)].context.user") ?? "",
                namespace: try nonEmpty(body["namespace"], "contexts[\(index)].context.namespace"),
                file: file)
        }
        if let current = try nonEmpty(root["current-context"], "current-context") {
            config.currentContext = current
            config.currentContextFile = file
        }
    }

    /// `{name: ..., <field>: {...}}`, the list form of kubeconfig's named maps.
    func named(_ item: YAMLNode, _ what: String, field: String) throws(KubeError) -> (String, YAMLNode) {
        _ = try mapping(item, what)
        guard let name = try string(item["name"], "\(what).name"), !name.isEmpty else {
            throw fail(item, "\(what) has no name")
        }
        return (name, item[field] ?? YAMLNode(.null, mark: item.mark))
    }

    func cluster(_ body: YAMLNode, at what: String, item: YAMLNode) throws(KubeError) -> Kubeconfig.Cluster {
        _ = try mapping(body, what)
        var cluster = Kubeconfig.Cluster(server: try string(body["server"], "\(what).server") ?? "", file: file)
        cluster.certificateAuthority = try path(body["certificate-authority"], "\(what).certificate-authority")
        cluster.certificateAuthorityData = try base64(body["certificate-authority-data"], "\(what).certificate-authority-data")
        cluster.insecureSkipTLSVerify = try bool(body["insecure-skip-tls-verify"], "\(what).insecure-skip-tls-verify")
        cluster.tlsServerName = try nonEmpty(body["tls-server-name"], "\(what).tls-server-name")
        cluster.proxyURL = try nonEmpty(body["proxy-url"], "\(what).proxy-url")
        for (index, ext) in try list(body["extensions"], "\(what).extensions").enumerated() {
            let name = try string(ext["name"], "\(what).extensions[\(index)].name")
            if name == "client.authentication.k8s.io/exec", let value = ext["extension"] {
                cluster.execExtension = JSONValue(value)
            }
        }
        return cluster
    }

    func user(_ body: YAMLNode, at what: String) throws(KubeError) -> Kubeconfig.User {
        _ = try mapping(body, what)
        var user = Kubeconfig.User(file: file)
        user.clientCertificate = try path(body["client-certificate"], "\(what).client-certificate")
        user.clientCertificateData = try base64(body["client-certificate-data"], "\(what).client-certificate-data")
        user.clientKey = try path(body["client-key"], "\(what).client-key")
        user.clientKeyData = try base64(body["client-key-data"], "\(what).client-key-data")
        user.token = try nonEmpty(body["token"], "\(what).token")
        user.tokenFile = try path(body["tokenFile"], "\(what).tokenFile")
        user.username = try nonEmpty(body["username"], "\(what).username")
        user.password = try nonEmpty(body["password"], "\(what).password")
        user.impersonate = try nonEmpty(body["as"], "\(what).as")
        user.impersonateGroups = try strings(body["as-groups"], "\(what).as-groups")
        if let provider = body["auth-provider"], !provider.isNull {
            user.authProvider = try string(provider["name"], "\(what).auth-provider.name") ?? "unnamed"
        }
        if let exec = body["exec"], !exec.isNull {
            user.exec = try execConfig(exec, at: "\(what).exec")
        }
        return user
    }

    func execConfig(_ node: YAMLNode, at what: String) throws(KubeError) -> Kubeconfig.ExecConfig {
        _ = try mapping(node, what)
        guard var command = try nonEmpty(node["command"], "\(what).command") else {
            throw fail(node, "\(what).command is required")
        }
        // A bare name is looked up in PATH when run; only a path is relative to this file.
        if command.contains("/") { command = KubeconfigPaths.resolve(command, against: directory) }
        var env: [(name: String, value: String)] = []
        for (index, item) in try list(node["env"], "\(what).env").enumerated() {
            guard let name = try nonEmpty(item["name"], "\(what).env[\(index)].name") else {
                throw fail(item, "\(what).env[\(index)] has no name")
            }
            env.append((name, try string(item["value"], "\(what).env[\(index)].value") ?? ""))
        }
        guard let apiVersion = try nonEmpty(node["apiVersion"], "\(what).apiVersion") else {
            throw fail(node, "\(what).apiVersion is required (client.authentication.k8s.io/v1 or v1beta1)")
        }
        return Kubeconfig.ExecConfig(
            command: command, args: try strings(node["args"], "\(what).args"), env: env, apiVersion: apiVersion,
            installHint: try nonEmpty(node["installHint"], "\(what).installHint"),
            provideClusterInfo: try bool(node["provideClusterInfo"], "\(what).provideClusterInfo"),
            interactiveMode: try nonEmpty(node["interactiveMode"], "\(what).interactiveMode"))
    }
}
