import ArgumentParser
import FerryKube
import FerryKubeClient
import FerryLocalCluster
import FerrySync

/// Which cluster to talk to; shared by every command that reaches one.
struct ClusterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else the local cluster's).", valueName: "file"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("The kubeconfig context (default: ferry.yaml's context, else the current context).", valueName: "name"))
    var context: String?

    @Option(help: ArgumentHelp("The instance name that labels this repository's objects (default: ferry.yaml's instance, else the repository folder's name).", valueName: "name"))
    var instance: String?

    @Option(help: ArgumentHelp("Client-side requests per second: none (the default, as kubectl: the API server's flow control decides, and its 429 answers are retried after Retry-After), QPS, or QPS/BURST such as 50/100 (default: ferry.yaml's rateLimit).", valueName: "limit"))
    var rateLimit: String?

    /// The instance names objects in the cluster (`ferry-INSTANCE`, `ferry-INSTANCE-lock`) and
    /// labels them: refused here, as in ferry.yaml, rather than by the server halfway through a sync.
    func validate() throws {
        if let instance, let reason = NameRules.dns1123Label(instance) {
            throw ValidationError("--instance '\(instance)' \(reason)")
        }
        if let rateLimit, case .failure(let error) = RateLimit.parse(rateLimit) {
            throw ValidationError("--rate-limit: \(error)")
        }
    }

    /// The client-side rate limit: the flag's, else ferry.yaml's, else none.
    func rateLimit(_ state: DesiredState) -> RateLimit? {
        if let rateLimit, case .success(let limit) = RateLimit.parse(rateLimit) { return limit }
        if let setting = state.config.rateLimit { return setting.limit }
        return RateLimit.default
    }

    func connection(_ state: DesiredState) -> ClusterConnection {
        ClusterConnection(kubeconfig: kubeconfig, context: context ?? state.config.context,
                          fallbackKubeconfig: DataDirectory(path: DataDirectory.defaultPath()).kubeconfigPath)
    }

    func instance(_ state: DesiredState) -> String { instance ?? state.instanceName }
}
