import Logging
import ServiceLifecycle
import UnixSignals

extension LocalCluster {
    /// Runs a cluster in the foreground (`ferry cluster serve`, for systemd and for
    /// `ferry cluster start`'s background child) until SIGTERM or SIGINT, which
    /// shut it down gracefully: the listener closes, open watches end, in-flight
    /// requests finish, then the process may exit.
    public static func serve(_ configuration: Configuration) async throws(LocalClusterError) {
        HeapGrowth.configure()
        let cluster = try LocalCluster(configuration: configuration)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [ServiceGroupConfiguration.ServiceConfiguration(service: cluster, serviceName: "ferry-local-cluster")],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: configuration.logger))
        do {
            try await group.run()
        } catch let error as LocalClusterError {
            throw error
        } catch {
            throw LocalClusterError(.other, "the cluster server stopped: \(error)")
        }
        configuration.logger.notice("ferry local cluster stopped")
    }
}

extension LocalCluster {
    /// A logger for `serve`: info and above, one line per message on standard
    /// output, which `ferry cluster start` sends to `DIR/cluster.log`.
    public static var standardOutputLogger: Logger {
        var logger = Logger(label: "ferry.cluster") { StreamLogHandler.standardOutput(label: $0) }
        logger.logLevel = .info
        return logger
    }
}
