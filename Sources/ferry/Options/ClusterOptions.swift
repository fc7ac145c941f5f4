import ArgumentParser
import FerryKube
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

    /// The instance names objects in the cluster (`ferry-INSTANCE`, `ferry-INSTANCE-lock`) and
    /// labels them: refused here, as in ferry.yaml, rather than by the server halfway through a sync.
    func validate() throws {
        if let instance, let reason = NameRules.dns1123Label(instance) {
            throw ValidationError("--instance '\(instance)' \(reason)")
        }
    }

    func connection(_ state: DesiredState) -> ClusterConnection {
        ClusterConnection(kubeconfig: kubeconfig, context: context ?? state.config.context,
                          fallbackKubeconfig: DataDirectory(path: DataDirectory.defaultPath()).kubeconfigPath)
    }

    func instance(_ state: DesiredState) -> String { instance ?? state.instanceName }
}
