import FerryTesting
import Foundation
import Testing

/// `ferry cluster start | status | stop | reset | kubeconfig | serve`, run as the
/// real binary against real background servers on free ports.
@Suite("ferry cluster")
struct ClusterCommandTests {
    /// A data directory for one test, stopped and removed at the end.
    final class Scratch: Sendable {
        let path = NSTemporaryDirectory() + "ferry-cli-cluster-" + UUID().uuidString

        /// `ferry cluster ARGUMENTS --data-dir PATH`.
        func ferry(_ arguments: String...) async throws -> FerryTesting.ProcessResult {
            let arguments = ["cluster"] + arguments + ["--data-dir", path]
            return try await ClusterCommandTests.offThePool { try FerryBinary.run(arguments) }
        }

        deinit {
            _ = try? FerryBinary.run(["cluster", "stop", "--data-dir", path])
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    static let kubectl: String? = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") ? "/usr/bin/kubectl" : nil

    /// kubectl against the cluster of `scratch`, or nil when kubectl is not installed.
    static func kubectl(_ scratch: Scratch, _ arguments: String...) async throws -> FerryTesting.ProcessResult? {
        guard let kubectl else { return nil }
        let arguments = ["--kubeconfig", scratch.path + "/kubeconfig", "--cache-dir", scratch.path + "/kubectl-cache"] + arguments
        return try await offThePool { try FerryTesting.run(kubectl, arguments) }
    }

    /// Runs blocking work (waiting for a program) on a thread of its own, so that the
    /// tests running meanwhile keep the cooperative threads.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The URL of `started (pid N) at URL`.
    static func url(_ output: String) -> String? {
        output.split(separator: "\n").first?.split(separator: " ").last.map(String.init)
    }

    @Test("start, status, kubeconfig, start again, stop, stop again, status: LSB messages and exit codes")
    func lifecycle() async throws {
        let scratch = Scratch()
        let started = try await scratch.ferry("start", "--port", "0")
        #expect(started.status == 0, "\(started.errorOutput)")
        let lines = started.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("started (pid ") == true)
        #expect(lines.first?.contains(") at https://127.0.0.1:") == true)
        #expect(lines.last == "kubeconfig: \(scratch.path)/kubeconfig")
        let url = try #require(Self.url(started.output))
        let pid = try String(contentsOfFile: scratch.path + "/cluster.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // The server's heap grows a whole arena at a time (HeapGrowth), from its start.
        let environment = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
            .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(environment.contains { $0.hasPrefix("GLIBC_TUNABLES=") && $0.contains("glibc.malloc.top_pad=67108864") })

        let status = try await scratch.ferry("status")
        #expect(status.status == 0)
        #expect(status.output == "running (pid \(pid)) at \(url)\n")

        let kubeconfig = try await scratch.ferry("kubeconfig")
        #expect(kubeconfig.status == 0)
        #expect(kubeconfig.output == scratch.path + "/kubeconfig\n")
        #expect(try String(contentsOfFile: scratch.path + "/kubeconfig", encoding: .utf8).contains("server: \(url)\n"))

        let again = try await scratch.ferry("start", "--port", "0")
        #expect(again.status == 0)
        #expect(again.output == "already running (pid \(pid)) at \(url)\n")

        if let namespaces = try await Self.kubectl(scratch, "get", "ns") {
            #expect(namespaces.succeeded, "\(namespaces.errorOutput)")
            #expect(namespaces.output.contains("default"))
        }

        let stopped = try await scratch.ferry("stop")
        #expect(stopped.status == 0)
        #expect(stopped.output == "stopped (pid \(pid))\n")
        let stoppedAgain = try await scratch.ferry("stop")
        #expect(stoppedAgain.status == 0)
        #expect(stoppedAgain.output == "not running\n")
        let stoppedStatus = try await scratch.ferry("status")
        #expect(stoppedStatus.status == 3)
        #expect(stoppedStatus.output == "not running\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/cluster.pid"))
    }

    @Test("objects survive stop and start")
    func stateSurvivesRestart() async throws {
        guard Self.kubectl != nil else { return }
        let scratch = Scratch()
        #expect(try await scratch.ferry("start", "--port", "0").status == 0)
        let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  namespace: default\ndata:\n  k: v\n"
        let file = scratch.path + "/kept.yaml"
        try manifest.write(toFile: file, atomically: true, encoding: .utf8)
        let applied = try #require(try await Self.kubectl(scratch, "apply", "--server-side", "-f", file))
        #expect(applied.succeeded, "\(applied.errorOutput)")
        #expect(try await scratch.ferry("stop").status == 0)
        #expect(try await scratch.ferry("start", "--port", "0").status == 0)
        let read = try #require(try await Self.kubectl(scratch, "get", "configmap", "kept", "-o", "jsonpath={.data.k}"))
        #expect(read.succeeded, "\(read.errorOutput)")
        #expect(read.output == "v")
    }

    @Test("a port in use is one line naming the port, exit 1, and leaves nothing behind")
    func portInUse() async throws {
        let busy = try ListeningSocket()
        let scratch = Scratch()
        let result = try await scratch.ferry("start", "--port", String(busy.port))
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput == "error: port \(busy.port) on 127.0.0.1 is already in use; stop what listens there or choose another port with --port\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
    }

    @Test("a data directory that cannot be written is one line naming it, exit 1")
    func unwritableDirectory() async throws {
        let file = NSTemporaryDirectory() + "ferry-cli-file-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: file, contents: Data("not a directory".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try await Self.offThePool { try FerryBinary.run(["cluster", "start", "--port", "0", "--data-dir", file + "/cluster"]) }
        #expect(result.status == 1)
        let lines = result.errorOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: cannot use \(file)/cluster as the cluster data directory") == true)
        #expect(lines.first?.hasSuffix("choose a writable one with --data-dir") == true)
    }

    @Test("reset stops the cluster and deletes its data; kubeconfig then says to start")
    func reset() async throws {
        let scratch = Scratch()
        #expect(try await scratch.ferry("start", "--port", "0").status == 0)
        let pid = try String(contentsOfFile: scratch.path + "/cluster.pid", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let reset = try await scratch.ferry("reset")
        #expect(reset.status == 0, "\(reset.errorOutput)")
        #expect(reset.output == "stopped (pid \(pid))\nreset: deleted the cluster in \(scratch.path)\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
        #expect(try await scratch.ferry("status").status == 3)
        let kubeconfig = try await scratch.ferry("kubeconfig")
        #expect(kubeconfig.status == 1)
        #expect(kubeconfig.errorOutput == "error: no kubeconfig at \(scratch.path)/kubeconfig yet; run `ferry cluster start` first\n")
        let nothing = try await scratch.ferry("reset")
        #expect(nothing.status == 0)
        #expect(nothing.output == "nothing to reset: \(scratch.path) does not exist\n")
    }

    @Test("a killed server: status exits 1 naming the pid file, and start recovers")
    func killedServer() async throws {
        let scratch = Scratch()
        #expect(try await scratch.ferry("start", "--port", "0").status == 0)
        let pid = try #require(Int32(try String(contentsOfFile: scratch.path + "/cluster.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(pid, SIGKILL)
        var status = try await scratch.ferry("status")
        for _ in 0..<100 where status.status == 0 {
            try await Task.sleep(for: .milliseconds(50))
            status = try await scratch.ferry("status")
        }
        #expect(status.status == 1)
        #expect(status.output.hasPrefix("not running, but \(scratch.path)/cluster.pid remains (pid \(pid))"))
        let restarted = try await scratch.ferry("start", "--port", "0")
        #expect(restarted.status == 0, "\(restarted.errorOutput)")
        #expect(restarted.output.hasPrefix("started (pid "))
    }

    @Test("a server that dies during start-up: start exits 1 and shows the end of its log")
    func startFailure() async throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: scratch.path + "/cluster.db"))
        let result = try await scratch.ferry("start", "--port", "0")
        #expect(result.status == 1)
        #expect(result.errorOutput.hasPrefix("error: the cluster server exited during start-up (status 1); the last lines of \(scratch.path)/cluster.log:\n"))
        #expect(result.errorOutput.contains("error: cannot open the cluster store \(scratch.path)/cluster.db"))
        #expect(try await scratch.ferry("status").status == 3)
    }

    @Test("FERRY_CLUSTER_DIR is the default data directory")
    func environmentDirectory() async throws {
        let scratch = Scratch()
        var inherited = ProcessInfo.processInfo.environment
        inherited["FERRY_CLUSTER_DIR"] = scratch.path
        let environment = inherited
        let started = try await Self.offThePool { try FerryBinary.run(["cluster", "start", "--port", "0"], environment: environment) }
        #expect(started.status == 0, "\(started.errorOutput)")
        #expect(FileManager.default.fileExists(atPath: scratch.path + "/kubeconfig"))
        let path = try await Self.offThePool { try FerryBinary.run(["cluster", "kubeconfig"], environment: environment) }
        #expect(path.output == scratch.path + "/kubeconfig\n")
    }

    @Test("serve runs in the foreground, logs requests, and stops gracefully on SIGTERM")
    func serve() async throws {
        let scratch = Scratch()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FerryBinary.path)
        process.arguments = ["cluster", "serve", "--port", "0", "--data-dir", scratch.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var ready = false
        for _ in 0..<300 where !ready {
            try await Task.sleep(for: .milliseconds(50))
            ready = FileManager.default.fileExists(atPath: scratch.path + "/cluster.ready")
        }
        #expect(ready)
        let status = try await scratch.ferry("status")
        #expect(status.output.hasPrefix("running (pid \(process.processIdentifier)) at https://127.0.0.1:"))
        if let namespaces = try await Self.kubectl(scratch, "get", "ns") {
            #expect(namespaces.succeeded, "\(namespaces.errorOutput)")
        }
        process.terminate()
        let reader = output.fileHandleForReading
        let log = try await Self.offThePool { String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) }
        try await Self.offThePool { process.waitUntilExit() }
        #expect(process.terminationStatus == 0)
        #expect(log.contains("ferry local cluster ready at https://127.0.0.1:"))
        #expect(log.contains("ferry local cluster stopped"))
        if Self.kubectl != nil {
            #expect(log.contains("GET /api/v1/namespaces?limit=500 200 "))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/cluster.ready"))
    }

    @Test("--help names the default port")
    func help() async throws {
        let result = try await Self.offThePool { try FerryBinary.run(["cluster", "start", "--help"]) }
        #expect(result.output.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ").contains("(default: 6443)"))
        #expect(result.output.contains("--data-dir"))
    }
}

/// A TCP socket listening on 127.0.0.1 (a free port), to make a port busy.
final class ListeningSocket {
    let port: Int
    private let descriptor: Int32

    init() throws {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 1) == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
