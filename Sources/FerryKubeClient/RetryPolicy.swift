import Foundation

/// When and how long to wait before sending a request again.
///
/// Retried: 429 for any request (the server did not process it); 500, 502, 503 and 504
/// for idempotent requests (GET, LIST, server-side apply, PUT, DELETE), and for others
/// only when the server sent `Retry-After`, as client-go does; connection failures that
/// happen before the request is sent (refused, reset, DNS, a TLS handshake cut short) for
/// any request, other connection failures for idempotent ones. A certificate the CA does
/// not vouch for and timeouts are not retried: trying again would only delay the error.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; 0 disables retrying.
    public var maxRetries: Int
    /// The wait before the first retry; each next one doubles it.
    public var initialBackoff: Duration
    /// The longest wait computed by backoff.
    public var maxBackoff: Duration
    /// The longest `Retry-After` honoured; a longer one is cut to this.
    public var maxRetryAfter: Duration
    /// The share of each wait that is random (0...1), so that many clients do not retry in step.
    public var jitter: Double

    /// A policy with these bounds.
    public init(maxRetries: Int = 4, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(5),
                maxRetryAfter: Duration = .seconds(60), jitter: Double = 0.2) {
        self.maxRetries = max(0, maxRetries)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.jitter = min(max(jitter, 0), 1)
    }

    /// Four retries from 200 ms, doubling up to 5 s: about 3 s before giving up on a cluster that is down.
    public static let `default` = RetryPolicy()

    /// Never retry.
    public static let none = RetryPolicy(maxRetries: 0)

    /// The wait before retry number `retry` (1-based): `Retry-After` when given (capped),
    /// else exponential backoff with jitter.
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        let exponent = Double(min(max(retry - 1, 0), 30))
        let base = min(initialBackoff.seconds * pow(2, exponent), maxBackoff.seconds)
        let spread = base * jitter
        let seconds = base - spread + Double.random(in: 0...1) * 2 * spread
        return .milliseconds(Int64(max(seconds, 0) * 1000))
    }

    /// Whether an HTTP status is worth retrying for a request of this kind.
    func shouldRetry(status: Int, idempotent: Bool, hasRetryAfter: Bool) -> Bool {
        switch status {
        case 429: return true
        case 500, 502, 503, 504: return idempotent || hasRetryAfter
        default: return false
        }
    }

    /// `Retry-After` as seconds or an HTTP date (RFC 9110), as a duration from `now`.
    static func parseRetryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text) { return .seconds(max(seconds, 0)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(Int64(max(date.timeIntervalSince(now), 0) * 1000))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
