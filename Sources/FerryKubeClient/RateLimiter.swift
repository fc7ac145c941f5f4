import Foundation
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

    /// No client-side limit, as kubectl 1.32 sends its requests: the API server's priority
    /// and fairness (APF) protects it, and its 429 answers with `Retry-After` are honoured
    /// (``RetryPolicy``). A sync still bounds its requests in flight (``KubeClientOptions``).
    public static let `default`: RateLimit? = nil

    /// A limit as written in `--rate-limit` or ferry.yaml's `rateLimit`: `none` (the server's
    /// flow control alone), `QPS` (bursts of twice as many) or `QPS/BURST`, e.g. `50/100`.
    /// Returns `.success(nil)` for `none`, `.failure` with what is wrong otherwise.
    public static func parse(_ text: String) -> Result<RateLimit?, RateLimitSyntaxError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "none" { return .success(nil) }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let qps = Double(parts[0]), qps.isFinite, qps > 0 else {
            return .failure(RateLimitSyntaxError(text: text))
        }
        if parts.count == 2 {
            guard let burst = Int(parts[1]), burst >= 1 else { return .failure(RateLimitSyntaxError(text: text)) }
            return .success(RateLimit(qps: qps, burst: burst))
        }
        return .success(RateLimit(qps: qps, burst: max(1, Int((qps * 2).rounded(.up)))))
    }
}

/// A client-side rate limit as chosen by a flag or ferry.yaml: a limit, or none at all.
public struct RateLimitSetting: Sendable, Equatable {
    /// The limit; nil for none.
    public var limit: RateLimit?
    public init(_ limit: RateLimit?) { self.limit = limit }
}

/// A rate limit that is not `none`, `QPS` or `QPS/BURST`.
public struct RateLimitSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "'\(text)' is not a rate limit: write none (the server's flow control alone), a number of requests per second such as 50, or requests per second and burst such as 50/100"
    }
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
