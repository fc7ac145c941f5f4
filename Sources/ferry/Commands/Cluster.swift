import ArgumentParser
import FerryLocalCluster
import FerrySync

extension Ferry {
    /// `ferry cluster ...`: the embedded local Kubernetes cluster.
    struct Cluster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Ferry's embedded local Kubernetes cluster.",
            discussion: """
                A single-node Kubernetes API server with its own store, served over HTTPS \
                to Ferry and to kubectl alike (`kubectl --kubeconfig "$(ferry cluster kubeconfig)" get ns`). \
                Its state lives in a data directory: --data-dir, else $FERRY_CLUSTER_DIR, \
                else $XDG_STATE_HOME/ferry/cluster, else ~/.local/state/ferry/cluster.
                Exit codes follow LSB init scripts: `status` exits 0 when running, 1 when the \
                server died leaving its pid file, 3 when stopped; the other commands exit 0 on \
                success (starting a running cluster and stopping a stopped one included) and 1 on failure.
                """,
            subcommands: [Start.self, Stop.self, Status.self, Reset.self, KubeconfigPath.self, Serve.self])

        /// `status` when no server runs (LSB: "program is not running").
        static let notRunningExitCode = ExitCode(3)
    }
}

/// `--data-dir`, shared by every cluster command.
struct ClusterDirectoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The cluster's data directory (default: $FERRY_CLUSTER_DIR, else $XDG_STATE_HOME/ferry/cluster, else ~/.local/state/ferry/cluster).",
        valueName: "dir"))
    var dataDir: String?

    /// The data directory chosen.
    var directory: DataDirectory { DataDirectory(path: dataDir ?? DataDirectory.defaultPath()) }
}

/// Where a server listens: `--address`, `--port`, and the image catalog.
struct ClusterServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The address to listen on; only this machine can connect unless you change it.", valueName: "ip"))
    var address = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "n"))
    var port = 6443

    @Option(help: ArgumentHelp(
        "A file listing the images that exist, one per line; pods using any other image stay in ErrImagePull. Without it every image exists.",
        valueName: "file"))
    var images: String?

    @Option(help: ArgumentHelp(
        "How long a pod takes from Pending to Running and Ready, e.g. 1s, 250ms, 0s.", valueName: "duration"))
    var podStartDelay = "1s"

    @Option(help: ArgumentHelp(
        "How long a connection with no request in progress stays open before the server closes it, e.g. 90s (as kube-apiserver). Watches are requests in progress.",
        valueName: "duration"))
    var idleTimeout = "90s"

    @Option(help: ArgumentHelp(
        "Inject faults into API requests, to test clients (off by default): comma-separated key=value pairs. error=20% answers that share with an error (codes=500+503+429, retry-after=1 s with 429 and 503); delay=10%:200ms holds that share; drop=5% closes the connection halfway through the answer; restart-after=40 restarts the server after every 40th request; seed=N makes the sequence reproducible; methods=PATCH+DELETE and path=TEXT (TEXT$: ending with it) limit the faults to matching requests. Health checks never get faults. The spec is kept in DIR/faults, re-read when it changes (write `off` there to stop).",
        valueName: "spec"))
    var faults: String?

    func validate() throws {
        _ = try podStartDuration()
        _ = try idleDuration()
        if let faults {
            do {
                _ = try FaultSpec.parse(faults)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The idle timeout as a Duration; a usage error names the flag when it is not a positive duration.
    func idleDuration() throws -> Duration {
        try Self.duration(idleTimeout, positive: true, orSay: "--idle-timeout must be a positive duration such as 90s or 500ms")
    }

    /// The delay as a Duration; a usage error names the flag when it is not a duration.
    func podStartDuration() throws -> Duration {
        try Self.duration(podStartDelay, positive: false, orSay: "--pod-start-delay must be a duration such as 1s or 250ms")
    }

    /// A flag's Go-style duration (`90s`, `250ms`) to the millisecond; `message` is the usage
    /// error when it is not one (or, with `positive`, not above zero).
    private static func duration(_ text: String, positive: Bool, orSay message: String) throws -> Duration {
        guard let seconds = GoDuration.seconds(text), !positive || seconds > 0 else { throw ValidationError(message) }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
