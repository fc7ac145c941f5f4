import Foundation

/// Helpers shared by Ferry's test targets: running programs, temporary git repositories (`GitFixture`).
public enum FerryTesting {
    /// What a finished program printed and how it exited.
    public struct ProcessResult: Sendable {
        /// The exit status (or the signal number when `terminatedBySignal`).
        public let status: Int32
        /// Whether a signal, not `exit`, ended the program.
        public let terminatedBySignal: Bool
        /// Everything written to standard output.
        public let standardOutput: Data
        /// Everything written to standard error.
        public let standardError: Data

        /// Standard output decoded as UTF-8.
        public var output: String { String(decoding: standardOutput, as: UTF8.self) }
        /// Standard error decoded as UTF-8.
        public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }
        /// Whether the program exited with status 0.
        public var succeeded: Bool { status == 0 && !terminatedBySignal }
    }

    /// A program that exited unsuccessfully, with everything needed to see why in a test failure.
    public struct ProcessError: Error, CustomStringConvertible {
        /// The command line run, the executable first.
        public let command: [String]
        /// What the program did.
        public let result: ProcessResult

        public init(command: [String], result: ProcessResult) {
            self.command = command
            self.result = result
        }

        /// The command, its status and its standard error.
        public var description: String {
            let how = result.terminatedBySignal ? "killed by signal \(result.status)" : "exited with status \(result.status)"
            return "\(command.joined(separator: " ")) \(how): \(result.errorOutput)\(result.output)"
        }
    }

    /// Runs `executable` (a path, or a name looked up in `PATH`) with `arguments` and waits for it.
    ///
    /// Output and error are read concurrently (no pipe can fill up and stall the program), and
    /// `input` is written to its standard input, which is then closed; without `input`, standard
    /// input is empty. `environment` replaces the inherited environment when given.
    /// Never throws for a non-zero exit; check `succeeded`.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil, input: Data? = nil
    ) throws -> ProcessResult {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        _ = ignoreBrokenPipes
        try process.run()

        // Standard error is read, and standard input written, on threads of their own:
        // Dispatch's global queue has only a few threads, shared with Swift concurrency's
        // pool on Linux, and blocking reads there stalled every other test's tasks.
        let collected = Collected()
        let group = DispatchGroup()
        let reader = stderr.fileHandleForReading
        group.enter()
        Thread.detachNewThread {
            collected.setError(reader.readDataToEndOfFile())
            group.leave()
        }
        let writer = stdin.fileHandleForWriting
        group.enter()
        Thread.detachNewThread {
            // A program may exit without reading all its input; that is its business, not an error here.
            if let input { try? writer.write(contentsOf: input) }
            try? writer.close()
            group.leave()
        }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        return ProcessResult(
            status: process.terminationStatus,
            terminatedBySignal: process.terminationReason == .uncaughtSignal,
            standardOutput: output, standardError: collected.error)
    }

    /// Writing to a program that has exited must fail with EPIPE rather than kill the test process.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The standard error gathered on another thread; the lock makes handing it over safe.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func setError(_ value: Data) { lock.withLock { data = value } }
        var error: Data { lock.withLock { data } }
    }
}
