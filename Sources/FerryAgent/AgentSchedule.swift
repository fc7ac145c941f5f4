/// When the agent syncs: at once for a commit it has not synced, on its interval to
/// check and heal drift, and later and later while the same commit keeps failing.
///
/// A value type whose ``next(head:now:)`` returns what to do; the agent does it and
/// reports back with ``finished(commit:succeeded:at:)``. Time is a duration since the
/// agent started, so tests drive it without a clock.
public struct AgentSchedule: Sendable, Equatable {
    /// What the agent does next.
    public enum Action: Sendable, Equatable {
        /// Sync `commit` now, for `reason`.
        case sync(commit: String, reason: Reason)
        /// Nothing to do before `until` (unless the branch moves).
        case wait(until: Duration)
    }

    public enum Reason: String, Sendable, Equatable {
        case start, newCommit = "new commit", interval, retry
    }

    public var interval: Duration
    /// The longest wait between two tries of a commit that keeps failing.
    public var maximumBackoff: Duration
    /// The commit last synced (or tried), and when.
    public private(set) var lastCommit: String?
    public private(set) var lastAt: Duration?
    /// Consecutive failed tries of `lastCommit`.
    public private(set) var failures = 0

    public init(interval: Duration, maximumBackoff: Duration = .seconds(1800)) {
        self.interval = interval
        self.maximumBackoff = max(maximumBackoff, interval)
    }

    public func next(head: String, now: Duration) -> Action {
        guard let lastCommit, let lastAt else { return .sync(commit: head, reason: .start) }
        if head != lastCommit { return .sync(commit: head, reason: .newCommit) }
        let due = lastAt + delay
        return now >= due ? .sync(commit: head, reason: failures > 0 ? .retry : .interval) : .wait(until: due)
    }

    /// The wait after the last try: the interval, doubled for each failure in a row.
    public var delay: Duration {
        guard failures > 0 else { return interval }
        var delay = interval
        for _ in 1..<min(failures, 16) where delay < maximumBackoff { delay = delay * 2 }
        return min(delay, maximumBackoff)
    }

    public mutating func finished(commit: String, succeeded: Bool, at now: Duration) {
        failures = succeeded ? 0 : (commit == lastCommit ? failures + 1 : 1)
        lastCommit = commit
        lastAt = now
    }
}
