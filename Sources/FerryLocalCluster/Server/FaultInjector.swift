import FerryKube
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Injects the faults of a ``FaultSpec`` into API requests: errors, delays, answers cut
/// halfway, and restarts of the server. The health checks never get faults.
///
/// The spec is read from a file (`DIR/faults`) whenever its text changes, so a test can
/// switch faults off, or aim them elsewhere, without restarting the server. Each choice
/// draws from a generator seeded by the spec, so the same requests in the same order
/// get the same faults.
public final class FaultInjector: Sendable {
    /// What to do with one request.
    struct Decision: Sendable {
        /// Answer with this code instead of handling the request.
        var errorCode: Int?
        var retryAfterSeconds: Int?
        /// Wait this long before handling it.
        var delay: Duration?
        /// Cut the answer halfway and close the connection.
        var drop = false
        /// Restart the server instead of answering.
        var restart = false
    }

    private struct State {
        var text: String?
        var spec = FaultSpec()
        var random = SplitMix64(seed: 0)
        var seeded = false
        var seed: UInt64?
        var requests = 0
        var port: Int?
    }

    private let specPath: String
    /// Added to the seed, so that a restarted server does not replay its predecessor's faults.
    private let generation: UInt64
    private let restart: @Sendable (_ port: Int) -> Void
    private let state = Mutex(State())

    /// An injector reading its spec from `specPath`; `restart` restarts the server on `port`
    /// (``LocalCluster/serve(_:)`` re-executes the process).
    public init(specPath: String, generation: UInt64 = 0, restart: @escaping @Sendable (_ port: Int) -> Void) {
        self.specPath = specPath
        self.generation = generation
        self.restart = restart
    }

    /// The spec in force (read from the file when its text changed; a spec that no
    /// longer parses leaves the previous one in force and says why).
    func currentSpec(logger: Logger) -> FaultSpec {
        let text = (try? String(contentsOfFile: specPath, encoding: .utf8)) ?? ""
        return state.withLock { state in
            guard text != state.text else { return state.spec }
            state.text = text
            do {
                state.spec = try FaultSpec.parse(text)
                // The sequence goes on across changes of the file (faults switched off for a
                // check, then on again) unless the seed changes.
                if !state.seeded || (state.spec.seed != nil && state.spec.seed != state.seed) {
                    state.seed = state.spec.seed
                    state.seeded = true
                    state.random = SplitMix64(seed: (state.spec.seed ?? UInt64.random(in: 0...UInt64.max)) &+ generation)
                }
                logger.notice("faults: \(state.spec.isOff ? "off" : text.trimmingCharacters(in: .whitespacesAndNewlines))")
            } catch {
                logger.error("faults: \(specPath): \(error); keeping the previous faults")
            }
            return state.spec
        }
    }

    /// Waits `delay`, or less when the spec changes meanwhile: a test that holds a request
    /// (a long delay aimed at it) releases it by writing another spec, so no test has to
    /// guess how long it needs to act while the request is held.
    func hold(for delay: Duration, logger: Logger) async throws {
        let text = state.withLock { $0.text }
        let end = ContinuousClock.now + delay
        while ContinuousClock.now < end {
            try await Task.sleep(for: min(.milliseconds(20), end - ContinuousClock.now))
            _ = currentSpec(logger: logger)
            if state.withLock({ $0.text }) != text { return }
        }
    }

    /// The port the server listens on, which a restart listens on again.
    func listening(on port: Int) {
        state.withLock { $0.port = port }
    }

    /// Draws the faults for a request.
    func decide(method: String, target: String, logger: Logger) -> Decision {
        let spec = currentSpec(logger: logger)
        guard !spec.isOff else { return Decision() }
        if let methods = spec.methods, !methods.contains(method) { return Decision() }
        if let text = spec.pathContains, !FaultSpec.matches(target, text) { return Decision() }
        return state.withLock { state in
            var decision = Decision()
            state.requests += 1
            if let limit = spec.restartAfter, state.requests >= limit {
                decision.restart = true
                return decision
            }
            if state.random.chance(spec.errorRate) {
                let code = spec.codes[Int(state.random.next() % UInt64(spec.codes.count))]
                decision.errorCode = code
                if code == 429 || code == 503 { decision.retryAfterSeconds = spec.retryAfterSeconds }
                return decision
            }
            if state.random.chance(spec.delayRate) { decision.delay = spec.delay }
            decision.drop = state.random.chance(spec.dropRate)
            return decision
        }
    }

    /// Restarts the server now; does not return when the restart is a re-execution.
    func restartServer(logger: Logger) {
        guard let port = state.withLock({ $0.port }) else { return }
        logger.notice("faults: restarting the server on port \(port)")
        restart(port)
    }

    /// The injected error answer: a `Status` as the API server sends one.
    static func errorResponse(code: Int, retryAfterSeconds: Int?) -> Response {
        let reason: String
        switch code {
        case 429: reason = "TooManyRequests"
        case 500: reason = "InternalError"
        case 503: reason = "ServiceUnavailable"
        case 504: reason = "Timeout"
        default: reason = "InternalError"
        }
        var response = APIResponse.error(APIError(code: code, reason: reason, message: "injected fault (--faults)", details: [:]))
        if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
        return response
    }

    /// `response` with its body cut halfway (a stream: after its first part) and the
    /// connection then closed, so the client sees a truncated answer.
    static func cut(_ response: Response) -> Response {
        var response = response
        let body = response.body
        let budget = body.contentLength.map { $0 / 2 }
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(CuttingWriter(inner: writer, remaining: budget))
        }
        return response
    }

    /// Passes bytes through until the budget is spent, then fails, which makes the server close the connection.
    private struct CuttingWriter: ResponseBodyWriter {
        var inner: any ResponseBodyWriter
        /// Bytes still to pass; nil: the first part passes whole, the next fails.
        var remaining: Int?
        var wrote = false

        mutating func write(_ buffer: ByteBuffer) async throws {
            if let budget = remaining {
                if buffer.readableBytes >= budget {
                    if budget > 0 { try await inner.write(buffer.getSlice(at: buffer.readerIndex, length: budget) ?? buffer) }
                    throw DroppedConnection()
                }
                remaining = budget - buffer.readableBytes
            } else if wrote {
                throw DroppedConnection()
            }
            wrote = true
            try await inner.write(buffer)
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            // A body shorter than its budget (none is) or a stream that ended after one part: cut here.
            throw DroppedConnection()
        }
    }

    struct DroppedConnection: Error {}
}
