import FerryTesting
import Foundation
import Testing

/// One embedded local cluster for one test: `ferry cluster start --data-dir DIR --port 0`
/// in a fresh temporary directory, stopped and deleted when the fixture goes away.
///
/// A start takes under 0.2 s, so every test gets a cluster of its own: the request log
/// (`DIR/cluster.log`, one line per request) then holds that test's requests only, and
/// nothing a test does (a lock, a prune, a stopped server) can reach another. Each test
/// still uses its own namespace and instance, as tests sharing a cluster would have to.
final class ClusterFixture: Sendable {
    /// The temporary directory holding everything below; deleted at the end.
    let container: String
    /// The cluster's data directory.
    let dataDirectory: String
    /// `https://127.0.0.1:PORT`.
    let url: String

    /// The kubeconfig the cluster wrote.
    var kubeconfig: String { dataDirectory + "/kubeconfig" }
    /// The server's log: one line per request (method, path, status).
    var logPath: String { dataDirectory + "/cluster.log" }

    static let kubectlPath = "/usr/bin/kubectl"
    /// Whether the real kubectl is installed; the tests that need it are skipped without it.
    static let hasKubectl = FileManager.default.isExecutableFile(atPath: kubectlPath)

    private init(container: String, dataDirectory: String, url: String) {
        self.container = container
        self.dataDirectory = dataDirectory
        self.url = url
    }

    /// Starts a cluster. With `images`, only those images exist (`--images`): a pod using
    /// any other stays in `ErrImagePull`/`ImagePullBackOff`.
    /// Pods start in `podStartDelay` (shorter than the cluster's 1 s default, to keep the suite quick).
    /// With `faults`, the cluster injects them (`--faults`); ``setFaults(_:)`` changes them.
    static func start(images: [String]? = nil, podStartDelay: String = "200ms", faults: String? = nil) async throws -> ClusterFixture {
        let container = NSTemporaryDirectory() + "ferry-e2e-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: container, withIntermediateDirectories: true)
        let dataDirectory = container + "/cluster"
        var arguments = ["cluster", "start", "--data-dir", dataDirectory, "--port", "0", "--pod-start-delay", podStartDelay]
        if let images {
            let catalog = container + "/images.txt"
            try (images.joined(separator: "\n") + "\n").write(toFile: catalog, atomically: true, encoding: .utf8)
            arguments += ["--images", catalog]
        }
        if let faults { arguments += ["--faults", faults] }
        let command = arguments
        let started = try await offThePool { try FerryBinary.run(command) }
        guard started.succeeded,
              let url = started.output.split(separator: "\n").first?.split(separator: " ").last.map(String.init)
        else {
            _ = try? FerryBinary.run(["cluster", "stop", "--data-dir", dataDirectory])
            try? FileManager.default.removeItem(atPath: container)
            throw CommandFailed(command: ["ferry"] + command, result: started)
        }
        return ClusterFixture(container: container, dataDirectory: dataDirectory, url: url)
    }

    deinit {
        _ = try? FerryBinary.run(["cluster", "stop", "--data-dir", dataDirectory])
        try? FileManager.default.removeItem(atPath: container)
    }

    /// Stops the server (the fixture's directory stays until the end).
    func stop() async throws {
        let directory = dataDirectory
        let stopped = try await offThePool { try FerryBinary.run(["cluster", "stop", "--data-dir", directory]) }
        #expect(stopped.succeeded, "\(stopped.errorOutput)")
    }

    /// Replaces the faults of a cluster started with `faults` (`off` for none); the server
    /// reads the new spec at its next request.
    func setFaults(_ spec: String) throws {
        try (spec + "\n").write(toFile: dataDirectory + "/faults", atomically: true, encoding: .utf8)
    }

    // MARK: ferry and kubectl

    /// `ferry ARGUMENTS --repo REPO --kubeconfig KUBECONFIG` (or `kubeconfig`, when given).
    func ferry(_ arguments: [String], repo: GitFixture, kubeconfig: String? = nil) async throws -> FerryTesting.ProcessResult {
        try await ferry(arguments, repoPath: repo.path, kubeconfig: kubeconfig)
    }

    /// `ferry ARGUMENTS --repo PATH --kubeconfig KUBECONFIG`.
    func ferry(_ arguments: [String], repoPath: String, kubeconfig: String? = nil) async throws -> FerryTesting.ProcessResult {
        let command = arguments + ["--repo", repoPath, "--kubeconfig", kubeconfig ?? self.kubeconfig]
        return try await offThePool { try FerryBinary.run(command) }
    }

    /// `kubectl --kubeconfig KUBECONFIG --cache-dir FRESH ARGUMENTS`, with `input` on standard input.
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> FerryTesting.ProcessResult {
        let command = ["--kubeconfig", kubeconfig, "--cache-dir", container + "/kubectl-cache"] + arguments
        return try await offThePool { try FerryTesting.run(Self.kubectlPath, command, input: input.map { Data($0.utf8) }) }
    }

    /// `kubectl ARGUMENTS`, which must succeed; returns its output.
    @discardableResult
    func kubectl(_ arguments: String..., input: String? = nil) async throws -> String {
        let result = try await kubectl(arguments, input: input)
        guard result.succeeded else { throw CommandFailed(command: ["kubectl"] + arguments, result: result) }
        return result.output
    }

    /// `kubectl get` with a JSONPath template, or nil when the object does not exist.
    func get(_ resource: String, _ name: String? = nil, namespace: String? = nil, _ template: String) async throws -> String? {
        var arguments = ["get", resource] + (name.map { [$0] } ?? [])
        if let namespace { arguments += ["--namespace", namespace] }
        arguments += ["--output", "jsonpath=" + template]
        let result = try await kubectl(arguments)
        if !result.succeeded, result.errorOutput.contains("(NotFound)") { return nil }
        guard result.succeeded else { throw CommandFailed(command: ["kubectl"] + arguments, result: result) }
        return result.output
    }

    /// Whether an object exists.
    func exists(_ resource: String, _ name: String, namespace: String? = nil) async throws -> Bool {
        try await get(resource, name, namespace: namespace, "{.metadata.name}") != nil
    }

    // MARK: The request log

    /// One request the server answered.
    struct Request: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var status: Int
        /// Anything but GET: a write, or a dry run of one (`dryRun=All`).
        var isWrite: Bool { method != "GET" }
        var isDryRun: Bool { path.contains("dryRun=All") }
        var description: String { "\(method) \(path) \(status)" }
    }

    /// Every request logged so far, oldest first. The server writes a request's line before
    /// answering it, so a request a finished client made is always there.
    func requests() throws -> [Request] {
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        return log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "[FerryLocalCluster] ") else { return nil }
            let fields = line[range.upperBound...].split(separator: " ")
            guard fields.count >= 3, let status = Int(fields[2]),
                  ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(fields[0]) else { return nil }
            return Request(method: String(fields[0]), path: String(fields[1]), status: status)
        }
    }

    /// The requests logged after the first `mark` ones (`mark` = `requests().count` earlier).
    func requests(since mark: Int) throws -> [Request] {
        Array(try requests().dropFirst(mark))
    }
}

// MARK: Shared helpers

/// A command a test needed to succeed failed: the command line, its status and what it printed.
struct CommandFailed: Error, CustomStringConvertible {
    var command: [String]
    var result: FerryTesting.ProcessResult
    var description: String {
        "\(command.joined(separator: " ")) exited with status \(result.status): \(result.errorOutput)\(result.output)"
    }
}


/// Waits until `condition` holds, checking every 100 ms for at most `timeout`; returns
/// whether it held. For states that settle after a command returns (a namespace being
/// deleted), never as an assertion about timing.
func eventually(within timeout: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// A name no other test uses: `prefix-` and 6 hex digits, a valid namespace and instance name.
func uniqueName(_ prefix: String) -> String {
    prefix + "-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(6).lowercased()
}

/// The lines of `ferry sync`'s output without their timestamps (it prints
/// `2026-01-02T03:04:05Z message` when the output is not a terminal).
func messages(_ output: String) -> [String] {
    output.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
        guard !line.isEmpty else { return nil }
        if let space = line.firstIndex(of: " "), line[..<space].count == 20, line[..<space].hasSuffix("Z"),
           line.first?.isNumber == true {
            return String(line[line.index(after: space)...])
        }
        return String(line)
    }
}
