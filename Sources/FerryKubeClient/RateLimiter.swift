import Synchronization

/// A client-side request rate: a sustained `qps` with bursts of up to `burst` requests.
public struct RateLimit: Sendable, Hashable {
    /// Requests per second, sustained.
    public var qps: Double
    /// Requests allowed at once after a quiet spell.
    public var burst: Int

    /// A limit of `qps` per second with bursts of `burst`.
    public init(qps: Double, burst: Int) {
        self.qps = max(qps, 0.001)
        self.burst = max(burst, 1)
    }

    /// 50 requests per second, bursts of 100: kind to shared API servers, ample for a sync.
    public static let `default` = RateLimit(qps: 50, burst: 100)
}

/// A token bucket. A caller reserves a token at once (the count may go negative) and then
/// sleeps until its token has accrued, so waiters are served in arrival order without a queue.
final class TokenBucket: Sendable {
    private struct State {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let limit: RateLimit
    private let state: Mutex<State>

    init(limit: RateLimit) {
        self.limit = limit
        state = Mutex(State(tokens: Double(limit.burst), updated: .now))
    }

    /// Takes a token, waiting as long as needed; returns how long it waited.
    @discardableResult
    func acquire() async throws -> Duration {
        let wait = state.withLock { state -> Duration in
            let now = ContinuousClock.now
            let elapsed = (now - state.updated).seconds
            state.tokens = min(Double(limit.burst), state.tokens + elapsed * limit.qps)
            state.updated = now
            state.tokens -= 1
            if state.tokens >= 0 { return .zero }
            return .milliseconds(Int64((-state.tokens / limit.qps) * 1000))
        }
        if wait > .zero { try await Task.sleep(for: wait) }
        return wait
    }
}
