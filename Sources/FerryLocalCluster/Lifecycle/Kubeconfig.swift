import Foundation

/// The kubeconfig of a local cluster: cluster, user and context all named
/// `ferry-local`, HTTPS with the cluster's CA, the bearer token, and `default` as
/// the namespace.
public enum Kubeconfig {
    /// The name of the cluster, user and context.
    public static let name = "ferry-local"

    /// The kubeconfig text for a server at `server` (`https://127.0.0.1:6443`).
    public static func render(server: String, caCertificatePEM: String, token: String) -> String {
        let authority = Data(caCertificatePEM.utf8).base64EncodedString()
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(name)
              cluster:
                server: \(server)
                certificate-authority-data: \(authority)
            users:
            - name: \(name)
              user:
                token: \(token)
            contexts:
            - name: \(name)
              context:
                cluster: \(name)
                user: \(name)
                namespace: default
            current-context: \(name)
            preferences: {}

            """
    }

    /// The URL clients use for a server bound to `address:port`: a wildcard bind
    /// address is reached through the loopback one.
    public static func serverURL(address: String, port: Int) -> String {
        switch address {
        case "0.0.0.0", "": return "https://127.0.0.1:\(port)"
        case "::": return "https://[::1]:\(port)"
        default: return address.contains(":") ? "https://[\(address)]:\(port)" : "https://\(address):\(port)"
        }
    }
}
