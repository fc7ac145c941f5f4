import FerryKube
import Foundation

/// `ferry cluster start | stop | status | reset`: managing a server that runs in
/// the background on a data directory. Each returns what happened; the CLI prints
/// it and picks the exit code (LSB init conventions).
public enum ClusterControl {
    /// How to start a background server.
    public struct StartOptions: Sendable {
        /// The cluster's data directory.
        public var dataDirectory: DataDirectory
        /// The address to listen on.
        public var address: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// An image catalog file for the simulated kubelet.
        public var imagesFile: String?
        /// The pod start-up delay, as the `--pod-start-delay` flag takes it (e.g. `1s`).
        public var podStartDelay: String?
        /// A fault spec (`--faults`) for testing clients; nil for none.
        public var faults: String?
        /// The idle connection timeout, as the `--idle-timeout` flag takes it (e.g. `90s`).
        public var idleTimeout: String?
        /// The `ferry` executable to run as `ferry cluster serve`.
        public var executable: String
        /// How long to wait for the server to answer.
        public var timeout: Duration

        /// Options; the executable defaults to the running one.
        public init(dataDirectory: DataDirectory, address: String = "127.0.0.1", port: Int = 6443, imagesFile: String? = nil,
                    podStartDelay: String? = nil, idleTimeout: String? = nil, faults: String? = nil,
                    executable: String? = nil, timeout: Duration = .seconds(15)) {
            self.faults = faults
            self.podStartDelay = podStartDelay
            self.idleTimeout = idleTimeout
            self.dataDirectory = dataDirectory
            self.address = address
            self.port = port
            self.imagesFile = imagesFile
            self.executable = executable ?? BackgroundProcess.currentExecutable()
            self.timeout = timeout
        }
    }

    /// What `start` did.
    public enum StartOutcome: Sendable, Equatable {
        /// A server was started and answers at `url`.
        case started(pid: Int32, url: String, kubeconfigPath: String)
        /// A server was running already; nothing was done.
        case alreadyRunning(pid: Int32?, url: String?)
    }

    /// Starts `ferry cluster serve` in the background and waits until it listens.
    /// A server already running on the directory is left alone. If the child dies
    /// or does not answer in time, the error carries the last lines of its log.
    public static func start(_ options: StartOptions) async throws(LocalClusterError) -> StartOutcome {
        let directory = options.dataDirectory
        if ClusterLock.isHeld(directory) {
            return .alreadyRunning(pid: ClusterLock.recordedPID(directory), url: readyState(directory)?.url)
        }
        // The port first: a failed start should leave no directory behind.
        try PortCheck.ensureAvailable(address: options.address, port: options.port)
        try directory.prepare()
        unlink(directory.readyPath)
        unlink(directory.pidPath)

        var arguments = [options.executable, "cluster", "serve", "--data-dir", directory.path,
                         "--address", options.address, "--port", String(options.port)]
        if let images = options.imagesFile { arguments += ["--images", DataDirectory(path: images).path] }
        if let delay = options.podStartDelay { arguments += ["--pod-start-delay", delay] }
        if let faults = options.faults { arguments += ["--faults", faults] }
        if let idle = options.idleTimeout { arguments += ["--idle-timeout", idle] }
        let pid = try BackgroundProcess.spawn(arguments, logPath: directory.logPath,
                                              setting: HeapGrowth.environment(ProcessInfo.processInfo.environment))
        try directory.write("\(pid)\n", to: directory.pidPath, mode: 0o644)

        let deadline = ContinuousClock.now + options.timeout
        while ContinuousClock.now < deadline {
            if let status = BackgroundProcess.exitStatus(of: pid) {
                unlink(directory.pidPath)
                throw startFailure("the cluster server exited during start-up (status \(status))", directory: directory)
            }
            if let ready = readyState(directory), ready.pid == pid {
                return .started(pid: pid, url: ready.url, kubeconfigPath: directory.kubeconfigPath)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGTERM)
        throw startFailure("the cluster server did not answer within \(options.timeout.components.seconds) s", directory: directory)
    }

    private static func startFailure(_ summary: String, directory: DataDirectory) -> LocalClusterError {
        let lines = BackgroundProcess.tail(directory.logPath, lines: 10)
        let log = lines.isEmpty ? "; \(directory.logPath) is empty" : "; the last lines of \(directory.logPath):\n" + lines.joined(separator: "\n")
        return LocalClusterError(.startFailed, summary + log)
    }

    /// What `stop` did.
    public enum StopOutcome: Sendable, Equatable {
        /// The server with this pid was stopped.
        case stopped(pid: Int32)
        /// No server was running.
        case notRunning
    }

    /// Stops the server: SIGTERM for a graceful shutdown, SIGKILL if it is not gone
    /// within `timeout`.
    public static func stop(_ directory: DataDirectory, timeout: Duration = .seconds(20)) async throws(LocalClusterError) -> StopOutcome {
        guard ClusterLock.isHeld(directory) else {
            unlink(directory.readyPath)
            unlink(directory.pidPath)
            return .notRunning
        }
        guard let pid = ClusterLock.recordedPID(directory) ?? readyState(directory)?.pid, pid > 0 else {
            throw LocalClusterError(.other, "a server holds \(directory.lockPath) but \(directory.pidPath) is missing; stop it by hand")
        }
        kill(pid, SIGTERM)
        if await waitForRelease(directory, pid: pid, within: timeout) { return .stopped(pid: pid) }
        kill(pid, SIGKILL)
        if await waitForRelease(directory, pid: pid, within: .seconds(5)) {
            unlink(directory.readyPath)
            unlink(directory.pidPath)
            return .stopped(pid: pid)
        }
        throw LocalClusterError(.other, "the cluster server (pid \(pid)) does not stop, even after SIGKILL")
    }

    private static func waitForRelease(_ directory: DataDirectory, pid: pid_t, within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            // Reap it if it is our own child (a `start` in this process).
            _ = BackgroundProcess.exitStatus(of: pid)
            if !ClusterLock.isHeld(directory) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !ClusterLock.isHeld(directory)
    }

    /// The state `status` reports.
    public enum Status: Sendable, Equatable {
        /// A server runs; `url` is nil while it is still starting.
        case running(pid: Int32?, url: String?)
        /// No server runs, but a pid file was left behind (it crashed or was killed).
        case dead(pid: Int32)
        /// No server runs.
        case stopped
    }

    /// Whether a server runs on the directory.
    public static func status(_ directory: DataDirectory) -> Status {
        if ClusterLock.isHeld(directory) {
            let ready = readyState(directory)
            return .running(pid: ClusterLock.recordedPID(directory) ?? ready?.pid, url: ready?.url)
        }
        if let pid = ClusterLock.recordedPID(directory) { return .dead(pid: pid) }
        return .stopped
    }

    /// What `reset` did.
    public enum ResetOutcome: Sendable, Equatable {
        /// The cluster's files were removed, after stopping the server if one ran.
        case reset(stoppedPID: Int32?)
        /// There was no data directory.
        case nothingToReset
    }

    /// Stops the server if it runs, then deletes the store, certificates, token,
    /// kubeconfig and state files.
    public static func reset(_ directory: DataDirectory) async throws(LocalClusterError) -> ResetOutcome {
        var stopped: Int32?
        if case .stopped(let pid) = try await stop(directory) { stopped = pid }
        guard directory.exists else { return .nothingToReset }
        try directory.removeClusterFiles()
        return .reset(stoppedPID: stopped)
    }

    /// `cluster.ready`, written by a server once it listens.
    static func readyState(_ directory: DataDirectory) -> (pid: Int32, url: String)? {
        guard let text = directory.read(directory.readyPath), let value = try? JSONValue.parse(text),
              let pid = value["pid"]?.int, let url = value["url"]?.string else { return nil }
        return (Int32(truncatingIfNeeded: pid), url)
    }
}
