import Foundation

/// Holds an instance at a commit after a rollback, so that periodic syncs (cron, the
/// agent, hooks) do not redeploy the commit that was just rolled back.
///
/// The pin lifts itself when a commit other than ``rolledBackFrom`` (and the pinned one)
/// reaches the branch, or with `ferry unpin`.
public struct Pin: Sendable, Codable, Equatable {
    /// The commit deployed and held (full sha).
    public var commit: String
    /// Why, in words: `rollback from 1a2b3c4 (ferry rollback)`.
    public var reason: String
    public var pinnedAt: Date
    /// The branch head when the pin was made (full sha): syncing it again would undo the rollback.
    public var rolledBackFrom: String

    public init(commit: String, reason: String, pinnedAt: Date = Date(), rolledBackFrom: String) {
        self.commit = commit
        self.reason = reason
        self.pinnedAt = pinnedAt
        self.rolledBackFrom = rolledBackFrom
    }

    /// Whether a sync of `head` must leave the pinned instance alone: it is the commit
    /// rolled back from or the pinned one. Any other commit is newer work, which lifts the pin.
    public func holds(against head: String) -> Bool {
        head == rolledBackFrom || head == commit
    }
}

/// A commit whose rollout failed: periodic syncs do not retry it (no flapping between a
/// good and a bad commit) unless asked to with `--retry-failed`.
public struct FailedCommit: Sendable, Codable, Equatable {
    public var commit: String
    public var reason: String
    public var failedAt: Date

    public init(commit: String, reason: String, failedAt: Date = Date()) {
        self.commit = commit
        self.reason = reason
        self.failedAt = failedAt
    }
}
