import Foundation

extension LocalCluster {
    /// The environment variable counting the restarts a `restart-after` fault made.
    static let restartsVariable = "FERRY_CLUSTER_RESTARTS"

    /// The fault injector for `ferry cluster serve --faults SPEC`, or nil without `--faults`.
    ///
    /// The spec goes to `DIR/faults`, which the server re-reads when it changes (write
    /// `off` there to stop the faults). A `restart-after` fault re-executes this process
    /// with the same arguments on the port it listened on: every connection breaks, the
    /// port refuses connections until the new process listens, and the store (SQLite)
    /// and controllers carry on from what was committed. A re-executed server keeps the
    /// faults file as it was.
    public static func faultInjector(spec: String?, directory: DataDirectory) throws(LocalClusterError) -> FaultInjector? {
        guard let spec else { return nil }
        do {
            _ = try FaultSpec.parse(spec)
        } catch {
            throw LocalClusterError(.other, error.description)
        }
        let restarts = ProcessInfo.processInfo.environment[restartsVariable].flatMap { UInt64($0) } ?? 0
        if restarts == 0 {
            try directory.write(spec + "\n", to: directory.faultsPath, mode: 0o644)
        } else {
            closeInheritedSockets()
        }
        return FaultInjector(specPath: directory.faultsPath, generation: restarts) { port in
            reexecute(onPort: port, restarts: restarts + 1)
        }
    }

    /// Closes the sockets a restarted server inherited: a connection the old one accepted
    /// after marking its descriptors close-on-exec would otherwise stay open, unanswered,
    /// and hold its client in the TLS handshake until that times out.
    private static func closeInheritedSockets() {
        for descriptor in openDescriptorsBeyondStandardStreams() {
            var status = stat()
            if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK { close(descriptor) }
        }
    }

    /// This process's open file descriptors other than standard input, output and error.
    private static func openDescriptorsBeyondStandardStreams() -> [Int32] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) } ?? []
        return descriptors.filter { $0 > 2 }
    }

    /// Replaces this process with a new run of the same command on `port`.
    private static func reexecute(onPort port: Int, restarts: UInt64) {
        var arguments = CommandLine.arguments
        if let index = arguments.firstIndex(of: "--port"), index + 1 < arguments.count {
            arguments[index + 1] = String(port)
        } else {
            arguments.removeAll { $0.hasPrefix("--port=") }
            arguments += ["--port", String(port)]
        }
        setenv(restartsVariable, String(restarts), 1)
        fflush(nil)
        // Nothing but the standard streams may survive into the new process: the listening
        // socket (NIO does not open it close-on-exec) would keep the port taken.
        for descriptor in openDescriptorsBeyondStandardStreams() {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        let executable = BackgroundProcess.currentExecutable()
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(executable, cArguments)
        // Only reached when exec failed: the server goes on without restarting.
        cArguments.forEach { free($0) }
    }
}
