import ArgumentParser
import FerryLocalCluster

extension Ferry.Cluster {
    /// `ferry cluster serve`: the server in the foreground.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the local cluster in the foreground (for systemd, or to watch its log).",
            discussion: "Logs one line per request to standard output. SIGTERM or SIGINT shut it down gracefully.")

        @OptionGroup var directory: ClusterDirectoryOptions
        @OptionGroup var server: ClusterServerOptions

        func run() async throws {
            var settings = ClusterSettings()
            settings.podStartDelay = try server.podStartDuration()
            if let images = server.images {
                do {
                    settings.imageCatalog = try ClusterSettings.loadImageCatalog(path: images)
                } catch {
                    printError("error: \(error)")
                    throw ExitCodes.failure
                }
            }
            var configuration = LocalCluster.Configuration(
                dataDirectory: directory.directory, address: server.address, port: server.port,
                idleTimeout: try server.idleDuration(), settings: settings, logger: LocalCluster.standardOutputLogger)
            do {
                configuration.faults = try LocalCluster.faultInjector(spec: server.faults, directory: directory.directory)
                try await LocalCluster.serve(configuration)
            } catch {
                printError("error: \(error.message)")
                throw ExitCodes.failure
            }
        }
    }
}
