import ArgumentParser
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

    func connection(_ state: DesiredState) -> ClusterConnection {
        ClusterConnection(kubeconfig: kubeconfig, context: context ?? state.config.context,
                          fallbackKubeconfig: DataDirectory(path: DataDirectory.defaultPath()).kubeconfigPath)
    }

    func instance(_ state: DesiredState) -> String { instance ?? state.instanceName }
}
