import Foundation

/// The configuration of a pod talking to its own cluster, as client-go's `InClusterConfig`:
/// the API server from `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT`, the
/// service account's token (re-read as the kubelet rotates it), CA and namespace from
/// `/var/run/secrets/kubernetes.io/serviceaccount`.
public enum InClusterConfig {
    /// Where the kubelet mounts the service account.
    public static let defaultRoot = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Whether this process looks like it runs in a pod: the service variables are set and
    /// the token exists.
    public static func isAvailable(environment: [String: String] = ProcessInfo.processInfo.environment,
                                   root: String = defaultRoot) -> Bool {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else { return false }
        return FileManager.default.fileExists(atPath: "\(root)/token")
    }

    /// The in-cluster settings; `root` replaces the service-account directory (for tests).
    ///
    /// The namespace is `POD_NAMESPACE` when set, else the mounted `namespace` file, else
    /// `default`. Throws ``KubeError/configuration(_:)`` outside a pod.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            root: String = defaultRoot) throws(KubeError) -> ClusterConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw .configuration("not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set")
        }
        let tokenFile = "\(root)/token"
        guard FileManager.default.isReadableFile(atPath: tokenFile) else {
            throw .configuration("cannot read the service account token \(tokenFile); is automountServiceAccountToken off?")
        }
        // An IPv6 address needs brackets in a URL, as Go's net.JoinHostPort adds them.
        let authority = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var tls = TLSSettings()
        let caFile = "\(root)/ca.crt"
        if FileManager.default.fileExists(atPath: caFile) {
            tls.certificateAuthorityPEM = try KubeconfigPaths.readBytes(caFile, what: "the service account CA", configuredIn: "the pod")
            tls.certificateAuthoritySource = "service account CA \(caFile)"
        }
        var namespace = "default"
        if let fromEnvironment = environment["POD_NAMESPACE"], !fromEnvironment.isEmpty {
            namespace = fromEnvironment
        } else if let text = try? String(contentsOfFile: "\(root)/namespace", encoding: .utf8) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { namespace = trimmed }
        }
        return ClusterConfig(
            server: "https://\(authority)", namespace: namespace, contextName: nil,
            source: "the in-cluster service account (\(root))", tls: tls,
            credentials: .tokenFile(path: tokenFile, fallback: nil))
    }
}
