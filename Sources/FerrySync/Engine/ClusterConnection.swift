import FerryKube
import FerryKubeClient
import Foundation

/// Which cluster to talk to, the way kubectl decides it: `--kubeconfig`, else
/// `KUBECONFIG`, else `~/.kube/config`; `--context`, else the config's context, else
/// the current context. When no kubeconfig exists at all, the caller may name a
/// fallback (Ferry's embedded local cluster writes one).
public struct ClusterConnection: Sendable {
    public var kubeconfig: String?
    public var context: String?
    /// A kubeconfig to use when none is configured.
    public var fallbackKubeconfig: String?

    public init(kubeconfig: String? = nil, context: String? = nil, fallbackKubeconfig: String? = nil) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.fallbackKubeconfig = fallbackKubeconfig
    }

    /// The cluster's settings, and whether the fallback was taken.
    public func resolve() throws -> (config: ClusterConfig, usedFallback: Bool) {
        var loader = KubeconfigLoader(explicitPath: kubeconfig)
        var usedFallback = false
        if !loader.isConfigured, let fallbackKubeconfig, FileManager.default.fileExists(atPath: fallbackKubeconfig) {
            loader = KubeconfigLoader(explicitPath: fallbackKubeconfig)
            usedFallback = true
        }
        return (try loader.clusterConfig(context: context), usedFallback)
    }
}

extension DesiredState {
    /// The instance name: `ferry.yaml`'s, else the repository folder's name made a valid label.
    public var instanceName: String {
        if let instance = config.instance { return instance }
        var base = URL(fileURLWithPath: repositoryPath).standardizedFileURL.lastPathComponent
        if base.hasSuffix(".git") { base = String(base.dropLast(4)) }
        let allowed = base.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        let trimmed = String(allowed).split(separator: "-").joined(separator: "-")
        return trimmed.isEmpty ? "ferry" : String(trimmed.prefix(63))
    }
}
