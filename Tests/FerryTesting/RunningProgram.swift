import Foundation

/// A program started in the background, whose output a test watches as it comes, to
/// signal it at a chosen point (`ferry sync` killed while it waits for a rollout).
public final class RunningProgram: @unchecked Sendable {
    // `output`, `errors` and `ended` are guarded by `lock`; the reading threads append.
    private let lock = NSCondition()
    private var output = Data()
    private var errors = Data()
    private var openStreams = 2
    private let process: Process

    /// The program's pid.
    public var pid: Int32 { process.processIdentifier }

    /// Starts `executable` with `arguments`; standard input is empty.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    lock.lock()
                    if chunk.isEmpty {
                        openStreams -= 1
                    } else if isError {
                        errors.append(chunk)
                    } else {
                        output.append(chunk)
                    }
                    lock.broadcast()
                    lock.unlock()
                    if chunk.isEmpty { return }
                }
            }
        }
    }

    /// Blocks until standard output contains `text` or the program closed its output;
    /// returns whether the text came. `limit` only bounds a test that would hang. It
    /// blocks its thread: call it through `offThePool`, never on the cooperative pool.
    public func waitForOutput(containing text: String, limit: TimeInterval = 120) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        lock.lock()
        defer { lock.unlock() }
        while !String(decoding: output, as: UTF8.self).contains(text) {
            if openStreams == 0 || !lock.wait(until: deadline) { return String(decoding: output, as: UTF8.self).contains(text) }
        }
        return true
    }

    /// Standard output so far.
    public var outputSoFar: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the program has ended.
    public var hasExited: Bool { !process.isRunning }

    /// Sends `signal` to the program.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the program to end and returns what it did.
    public func finish() -> FerryTesting.ProcessResult {
        process.waitUntilExit()
        lock.lock()
        while openStreams > 0 { lock.wait() }
        let result = FerryTesting.ProcessResult(
            status: process.terminationStatus, terminatedBySignal: process.terminationReason == .uncaughtSignal,
            standardOutput: output, standardError: errors)
        lock.unlock()
        return result
    }
}
