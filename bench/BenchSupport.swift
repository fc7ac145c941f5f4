// Helpers shared by the cluster and sync benchmarks: running processes with a time limit,
// a local cluster started with the release `ferry`, latency statistics and formatting.
import FerryKube
import FerryKubeClient
import Foundation
import Synchronization

enum Bench {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `body` on the concurrency pool and blocks the calling (main) thread until it ends,
    /// so that main.swift stays synchronous.
    static func blocking(_ body: @escaping @Sendable () async -> Void) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await body()
            done.signal()
        }
        done.wait()
    }

    // MARK: Processes

    struct ProcessResult {
        var status: Int32
        var seconds: Double
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs `executable` with `arguments`, its output to files (so no pipe can fill), and
    /// waits at most `timeout` seconds, after which it is sent SIGTERM (then SIGKILL).
    /// `seconds` is the wall time from launch to exit on the monotonic clock.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String]? = nil, timeout: Double = 120) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("ferry-bench-out-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let clock = ContinuousClock()
        let started = clock.now
        try process.run()
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        let elapsed = (clock.now - started).seconds
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, seconds: elapsed,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "", timedOut: timedOut)
    }

    /// Like ``run(_:_:in:environment:timeout:)`` but throws unless the exit status is in `accepted`.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                      environment: [String: String]? = nil, timeout: Double = 120,
                      accepted: Set<Int32> = [0]) throws -> ProcessResult {
        let result = try run(executable, arguments, in: directory, environment: environment, timeout: timeout)
        guard !result.timedOut, accepted.contains(result.status) else {
            let name = URL(fileURLWithPath: executable).lastPathComponent
            let what = result.timedOut ? "did not finish within \(Int(timeout)) s" : "exited with status \(result.status)"
            let output = (result.stderr + result.stdout).split(separator: "\n").suffix(8).joined(separator: "\n")
            throw Failure("\(name) \(arguments.prefix(3).joined(separator: " ")) \(what): \(output)")
        }
        return result
    }

    /// The release `ferry` built beside this executable (ferry-bench depends on it, so
    /// `swift build -c release --product ferry-bench` builds both).
    static func ferryExecutable() throws -> String {
        let own = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0])
        let ferry = own.deletingLastPathComponent().appendingPathComponent("ferry").path
        guard FileManager.default.isExecutableFile(atPath: ferry) else {
            throw Failure("no ferry executable at \(ferry); run `swift build -c release --product ferry` first")
        }
        return ferry
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    // MARK: The local cluster

    /// A local cluster run by `ferry cluster start` (its own background process) on a
    /// temporary data directory, listening on 127.0.0.1 on a free port.
    struct LocalCluster {
        let ferry: String
        let dataDirectory: URL
        let pid: Int32?

        var kubeconfig: String { dataDirectory.appendingPathComponent("kubeconfig").path }
        var logPath: String { dataDirectory.appendingPathComponent("cluster.log").path }

        static func start(ferry: String, dataDirectory: URL, options: [String] = []) throws -> LocalCluster {
            let result = try Bench.check(ferry, ["cluster", "start", "--data-dir", dataDirectory.path,
                                                 "--address", "127.0.0.1", "--port", "0"] + options, timeout: 60)
            // "started (pid 1234) at https://127.0.0.1:PORT"
            let pid = result.stdout.range(of: "(pid ").flatMap { range in
                Int32(result.stdout[range.upperBound...].prefix { $0.isNumber })
            }
            return LocalCluster(ferry: ferry, dataDirectory: dataDirectory, pid: pid)
        }

        /// `ferry cluster stop`: SIGTERM to the recorded pid, SIGKILL after 20 s.
        func stop() {
            _ = try? Bench.run(ferry, ["cluster", "stop", "--data-dir", dataDirectory.path], timeout: 40)
        }

        /// The size of the request log now, to read only what a later step adds.
        func logOffset() -> UInt64 {
            ((try? FileManager.default.attributesOfItem(atPath: logPath))?[.size] as? NSNumber)?.uint64Value ?? 0
        }

        /// The requests logged since `offset`: one line per request, `METHOD URI STATUS Nms`.
        func requests(since offset: UInt64) -> [LoggedRequest] {
            guard let handle = FileHandle(forReadingAtPath: logPath) else { return [] }
            defer { try? handle.close() }
            try? handle.seek(toOffset: offset)
            let data = (try? handle.readToEnd()) ?? Data()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap(LoggedRequest.init)
        }
    }

    /// One line of the cluster's request log.
    struct LoggedRequest: CustomStringConvertible {
        static let methods: Set<Substring> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        var method: String
        var uri: String
        var status: Int

        init?(_ line: Substring) {
            let words = line.split(separator: " ")
            guard let index = words.indices.first(where: {
                Self.methods.contains(words[$0]) && $0 + 2 < words.count && words[$0 + 1].hasPrefix("/")
            }), let status = Int(words[index + 2]) else { return nil }
            method = String(words[index])
            uri = String(words[index + 1])
            self.status = status
        }

        var isDryRun: Bool { uri.contains("dryRun=All") }
        /// A request that can change the cluster (dry runs excluded).
        var isWrite: Bool { method != "GET" && method != "HEAD" && !isDryRun }
        var path: String { String(uri.prefix { $0 != "?" }) }
        var description: String { "\(method) \(path)" }
    }

    static func client(kubeconfig: String, maxConnections: Int = 64) throws -> KubeClient {
        let config = try KubeconfigLoader(explicitPath: kubeconfig).clusterConfig()
        // No client-side rate limit and no retries: the figures are the server's, and an error is seen.
        let options = KubeClientOptions(requestTimeout: .seconds(15), connectTimeout: .seconds(5), retry: .none,
                                        rateLimit: nil, userAgent: "ferry-bench", maxConnections: maxConnections)
        return try KubeClient(config: config, options: options)
    }

    // MARK: Figures

    /// Latencies in seconds, sorted.
    struct Latencies {
        let sorted: [Double]
        init(_ values: [Double]) { sorted = values.sorted() }
        /// The nearest-rank percentile `p` (0...100).
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
        }
        var p50: Double { percentile(50) }
        var p99: Double { percentile(99) }
        var max: Double { sorted.last ?? .nan }
    }

    /// The 1-minute load average: this machine is shared, and other work skews the figures.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.map(String.init) ?? "?"
    }

    /// The CPU time (user plus system) a process has used so far, in seconds; nil when
    /// /proc cannot tell. `pid` nil is this process.
    static func cpuSeconds(pid: Int32? = nil) -> Double? {
        let path = pid.map { "/proc/\($0)/stat" } ?? "/proc/self/stat"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / ticks
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

    /// A CPU time per operation, to a hundredth of a millisecond: a change of 0.05 ms is a
    /// few percent of a request's cost and should show.
    static func cpuMilliseconds(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }

    /// 12345 as "12,345", whatever the locale.
    static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 && digits[index - 1] != "-" {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
