import ArgumentParser
import FerryAgent
import FerryKubeClient
import FerrySync
import Foundation
import Logging
import ServiceLifecycle

extension Ferry {
    struct Agent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep the cluster at the branch: sync each new commit, heal drift, serve metrics.",
            discussion: """
                Syncs the branch's commit at start and every new commit within a second of it \
                landing; every --interval, checks for drift and heals it (a sync that finds \
                nothing to do writes nothing). A commit that fails is reported and tried again \
                later and later (the interval, doubled per failure, at most 30m) until a new \
                commit lands; the agent never exits for a bad commit. A newer commit abandons a \
                sync still waiting for its rollouts. Pins and failed commits are honoured as by \
                `ferry sync`. SIGTERM or SIGINT stops it cleanly (the lease is released), exit 0.

                The listener serves /metrics (Prometheus text), /healthz and /readyz.
                """)

        @OptionGroup var revision: RevisionOptions
        @OptionGroup var cluster: ClusterOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("How often to check for drift, e.g. 30s, 1m, 5m.", valueName: "duration"))
        var interval: String = "1m"

        @Option(help: ArgumentHelp("Where to serve /metrics, /healthz and /readyz (host:port; port 0 picks one; 'off' for none).", valueName: "address"))
        var listen: String = "127.0.0.1:9402"

        @Option(help: ArgumentHelp("How long rollouts may take (default: ferry.yaml's timeout, else 5m).", valueName: "duration"))
        var timeout: String?

        @Option(help: ArgumentHelp("POST a JSON event to this URL for each sync that changed or failed something.", valueName: "url"))
        var notify: String?

        @Flag(help: "When a rollout fails, record the commit as failed and return to the last good commit.")
        var autoRollback = false

        func validate() throws {
            guard let seconds = GoDuration.seconds(interval), seconds >= 1 else {
                throw ValidationError("--interval must be a duration of 1s or more, such as 30s, 1m or 5m, got '\(interval)'")
            }
            if let timeout, GoDuration.seconds(timeout) == nil {
                throw ValidationError("--timeout must be a duration such as 90s, 5m or 1h30m, got '\(timeout)'")
            }
            if listen != "off", Self.address(listen) == nil {
                throw ValidationError("--listen must be host:port (such as 127.0.0.1:9402) or 'off', got '\(listen)'")
            }
            if let notify, let problem = Notifier.problem(with: notify) { throw ValidationError("--notify: \(problem)") }
        }

        static func address(_ text: String) -> (host: String, port: Int)? {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (0...65535).contains(port) else { return nil }
            let host = String(text[..<colon])
            return (host.isEmpty ? "127.0.0.1" : host, port)
        }

        func run() async throws {
            output.apply()
            let state = try loadDesiredState(revision.request())
            var settings = FerryAgent.Agent.Settings(repository: state.repositoryPath)
            settings.revision = revision.revision
            settings.path = revision.path
            settings.namespace = revision.namespace
            settings.instance = cluster.instance(state)
            settings.interval = .milliseconds(Int64((GoDuration.seconds(interval) ?? 60) * 1000))
            settings.timeout = timeout
            settings.sync.autoRollback = autoRollback
            let printer = ProgressPrinter()
            let reporter = FerryAgent.Agent.Reporter(
                event: { printer.handle($0) }, line: { printer.line($0) }, error: { printError("error: \($0)") })
            let registry = AgentMetrics.bootstrap()
            let metrics = AgentMetrics(registry: registry, instance: settings.instance ?? state.instanceName)
            let health = AgentHealth()
            let notifier = (notify ?? state.config.notify).map(Notifier.init(url:))
            try await withCluster(cluster, state: state) { client in
                let agent = FerryAgent.Agent(settings: settings, client: client, reporter: reporter, metrics: metrics,
                                             health: health, notifier: notifier)
                var services: [any Service] = [agent]
                if let (host, port) = Self.address(listen) {
                    let application = StatusServer.application(host: host, port: port, registry: registry, health: health,
                                                               onListening: { printer.line("listening on http://\(host):\($0) (/metrics, /healthz, /readyz)") })
                    services.append(application)
                }
                let group = ServiceGroup(configuration: .init(
                    services: services.map { .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup) },
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: Logger(label: "ferry.agent") { _ in SwiftLogNoOpLogHandler() }))
                try await group.run()
            }
        }
    }
}
