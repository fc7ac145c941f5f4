import FerryKube
import Foundation

/// Finds and merges kubeconfig files the way kubectl does (client-go's loading rules).
///
/// - `explicitPath` (`--kubeconfig`) replaces everything else and must exist;
/// - else every file in `KUBECONFIG` (`:`-separated, duplicates and missing files skipped);
/// - else `~/.kube/config`.
///
/// Merging keeps, for clusters, users and contexts, the entry of the first file that
/// names it, and the first non-empty `current-context`.
///
/// When none of those files exists, no context is asked for, and the process runs in a pod
/// (`KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` set, a service account token
/// mounted), the pod's service account is used, as kubectl and client-go's
/// `rest.InClusterConfig` do (see ``InClusterConfig``).
public struct KubeconfigLoader: Sendable {
    /// The `--kubeconfig` path, if given.
    public var explicitPath: String?
    /// The environment to read `KUBECONFIG`, `HOME` and the in-cluster service variables from.
    public var environment: [String: String]
    /// The home directory for `~/.kube/config`; `HOME` from `environment` when nil.
    public var homeDirectory: String?
    /// Where the pod's service account is mounted: the token, `ca.crt` and `namespace`.
    public var serviceAccountDirectory: String

    /// A loader reading `explicitPath`, else `KUBECONFIG` from `environment`, else
    /// `~/.kube/config`, else the in-cluster service account in `serviceAccountDirectory`.
    public init(explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: String? = nil, serviceAccountDirectory: String = InClusterConfig.defaultRoot) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.serviceAccountDirectory = serviceAccountDirectory
    }

    /// The files to read, in precedence order, whether they exist or not.
    public var precedence: [String] {
        if let explicitPath, !explicitPath.isEmpty { return [KubeconfigPaths.absolute(explicitPath)] }
        if let variable = environment["KUBECONFIG"], !variable.isEmpty {
            var seen: Set<String> = []
            var files: [String] = []
            for part in variable.split(separator: ":", omittingEmptySubsequences: true) {
                let file = KubeconfigPaths.absolute(String(part))
                if seen.insert(file).inserted { files.append(file) }
            }
            return files
        }
        return [defaultPath]
    }

    /// `~/.kube/config`.
    public var defaultPath: String {
        let home = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        return KubeconfigPaths.resolve(".kube/config", against: home)
    }

    /// Whether any configuration is there: a kubeconfig to read, or the service account of the
    /// pod this runs in. A caller (Ferry) may choose a fallback when not.
    public var isConfigured: Bool { hasKubeconfig || isInCluster }

    /// Whether a kubeconfig is given or one of the files to read exists.
    public var hasKubeconfig: Bool {
        if let explicitPath, !explicitPath.isEmpty { return true }
        return precedence.contains { FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether this process runs in a pod with a service account mounted.
    public var isInCluster: Bool {
        InClusterConfig.isAvailable(environment: environment, root: serviceAccountDirectory)
    }

    /// Reads and merges the files; throws when `--kubeconfig` is missing or any file is invalid.
    public func load() throws(KubeError) -> Kubeconfig {
        if let explicitPath, !explicitPath.isEmpty {
            let file = KubeconfigPaths.absolute(explicitPath)
            guard FileManager.default.fileExists(atPath: file) else {
                throw .configuration("kubeconfig \(file) (from --kubeconfig) does not exist")
            }
        }
        var merged = Kubeconfig()
        for file in precedence where FileManager.default.fileExists(atPath: file) {
            merged.merge(try Kubeconfig.read(file: file))
        }
        return merged
    }

    /// The settings of `context` (nil for the current context) from the merged files; with no
    /// file and no context asked for, the pod's service account when there is one.
    public func clusterConfig(context: String? = nil) throws(KubeError) -> ClusterConfig {
        let config = try load()
        if config.files.isEmpty {
            let noContext = context?.isEmpty ?? true
            // As client-go's deferred loading: a context names a kubeconfig entry, and syncing to
            // the pod's own cluster instead of the one named would be the wrong cluster.
            if noContext, isInCluster {
                return try InClusterConfig.load(environment: environment, root: serviceAccountDirectory)
            }
            let looked = precedence.joined(separator: ", ")
            let inCluster = isInCluster
                ? "; the pod's service account is used only when no context is asked for, and context \"\(context ?? "")\" was"
                : ""
            throw .configuration(
                "no kubeconfig found (looked for \(looked))\(inCluster); set KUBECONFIG or pass --kubeconfig")
        }
        return try config.clusterConfig(context: context)
    }
}

extension Kubeconfig {
    /// Adds the entries of a lower-precedence config: names already present are kept.
    public mutating func merge(_ other: Kubeconfig) {
        clusters.merge(other.clusters) { mine, _ in mine }
        users.merge(other.users) { mine, _ in mine }
        contexts.merge(other.contexts) { mine, _ in mine }
        if currentContext == nil {
            currentContext = other.currentContext
            currentContextFile = other.currentContextFile
        }
        files.append(contentsOf: other.files)
    }

    /// The files, as KUBECONFIG writes them, for messages.
    var fileList: String { files.isEmpty ? "(no kubeconfig)" : files.joined(separator: ":") }

    /// Resolves `context` (nil: `current-context`) into connection settings: reads the
    /// CA, client certificate and key files, checks the combination as kubectl does.
    public func clusterConfig(context requested: String? = nil) throws(KubeError) -> ClusterConfig {
        let names = contexts.keys.sorted()
        let known = names.isEmpty ? "it defines no contexts" : "contexts: \(names.joined(separator: ", "))"
        let contextName: String
        if let requested, !requested.isEmpty {
            contextName = requested
        } else if let currentContext {
            contextName = currentContext
        } else {
            throw .configuration("no current-context in \(fileList); pass --context (\(known))")
        }
        guard let context = contexts[contextName] else {
            let origin = (requested?.isEmpty ?? true) ? " (current-context in \(currentContextFile ?? fileList))" : ""
            throw .configuration("context \"\(contextName)\"\(origin) not found in \(fileList); \(known)")
        }
        let where_ = "context \"\(contextName)\" in \(context.file)"
        guard !context.cluster.isEmpty else { throw .configuration("\(where_) names no cluster") }
        guard let cluster = clusters[context.cluster] else {
            let all = clusters.keys.sorted().joined(separator: ", ")
            throw .configuration("cluster \"\(context.cluster)\" of \(where_) is not defined in \(fileList); clusters: \(all.isEmpty ? "none" : all)")
        }
        var user = User(file: context.file)
        if !context.user.isEmpty {
            guard let found = users[context.user] else {
                let all = users.keys.sorted().joined(separator: ", ")
                throw .configuration("user \"\(context.user)\" of \(where_) is not defined in \(fileList); users: \(all.isEmpty ? "none" : all)")
            }
            user = found
        }

        let clusterWhere = "cluster \"\(context.cluster)\" in \(cluster.file)"
        let userWhere = "user \"\(context.user)\" in \(user.file)"
        let tls = try tlsSettings(cluster: cluster, clusterWhere: clusterWhere, user: user, userWhere: userWhere)
        let server = try Self.serverURL(cluster.server, secure: tls.certificateAuthorityPEM != nil
                                            || tls.clientCertificatePEM != nil || tls.insecureSkipVerify,
                                        where: clusterWhere)
        let credentials = try Self.credentials(user: user, userName: context.user, userWhere: userWhere,
                                               clusterInfo: Self.execClusterInfo(cluster, server: server, tls: tls))
        var config = ClusterConfig(
            server: server, namespace: context.namespace ?? "default", contextName: contextName,
            source: where_, tls: tls, credentials: credentials, proxyURL: cluster.proxyURL)
        config.impersonateUser = user.impersonate
        config.impersonateGroups = user.impersonateGroups
        return config
    }

    private func tlsSettings(cluster: Cluster, clusterWhere: String, user: User, userWhere: String) throws(KubeError) -> TLSSettings {
        var tls = TLSSettings(insecureSkipVerify: cluster.insecureSkipTLSVerify, serverName: cluster.tlsServerName)
        // As client-go: inline data wins over a file when both are given.
        if let data = cluster.certificateAuthorityData {
            tls.certificateAuthorityPEM = data
            tls.certificateAuthoritySource = "certificate-authority-data of \(clusterWhere)"
        } else if let file = cluster.certificateAuthority {
            tls.certificateAuthorityPEM = try KubeconfigPaths.readBytes(file, what: "certificate-authority", configuredIn: clusterWhere)
            tls.certificateAuthoritySource = "certificate-authority \(file) of \(clusterWhere)"
        }
        if tls.insecureSkipVerify && tls.certificateAuthorityPEM != nil {
            throw .configuration("\(clusterWhere) sets both a certificate authority and insecure-skip-tls-verify; remove one (kubectl refuses this too)")
        }
        if let data = user.clientCertificateData {
            tls.clientCertificatePEM = data
        } else if let file = user.clientCertificate {
            tls.clientCertificatePEM = try KubeconfigPaths.readBytes(file, what: "client-certificate", configuredIn: userWhere)
        }
        if let data = user.clientKeyData {
            tls.clientKeyPEM = data
        } else if let file = user.clientKey {
            tls.clientKeyPEM = try KubeconfigPaths.readBytes(file, what: "client-key", configuredIn: userWhere)
        }
        if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
            let missing = tls.clientKeyPEM == nil ? "client-key" : "client-certificate"
            throw .configuration("\(userWhere) has a client certificate or key but no \(missing); give both")
        }
        return tls
    }

    /// The server URL with a scheme, as client-go's `DefaultServerURL`: https when TLS is configured.
    static func serverURL(_ server: String, secure: Bool, where source: String) throws(KubeError) -> String {
        let trimmed = server.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .configuration("\(source) has no server") }
        var text = trimmed
        if !text.contains("://") { text = (secure ? "https://" : "http://") + text }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty
        else { throw .configuration("\(source): server \"\(server)\" is not an http(s) URL") }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private static func credentials(user: User, userName: String, userWhere: String,
                                     clusterInfo: JSONValue) throws(KubeError) -> Credentials {
        if let provider = user.authProvider {
            throw .credentials("\(userWhere) uses auth-provider \"\(provider)\", which Ferry does not support; switch the user to an exec credential plugin (e.g. kubelogin, gke-gcloud-auth-plugin)")
        }
        if (user.token != nil || user.tokenFile != nil) && (user.username != nil || user.password != nil) {
            throw .configuration("\(userWhere) has both a token and basic auth; keep one (kubectl refuses this too)")
        }
        // As client-go: a token, basic auth or client certificate given outright wins over a plugin.
        let hasOther = user.token != nil || user.tokenFile != nil || user.username != nil || user.password != nil
            || user.clientCertificate != nil || user.clientCertificateData != nil
        if let exec = user.exec, !hasOther {
            return .exec(exec, user: userName, clusterInfo: exec.provideClusterInfo ? clusterInfo : nil)
        }
        if let tokenFile = user.tokenFile { return .tokenFile(path: tokenFile, fallback: user.token) }
        if let token = user.token { return .token(token) }
        if user.username != nil || user.password != nil {
            return .basic(username: user.username ?? "", password: user.password ?? "")
        }
        return .none
    }

    /// `spec.cluster` of an ExecCredential, as client-go builds it for `provideClusterInfo`.
    private static func execClusterInfo(_ cluster: Cluster, server: String, tls: TLSSettings) -> JSONValue {
        var info: [String: JSONValue] = ["server": .string(server)]
        if let ca = tls.certificateAuthorityPEM { info["certificate-authority-data"] = .string(Data(ca).base64EncodedString()) }
        if cluster.insecureSkipTLSVerify { info["insecure-skip-tls-verify"] = true }
        if let name = cluster.tlsServerName { info["tls-server-name"] = .string(name) }
        if let proxy = cluster.proxyURL { info["proxy-url"] = .string(proxy) }
        if let config = cluster.execExtension { info["config"] = config }
        return .object(info)
    }
}
